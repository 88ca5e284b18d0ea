import type { INodeProperties } from 'n8n-workflow';
import { getManySessions } from '../../hooks/pipeline/walkPages';
import { buildListQuery, buildSessionRequest, requirePathId } from '../../hooks/preSend/requestBuilders';
import { itemRequest } from '../../hooks/pipeline/itemPipeline';
import { sendWithRetries } from '../../hooks/pipeline/sendWithRetries';
import { pairWithInput, throwOnVapiError } from '../../hooks/postReceive/vapiResponse';
import { createDescription } from './create';
import { deleteDescription } from './delete';
import { getDescription } from './get';
import { getAllDescription } from './getAll';
import { updateDescription } from './update';

/** The path of one session; the id (from the list or by ID) is URL-encoded. */
const SESSION_URL = "=/session/{{ encodeURIComponent(String($parameter.sessionId ?? '').trim()) }}";

/**
 * Every request goes through sendWithRetries (the declarative pagination hook, used to wrap the
 * request): 429s are retried, and 5xx answers too for GET and DELETE; POST and PATCH never.
 * HTTP errors are read by throwOnVapiError, which keeps Vapi's message.
 */
const perRequest = (...prepare: Parameters<typeof itemRequest>[1][]) => ({
	send: { paginate: true },
	operations: { pagination: itemRequest(sendWithRetries, ...prepare) },
	output: { postReceive: [throwOnVapiError, pairWithInput] },
});

export const sessionOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['session'] } },
	default: 'create',
	options: [
		{
			name: 'Create',
			value: 'create',
			action: 'Create a session',
			description:
				'Create a session for an assistant or squad and output it. Pass its ID as Session to Send Message to keep one long conversation.',
			routing: {
				request: { method: 'POST', url: '/session', ignoreHttpStatusErrors: true },
				...perRequest(buildSessionRequest),
			},
		},
		{
			name: 'Delete',
			value: 'delete',
			action: 'Delete a session',
			description: 'Delete a session and output the deleted session',
			routing: {
				request: { method: 'DELETE', url: SESSION_URL, ignoreHttpStatusErrors: true },
				...perRequest(requirePathId),
			},
		},
		{
			name: 'Get',
			value: 'get',
			action: 'Get a session',
			description: 'Get a session with its messages (the conversation so far), status and cost',
			routing: {
				request: { method: 'GET', url: SESSION_URL, ignoreHttpStatusErrors: true },
				...perRequest(requirePathId),
			},
		},
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many sessions',
			description:
				'List sessions, newest first, filtered by assistant, squad, phone number, name or date; one item per session',
			routing: {
				request: { method: 'GET', url: '/session', ignoreHttpStatusErrors: true },
				send: { paginate: true },
				// Walks the pages (Return All or Limit), each through sendWithRetries.
				operations: { pagination: itemRequest(getManySessions, buildListQuery) },
				output: { postReceive: [throwOnVapiError] },
			},
		},
		{
			name: 'Update',
			value: 'update',
			action: 'Update a session',
			description:
				"Change a session's name, status, expiration or messages and output the updated session",
			routing: {
				request: { method: 'PATCH', url: SESSION_URL, ignoreHttpStatusErrors: true },
				...perRequest(requirePathId, buildSessionRequest),
			},
		},
	],
};

export const sessionDescription: INodeProperties[] = [
	sessionOperations,
	...createDescription,
	...getDescription,
	...getAllDescription,
	...updateDescription,
	...deleteDescription,
];
