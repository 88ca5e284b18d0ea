import type {
	IExecuteSingleFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
} from 'n8n-workflow';
import { notARecordError, type RecordChange } from '../../errors/nodeErrors';
import { bodyText, maskedBody } from '../../http/responseBody';
import { describeNotARecord, isRecord } from './chatRecord';
import { secretMaskFor } from './httpErrors';

/** Each single-record operation: how the UI names it and what it does to the record. */
const OPERATIONS: Record<string, { operation: string; change: RecordChange }> = {
	'chat.get': { operation: 'Chat → Get', change: 'none' },
	'chat.delete': { operation: 'Chat → Delete', change: 'delete' },
	'session.create': { operation: 'Session → Create', change: 'create' },
	'session.get': { operation: 'Session → Get', change: 'none' },
	'session.update': { operation: 'Session → Update', change: 'update' },
	'session.delete': { operation: 'Session → Delete', change: 'delete' },
};

/**
 * postReceive for the operations on one chat or session, first: Vapi answers a 2xx with the
 * record itself, so a 2xx answer that is none (an empty body, `null`, an array, a string or
 * other text, an object without an id) fails the item, naming the operation and what came,
 * instead of passing for an empty success. Other statuses are left to throwOnVapiError. It runs
 * before throwOnVapiError because that one calls every 2xx text "not JSON" (a JSON string too,
 * which n8n hands over already parsed) and passes an empty body on as `{}`.
 */
export async function requireRecord(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	const { statusCode } = response;
	if (statusCode < 200 || statusCode >= 300 || isRecord(response.body)) return items;
	// It runs before throwOnVapiError, where the body is masked: mask what the error shows here.
	const body = maskedBody(response.body, await secretMaskFor(this));
	const resource = this.getNodeParameter('resource', '') as string;
	const known = OPERATIONS[`${resource}.${this.getNodeParameter('operation', '') as string}`];
	throw notARecordError(this, {
		operation: known?.operation ?? 'This operation',
		record: resource === 'session' ? 'session' : 'chat',
		change: known?.change ?? 'none',
		statusCode,
		got: describeNotARecord(body instanceof Uint8Array ? bodyText(body) : body),
	});
}
