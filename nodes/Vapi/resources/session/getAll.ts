import { getManyProperties, pickerFilter } from '../../descriptions/getMany';
import { assistantLocator, phoneNumberLocator, squadLocator } from '../../descriptions/locators';
import { showFor } from '../../descriptions/properties';
import { queryField } from '../../descriptions/routing';

export const getAllDescription = showFor(
	'session',
	'getAll',
	getManyProperties('sessions', [
		pickerFilter(assistantLocator, 'Only sessions of this assistant'),
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			description: 'Only sessions with exactly this name',
			routing: queryField('name'),
		},
		pickerFilter(phoneNumberLocator, 'Only sessions of this phone number'),
		pickerFilter(squadLocator, 'Only sessions of this squad'),
	]),
);
