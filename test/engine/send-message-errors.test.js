'use strict';

// What goes wrong with Send Message, through n8n's real engine against the Vapi simulator: HTTP
// errors with Vapi's own words and a hint, failures inside a 200 stream, every SSE framing Vapi may
// use, continue-on-fail, the bearer header, the key kept out of everything.
const { NodeApiError, NodeOperationError } = require('n8n-workflow');
const { API_KEY, byId, sendMessage, reply, MAY_HAVE_CREATED, STREAM_BROKE } = require('./support');
const { useSimulator, chatPosts, withoutIds, keyLeaks, seen } = require('./support');

const vapi = useSimulator({ retryAfterSeconds: 0.05 });

/** What the user sees of a stream that broke after Vapi had begun to answer. */
const streamBroke = (message) => ({
	class: 'NodeApiError',
	message,
	description: STREAM_BROKE,
	httpCode: null,
});

const HINT_404 =
	'Check that the assistant, squad, session or chat id exists in this Vapi organisation and region (EU ids exist only at https://api.eu.vapi.ai).';

describe('HTTP errors: Vapi’s message, a one-line hint, the status code', () => {
	const cases = [
		{
			name: '401 wrong key',
			run: { apiKey: 'sk-not-the-right-key-00' },
			error: {
				class: 'NodeApiError',
				message:
					'Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa.',
				description:
					'Check the API key and region: use the private API key from the Vapi dashboard (not the public key); keys of EU organisations only work with Base URL https://api.eu.vapi.ai in the credential.',
				httpCode: '401',
			},
		},
		{
			name: '402 payment required',
			fault: { status: 402 },
			error: {
				class: 'NodeApiError',
				message:
					'Your organization has no payment method. Add a card in the Vapi dashboard (Billing) to continue.',
				description:
					'Billing: add a payment method (card) or make the first payment in the Vapi dashboard, then try again.',
				httpCode: '402',
			},
		},
		{
			name: '404 unknown assistant id',
			parameters: { assistantId: byId('0b0b0b0b-dead-4bee-8bad-000000000000') },
			error: {
				class: 'NodeApiError',
				message: 'Assistant not found',
				description: HINT_404,
				httpCode: '404',
			},
		},
		{
			name: '404 unknown previous chat',
			parameters: { target: 'none', previousChatId: 'chat-that-never-was' },
			error: {
				class: 'NodeApiError',
				message: 'Previous chat not found',
				description: HINT_404,
				httpCode: '404',
			},
		},
		{
			name: '429 after the rate-limit attempts ran out',
			fault: { status: 429, retryAfter: '0.05' },
			parameters: { options: { maxAttempts: 2 } },
			posts: 2,
			error: {
				class: 'NodeApiError',
				message: 'Vapi rate-limited this item 2 time(s): "Rate limit exceeded"',
				description:
					'Nothing was created for this item. Lower "Max Concurrent Requests" or raise "Rate-Limit Attempts" in the options, or space the items out with Batching in the node\'s Settings tab (Request Options).',
				httpCode: '429',
			},
		},
		{
			name: '500 (the chat may exist)',
			fault: { status: 500, afterCreate: true },
			error: {
				class: 'NodeApiError',
				message: 'Internal server error',
				description: `Vapi had a problem on its side; try again later. ${MAY_HAVE_CREATED}`,
				httpCode: '500',
			},
		},
		{
			name: '502 HTML page from a proxy: a short message, no HTML',
			fault: { html: true },
			error: {
				class: 'NodeApiError',
				message: 'Vapi returned an HTML error page (HTTP 502 Bad Gateway) instead of JSON',
				description: `Vapi had a problem on its side; try again later. ${MAY_HAVE_CREATED} The page came from a proxy or gateway in front of Vapi; if this persists, check the Base URL in the credential.`,
				httpCode: '502',
			},
		},
		{
			name: '400 validation: the array of messages joined',
			fault: {
				status: 400,
				body: {
					message: ['property foo should not exist', 'input must be a string or an array'],
					error: 'Bad Request',
					statusCode: 400,
				},
			},
			error: {
				class: 'NodeApiError',
				message: 'property foo should not exist; input must be a string or an array',
				description:
					'Vapi rejected the request; the message above names the fields it did not accept.',
				httpCode: '400',
			},
		},
	];

	test.each(cases)('$name', async ({ run: runOptions, fault, parameters, posts = 1, error }) => {
		if (fault) vapi.sim.addFault({ when: { path: '/chat/responses' }, fault });
		const run = await vapi.run({ parameters: sendMessage(parameters), ...runOptions });

		expect(run.status).toBe('error');
		expect(seen(run.error)).toEqual(error);
		expect(run.error.context.itemIndex).toBe(0);
		expect(chatPosts(vapi.sim)).toHaveLength(posts);
		expect(`${run.error.message} ${run.error.description}`).not.toMatch(/<|Try spacing/);
		expect(keyLeaks(run)).toEqual([]);

		const continued = await vapi.run({
			parameters: sendMessage(parameters),
			...runOptions,
			continueOnFail: true,
		});
		expect(continued.items.map((item) => [item.json, item.pairedItem])).toEqual([
			[{ error: error.message }, { item: 0 }],
		]);
		expect(seen(continued.items[0].error)).toEqual(error);
		expect(keyLeaks(continued)).toEqual([]);
	});
});

describe('a 200 stream that fails', () => {
	test('an error event → NodeApiError with Vapi’s code and message', async () => {
		vapi.sim.addFault({
			fault: { errorEvent: { afterFrames: 2, code: 'model_error', message: 'The model failed' } },
		});
		const run = await vapi.run({ parameters: sendMessage() });

		expect(run.error).toBeInstanceOf(NodeApiError);
		expect(seen(run.error)).toEqual({
			class: 'NodeApiError',
			message: 'The model failed',
			description: `Vapi stopped the streamed answer with an error (code model_error). ${MAY_HAVE_CREATED}`,
			httpCode: '200',
		});
		expect(run.error.errorResponse).toEqual({ code: 'model_error' });
		expect(chatPosts(vapi.sim).map((post) => post.outcome)).toEqual(['fault']);
		expect(keyLeaks(run)).toEqual([]);
	});

	test('truncation (a clean end without response.completed) → the error says it is incomplete', async () => {
		vapi.sim.addFault({ fault: { truncateAfterFrames: 2 } });
		const run = await vapi.run({ parameters: sendMessage() });

		// Two deltas of "Support Bot — You said: "Hello"." had arrived.
		expect(seen(run.error)).toEqual(
			streamBroke("Vapi's stream ended before the answer was complete (24 characters received)"),
		);
		expect(run.items).toEqual([]);
		expect(keyLeaks(run)).toEqual([]);
	});

	test('[DONE] without response.completed → incomplete, not a silent partial answer', async () => {
		const delta = (text) =>
			`data: ${JSON.stringify({ type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: text })}\n\n`;
		vapi.sim.addFault({
			fault: {
				status: 200,
				contentType: 'text/event-stream',
				body: `${delta('Hel')}${delta('lo')}data: [DONE]\n\n`,
			},
		});
		const run = await vapi.run({ parameters: sendMessage() });

		expect(seen(run.error)).toEqual(
			streamBroke("Vapi's stream ended before the answer was complete (5 characters received)"),
		);
	});

	test('garbage between frames → a malformed-stream error', async () => {
		vapi.sim.addFault({ fault: { garbage: true } });
		const run = await vapi.run({ parameters: sendMessage() });

		expect(seen(run.error)).toEqual(
			streamBroke('Vapi\'s stream carried data that is not JSON: "{this is not json"'),
		);
	});
});

describe('UNVERIFIED framing (event: lines or not, [DONE] or not, …): every SSE framing Vapi may use gives the same answer', () => {
	const FRAMINGS = [
		['CRLF line ends', { crlf: true }],
		[': comment lines', { comments: true }],
		['event: lines', { eventLines: true }],
		['several data: lines per event', { multiDataLines: true }],
		['id: and retry: lines', { idRetryLines: true }],
		['a final [DONE]', { done: true }],
		['1-byte chunks (split inside UTF-8 characters)', { chunkSize: 1 }],
		['unknown event types', { unknownEvents: true }],
		[
			'all of them at once',
			{
				crlf: true,
				comments: true,
				eventLines: true,
				multiDataLines: true,
				idRetryLines: true,
				done: true,
				chunkSize: 1,
				unknownEvents: true,
			},
		],
	];
	const INPUT = 'Grüße — naïve café 日本語 🎉';

	test.each(FRAMINGS)('%s', async (_name, fault) => {
		const plain = await vapi.run({ parameters: sendMessage({ input: INPUT, simplify: false }) });
		vapi.sim.addFault({ fault });
		const framed = await vapi.run({ parameters: sendMessage({ input: INPUT, simplify: false }) });

		expect(framed.error).toBeUndefined();
		const [first, second] = chatPosts(vapi.sim);
		expect(second.fault).toEqual(fault);
		expect(framed.items[0].json.chatId).toBe(second.chatId);
		expect(framed.items[0].json.text).toBe(reply(INPUT));
		expect(withoutIds(framed.items[0].json)).toEqual(withoutIds(plain.items[0].json));
		expect(first.chatId).toBe(plain.items[0].json.chatId);
		expect(keyLeaks(framed)).toEqual([]);
	});

	test("Vapi's docs disagree: the native /chat stream shape ({id, path, delta} frames) is read too, its id the chat id", async () => {
		vapi.sim.addFault({ fault: { nativeStream: true } });
		// Simplify off: the output messages are in the item too.
		const run = await vapi.run({ parameters: sendMessage({ input: INPUT, simplify: false }) });

		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toEqual({
			chatId: chatPosts(vapi.sim)[0].chatId,
			text: reply(INPUT),
			status: 'completed',
			output: [
				{
					id: chatPosts(vapi.sim)[0].chatId,
					type: 'message',
					role: 'assistant',
					status: 'completed',
					content: [{ type: 'output_text', text: reply(INPUT), annotations: [] }],
				},
			],
		});
		expect(keyLeaks(run)).toEqual([]);
	});
});

describe('continue on fail', () => {
	test('mixed good and bad items: one output per input, paired, good ones intact, errors as items', async () => {
		vapi.sim.addFault({
			when: { inputIncludes: 'who is 404' },
			fault: {
				status: 404,
				body: { message: 'Assistant not found', error: 'Not Found', statusCode: 404 },
			},
		});
		vapi.sim.addFault({
			when: { inputIncludes: 'breaks mid-stream' },
			fault: {
				errorEvent: { afterFrames: 1, code: 'server_error', message: 'Upstream model crashed' },
			},
		});
		const questions = ['good one', '', 'who is 404', 'breaks mid-stream', 'good two'];
		const run = await vapi.run({
			parameters: sendMessage({ input: '={{ $json.question }}' }),
			items: questions.map((question) => ({ json: { question } })),
			continueOnFail: true,
		});

		expect(run.status).toBe('success');
		expect(run.items.map((item) => item.pairedItem)).toEqual(
			[0, 1, 2, 3, 4].map((item) => ({ item })),
		);
		expect(run.items.map((item) => item.json.error ?? item.json.text)).toEqual([
			reply('good one'),
			`Can't send item 2: "Message" (input) is empty; enter the message to send.`,
			'Assistant not found',
			'Upstream model crashed',
			reply('good two'),
		]);
		// An answer that broke after Vapi began it keeps its text instead of n8n's error object.
		expect(run.items.map((item) => item.error?.constructor.name)).toEqual([
			undefined,
			'NodeOperationError',
			'NodeApiError',
			undefined,
			undefined,
		]);
		expect(run.items[3].json.details).toEqual({ text: 'Support Bot ' });
		expect(run.items[1].error).toBeInstanceOf(NodeOperationError);
		expect(Object.keys(run.items[0].json)).toEqual(['chatId', 'text', 'status']);
		expect(Object.keys(run.items[4].json)).toEqual(['chatId', 'text', 'status']);
		const posts = chatPosts(vapi.sim);
		expect(posts.map((post) => [post.body.input, post.outcome]).sort()).toEqual(
			[
				['good one', 'ok'],
				['who is 404', 'fault'],
				['breaks mid-stream', 'fault'],
				['good two', 'ok'],
			].sort(),
		);
		expect(run.items[0].json.chatId).toBe(
			posts.find((post) => post.body.input === 'good one').chatId,
		);
		expect(keyLeaks(run)).toEqual([]);
	});
});

describe('the API key', () => {
	test('goes out as "Authorization: Bearer <key>" on every request, retries included', async () => {
		vapi.sim.addFault({ times: 2, fault: { status: 429, retryAfter: '0.05' } });
		const run = await vapi.run({
			parameters: sendMessage({ input: '={{ $json.question }}' }),
			items: ['a', 'b', 'c'].map((question) => ({ json: { question } })),
		});

		expect(run.status).toBe('success');
		const posts = chatPosts(vapi.sim);
		expect(posts).toHaveLength(5);
		expect(posts.map((post) => post.headers.authorization)).toEqual(
			Array(5).fill(`Bearer ${API_KEY}`),
		);
		expect(keyLeaks(run)).toEqual([]);
	});

	test('appears in no item, error, run data or log of a run with every kind of failure', async () => {
		vapi.sim.addFault({ when: { inputIncludes: '402' }, fault: { status: 402 } });
		vapi.sim.addFault({ when: { inputIncludes: '500' }, fault: { status: 500 } });
		vapi.sim.addFault({ when: { inputIncludes: 'html' }, fault: { html: true } });
		vapi.sim.addFault({ when: { inputIncludes: 'event' }, fault: { errorEvent: {} } });
		vapi.sim.addFault({ when: { inputIncludes: 'cut' }, fault: { truncateAfterFrames: 1 } });
		vapi.sim.addFault({ when: { inputIncludes: 'reset' }, fault: { resetAfterFrames: 1 } });
		vapi.sim.addFault({ when: { inputIncludes: 'garbage' }, fault: { garbage: true } });
		const questions = ['fine', '402', '500', 'html', 'event', 'cut', 'reset', 'garbage', ''];
		const run = await vapi.run({
			parameters: sendMessage({ input: '={{ $json.question }}' }),
			items: questions.map((question) => ({ json: { question } })),
			continueOnFail: true,
		});

		expect(run.items.map((item) => Boolean(item.json.error))).toEqual([
			false,
			true,
			true,
			true,
			true,
			true,
			true,
			true,
			true,
		]);
		expect(keyLeaks(run)).toEqual([]);
	});
});
