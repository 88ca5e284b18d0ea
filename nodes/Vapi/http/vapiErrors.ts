/**
 * Vapi's HTTP and stream errors turned into what the user reads: Vapi's own words, plus one line
 * on what to do. Pure: no n8n, no I/O. The text they read is already masked (maskSecret.ts, at
 * the boundary in hooks/postReceive/httpErrors.ts): nothing here needs to know the API key.
 */

import { VAPI_EU_BASE_URL } from '../defaults';
import { shorten } from '../rules/checks';

export interface ErrorReport {
	message: string;
	description: string;
	httpCode: string;
}

export interface DescribeOptions {
	/** The request's method: a failed POST may still have created (and billed) a chat. */
	method?: string;
}

const MAX_TEXT_LENGTH = 200;
const MAX_MESSAGE_LENGTH = 1000;

const STATUS_TEXTS: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	402: 'Payment Required',
	403: 'Forbidden',
	404: 'Not Found',
	405: 'Method Not Allowed',
	408: 'Request Timeout',
	409: 'Conflict',
	413: 'Payload Too Large',
	415: 'Unsupported Media Type',
	422: 'Unprocessable Entity',
	429: 'Too Many Requests',
	500: 'Internal Server Error',
	501: 'Not Implemented',
	502: 'Bad Gateway',
	503: 'Service Unavailable',
	504: 'Gateway Timeout',
	520: 'Web Server Returned an Unknown Error',
	521: 'Web Server Is Down',
	522: 'Connection Timed Out',
	523: 'Origin Is Unreachable',
	524: 'A Timeout Occurred',
};

export function statusText(statusCode: number): string {
	return STATUS_TEXTS[statusCode] ?? '';
}

const MAY_HAVE_CREATED_CHAT =
	'The chat may or may not have been created (and billed): check Chats in the Vapi dashboard before sending it again.';

/** The one-line hint for a status code. */
export function hintForStatus(statusCode: number, method?: string): string {
	switch (statusCode) {
		case 400:
			return 'Vapi rejected the request; the message above names the fields it did not accept.';
		case 401:
			return `Check the API key and region: use the private API key from the Vapi dashboard (not the public key); keys of EU organisations only work with Base URL ${VAPI_EU_BASE_URL} in the credential.`;
		case 402:
			return 'Billing: add a payment method (card) or make the first payment in the Vapi dashboard, then try again.';
		case 403:
			return "The API key may not do this: check the key's organisation and permissions in the Vapi dashboard.";
		case 404:
			return `Check that the assistant, squad, session or chat id exists in this Vapi organisation and region (EU ids exist only at ${VAPI_EU_BASE_URL}).`;
		case 429:
			return "Vapi is rate limiting this organisation: try again later, or send fewer requests at once (a smaller batch size or a batch interval in the node's request options).";
	}
	if (statusCode >= 500) {
		const hint = 'Vapi had a problem on its side; try again later.';
		return method?.toUpperCase() === 'POST' ? `${hint} ${MAY_HAVE_CREATED_CHAT}` : hint;
	}
	const text = statusText(statusCode);
	return `Vapi answered HTTP ${statusCode}${text ? ` ${text}` : ''}.`;
}

/**
 * An HTTP error answer → ErrorReport. The message is Vapi's own (NestJS `message`, an array joined
 * with '; '); an HTML page (a proxy or gateway) is named, never shown; plain text is cut to 200
 * characters; an empty body gives the status text.
 */
export function describeHttpError(
	statusCode: number,
	bodyText: string,
	contentType?: string,
	options: DescribeOptions = {},
): ErrorReport {
	const body = (bodyText ?? '').trim();
	const status = `HTTP ${statusCode}${statusText(statusCode) ? ` ${statusText(statusCode)}` : ''}`;
	let message: string;
	let description = hintForStatus(statusCode, options.method);
	if (body === '') {
		message = statusText(statusCode) || status;
	} else if (isHtml(body, contentType)) {
		message = `Vapi returned an HTML error page (${status}) instead of JSON`;
		description = `${description} The page came from a proxy or gateway in front of Vapi; if this persists, check the Base URL in the credential.`;
	} else {
		message = messageFromJson(body) ?? shorten(body, MAX_TEXT_LENGTH);
		if (message === '') message = statusText(statusCode) || status;
	}
	return { message, description, httpCode: String(statusCode) };
}

function isHtml(body: string, contentType?: string): boolean {
	if (contentType && /html/i.test(contentType)) return true;
	return body.startsWith('<') && /<(!doctype|html|head|body|title)\b/i.test(body.slice(0, 1000));
}

/** Vapi's message from a JSON error body; undefined when the body is not JSON. */
function messageFromJson(body: string): string | undefined {
	if (!body.startsWith('{') && !body.startsWith('[')) return undefined;
	let parsed: unknown;
	try {
		parsed = JSON.parse(body);
	} catch {
		return undefined;
	}
	const record =
		typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
	const nested =
		typeof record.error === 'object' && record.error !== null
			? (record.error as Record<string, unknown>).message
			: undefined;
	const candidate = record.message ?? nested ?? record.error;
	const text = Array.isArray(candidate)
		? candidate
				.map(asText)
				.filter((part) => part !== '')
				.join('; ')
		: asText(candidate);
	// A JSON body without a message says nothing more than the status does.
	return shorten(text, MAX_MESSAGE_LENGTH);
}

function asText(value: unknown): string {
	if (value === undefined || value === null) return '';
	return typeof value === 'string' ? value.trim() : JSON.stringify(value);
}

/** An `error` event inside a 200 stream → ErrorReport with Vapi's code and message. */
export function describeStreamError(error: {
	code?: string;
	message?: string;
	param?: string | null;
}): ErrorReport {
	const message = asText(error?.message) || 'Vapi reported an error while streaming the answer';
	const details = [
		error?.code ? `code ${asText(error.code)}` : '',
		error?.param ? `parameter ${asText(error.param)}` : '',
	].filter((part) => part !== '');
	const description = `Vapi stopped the streamed answer with an error${details.length > 0 ? ` (${details.join(', ')})` : ''}. ${MAY_HAVE_CREATED_CHAT}`;
	return {
		message: shorten(message, MAX_MESSAGE_LENGTH),
		description,
		httpCode: '200',
	};
}
