import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { unreadableFieldError } from '../../errors/nodeErrors';
import { toUtcIso } from '../../rules/dates';
import { pruneEmpty } from '../../rules/jsonFields';

const DATE_FILTER = /^(created|updated)At(Gt|Lt|Ge|Le)$/;

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
			throw unreadableFieldError(this, 'list', error);
		}
	}
	requestOptions.qs = qs;
	return requestOptions;
}
