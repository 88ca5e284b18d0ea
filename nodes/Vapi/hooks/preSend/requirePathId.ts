import type { IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { refusedError } from '../../errors/nodeErrors';
import { PARAMETER_LABELS } from '../../rules/fieldLabels';

/** preSend for requests on one chat or session: the id in the path must not be empty. */
export async function requirePathId(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const url = String(requestOptions.url ?? '');
	const [, collection = 'record', id = ''] = /^\/?([^/]+)\/?(.*)$/.exec(url) ?? [];
	if (id.trim() !== '') return requestOptions;
	if (collection === 'chat') {
		throw refusedError(
			this,
			'send the request',
			`"${PARAMETER_LABELS.chatId}" is empty`,
			'Map the chatId of an earlier Vapi node, e.g. {{ $json.chatId }}, or the id of a chat from Get Many.',
		);
	}
	const label = collection === 'session' ? PARAMETER_LABELS.sessionId : 'ID';
	throw refusedError(
		this,
		'send the request',
		`"${label}" is empty`,
		'Pick a session from the list or map its id, e.g. {{ $json.sessionId }}.',
	);
}
