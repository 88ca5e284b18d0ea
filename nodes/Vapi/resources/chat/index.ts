import type { INodeProperties } from 'n8n-workflow';
import { buildChatRequest } from '../../hooks/preSend/buildChatRequest';
import { readChatAnswer } from '../../hooks/postReceive/readChatAnswer';
import { itemRequest } from '../../hooks/pipeline/itemPipeline';
import { sendWithRetries } from '../../hooks/pipeline/sendWithRetries';
import { getManyChats } from '../../hooks/pipeline/walkPages';
import { buildListQuery, requirePathId } from '../../hooks/preSend/requestBuilders';
import { outputChat, pairWithInput, throwOnVapiError } from '../../hooks/postReceive/vapiResponse';
import { deleteDescription } from './delete';
import { getDescription } from './get';
import { getAllDescription } from './getAll';
import { sendMessageDescription } from './sendMessage';

/** The path of one chat; the id is URL-encoded (a model may pass anything). */
const CHAT_URL = "=/chat/{{ encodeURIComponent(String($parameter.chatId ?? '').trim()) }}";

export const chatOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['chat'] } },
	default: 'sendMessage',
	options: [
		{
			name: 'Delete',
			value: 'delete',
			action: 'Delete a chat',
			description:
				'Delete a chat by its ID and output the deleted chat. It can no longer be continued.',
			routing: {
				request: { method: 'DELETE', url: CHAT_URL, ignoreHttpStatusErrors: true },
				send: { paginate: true },
				// Wraps the request: rate limits and 5xx answers are retried (DELETE is idempotent).
				operations: { pagination: itemRequest(sendWithRetries, requirePathId) },
				output: { postReceive: [throwOnVapiError, pairWithInput] },
			},
		},
		{
			name: 'Get',
			value: 'get',
			action: 'Get a chat',
			description:
				"Get a chat by its ID: its messages, output and cost, plus text (the assistant's answer)",
			routing: {
				request: { method: 'GET', url: CHAT_URL, ignoreHttpStatusErrors: true },
				send: { paginate: true },
				operations: { pagination: itemRequest(sendWithRetries, requirePathId) },
				output: { postReceive: [throwOnVapiError, outputChat] },
			},
		},
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many chats',
			description:
				"List chats, newest first, filtered by assistant, squad, session, previous chat or date; one item per chat with text (the assistant's answer)",
			routing: {
				request: { method: 'GET', url: '/chat', ignoreHttpStatusErrors: true },
				send: { paginate: true },
				// Walks the pages (Return All or Limit), each through sendWithRetries.
				operations: { pagination: itemRequest(getManyChats, buildListQuery) },
				output: { postReceive: [throwOnVapiError] },
			},
		},
		{
			name: 'Send Message',
			value: 'sendMessage',
			action: 'Send a message to an assistant',
			description:
				'Send a message to a Vapi assistant or squad and output its whole answer with the chat ID to continue the conversation',
			routing: {
				request: {
					method: 'POST',
					url: '/chat/responses',
					// Vapi streams by default; say so explicitly (the Options switch overrides it).
					body: { stream: true },
					// The answer is read incrementally (SSE) and HTTP errors are mapped by readChatAnswer,
					// which keeps Vapi's own message.
					encoding: 'stream',
					ignoreHttpStatusErrors: true,
				},
				send: { paginate: true },
				// Not pagination: the declarative hook that wraps each item's request — builds and checks
				// it, absorbs rate limits, pairs errors with their item (see README, design notes).
				operations: { pagination: itemRequest(sendWithRetries, buildChatRequest) },
				output: { postReceive: [readChatAnswer] },
			},
		},
	],
};

export const chatDescription: INodeProperties[] = [
	chatOperations,
	...sendMessageDescription,
	...getDescription,
	...getAllDescription,
	...deleteDescription,
];
