'use strict';

// Streams that go wrong: a reset mid-stream, a stall beyond the idle timeout, a
// truncation, an error event, garbage between frames — each a clear error for its own item while
// the other items of the same run succeed. Through n8n's real engine against the simulator.
const { sendMessage, reply, useSimulator, MAY_HAVE_CREATED, STREAM_BROKE } = require('./support');
const { chatPosts, postedInputs, keyLeaks, seen } = require('./support');

const vapi = useSimulator();

const FAULTS = {
	'resets mid-stream': { resetAfterFrames: 2 },
	// Resumes after 10 s: only the idle timeout (0.3 s) can end the item before that.
	'stalls after a frame': { stallAfterFrames: 1, stallMs: 10000 },
	// Two deltas: "Support Bot — You said: " (24 characters).
	'is truncated': { truncateAfterFrames: 2 },
	'sends an error event': {
		errorEvent: {
			afterFrames: 1,
			code: 'rate_limit_exceeded',
			message: 'Model overloaded, retry later',
		},
	},
	'has garbage between frames': { garbage: true },
};

const EXPECTED = {
	'resets mid-stream': {
		message: 'The connection to Vapi broke while streaming the answer',
		description: `Connection error ECONNRESET. ${STREAM_BROKE}`,
		httpCode: null,
	},
	'stalls after a frame': {
		message: 'Vapi sent nothing for 0.3 seconds while streaming the answer',
		description: `${STREAM_BROKE} Raise "Stream Idle Timeout" in the options if long pauses are expected.`,
		httpCode: null,
	},
	'is truncated': {
		message: "Vapi's stream ended before the answer was complete (24 characters received)",
		description: STREAM_BROKE,
		httpCode: null,
	},
	'sends an error event': {
		message: 'Model overloaded, retry later',
		description: `Vapi stopped the streamed answer with an error (code rate_limit_exceeded). ${MAY_HAVE_CREATED}`,
		httpCode: '200',
	},
	'has garbage between frames': {
		message: 'Vapi\'s stream carried data that is not JSON: "{this is not json"',
		description: STREAM_BROKE,
		httpCode: null,
	},
};

/** The text each broken stream had delivered: its deltas before the break. */
const RECEIVED = {
	'resets mid-stream': 'Support Bot — You said: ',
	'stalls after a frame': 'Support Bot ',
	'is truncated': 'Support Bot — You said: ',
	'sends an error event': 'Support Bot ',
	'has garbage between frames': 'Support Bot ',
};

describe('each broken stream fails only its own item', () => {
	test('one run: good items succeed around every kind of broken stream', async () => {
		const names = Object.keys(FAULTS);
		for (const name of names) {
			vapi.sim.addFault({ when: { inputIncludes: `stream that ${name}` }, fault: FAULTS[name] });
		}
		const questions = [
			'first good one',
			...names.map((name) => `stream that ${name}`),
			'last good one',
		];
		const run = await vapi.run({
			parameters: sendMessage({ input: '={{ $json.question }}', options: { idleTimeout: 0.3 } }),
			items: questions.map((question) => ({ json: { question } })),
			continueOnFail: true,
		});

		// A correctness bound, not a speed target: the stall resumes only after 10 s.
		expect(run.durationMs).toBeLessThan(5000);
		expect(run.status).toBe('success');
		expect(run.items.map((item) => item.pairedItem)).toEqual(
			questions.map((_, item) => ({ item })),
		);
		expect(run.items[0].json.text).toBe(reply('first good one'));
		expect(run.items.at(-1).json.text).toBe(reply('last good one'));
		// Each error item keeps the text that had arrived (n8n keeps no error object on it then).
		names.forEach((name, index) => {
			const item = run.items[index + 1];
			expect({ name, json: item.json, error: item.error }).toEqual({
				name,
				json: { error: EXPECTED[name].message, details: { text: RECEIVED[name] } },
				error: undefined,
			});
		});
		// Nothing was sent twice.
		expect(postedInputs(vapi.sim)).toEqual([...questions].sort());
		expect(keyLeaks(run)).toEqual([]);
	});

	test.each(Object.keys(FAULTS))(
		'a stream that %s fails the node with that error when not continuing on fail',
		async (name) => {
			vapi.sim.addFault({ fault: FAULTS[name] });
			const run = await vapi.run({
				parameters: sendMessage({ input: 'Hello there', options: { idleTimeout: 0.3 } }),
			});

			expect(run.durationMs).toBeLessThan(5000);
			expect(run.status).toBe('error');
			expect(seen(run.error)).toEqual({ class: 'NodeApiError', ...EXPECTED[name] });
			expect(run.error.context.itemIndex).toBe(0);
			expect(chatPosts(vapi.sim)).toHaveLength(1);
			expect(keyLeaks(run)).toEqual([]);
		},
	);

	test('the idle timeout is per silence, not per answer: a slow but steady stream succeeds', async () => {
		vapi.sim.setOptions({ frameDelayMs: 150 });
		const run = await vapi.run({
			parameters: sendMessage({ input: 'slow and steady', options: { idleTimeout: 0.4 } }),
		});

		expect(run.error).toBeUndefined();
		expect(run.items[0].json.text).toBe(reply('slow and steady'));
		// The answer took longer than the timeout as a whole.
		const [post] = chatPosts(vapi.sim);
		expect(post.finishedAt - post.startedAt).toBeGreaterThan(400);
	});
});

describe('answers that finish but are not a complete text answer', () => {
	test.each([
		[
			'a final status incomplete',
			{ finalStatus: 'incomplete' },
			/status incomplete.*max_output_tokens/,
		],
		['a function call and no text', { functionCall: true }, /function_call.*lookup_order.*no text/],
	])('%s is an error in Vapi’s words, never an empty success', async (_name, fault, message) => {
		vapi.sim.addFault({ fault });
		const run = await vapi.run({ parameters: sendMessage({ input: 'Hello' }) });
		expect(run.error).toBeDefined();
		expect(run.error.message).toMatch(message);
		expect(run.error.message).not.toMatch(/ended before the answer was complete/);
		expect(keyLeaks(run)).toEqual([]);
	});
});

describe('partial is never success: the error keeps Vapi’s reason and the text that came', () => {
	const CASES = [
		{
			name: 'a final status incomplete after one delta',
			fault: { finalStatus: { status: 'incomplete', afterDeltas: 1 } },
			error: "Vapi's answer has status incomplete, not completed: max_output_tokens",
			details: { text: 'Support Bot ', status: 'incomplete' },
		},
		{
			name: 'a response.incomplete event with its reason',
			fault: {
				finalStatus: {
					status: 'incomplete',
					event: 'response.incomplete',
					error: 'content_filter',
					afterDeltas: 2,
				},
			},
			error: "Vapi's answer has status incomplete, not completed: content_filter",
			details: { text: 'Support Bot — You said: ', status: 'incomplete' },
		},
		{
			name: 'a final status in_progress',
			fault: { finalStatus: 'in_progress' },
			error: "Vapi's answer has status in_progress, not completed",
			details: { text: 'Support Bot — You said: ', status: 'in_progress' },
		},
		{
			name: 'a final status failed',
			fault: { finalStatus: { status: 'failed', error: 'The model is unavailable.' } },
			error: 'The model is unavailable.',
			details: { text: 'Support Bot — You said: ', status: 'failed' },
		},
		{
			name: 'a function call and no text',
			fault: { functionCall: { name: 'book_table' } },
			error: 'Vapi answered with a function_call (name book_table) and no text',
			details: { text: '', status: 'completed' },
		},
	];

	test.each(CASES)('$name, streamed: an error, and the error item keeps the text', async (c) => {
		vapi.sim.addFault({ times: 1, fault: c.fault });
		const stopped = await vapi.run({ parameters: sendMessage({ input: 'Hello' }) });
		expect(stopped.status).toBe('error');
		expect(stopped.error.message).toBe(c.error);
		expect(stopped.error.httpCode).toBe(c.details.status === 'failed' ? '200' : null);
		expect(keyLeaks(stopped)).toEqual([]);

		vapi.sim.addFault({ when: { inputIncludes: 'Hello' }, fault: c.fault });
		const items = [{ json: { question: 'first' } }, { json: { question: 'Hello' } }];
		const continued = await vapi.run({
			parameters: sendMessage({ input: '={{ $json.question }}' }),
			items,
			continueOnFail: true,
			onChunk: () => {},
		});
		expect(continued.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(continued.items[0].json.text).toBe(reply('first'));
		expect(continued.items[1].json).toEqual({
			error: c.error,
			details: { chatId: expect.any(String), ...c.details },
		});
		// The chat Vapi made is the one the error item names.
		const chat = await vapi.api('GET', `/chat/${continued.items[1].json.details.chatId}`);
		expect(chat.status).toBe(200);
		// The caller got exactly the partial text, then the error.
		const own = continued.chunks.filter(
			(chunk) => chunk.metadata?.nodeName === 'Vapi' && chunk.metadata.itemIndex === 1,
		);
		const text = own.filter((chunk) => chunk.type === 'item').map((chunk) => chunk.content);
		expect(text.join('')).toBe(c.details.text);
		expect(own.map((chunk) => chunk.type).filter((type) => type !== 'item')).toEqual([
			'begin',
			'error',
		]);
		expect(keyLeaks(continued)).toEqual([]);
	});

	test.each(CASES)('$name, as one JSON body (Stream off): the same error and text', async (c) => {
		vapi.sim.addFault({ fault: c.fault });
		const run = await vapi.run({
			parameters: sendMessage({ input: 'Hello', options: { stream: false } }),
			continueOnFail: true,
		});
		expect(chatPosts(vapi.sim)[0].body.stream).toBe(false);
		expect(run.items.map((item) => item.json)).toEqual([
			{ error: c.error, details: { chatId: expect.any(String), ...c.details } },
		]);
		expect(keyLeaks(run)).toEqual([]);
	});

	test('under "Continue (using error output)" the error item keeps its input’s fields and the text', async () => {
		vapi.sim.addFault({ when: { inputIncludes: 'cut' }, fault: { truncateAfterFrames: 2 } });
		const run = await vapi.run({
			parameters: sendMessage({ input: '={{ $json.question }}' }),
			items: [
				{ json: { customer: 'ada', question: 'a whole answer' } },
				{ json: { customer: 'bob', question: 'a cut answer' } },
			],
			onError: 'continueErrorOutput',
		});

		const [success, failure] = run.outputs;
		expect(success.map((item) => [item.pairedItem, item.json.text])).toEqual([
			[{ item: 0 }, reply('a whole answer')],
		]);
		expect(failure.map((item) => [item.pairedItem, item.json])).toEqual([
			[
				{ item: 1 },
				{
					customer: 'bob',
					question: 'a cut answer',
					error: "Vapi's stream ended before the answer was complete (24 characters received)",
					details: { text: 'Support Bot — You said: ' },
				},
			],
		]);
		expect(keyLeaks(run)).toEqual([]);
	});
});
