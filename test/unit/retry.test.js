const {
	parseRetryAfter,
	backoffDelayMs,
	isRetryable,
	retryDelayMs,
} = require('../../dist/nodes/Vapi/http/retry.js');

// Wed, 21 Oct 2026 07:28:00 GMT
const NOW = Date.UTC(2026, 9, 21, 7, 28, 0);

describe('parseRetryAfter', () => {
	test.each([
		['whole seconds', '120', 120000],
		['zero', '0', 0],
		['seconds with spaces around', ' 5 ', 5000],
		['decimal seconds (tolerated)', '1.5', 1500],
		['IMF-fixdate 30 s ahead', 'Wed, 21 Oct 2026 07:28:30 GMT', 30000],
		['IMF-fixdate without weekday', '21 Oct 2026 07:29:00 GMT', 60000],
		['IMF-fixdate in UTC, lower case', 'wed, 21 oct 2026 07:28:02 utc', 2000],
		['a date in the past', 'Tue, 20 Oct 2026 07:28:00 GMT', 0],
		['a date now', 'Wed, 21 Oct 2026 07:28:00 GMT', 0],
		['RFC 850 date', 'Wednesday, 21-Oct-26 07:28:10 GMT', 10000],
		['asctime date', 'Wed Oct 21 07:28:20 2026', 20000],
		['asctime date with a padded day', 'Thu Oct  22 07:28:00 2026', 86400000],
		['a leap second', 'Wed, 21 Oct 2026 07:28:60 GMT', 59000],
	])('%s', (_case, header, expected) => {
		expect(parseRetryAfter(header, NOW)).toBe(expected);
	});

	test.each([
		['undefined', undefined],
		['null', null],
		['empty', ''],
		['a word', 'soon'],
		['a negative number', '-5'],
		['a number with a unit', '5s'],
		['an ISO date (not an HTTP date)', '2026-10-21T07:28:30Z'],
		['31 February', 'Sat, 31 Feb 2026 07:28:00 GMT'],
		['hour 24', 'Wed, 21 Oct 2026 24:00:00 GMT'],
		['an unknown month', 'Wed, 21 Okt 2026 07:28:00 GMT'],
		['a local-time date', 'Wed, 21 Oct 2026 07:28:00 +0200'],
		['a date without a time (which Date.parse would accept)', 'Wed, 21 Oct 2026'],
	])('%s → undefined', (_case, header) => {
		expect(parseRetryAfter(header, NOW)).toBeUndefined();
	});

	test('an RFC 850 two-digit year more than 50 years ahead is in the past century', () => {
		expect(parseRetryAfter('Sunday, 06-Nov-94 08:49:37 GMT', NOW)).toBe(0);
	});
});

describe('backoffDelayMs', () => {
	test.each([
		['attempt 1, lowest', 1, 0, undefined, undefined, 0],
		['attempt 1, highest', 1, 0.999, undefined, undefined, 999],
		['attempt 2 doubles', 2, 0.5, undefined, undefined, 1000],
		['attempt 3', 3, 0.5, undefined, undefined, 2000],
		['attempt 5', 5, 0.999, undefined, undefined, 15984],
		['attempt 6 reaches the cap', 6, 0.999, undefined, undefined, 29970],
		['attempt 50 stays at the cap', 50, 0.5, undefined, undefined, 15000],
		['attempt 5000 stays at the cap', 5000, 0.5, undefined, undefined, 15000],
		['custom base', 2, 0.5, 200, undefined, 200],
		['custom cap', 10, 0.5, 1000, 4000, 2000],
		['attempt 0 counts as 1', 0, 0.5, undefined, undefined, 500],
		['random 1 stays below the ceiling', 1, 1, undefined, undefined, 999],
		['negative random counts as 0', 1, -1, undefined, undefined, 0],
		['NaN random counts as 0', 1, Number.NaN, undefined, undefined, 0],
	])('%s', (_case, attempt, random, base, cap, expected) => {
		expect(backoffDelayMs(attempt, random, base, cap)).toBe(expected);
	});
});

describe('isRetryable', () => {
	const status = (statusCode) => ({ kind: 'status', statusCode });
	const network = (code) => ({ kind: 'network', code });
	test.each([
		// Rejected before any work: every method.
		['POST', status(429), true],
		['PATCH', status(429), true],
		['GET', status(429), true],
		// Nothing was sent: every method.
		['POST', network('ECONNREFUSED'), true],
		['POST', network('ENOTFOUND'), true],
		['POST', network('EAI_AGAIN'), true],
		['PATCH', network('ECONNREFUSED'), true],
		// A POST may have created (and billed) a chat: never again.
		['POST', status(500), false],
		['POST', status(502), false],
		['POST', status(503), false],
		['POST', status(504), false],
		['POST', { kind: 'timeout' }, false],
		['POST', network('ECONNRESET'), false],
		['POST', network('EPIPE'), false],
		['POST', network('ETIMEDOUT'), false],
		['POST', network('socket hang up'), false],
		['POST', { kind: 'stream' }, false],
		['post', status(500), false],
		['PATCH', status(503), false],
		['PATCH', { kind: 'timeout' }, false],
		['PUT', status(503), false],
		// Client errors are not retried by anyone.
		['POST', status(400), false],
		['GET', status(400), false],
		['GET', status(401), false],
		['GET', status(402), false],
		['GET', status(404), false],
		// GET and DELETE are idempotent.
		['GET', status(500), true],
		['GET', status(502), true],
		['GET', status(503), true],
		['GET', status(504), true],
		['GET', status(501), false],
		['GET', { kind: 'timeout' }, true],
		['GET', network('ECONNRESET'), true],
		['GET', network('EPIPE'), true],
		['GET', network('ETIMEDOUT'), true],
		['GET', network('socket hang up'), true],
		['GET', network('ERR_SOMETHING_ELSE'), false],
		['GET', { kind: 'stream' }, false],
		['get', status(503), true],
		['DELETE', status(502), true],
		['DELETE', network('ECONNRESET'), true],
		['DELETE', { kind: 'timeout' }, true],
	])('%s after %j → %s', (method, cause, expected) => {
		expect(isRetryable(method, cause)).toBe(expected);
	});
});

describe('retryDelayMs', () => {
	test.each([
		['Retry-After wins over backoff', { attempt: 3, retryAfterMs: 1500, random: 0.9 }, 1500],
		['Retry-After 0', { attempt: 1, retryAfterMs: 0, random: 0.9 }, 0],
		[
			'Retry-After within the cap',
			{ attempt: 1, retryAfterMs: 60000, random: 0, maxWaitMs: 60000 },
			60000,
		],
		[
			'Retry-After over the cap → give up',
			{ attempt: 1, retryAfterMs: 60001, random: 0, maxWaitMs: 60000 },
			undefined,
		],
		['no Retry-After → backoff', { attempt: 3, random: 0.5 }, 2000],
		['backoff capped by maxWaitMs', { attempt: 10, random: 0.5, maxWaitMs: 3000 }, 1500],
		[
			'backoff with its own base and cap',
			{ attempt: 4, random: 0.5, baseMs: 100, capMs: 500 },
			250,
		],
		[
			'a non-finite Retry-After falls back to backoff',
			{ attempt: 1, retryAfterMs: Number.NaN, random: 0.5 },
			500,
		],
	])('%s', (_case, options, expected) => {
		expect(retryDelayMs(options)).toBe(expected);
	});
});
