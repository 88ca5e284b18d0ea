import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

/** The path id of Get and Delete. */
export const chatIdField = (description: string): INodeProperties => ({
	displayName: 'Chat ID',
	name: 'chatId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. {{ $json.chatId }}',
	description,
});

const properties: INodeProperties[] = [
	chatIdField(
		'The ID of the chat: the chatId output by Send Message, or the id of a chat from Get Many',
	),
];

export const getDescription = updateDisplayOptions(
	{ show: { resource: ['chat'], operation: ['get'] } },
	properties,
);
