import type { INodeProperties, INodePropertyOptions, PostReceiveAction } from 'n8n-workflow';
import { getManyOperation } from '../getManyOperation';
import { operationSelector } from '../../descriptions/properties';
import { recordPath } from '../../descriptions/routing';
import { itemPipeline } from '../../hooks/pipeline/itemPipeline';
import { getManyChats } from '../../hooks/pipeline/walkPages';
import { throwOnChatError, throwOnVapiError } from '../../hooks/postReceive/httpErrors';
import { outputChat, outputChatAnswer, pairWithInput } from '../../hooks/postReceive/outputItems';
import { readChatAnswer } from '../../hooks/postReceive/readChatAnswer';
import { requireRecord, type RecordMethod } from '../../hooks/postReceive/requireRecord';
import { readSmsSessionId } from '../../hooks/postReceive/smsSession';
import { buildChatRequest } from '../../hooks/preSend/buildChatRequest';
import { requirePathId } from '../../hooks/preSend/requirePathId';
import { deleteDescription } from './delete';
import { getDescription } from './get';
import { getAllDescription } from './getAll';
import { sendMessageDescription } from './sendMessage';

const CHAT_URL = recordPath('chat', 'chatId');

// n8n's operation options, in the same shape as the session's (resources/session/index.ts).
export const chatOperations = operationSelector('chat', 'sendMessage', [
	onChat(
		{
			name: 'Delete',
			value: 'delete',
			action: 'Delete a chat',
			description:
				'Delete a chat by its ID and output the deleted chat. It can no longer be continued.',
		},
		'DELETE',
		pairWithInput,
	),
	onChat(
		{
			name: 'Get',
			value: 'get',
			action: 'Get a chat',
			description:
				"Get a chat by its ID: its messages, output and cost, plus text (the assistant's answer)",
		},
		'GET',
		outputChat,
	),
	getManyOperation(
		'chat',
		"List chats, newest first, filtered by assistant, squad, session, previous chat or date; one item per chat with text (the assistant's answer)",
		getManyChats,
	),
	{
		name: 'Send Message',
		value: 'sendMessage',
		action: 'Send a message to an assistant',
		description:
			'Send a message to a Vapi assistant or squad and output its whole answer with the chat ID to continue the conversation',
		routing: itemPipeline({
			request: {
				method: 'POST',
				url: '/chat/responses',
				// Vapi streams by default; say so explicitly (the Options switch overrides it).
				body: { stream: true },
				// The answer is read as it arrives (SSE): memory stays the answer's, live chunks flow.
				encoding: 'stream',
			},
			prepare: [buildChatRequest],
			// Sent by sendWithRetries (the default): after a 429 again, never when a chat may exist.
			// A new SMS chat's session id is read from the stored chat (readSmsSessionId).
			output: [throwOnChatError, readChatAnswer, outputChatAnswer, readSmsSessionId],
		}),
	},
]);

export const chatDescription: INodeProperties[] = [
	chatOperations,
	...sendMessageDescription,
	...getDescription,
	...getAllDescription,
	...deleteDescription,
];

/**
 * One chat per item, by its id: sent again after a 429 or a 5xx (GET and DELETE are idempotent).
 * Vapi answers with the chat: anything else fails the item (requireRecord, which names the
 * operation by this option's name).
 */
function onChat(
	option: INodePropertyOptions,
	method: Extract<RecordMethod, 'GET' | 'DELETE'>,
	output: PostReceiveAction,
): INodePropertyOptions {
	return {
		...option,
		routing: itemPipeline({
			request: { method, url: CHAT_URL },
			prepare: [requirePathId],
			output: [requireRecord('chat', option.name, method), throwOnVapiError, output],
		}),
	};
}
