'use strict';

// No double billing: a chat-creating POST that failed after it may have reached Vapi —
// any 5xx, a connection reset, a timeout — is never sent again; the item's error says the chat may
// or may not exist. The other items of the run are unaffected. Counted from the simulator's log.
const http = require('node:http');
const { sendMessage, reply, useSimulator, MAY_HAVE_CREATED, STREAM_BROKE } = require('./support');
const { chatPosts, postedInputs, keyLeaks, seen } = require('./support');

const vapi = useSimulator({ retryAfterSeconds: 0.05 });

const NO_ANSWER =
	'The request may have reached Vapi, so the chat may or may not exist; it was not sent again to avoid creating (and billing) a second chat. Check the chat list in Vapi before you run this item again.';
const SERVER_SIDE = 'Vapi had a problem on its side; try again later.';

/** Vapi's 5xx with its message: the server hint, then the chat may have been created. */
const serverError = (status, message) => ({
	message,
	description: `${SERVER_SIDE} ${MAY_HAVE_CREATED}`,
	httpCode: String(status),
});

const cases = [
	{
		name: '500 after the chat was created',
		fault: { status: 500, afterCreate: true },
		chats: 3,
		error: serverError(500, 'Internal server error'),
	},
	{
		name: '502 before the chat was created',
		fault: { status: 502 },
		chats: 2,
		error: serverError(502, 'Bad Gateway'),
	},
	{
		name: '503',
		fault: { status: 503 },
		chats: 2,
		error: serverError(503, 'Service Unavailable'),
	},
	{
		name: '504 HTML page from a gateway, after the chat was created',
		fault: { html: true, status: 504, afterCreate: true },
		chats: 3,
		error: {
			message: 'Vapi returned an HTML error page (HTTP 504 Gateway Timeout) instead of JSON',
			description: `${SERVER_SIDE} ${MAY_HAVE_CREATED} The page came from a proxy or gateway in front of Vapi; if this persists, check the Base URL in the credential.`,
			httpCode: '504',
		},
	},
	{
		name: 'connection reset before any answer (stream off; the chat exists)',
		fault: { resetAfterFrames: 0 },
		parameters: { options: { stream: false } },
		chats: 3,
		error: {
			message: "Couldn't get an answer from Vapi",
			description: `Connection error ECONNRESET. ${NO_ANSWER}`,
			httpCode: null,
		},
	},
	{
		name: 'connection reset mid-stream',
		fault: { resetAfterFrames: 2 },
		chats: 3,
		// The answer had begun: the error item keeps the text that came (and no error object).
		details: { text: 'Support Bot — You said: ' },
		error: {
			message: 'The connection to Vapi broke while streaming the answer',
			description: `Connection error ECONNRESET. ${STREAM_BROKE}`,
			httpCode: null,
		},
	},
	{
		name: 'timeout after sending: no answer within Request Options → Timeout (stream off)',
		fault: { stallAfterFrames: 0, stallMs: 3000 },
		parameters: { options: { stream: false }, requestOptions: { timeout: 400 } },
		chats: 3,
		error: {
			message: "Couldn't get an answer from Vapi (timed out)",
			description: NO_ANSWER,
			httpCode: null,
		},
	},
	{
		name: 'timeout after sending: no response headers within the timeout (stream on)',
		fault: { latencyMs: 3000 },
		parameters: { requestOptions: { timeout: 400 } },
		chats: 2,
		error: {
			message: "Couldn't get an answer from Vapi (timed out)",
			description: NO_ANSWER,
			httpCode: null,
		},
	},
];

describe('a POST that may have created a chat is never sent twice', () => {
	test.each(cases)('$name', async ({ fault, parameters, chats, error, details }) => {
		vapi.sim.addFault({ when: { inputIncludes: 'doomed' }, fault });
		const questions = ['before', 'doomed', 'after'];
		const run = await vapi.run({
			parameters: sendMessage({ input: '={{ $json.question }}', ...parameters }),
			items: questions.map((question) => ({ json: { question } })),
			continueOnFail: true,
		});

		// Exactly one POST per item: the failed one was not retried.
		expect(postedInputs(vapi.sim)).toEqual([...questions].sort());
		expect(run.items.map((item) => [item.json.error ?? item.json.text, item.pairedItem])).toEqual([
			[reply('before'), { item: 0 }],
			[error.message, { item: 1 }],
			[reply('after'), { item: 2 }],
		]);
		if (details === undefined) {
			expect(seen(run.items[1].error)).toEqual({ class: 'NodeApiError', ...error });
			expect(run.items[1].error.description).toMatch(/may or may not/);
		} else {
			expect({ json: run.items[1].json, error: run.items[1].error }).toEqual({
				json: { error: error.message, details },
				error: undefined,
			});
		}
		// Good items' chats plus the failed one when the simulator created it.
		expect(vapi.sim.chats.size).toBe(chats);
		expect(keyLeaks(run)).toEqual([]);
	});

	test('without continue-on-fail the node fails with that error, still after one POST', async () => {
		vapi.sim.addFault({ fault: { status: 500, afterCreate: true } });
		const run = await vapi.run({ parameters: sendMessage() });

		expect(seen(run.error)).toEqual({
			class: 'NodeApiError',
			message: 'Internal server error',
			description: `${SERVER_SIDE} ${MAY_HAVE_CREATED}`,
			httpCode: '500',
		});
		expect(chatPosts(vapi.sim)).toHaveLength(1);
		expect(keyLeaks(run)).toEqual([]);
	});

	test('a refused connection (nothing sent) is not a “may exist” case: it says to check the Base URL', async () => {
		const closed = http.createServer();
		await new Promise((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const { port } = closed.address();
		await new Promise((resolve) => closed.close(resolve));

		const run = await vapi.run({
			baseUrl: `http://127.0.0.1:${port}`,
			parameters: sendMessage({ options: { maxAttempts: 2 } }),
		});

		expect(seen(run.error)).toEqual({
			class: 'NodeApiError',
			message: "Couldn't get an answer from Vapi",
			description:
				'Connection error ECONNREFUSED. Check the Base URL of the credential and that Vapi is reachable from n8n.',
			httpCode: null,
		});
		expect(keyLeaks(run)).toEqual([]);
	});

	test('n8n’s own Retry On Fail is the user’s explicit choice: it does resend (documented contrast)', async () => {
		vapi.sim.addFault({ times: 1, fault: { status: 500 } });
		const run = await vapi.run({
			parameters: sendMessage(),
			retryOnFail: true,
			maxTries: 2,
			waitBetweenTries: 0,
		});

		// (The harness's run.error still shows the first attempt's error: it keeps every thrown error.)
		expect(run.status).toBe('success');
		expect(run.task.error).toBeUndefined();
		expect(run.items.map((item) => item.json.text)).toEqual([reply('Hello')]);
		expect(chatPosts(vapi.sim).map((post) => post.status)).toEqual([500, 200]);
	});
});
