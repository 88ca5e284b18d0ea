'use strict';

// Streams that go wrong: a reset mid-stream, a stall beyond the idle timeout, a
// truncation, an error event, garbage between frames — each a clear error for its own item while
// the other items of the same run succeed. Through n8n's real engine against the simulator.
const { sendMessage, reply, useSimulator, chatPosts, keyLeaks, seen } = require('./support');

const vapi = useSimulator();

const STREAM_BROKE =
	'Vapi had started to answer, so the chat may or may not exist (and be billed); it was not sent again, to avoid billing a second chat. Check Chats in the Vapi dashboard before you run this item again.';
const MAY_HAVE_CREATED =
	'The chat may or may not have been created (and billed): check Chats in the Vapi dashboard before sending it again.';

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
		names.forEach((name, index) => {
			const item = run.items[index + 1];
			expect({ name, json: item.json, error: seen(item.error) }).toEqual({
				name,
				json: { error: EXPECTED[name].message },
				error: { class: 'NodeApiError', ...EXPECTED[name] },
			});
		});
		// Nothing was sent twice.
		expect(
			chatPosts(vapi.sim)
				.map((post) => post.body.input)
				.sort(),
		).toEqual([...questions].sort());
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
