import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { refusedError, rulesBrokenError, unreadableFieldError } from '../../errors/nodeErrors';
import { PARAMETER_LABELS, SESSION_FIELD_LABELS } from '../../rules/fieldLabels';
import { parseJsonObject, pruneEmpty } from '../../rules/jsonFields';
import { findSessionProblems } from '../../rules/sessionRules';

const VARIABLE_VALUES = 'assistantOverrides.variableValues';

/**
 * preSend for Session → Create and Update: the body Vapi accepts — only the fields that are set,
 * Variable Values parsed from JSON — checked against Vapi's rules before anything is sent.
 */
export async function buildSessionRequest(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const isUpdate = String(requestOptions.method).toUpperCase() === 'PATCH';
	const action = isUpdate ? 'update the session' : 'create the session';
	const body = { ...((requestOptions.body ?? {}) as IDataObject) };
	const overrides = body.assistantOverrides as IDataObject | undefined;
	if (overrides && typeof overrides === 'object' && 'variableValues' in overrides) {
		try {
			overrides.variableValues = parseJsonObject(
				overrides.variableValues,
				SESSION_FIELD_LABELS[VARIABLE_VALUES],
				VARIABLE_VALUES,
			) as IDataObject | undefined;
		} catch (error) {
			throw unreadableFieldError(this, action, error);
		}
	}
	const cleanBody = pruneEmpty(body);
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
	requestOptions.body = cleanBody;
	return requestOptions;
}
