import { getManyProperties, pickerFilter } from '../../descriptions/getMany';
import { assistantLocator, sessionLocator, squadLocator } from '../../descriptions/locators';
import { showFor } from '../../descriptions/properties';
import { queryField } from '../../descriptions/routing';

export const getAllDescription = showFor(
	'chat',
	'getAll',
	getManyProperties('chats', [
		pickerFilter(assistantLocator, 'Only chats answered by this assistant'),
		{
			displayName: 'Previous Chat ID',
			name: 'previousChatId',
			type: 'string',
			default: '',
			description: 'Only chats that continued this chat (sent with it as Previous Chat ID)',
			routing: queryField('previousChatId'),
		},
		pickerFilter(sessionLocator, 'Only chats of this session'),
		pickerFilter(squadLocator, 'Only chats answered by this squad'),
	]),
);
