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
			displayName: 'Customer Number',
			name: 'number',
			type: 'string',
			default: '',
			placeholder: 'e.g. +14155550123',
			description:
				'Only sessions with this customer: their phone number exactly as the session stored it (customer.number), e.g. the number an SMS chat was sent to',
			routing: queryField('number'),
		},
		{
			displayName: 'Customer Numbers',
			name: 'customerNumberAny',
			type: 'string',
			default: '',
			placeholder: 'e.g. +14155550123, +14155550124',
			description: 'Only sessions with any of these customers: phone numbers, comma-separated',
			routing: queryField('customerNumberAny'),
		},
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			description:
				"Only sessions with exactly this name. Vapi documents this filter both for the session's name and for its customer's name, so it may match either.",
			routing: queryField('name'),
		},
		pickerFilter(phoneNumberLocator, 'Only sessions of this phone number'),
		pickerFilter(squadLocator, 'Only sessions of this squad'),
	]),
);
