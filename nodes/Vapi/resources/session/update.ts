import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { messagesField } from '../../descriptions/messages';
import { expirationField, nameField, sessionIdField, statusField } from './fields';

const properties: INodeProperties[] = [
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
];

export const updateDescription = updateDisplayOptions(
	{ show: { resource: ['session'], operation: ['update'] } },
	properties,
);
