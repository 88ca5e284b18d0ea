const { describeHttpError, describeStreamError } = require('../../dist/nodes/Vapi/http/vapiErrors.js');
const { redactDeep } = require('./support/redactDeep');

const KEY = '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const nest = (statusCode, message, error) => JSON.stringify({ message, error, statusCode });

const HINT = {
	400: 'Vapi rejected the request; the message above names the fields it did not accept.',
	401: 'Check the API key and region: use the private API key from the Vapi dashboard (not the public key); keys of EU organisations only work with Base URL https://api.eu.vapi.ai in the credential.',
	402: 'Billing: add a payment method (card) or make the first payment in the Vapi dashboard, then try again.',
	403: "The API key may not do this: check the key's organisation and permissions in the Vapi dashboard.",
	404: 'Check that the assistant, squad, session or chat id exists in this Vapi organisation and region (EU ids exist only at https://api.eu.vapi.ai).',
	429: "Vapi is rate limiting this organisation: try again later, or send fewer requests at once (a smaller batch size or a batch interval in the node's request options).",
	server: 'Vapi had a problem on its side; try again later.',
};
const MAY_EXIST =
	'The chat may or may not have been created (and billed): check Chats in the Vapi dashboard before sending it again.';
const FROM_PROXY =
	'The page came from a proxy or gateway in front of Vapi; if this persists, check the Base URL in the credential.';

/**
 * A case of Vapi's own error JSON (message, error, statusCode): its message comes back verbatim,
 * with the status's hint.
 */
const verbatim = (name, status, message, error, description = HINT[status]) => [
	name,
	status,
	nest(status, message, error),
	{ message, description, httpCode: String(status) },
];

describe('describeHttpError', () => {
	test.each([
		[
			'400 with validation messages (an array, joined)',
			400,
			nest(
				400,
				['property foo should not exist', 'name must be shorter than or equal to 40 characters'],
				'Bad Request',
			),
			{
				message:
					'property foo should not exist; name must be shorter than or equal to 40 characters',
				description: HINT[400],
				httpCode: '400',
			},
		],
		verbatim(
			'401 bad key',
			401,
			'Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa.',
			'Unauthorized',
		),
		verbatim(
			'402 billing, message verbatim',
			402,
			'Wallet Balance is -0.05. Please add a card.',
			'Payment Required',
		),
		verbatim('403', 403, 'Forbidden resource', 'Forbidden'),
		verbatim(
			'404 unknown id',
			404,
			"Couldn't Get Assistant. `assistantId` Not Found.",
			'Not Found',
		),
		verbatim('429 rate limited', 429, 'Rate limit exceeded', 'Too Many Requests'),
		verbatim('500', 500, 'Internal server error', undefined, HINT.server),
		[
			'an OpenAI-shaped error object',
			400,
			JSON.stringify({ error: { message: 'Invalid input', type: 'invalid_request_error' } }),
			{ message: 'Invalid input', description: HINT[400], httpCode: '400' },
		],
		[
			'only "error" text',
			400,
			JSON.stringify({ error: 'Bad Request' }),
			{ message: 'Bad Request', description: HINT[400], httpCode: '400' },
		],
		[
			'JSON without any message → the status text',
			429,
			JSON.stringify({ statusCode: 429 }),
			{ message: 'Too Many Requests', description: HINT[429], httpCode: '429' },
		],
		[
			'an empty body → the status text',
			503,
			'',
			{ message: 'Service Unavailable', description: HINT.server, httpCode: '503' },
		],
		[
			'a whitespace body → the status text',
			502,
			' \r\n',
			{ message: 'Bad Gateway', description: HINT.server, httpCode: '502' },
		],
		[
			'an empty body with an unknown status',
			599,
			'',
			{ message: 'HTTP 599', description: HINT.server, httpCode: '599' },
		],
		[
			'an unlisted 4xx',
			418,
			'short and stout',
			{ message: 'short and stout', description: 'Vapi answered HTTP 418.', httpCode: '418' },
		],
		[
			'409 with its status text',
			409,
			'',
			{ message: 'Conflict', description: 'Vapi answered HTTP 409 Conflict.', httpCode: '409' },
		],
	])('%s', (_case, status, body, expected) => {
		expect(describeHttpError(status, body, 'application/json; charset=utf-8')).toEqual(expected);
	});

	test.each([
		[
			'by content type',
			'<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>',
			'text/html',
		],
		[
			'by sniffing, without a content type',
			'\n<!DOCTYPE html>\n<html lang="en"><body>Bad gateway</body></html>',
			undefined,
		],
		[
			'by sniffing, under a JSON content type',
			'<html><body>cloudflare</body></html>',
			'application/json',
		],
	])('an HTML page (%s) is named, never shown', (_case, body, contentType) => {
		expect(describeHttpError(502, body, contentType)).toEqual({
			message: 'Vapi returned an HTML error page (HTTP 502 Bad Gateway) instead of JSON',
			description: `${HINT.server} ${FROM_PROXY}`,
			httpCode: '502',
		});
	});

	test('an HTML page with an unknown status names the code alone', () => {
		expect(describeHttpError(530, '<html><body>x</body></html>', 'text/html').message).toBe(
			'Vapi returned an HTML error page (HTTP 530) instead of JSON',
		);
	});

	test('plain text: the first 200 characters, on one line', () => {
		const body = `upstream connect error\nor disconnect/reset before headers. ${'x'.repeat(400)}`;
		const { message } = describeHttpError(503, body, 'text/plain');
		expect(message).toBe(
			`upstream connect error or disconnect/reset before headers. ${'x'.repeat(140)}…`,
		);
		expect(message).toHaveLength(200);
	});

	test('a very long JSON message is cut at 1000 characters', () => {
		const { message } = describeHttpError(400, nest(400, 'y'.repeat(5000)));
		expect(message).toBe(`${'y'.repeat(999)}…`);
	});

	test.each([
		['POST', `${HINT.server} ${MAY_EXIST}`],
		['post', `${HINT.server} ${MAY_EXIST}`],
		['GET', HINT.server],
		[undefined, HINT.server],
	])('a 5xx after %s says whether a chat may exist', (method, description) => {
		expect(describeHttpError(500, '', undefined, { method }).description).toBe(description);
	});

	test('a 4xx after POST does not claim a chat may exist', () => {
		expect(describeHttpError(429, '', undefined, { method: 'POST' }).description).toBe(HINT[429]);
	});
});

describe('describeStreamError', () => {
	test('keeps Vapi code, message and parameter', () => {
		expect(
			describeStreamError({
				code: 'model_error',
				message: 'The model failed to answer',
				param: 'input',
			}),
		).toEqual({
			message: 'The model failed to answer',
			description: `Vapi stopped the streamed answer with an error (code model_error, parameter input). ${MAY_EXIST}`,
			httpCode: '200',
		});
	});

	test('works with nothing but a code', () => {
		expect(describeStreamError({ code: 'ERR_SOMETHING', param: null })).toEqual({
			message: 'Vapi reported an error while streaming the answer',
			description: `Vapi stopped the streamed answer with an error (code ERR_SOMETHING). ${MAY_EXIST}`,
			httpCode: '200',
		});
	});

	test('works with an empty event', () => {
		expect(describeStreamError({})).toEqual({
			message: 'Vapi reported an error while streaming the answer',
			description: `Vapi stopped the streamed answer with an error. ${MAY_EXIST}`,
			httpCode: '200',
		});
	});
});

describe('redactDeep', () => {
	test('redacts strings and keys at every depth, leaving the input untouched', () => {
		const input = {
			headers: { Authorization: `Bearer ${KEY}`, accept: 'application/json' },
			list: [KEY, 3, true, null, { deeper: [`x${KEY}x`] }],
			[KEY]: 'as a key',
			count: 2,
		};
		const output = redactDeep(input, KEY);
		expect(output).toEqual({
			headers: { Authorization: 'Bearer ***', accept: 'application/json' },
			list: ['***', 3, true, null, { deeper: ['x***x'] }],
			'***': 'as a key',
			count: 2,
		});
		expect(input.headers.Authorization).toBe(`Bearer ${KEY}`);
		expect(input.list[0]).toBe(KEY);
	});

	test('keeps cycles as cycles', () => {
		const input = { token: KEY };
		input.self = input;
		const output = redactDeep(input, KEY);
		expect(output.token).toBe('***');
		expect(output.self).toBe(output);
	});

	test('redacts an error (message, stack and own fields), keeping its class', () => {
		class ApiError extends Error {}
		const error = new ApiError(`failed with ${KEY}`);
		error.context = { auth: `Bearer ${KEY}` };
		const output = redactDeep({ error }, KEY).error;
		expect(output).toBeInstanceOf(ApiError);
		expect(output.message).toBe('failed with ***');
		expect(output.stack).not.toContain(KEY);
		expect(output.context).toEqual({ auth: 'Bearer ***' });
		expect(Object.keys(output)).toEqual(['context']);
		expect(error.message).toBe(`failed with ${KEY}`);
	});

	test.each([
		['a string', KEY, '***'],
		['a number', 5, 5],
		['undefined', undefined, undefined],
	])('handles %s at the top', (_case, value, expected) => {
		expect(redactDeep(value, KEY)).toBe(expected);
	});

	test('passes dates through', () => {
		const date = new Date(0);
		expect(redactDeep({ date }, KEY).date).toBe(date);
	});
});
