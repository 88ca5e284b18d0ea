'use strict';

// Finished means finished: Send Message outputs the answer when Vapi says it is complete (and
// closes the connection, whatever the server does next), bounds the whole answer by Answer
// Timeout, and tells SSE from JSON by the body, not by its Content-Type. Through n8n's real
// engine against the simulator.
const { sendMessage, reply, useSimulator, STREAM_BROKE } = require('./support');
const { chatPosts, keyLeaks, liveText, nodeChunks, seen, sleep } = require('./support');

const vapi = useSimulator();

const chunkTypes = (run) => [...new Set(nodeChunks(run).map((chunk) => chunk.type))];

/** The one chat request, once the simulator saw its connection close (at most ~2 s). */
async function closedPost() {
	for (let wait = 0; wait < 40 && chatPosts(vapi.sim)[0]?.finishedAt == null; wait++) {
		await sleep(50);
	}
	const [post] = chatPosts(vapi.sim);
	return { closed: post.finishedAt !== null, beforeTheEnd: post.aborted === true };
}

/**
 * The item came, well before the idle timeout (30 s: only the completed answer ends this read),
 * with the live chunks joined equal to its text and nothing after it.
 */
function expectTheAnswerOnTime(run) {
	expect(run.error).toBeUndefined();
	expect(run.items.map((item) => item.json.text)).toEqual([reply('Hello')]);
	expect(run.durationMs).toBeLessThan(5000);
	expect(liveText(run)).toBe(run.items[0].json.text);
	expect(chunkTypes(run)).toEqual(['begin', 'item', 'end']);
	expect(keyLeaks(run)).toEqual([]);
}

describe('an answer is complete when response.completed arrives, even if the connection stays open', () => {
	test.each([
		['sends keep-alive comments', { keepOpen: { pingMs: 30 } }],
		['sends one more delta, then keep-alives', { keepOpen: { lateDelta: ' LATE', pingMs: 30 } }],
	])(
		'a server that %s after the answer: the item comes, the connection is closed',
		async (_name, fault) => {
			vapi.sim.addFault({ fault });
			const run = await vapi.run({
				parameters: sendMessage({ input: 'Hello', options: { idleTimeout: 30 } }),
				onChunk: () => {},
			});

			expectTheAnswerOnTime(run);
			expect(await closedPost()).toEqual({ closed: true, beforeTheEnd: true });
		},
	);

	test('a server that stays silent after the answer: the item comes all the same', async () => {
		// The connection closes only at the server's next byte or its end: n8n-core hands the node
		// the body wrapped in Readable.from(generator), whose destroy waits for the pending read,
		// and sets the request's abort signal to the execution's own (README, Limits and errors).
		vapi.sim.addFault({ fault: { keepOpen: true } });
		const run = await vapi.run({
			parameters: sendMessage({ input: 'Hello', options: { idleTimeout: 30 } }),
			onChunk: () => {},
		});

		expectTheAnswerOnTime(run);
	});

	test('a native /chat stream kept open after [DONE] is complete at [DONE]', async () => {
		vapi.sim.addFault({ fault: { nativeStream: true, done: true, keepOpen: { pingMs: 30 } } });
		const run = await vapi.run({
			parameters: sendMessage({ input: 'Native please', options: { idleTimeout: 30 } }),
			onChunk: () => {},
		});

		expect(run.error).toBeUndefined();
		expect(run.items[0].json.text).toBe(reply('Native please'));
		expect(await closedPost()).toEqual({ closed: true, beforeTheEnd: true });
		expect(liveText(run)).toBe(run.items[0].json.text);
		expect(keyLeaks(run)).toEqual([]);
	});
});

describe('a stream of keep-alive comments only is bounded by Answer Timeout', () => {
	test('only keep-alives for longer than Answer Timeout: the item fails, saying the chat may exist', async () => {
		vapi.sim.addFault({ fault: { pings: { everyMs: 50 } } });
		const run = await vapi.run({
			parameters: sendMessage({ input: 'Hello', options: { answerTimeout: 0.5 } }),
			onChunk: () => {},
		});

		expect(run.status).toBe('error');
		expect(seen(run.error)).toEqual({
			class: 'NodeApiError',
			message: "Vapi's answer did not finish within 0.5 seconds",
			description: `${STREAM_BROKE} Raise "Answer Timeout" in the options if answers can take longer (e.g. long tool calls).`,
			httpCode: null,
		});
		expect(run.error.context.itemIndex).toBe(0);
		// The keep-alives reset the idle timeout (60 s): only the bound ended the item.
		expect(run.durationMs).toBeLessThan(5000);
		expect(await closedPost()).toEqual({ closed: true, beforeTheEnd: true });
		expect(chatPosts(vapi.sim)).toHaveLength(1);
		// (n8n adds an error chunk of its own after the node's, with the description.)
		expect(
			nodeChunks(run)
				.map((chunk) => [chunk.type, chunk.content])
				.slice(0, 2),
		).toEqual([
			['begin', undefined],
			['error', "Vapi's answer did not finish within 0.5 seconds"],
		]);
		expect(keyLeaks(run)).toEqual([]);
	});

	test('silence longer than Answer Timeout fails by the bound too, also when the idle timeout is longer', async () => {
		vapi.sim.addFault({ fault: { stallAfterFrames: 1, stallMs: 10000 } });
		const run = await vapi.run({
			parameters: sendMessage({ options: { answerTimeout: 0.5, idleTimeout: 30 } }),
			continueOnFail: true,
		});

		expect(run.durationMs).toBeLessThan(5000);
		expect(run.items[0].json.error).toBe("Vapi's answer did not finish within 0.5 seconds");
		expect(keyLeaks(run)).toEqual([]);
	});

	test('keep-alives for a while, then the answer: a success (the idle timeout is per silence)', async () => {
		vapi.sim.addFault({ fault: { pings: { everyMs: 50, forMs: 600 } } });
		const run = await vapi.run({
			parameters: sendMessage({
				input: 'After a long tool call',
				options: { idleTimeout: 0.3, answerTimeout: 10 },
			}),
		});

		expect(run.error).toBeUndefined();
		expect(run.items[0].json.text).toBe(reply('After a long tool call'));
		const [post] = chatPosts(vapi.sim);
		expect(post.finishedAt - post.startedAt).toBeGreaterThan(600);
		expect(keyLeaks(run)).toEqual([]);
	});
});

test('an Answer Timeout that is no positive number (an empty expression, 0) is the default', async () => {
	// Frames 30 ms apart: a bound of 0 would fail the item at the second one.
	vapi.sim.setOptions({ frameDelayMs: 30 });
	const run = await vapi.run({
		parameters: sendMessage({ input: 'Hello', options: { answerTimeout: 0, idleTimeout: '' } }),
	});

	expect(run.error).toBeUndefined();
	expect(run.items[0].json.text).toBe(reply('Hello'));
	expect(keyLeaks(run)).toEqual([]);
});

describe("Vapi's docs disagree (the spec labels the stream application/json): SSE or JSON is decided from the body, not from Content-Type", () => {
	test.each([
		['labelled application/json (as in Vapi’s spec)', 'application/json'],
		['without a Content-Type', null],
		['labelled in upper case', 'TEXT/EVENT-STREAM; charset=UTF-8'],
		['labelled text/plain', 'text/plain'],
	])('an SSE stream %s is read as a stream, live', async (_name, contentType) => {
		// Kept open: read as one whole body, it would never end.
		vapi.sim.addFault({ fault: { contentType, keepOpen: true } });
		const run = await vapi.run({
			parameters: sendMessage({ input: 'Which label?', options: { idleTimeout: 30 } }),
			onChunk: () => {},
		});

		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.json)).toEqual([
			{ chatId: expect.any(String), text: reply('Which label?'), status: 'completed' },
		]);
		expect(run.durationMs).toBeLessThan(5000);
		expect(liveText(run)).toBe(reply('Which label?'));
		expect(keyLeaks(run)).toEqual([]);
	});

	test('a JSON answer labelled text/event-stream is read as JSON', async () => {
		vapi.sim.addFault({ fault: { contentType: 'text/event-stream' } });
		const labelled = await vapi.run({
			parameters: sendMessage({ input: 'JSON in disguise', options: { stream: false } }),
		});
		const plain = await vapi.run({
			parameters: sendMessage({ input: 'JSON in disguise', options: { stream: false } }),
		});

		expect(chatPosts(vapi.sim).map((post) => post.body.stream)).toEqual([false, false]);
		expect(labelled.error).toBeUndefined();
		expect(labelled.items[0].json.text).toBe(reply('JSON in disguise'));
		expect(Object.keys(labelled.items[0].json)).toEqual(Object.keys(plain.items[0].json));
		expect(keyLeaks(labelled)).toEqual([]);
	});

	test('with Stream off nothing is forwarded to the caller (the option applies to streamed answers)', async () => {
		const run = await vapi.run({
			parameters: sendMessage({ input: 'Not streamed', options: { stream: false } }),
			onChunk: () => {},
		});

		expect(run.items[0].json.text).toBe(reply('Not streamed'));
		expect(nodeChunks(run)).toEqual([]);
		expect(keyLeaks(run)).toEqual([]);
	});
});
