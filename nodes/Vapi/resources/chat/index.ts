import type { INodeProperties } from 'n8n-workflow';
import { buildChatRequest } from '../../hooks/buildChatRequest';
import { readChatAnswer } from '../../hooks/readChatAnswer';
import { sendWithRetries } from '../../hooks/sendWithRetries';
import { sendMessageDescription } from './sendMessage';

export const chatOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['chat'] } },
	default: 'sendMessage',
	options: [
		{
			name: 'Send Message',
			value: 'sendMessage',
			action: 'Send a message to an assistant',
			description:
				"Send a message to a Vapi assistant or squad and output its whole answer with the chat ID to continue the conversation",
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
				send: { preSend: [buildChatRequest], paginate: true },
				// Not pagination: the declarative hook that wraps each item's request, used here to
				// absorb rate limits (see README, design notes).
				operations: { pagination: sendWithRetries },
				output: { postReceive: [readChatAnswer] },
			},
		},
	],
};

export const chatDescription: INodeProperties[] = [chatOperations, ...sendMessageDescription];
