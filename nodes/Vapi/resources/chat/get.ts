import type { INodeProperties } from 'n8n-workflow';
import { showFor } from '../../descriptions/properties';

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

export const getDescription = showFor('chat', 'get', [
	chatIdField(
		'The ID of the chat: the chatId output by Send Message, or the id of a chat from Get Many',
	),
]);
