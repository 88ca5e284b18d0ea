import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { refusedError, rulesBrokenError, unreadableFieldError } from '../../errors/nodeErrors';
import { PARAMETER_LABELS, SESSION_FIELD_LABELS } from '../../rules/fieldLabels';
import { cleanRoutedBody, toRequestJson, type CleanBody } from '../../rules/jsonFields';
import { findSessionProblems } from '../../rules/sessionRules';

/** Variable Values arrive as JSON text (or an object from an expression). */
const JSON_FIELD_PATHS = ['assistantOverrides.variableValues'];

/**
 * preSend for Session → Create and Update: the body Vapi accepts — only the fields that are set,
 * Variable Values as the user wrote them — checked against Vapi's rules before anything is sent,
 * and sent as JSON text like Send Message's (see toRequestJson).
 */
export async function buildSessionRequest(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const isUpdate = String(requestOptions.method).toUpperCase() === 'PATCH';
	const action = isUpdate ? 'update the session' : 'create the session';
	const body = { ...((requestOptions.body ?? {}) as IDataObject) };
	let cleaned: CleanBody<IDataObject>;
	try {
		cleaned = cleanRoutedBody(body, JSON_FIELD_PATHS, (path) => SESSION_FIELD_LABELS[path]);
	} catch (error) {
		throw unreadableFieldError(this, action, error);
	}
	const { body: cleanBody, jsonFields } = cleaned;
	if (isUpdate && Object.keys(cleanBody).length === 0) {
		throw refusedError(
			this,
			action,
			'no field to update is set',
			`Add a field under "${PARAMETER_LABELS.updateFields}".`,
		);
	}
	const problems = findSessionProblems(cleanBody);
	if (problems.length > 0) throw rulesBrokenError(this, action, problems);
	requestOptions.body = toRequestJson(cleanBody, jsonFields);
	return requestOptions;
}
