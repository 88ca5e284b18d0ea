/**
 * When a failed request may be sent again, and how long to wait first. Pure: the time and the
 * random number are passed in.
 */

export const DEFAULT_BASE_MS = 1000;
export const DEFAULT_CAP_MS = 30000;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAY = '(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*';
const TIME = '(\\d{1,2}):(\\d{2}):(\\d{2})';
/** IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT` (weekday optional). */
const IMF_DATE = new RegExp(
	`^(?:${WEEKDAY},?\\s+)?(\\d{1,2})\\s+([a-z]{3})\\s+(\\d{4})\\s+${TIME}\\s+(?:GMT|UTC)$`,
	'i',
);
/** Obsolete RFC 850 date, `Sunday, 06-Nov-94 08:49:37 GMT`. */
const RFC850_DATE = new RegExp(
	`^(?:${WEEKDAY},?\\s+)?(\\d{1,2})-([a-z]{3})-(\\d{2}|\\d{4})\\s+${TIME}\\s+(?:GMT|UTC)$`,
	'i',
);
/** asctime() date, `Sun Nov  6 08:49:37 1994` (always GMT). */
const ASCTIME_DATE = new RegExp(
	`^(?:${WEEKDAY}\\s+)?([a-z]{3})\\s+(\\d{1,2})\\s+${TIME}\\s+(\\d{4})$`,
	'i',
);

/**
 * A Retry-After header → milliseconds to wait: delay-seconds (decimals tolerated) or an HTTP date
 * relative to nowMs (a past date → 0). Anything else → undefined.
 */
export function parseRetryAfter(
	value: string | undefined | null,
	nowMs: number,
): number | undefined {
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
	const dateMs = parseHttpDate(text, nowMs);
	return dateMs === undefined ? undefined : Math.max(0, dateMs - nowMs);
}

/** The three date formats HTTP allows (RFC 9110 §5.6.7), all in GMT; undefined when invalid. */
export function parseHttpDate(text: string, nowMs: number): number | undefined {
	let match = IMF_DATE.exec(text);
	if (match) return utc(match[3], match[2], match[1], match[4], match[5], match[6]);
	match = RFC850_DATE.exec(text);
	if (match) {
		let year = Number(match[3]);
		if (match[3].length === 2) {
			// RFC 9110: a two-digit year more than 50 years ahead is in the past century.
			const thisYear = new Date(nowMs).getUTCFullYear();
			year += Math.floor(thisYear / 100) * 100;
			if (year > thisYear + 50) year -= 100;
		}
		return utc(String(year), match[2], match[1], match[4], match[5], match[6]);
	}
	match = ASCTIME_DATE.exec(text);
	if (match) return utc(match[6], match[1], match[2], match[3], match[4], match[5]);
	return undefined;
}

function utc(
	yearText: string,
	monthText: string,
	dayText: string,
	hourText: string,
	minuteText: string,
	secondText: string,
): number | undefined {
	const month = MONTHS.indexOf(monthText.toLowerCase());
	const [year, day, hour, minute, second] = [
		yearText,
		dayText,
		hourText,
		minuteText,
		secondText,
	].map(Number);
	if (month < 0 || hour > 23 || minute > 59 || second > 60) return undefined;
	const ms = Date.UTC(year, month, day, hour, minute, Math.min(second, 59));
	const date = new Date(ms);
	// Date.UTC rolls 31 Feb over into March; such a date is not a date.
	if (date.getUTCMonth() !== month || date.getUTCDate() !== day) return undefined;
	return ms;
}

/**
 * Capped exponential backoff with full jitter: attempt 1 waits in [0, base), attempt n in
 * [0, min(cap, base·2^(n−1))). random is a number in [0, 1).
 */
export function backoffDelayMs(
	attempt: number,
	random: number,
	baseMs = DEFAULT_BASE_MS,
	capMs = DEFAULT_CAP_MS,
): number {
	const n = Number.isFinite(attempt) && attempt >= 1 ? Math.floor(attempt) : 1;
	const ceiling = Math.max(0, Math.min(capMs, baseMs * 2 ** (n - 1)));
	const r = Number.isFinite(random) ? Math.min(Math.max(random, 0), 1 - Number.EPSILON) : 0;
	return Math.floor(r * ceiling);
}

export type FailureCause =
	| { kind: 'status'; statusCode: number }
	| { kind: 'network'; code: string }
	| { kind: 'timeout' }
	| { kind: 'stream' };

/** Network failures before a single byte of the request left: safe to retry any method. */
export const NOT_SENT_NETWORK_CODES: readonly string[] = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'];
/** Network failures that may have happened after the request was sent: idempotent methods only. */
export const BROKEN_CONNECTION_CODES: readonly string[] = [
	'ECONNRESET',
	'EPIPE',
	'ETIMEDOUT',
	'ECONNABORTED',
	'SOCKET HANG UP',
	'UND_ERR_SOCKET',
];
export const RETRYABLE_SERVER_STATUSES: readonly number[] = [500, 502, 503, 504];
const IDEMPOTENT_METHODS = ['GET', 'HEAD', 'OPTIONS', 'DELETE'];

/**
 * May this failure be retried automatically? A 429 always (Vapi did no work), and so do network
 * errors that prove nothing was sent. Anything else only for GET/HEAD/OPTIONS/DELETE: creating a
 * chat (POST) bills and is not idempotent, and PATCH is treated the same way.
 */
export function isRetryable(method: string, cause: FailureCause): boolean {
	if (cause.kind === 'status' && cause.statusCode === 429) return true;
	const code = cause.kind === 'network' ? String(cause.code ?? '').toUpperCase() : '';
	if (cause.kind === 'network' && NOT_SENT_NETWORK_CODES.includes(code)) return true;
	if (!IDEMPOTENT_METHODS.includes(String(method ?? '').toUpperCase())) return false;
	switch (cause.kind) {
		case 'status':
			return RETRYABLE_SERVER_STATUSES.includes(cause.statusCode);
		case 'timeout':
			return true;
		case 'network':
			return BROKEN_CONNECTION_CODES.includes(code);
		default:
			return false;
	}
}

/**
 * How long to wait before the next attempt: Retry-After when Vapi gave one (more than maxWaitMs →
 * undefined: give up rather than wait that long), else backoff capped at min(capMs, maxWaitMs).
 */
export function retryDelayMs(options: {
	attempt: number;
	retryAfterMs?: number;
	random: number;
	maxWaitMs?: number;
	baseMs?: number;
	capMs?: number;
}): number | undefined {
	const { attempt, retryAfterMs, random, maxWaitMs } = options;
	if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs)) {
		const wait = Math.max(0, retryAfterMs);
		return maxWaitMs !== undefined && wait > maxWaitMs ? undefined : wait;
	}
	const capMs = Math.min(options.capMs ?? DEFAULT_CAP_MS, maxWaitMs ?? Infinity);
	return backoffDelayMs(attempt, random, options.baseMs ?? DEFAULT_BASE_MS, capMs);
}
