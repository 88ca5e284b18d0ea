import type { IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { refusedError } from '../../errors/nodeErrors';
import { PARAMETER_LABELS } from '../../rules/fieldLabels';

/**
 * Ids that name no record: empty, or a dot segment. Every other id reaches Vapi as one
 * path segment (recordPath encodes it), but `.` and `..` stay as they are when encoded, and
 * n8n's HTTP client resolves them: `/chat/..` would be sent as `/`.
 */
const NOT_AN_ID = ['', '.', '..'];

/**
 * preSend for requests on one chat or session: the id in the path (trimmed and encoded by
 * recordPath) must name a record, else nothing is sent.
 */
export async function requirePathId(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const url = String(requestOptions.url ?? '');
	const [, collection = 'record', id = ''] = /^\/?([^/]+)\/?(.*)$/.exec(url) ?? [];
	if (!NOT_AN_ID.includes(id)) return requestOptions;
	const what = id === '' ? 'is empty' : `is "${id}", which is not an ID`;
	if (collection === 'chat') {
		throw refusedError(
			this,
			'send the request',
			`"${PARAMETER_LABELS.chatId}" ${what}`,
			'Map the chatId of an earlier Vapi node, e.g. {{ $json.chatId }}, or the id of a chat from Get Many.',
		);
	}
	const label = collection === 'session' ? PARAMETER_LABELS.sessionId : 'ID';
	throw refusedError(
		this,
		'send the request',
		`"${label}" ${what}`,
		'Pick a session from the list or map its id, e.g. {{ $json.sessionId }}.',
	);
}
