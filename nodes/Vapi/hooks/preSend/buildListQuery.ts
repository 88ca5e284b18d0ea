import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { unreadableFieldError } from '../../errors/nodeErrors';
import { toUtcIso } from '../../rules/dates';
import { pruneEmpty } from '../../rules/jsonFields';

const DATE_FILTER = /^(created|updated)At(Gt|Lt|Ge|Le)$/;
/** Filters that take a comma-separated list, e.g. customerNumberAny. */
const LIST_FILTER = /Any$/;

/** `a, b,,c ` → `a,b,c`: a space after a comma would be part of the next value. */
const cleanList = (text: string) =>
	text
		.split(',')
		.map((value) => value.trim())
		.filter((value) => value !== '')
		.join(',');

/**
 * preSend for Get Many: only the filters that are set reach the query string (Vapi rejects
 * unknown or malformed parameters), trimmed, lists as `a,b`, dates as ISO 8601 in UTC — a date
 * picked without time zone is meant in the workflow's time zone.
 */
export async function buildListQuery(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const qs = pruneEmpty({ ...((requestOptions.qs ?? {}) as IDataObject) });
	for (const [key, value] of Object.entries(qs)) {
		if (typeof value === 'string')
			qs[key] = LIST_FILTER.test(key) ? cleanList(value) : value.trim();
		// Only commas: no value, so no filter (an empty one would match nothing).
		if (qs[key] === '' && LIST_FILTER.test(key)) delete qs[key];
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
