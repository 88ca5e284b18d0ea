import { messagesField } from '../../descriptions/messages';
import { showFor } from '../../descriptions/properties';
import { expirationField, nameField, sessionIdField, statusField } from './fields';

export const updateDescription = showFor('session', 'update', [
	sessionIdField('The session to update: from the list, or its ID'),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			expirationField,
			messagesField(
				'messages',
				"The session's whole conversation: replaces its messages (the assistant sees them as context)",
			),
			nameField('A new name, at most 40 characters'),
			statusField,
		],
	},
]);
