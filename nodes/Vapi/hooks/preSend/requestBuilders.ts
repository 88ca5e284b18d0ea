import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { DateFieldError, toUtcIso } from '../../rules/dates';
import { FieldError } from '../../rules/fieldLabels';
import { parseJsonObject, pruneEmpty } from '../../rules/jsonFields';
import { findSessionProblems } from '../../rules/sessionRules';

const DATE_FILTER = /^(created|updated)At(Gt|Lt|Ge|Le)$/;

function fail(
	ctx: IExecuteSingleFunctions,
	what: string,
	reason: string,
	description?: string,
): never {
	const itemIndex = ctx.getItemIndex();
	throw new NodeOperationError(
		ctx.getNode(),
		`Can't ${what} for item ${itemIndex + 1}: ${reason}`,
		{
			itemIndex,
			description,
		},
	);
}

/**
 * preSend for Get Many: only the filters that are set reach the query string (Vapi rejects
 * unknown or malformed parameters), dates as ISO 8601 in UTC — a date picked without time zone
 * is meant in the workflow's time zone.
 */
export async function buildListQuery(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const qs = pruneEmpty({ ...((requestOptions.qs ?? {}) as IDataObject) });
	for (const [key, value] of Object.entries(qs)) {
		if (typeof value === 'string') qs[key] = value.trim();
		if (!DATE_FILTER.test(key)) continue;
		try {
			qs[key] = toUtcIso(value, key, this.getTimezone());
		} catch (error) {
			const reason = error instanceof DateFieldError ? error.message : String(error);
			fail(this, 'list', reason);
		}
	}
	requestOptions.qs = qs;
	return requestOptions;
}

/** preSend for requests on one chat or session: the id in the path must not be empty. */
export async function requirePathId(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const url = String(requestOptions.url ?? '');
	const [, collection = 'record', id = ''] = /^\/?([^/]+)\/?(.*)$/.exec(url) ?? [];
	if (id.trim() === '') {
		const label = collection === 'chat' ? 'Chat ID' : collection === 'session' ? 'Session' : 'ID';
		fail(
			this,
			`send the request`,
			`"${label}" is empty`,
			collection === 'chat'
				? 'Map the chatId of an earlier Vapi node, e.g. {{ $json.chatId }}, or the id of a chat from Get Many.'
				: 'Pick a session from the list or map its id, e.g. {{ $json.sessionId }}.',
		);
	}
	return requestOptions;
}

/**
 * preSend for Session → Create and Update: the body Vapi accepts — only the fields that are set,
 * Variable Values parsed from JSON — checked against Vapi's rules before anything is sent.
 */
export async function buildSessionRequest(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const isUpdate = String(requestOptions.method).toUpperCase() === 'PATCH';
	const what = isUpdate ? 'update the session' : 'create the session';
	const body = { ...((requestOptions.body ?? {}) as IDataObject) };
	const overrides = body.assistantOverrides as IDataObject | undefined;
	if (overrides && typeof overrides === 'object' && 'variableValues' in overrides) {
		try {
			overrides.variableValues = parseJsonObject(
				overrides.variableValues,
				'Variable Values',
				'assistantOverrides.variableValues',
			) as IDataObject | undefined;
		} catch (error) {
			fail(this, what, error instanceof FieldError ? error.message : String(error));
		}
	}
	const cleanBody = pruneEmpty(body);
	if (isUpdate && Object.keys(cleanBody).length === 0) {
		fail(this, what, 'no field to update is set', 'Add a field under "Update Fields".');
	}
	const problems = findSessionProblems(cleanBody);
	if (problems.length > 0) {
		fail(this, what, problems[0], problems.length > 1 ? problems.join('\n') : undefined);
	}
	requestOptions.body = cleanBody;
	return requestOptions;
}
