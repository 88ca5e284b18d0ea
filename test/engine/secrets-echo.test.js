'use strict';

// Issue 10, "Secrets": Vapi (or a proxy in front of it) writes the request's own bearer key back
// into its answer, in each of the simulator's echoKey modes (simulator/echo-key.js). The node masks
// it where Vapi's bytes become text, so the key is in nothing the run produces: output items,
// error items under continue-on-fail (in memory and as saved), the stopping error (message,
// description, stack, context, every own property), the chunks streamed to a live caller, and
// n8n's log lines (the harness initialises n8n-workflow's LoggerProxy with a recording logger:
// run.logs). keyLeaks (support.js) searches all of them, deeply. Each case also finds the echo,
// masked, where the user sees it: a test that could not see the echo could not fail.
const { ECHO_MODES } = require('../../simulator/echo-key');
const { SEED_IDS, sendMessage, useSimulator } = require('./support');
const { keyLeaks, liveText, nodeChunks, pickerList } = require('./support');

// Each SSE frame its own network read, so the live caller gets the deltas one by one.
const vapi = useSimulator({ frameDelayMs: 3 });

const MASKED = 'Bearer ***';
const ERROR_TEXT = {
	errorEvent: `Upstream provider refused the credentials "Authorization: ${MASKED}".`,
	failedEvent: `Upstream provider refused the credentials "Authorization: ${MASKED}".`,
	dataLine: `Vapi's stream carried data that is not JSON: "proxy error: upstream refused Authorization: ${MASKED}"`,
	errorBody: `Invalid Key: the request sent "Authorization: ${MASKED}".`,
};
const ANSWER_TEXT = `Support Bot — You said: "Hello". (echo: ${MASKED})`;

/**
 * The modes that echo in a Send Message with Stream on or off. `errorEvent` and `dataLine` exist
 * only in a stream; `jsonField` only in a whole JSON body (Stream off; records and pages below).
 */
const SEND_MESSAGE_MODES = {
	on: ['errorEvent', 'failedEvent', 'dataLine', 'errorBody', 'delta', 'splitDelta'],
	off: ['failedEvent', 'jsonField', 'errorBody', 'delta', 'splitDelta'],
};

test('every echoKey mode of the simulator is covered here', () => {
	const covered = new Set([...SEND_MESSAGE_MODES.on, ...SEND_MESSAGE_MODES.off]);
	expect([...covered].sort()).toEqual([...ECHO_MODES].sort());
});

/** The error the user reads: the error item's under continue-on-fail, else the stopping one. */
function userError(run, continueOnFail) {
	if (!continueOnFail) return run.error;
	expect(run.items).toHaveLength(1);
	const [item] = run.items;
	// An answer that failed after the 200 is { error, details } without the error object (n8n
	// would replace the json of an item carrying one): README, Limits and errors.
	if (item.error === undefined) {
		expect(Object.keys(item.json).sort()).toEqual(['details', 'error']);
		return { message: item.json.error };
	}
	expect(item.json.error).toBe(item.error.message);
	return item.error;
}

/** Where the masked echo must be seen, per mode. */
function expectEchoShownMasked(run, mode, { continueOnFail, simplify }) {
	if (ERROR_TEXT[mode]) {
		const error = userError(run, continueOnFail);
		expect(error.message).toBe(ERROR_TEXT[mode]);
		// A run that stops logs its error: the log line carries the masked echo.
		if (!continueOnFail) {
			expect(run.logs.some((record) => String(record.message).includes(MASKED))).toBe(true);
		}
		return;
	}
	expect(run.status).toBe('success');
	if (mode === 'jsonField') {
		expect(simplify).toBe(false);
		expect(run.items[0].json.response.debug).toEqual({ authorization: MASKED });
		return;
	}
	expect(run.items[0].json.text).toBe(ANSWER_TEXT);
}

describe.each([
	['on', true],
	['off', false],
])('Send Message, Stream %s', (streamName, stream) => {
	const cases = SEND_MESSAGE_MODES[streamName].flatMap((mode) =>
		[false, true].flatMap((continueOnFail) =>
			(stream ? [false, true] : [false]).map((liveCaller) => [mode, continueOnFail, liveCaller]),
		),
	);

	test.each(cases)(
		'echoKey %s (continue-on-fail %s, live caller %s): the key is in no item, error, chunk or log line; the echo shows masked',
		async (mode, continueOnFail, liveCaller) => {
			vapi.sim.addFault({ fault: { echoKey: mode } });
			const simplify = mode !== 'jsonField';
			const run = await vapi.run({
				parameters: sendMessage({ simplify, options: { stream } }),
				continueOnFail,
				...(liveCaller ? { onChunk: () => {} } : {}),
			});

			expect(vapi.sim.requests.map((request) => request.fault?.echoKey)).toEqual([mode]);
			expect(keyLeaks(run)).toEqual([]);
			expect(run.logs.length).toBeGreaterThan(0);
			expectEchoShownMasked(run, mode, { continueOnFail, simplify });
			if (liveCaller) {
				const chunks = nodeChunks(run);
				if (mode === 'errorBody') {
					// The HTTP error comes before any answer: nothing was streamed.
					expect(chunks.filter((chunk) => chunk.type !== 'error')).toEqual([]);
				} else if (ERROR_TEXT[mode]) {
					// The node's own error chunk (a stopping run adds n8n's, with the description).
					expect(chunks.find((chunk) => chunk.type === 'error').content).toBe(ERROR_TEXT[mode]);
				} else {
					expect(liveText(run)).toBe(run.items[0].json.text);
				}
			}
		},
	);
});

// A key cut across two network reads is proven in test/unit/maskedBody.test.js (here the client may
// join HTTP chunks that arrive together); across two deltas it is proven below.
describe('a key cut in pieces', () => {
	test('splitDelta: the live caller gets the text before the key at once, the key only as ***', async () => {
		vapi.sim.addFault({ fault: { echoKey: 'splitDelta' } });
		const run = await vapi.run({ parameters: sendMessage(), onChunk: () => {} });

		const items = nodeChunks(run).filter((chunk) => chunk.type === 'item');
		// The delta that ends with the first half of the key is forwarded without it…
		expect(items.map((chunk) => chunk.content)).toContain(' (echo: Bearer ');
		// …and the second delta completes it, masked.
		expect(items.at(-1).content).toBe('***)');
		expect(liveText(run)).toBe(ANSWER_TEXT);
		expect(keyLeaks(run)).toEqual([]);
	});

	test.each([
		['delta', 'on', 3],
		['splitDelta', 'on', 7],
		['errorEvent', 'on', 5],
		['dataLine', 'on', 4],
		['errorBody', 'on', 3],
		['failedEvent', 'off', 6],
		['delta', 'off', 5],
	])(
		'echoKey %s, Stream %s, the body in %i-byte HTTP chunks: the key is masked',
		async (mode, streamName, chunkSize) => {
			vapi.sim.addFault({ fault: { echoKey: mode, chunkSize } });
			const run = await vapi.run({
				parameters: sendMessage({ options: { stream: streamName === 'on' } }),
				continueOnFail: true,
				onChunk: () => {},
			});

			expect(keyLeaks(run)).toEqual([]);
			expectEchoShownMasked(run, mode, { continueOnFail: true, simplify: true });
		},
	);
});

describe('records, pages and pickers', () => {
	const chat = async () =>
		(await vapi.chat({ assistantId: SEED_IDS.assistants.supportBot, input: 'Hi' })).json;

	test.each([false, true])(
		'Chat → Get with the key in a field of the record (continue-on-fail %s): the item holds "Bearer ***"',
		async (continueOnFail) => {
			const { id } = await chat();
			vapi.sim.addFault({ when: { method: 'GET' }, fault: { echoKey: 'jsonField' } });
			const run = await vapi.run({
				parameters: { resource: 'chat', operation: 'get', chatId: id },
				continueOnFail,
			});

			expect(run.items[0].json.debug).toEqual({ authorization: MASKED });
			expect(keyLeaks(run)).toEqual([]);
		},
	);

	test.each([false, true])(
		'Chat → Get answered by an HTTP error echoing the key (continue-on-fail %s): the error says "Bearer ***"',
		async (continueOnFail) => {
			vapi.sim.addFault({ when: { method: 'GET' }, fault: { echoKey: 'errorBody', status: 404 } });
			const run = await vapi.run({
				parameters: { resource: 'chat', operation: 'get', chatId: 'chat-that-echoes' },
				continueOnFail,
			});

			expect(userError(run, continueOnFail).message).toBe(
				`Not Found: the request sent "Authorization: ${MASKED}".`,
			);
			expect(keyLeaks(run)).toEqual([]);
		},
	);

	test('Chat → Get Many answered by an HTTP error echoing the key, under continue-on-fail: the error item says "Bearer ***"', async () => {
		await chat();
		vapi.sim.addFault({ when: { method: 'GET' }, fault: { echoKey: 'errorBody', status: 401 } });
		const run = await vapi.run({
			parameters: { resource: 'chat', operation: 'getAll', returnAll: true },
			continueOnFail: true,
		});

		expect(userError(run, true).message).toBe(
			`Invalid Key: the request sent "Authorization: ${MASKED}".`,
		);
		expect(keyLeaks(run)).toEqual([]);
	});

	test('Session → Get Many answered by an HTTP error echoing the key: the error says "Bearer ***"', async () => {
		vapi.sim.addFault({ when: { method: 'GET' }, fault: { echoKey: 'errorBody', status: 400 } });
		const run = await vapi.run({
			parameters: { resource: 'session', operation: 'getAll', returnAll: true },
		});

		expect(run.error.message).toBe(`Request failed: the request sent "Authorization: ${MASKED}".`);
		expect(keyLeaks(run)).toEqual([]);
	});

	test('a picker answered by an HTTP error echoing the key: the error says "Bearer ***"', async () => {
		vapi.sim.addFault({ fault: { echoKey: 'errorBody', status: 403 } });
		const error = await pickerList(vapi.sim, 'searchAssistants').catch((thrown) => thrown);

		expect(error.message).toBe(`Request failed: the request sent "Authorization: ${MASKED}".`);
		expect(keyLeaks({ error })).toEqual([]);
	});
});
