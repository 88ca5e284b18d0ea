import type {
	IExecuteSingleFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	PostReceiveAction,
} from 'n8n-workflow';
import { operationName } from '../../descriptions/properties';
import { notARecordError, type RecordChange } from '../../errors/nodeErrors';
import { bodyText, maskedBody } from '../../http/responseBody';
import { describeNotARecord, isRecord } from './chatRecord';
import { secretMaskFor } from './httpErrors';

/** What a single-record request may have done to the record, by its method. */
const CHANGE_BY_METHOD = {
	GET: 'none',
	DELETE: 'delete',
	POST: 'create',
	PATCH: 'update',
} as const satisfies Record<string, RecordChange>;

export type RecordMethod = keyof typeof CHANGE_BY_METHOD;

/**
 * postReceive for the operations on one chat or session, first: Vapi answers a 2xx with the
 * record itself, so a 2xx answer that is none (an empty body, `null`, an array, a string or
 * other text, an object without an id) fails the item, naming the operation and what came,
 * instead of passing for an empty success. Other statuses are left to throwOnVapiError. It runs
 * before throwOnVapiError because that one calls every 2xx text "not JSON" (a JSON string too,
 * which n8n hands over already parsed) and passes an empty body on as `{}`.
 *
 * Made per operation by resources/ from the option's own name (the error says "Chat → Get", from
 * the description's labels); the method says whether a record may have changed.
 */
export function requireRecord(
	record: 'chat' | 'session',
	optionName: string,
	method: RecordMethod,
): PostReceiveAction {
	const operation = operationName(record, optionName);
	return async function requireRecordAnswer(
		this: IExecuteSingleFunctions,
		items: INodeExecutionData[],
		response: IN8nHttpFullResponse,
	): Promise<INodeExecutionData[]> {
		const { statusCode } = response;
		if (statusCode < 200 || statusCode >= 300 || isRecord(response.body)) return items;
		// It runs before throwOnVapiError, where the body is masked: mask what the error shows here.
		const body = maskedBody(response.body, await secretMaskFor(this));
		throw notARecordError(this, {
			operation,
			record,
			change: CHANGE_BY_METHOD[method],
			statusCode,
			got: describeNotARecord(body instanceof Uint8Array ? bodyText(body) : body),
		});
	};
}
