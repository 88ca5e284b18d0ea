import type { INodeProperties, INodePropertyOptions, PreSendAction } from 'n8n-workflow';
import { getManyOperation } from '../getManyOperation';
import { operationSelector } from '../../descriptions/properties';
import { recordPath } from '../../descriptions/routing';
import { itemPipeline } from '../../hooks/pipeline/itemPipeline';
import { getManySessions } from '../../hooks/pipeline/walkPages';
import { throwOnVapiError } from '../../hooks/postReceive/httpErrors';
import { pairWithInput } from '../../hooks/postReceive/outputItems';
import { requireRecord, type RecordMethod } from '../../hooks/postReceive/requireRecord';
import { buildSessionRequest } from '../../hooks/preSend/buildSessionRequest';
import { requirePathId } from '../../hooks/preSend/requirePathId';
import { createDescription } from './create';
import { deleteDescription } from './delete';
import { getDescription } from './get';
import { getAllDescription } from './getAll';
import { updateDescription } from './update';

const SESSION_URL = recordPath('session', 'sessionId');

// n8n's operation options, in the same shape as the chat's (resources/chat/index.ts).
export const sessionOperations = operationSelector('session', 'create', [
	onSession(
		{
			name: 'Create',
			value: 'create',
			action: 'Create a session',
			description:
				'Create a session for an assistant or squad and output it. Pass its ID as Session to Send Message to keep one long conversation.',
		},
		{ method: 'POST', url: '/session' },
		buildSessionRequest,
	),
	onSession(
		{
			name: 'Delete',
			value: 'delete',
			action: 'Delete a session',
			description: 'Delete a session and output the deleted session',
		},
		{ method: 'DELETE', url: SESSION_URL },
		requirePathId,
	),
	onSession(
		{
			name: 'Get',
			value: 'get',
			action: 'Get a session',
			description: 'Get a session with its messages (the conversation so far), status and cost',
		},
		{ method: 'GET', url: SESSION_URL },
		requirePathId,
	),
	getManyOperation(
		'session',
		'List sessions, newest first, filtered by assistant, squad, phone number, name or date; one item per session',
		getManySessions,
	),
	onSession(
		{
			name: 'Update',
			value: 'update',
			action: 'Update a session',
			description:
				"Change a session's name, status, expiration or messages and output the updated session",
		},
		{ method: 'PATCH', url: SESSION_URL },
		requirePathId,
		buildSessionRequest,
	),
]);

export const sessionDescription: INodeProperties[] = [
	sessionOperations,
	...createDescription,
	...getDescription,
	...getAllDescription,
	...updateDescription,
	...deleteDescription,
];

/**
 * One session per item: 429s are sent again, and 5xx answers too for GET and DELETE; POST and
 * PATCH never. The output is Vapi's session, paired with its input item; an answer that is no
 * session fails the item (requireRecord, which names the operation by this option's name).
 */
function onSession(
	option: INodePropertyOptions,
	request: { method: RecordMethod; url: string },
	...prepare: PreSendAction[]
): INodePropertyOptions {
	return {
		...option,
		routing: itemPipeline({
			request,
			prepare,
			output: [
				requireRecord('session', option.name, request.method),
				throwOnVapiError,
				pairWithInput,
			],
		}),
	};
}
