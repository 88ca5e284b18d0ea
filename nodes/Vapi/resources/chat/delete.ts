import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { chatIdField } from './get';

const properties: INodeProperties[] = [
	chatIdField(
		'The ID of the chat to delete: the chatId output by Send Message, or the id of a chat from Get Many. A deleted chat can no longer be continued.',
	),
];

export const deleteDescription = updateDisplayOptions(
	{ show: { resource: ['chat'], operation: ['delete'] } },
	properties,
);
