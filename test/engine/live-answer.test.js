// When the execution streams its response (Chat Trigger / Webhook in Streaming mode), Send
// Message forwards Vapi's text deltas as they arrive and still outputs the one aggregated item.
const { secretsIn, persisted } = require('../harness');
const { parseSse } = require('../../simulator/test/http');
const { ASSISTANT, nodeChunks, sendMessage, useSimulator } = require('./support');

const FRAME_DELAY_MS = 40;

const vapi = useSimulator({ frameDelayMs: FRAME_DELAY_MS });
let sim;
beforeAll(() => {
	sim = vapi.sim;
});

const textOf = (chunks) =>
	chunks
		.filter((chunk) => chunk.type === 'item')
		.map((chunk) => chunk.content)
		.join('');

test('forwards each delta in order between begin and end, and still outputs the whole answer', async () => {
	const run = await vapi.runLatest({
		parameters: sendMessage({ input: 'Tell me about opening hours' }),
		onChunk: () => {},
	});
	expect(run.status).toBe('success');
	const chunks = nodeChunks(run);
	const types = chunks.map((chunk) => chunk.type);
	expect(types[0]).toBe('begin');
	expect(types[types.length - 1]).toBe('end');
	expect(types.slice(1, -1).every((type) => type === 'item')).toBe(true);
	expect(types.length).toBeGreaterThan(3);
	expect(chunks.every((chunk) => chunk.metadata.itemIndex === 0)).toBe(true);
	expect(textOf(chunks)).toBe(run.items[0].json.text);
	expect(run.items[0].json.text).toContain('You said: "Tell me about opening hours"');
});

test('the first text chunk reaches the caller before Vapi has finished the stream', async () => {
	const run = await vapi.runLatest({
		parameters: sendMessage({ input: 'Is the shop open on Sunday?' }),
		onChunk: () => {},
	});
	const request = sim.requests.find((entry) => entry.path === '/chat/responses');
	const firstItemIndex = run.chunks.findIndex((chunk) => chunk.type === 'item');
	const firstItemAt = run.chunkTimings[firstItemIndex];
	// The simulator pauses FRAME_DELAY_MS between frames, so a stream of several frames ends well
	// after its first delta: a chunk sent only after aggregation would come after finishedAt.
	expect(firstItemAt).toBeLessThan(request.finishedAt);
});

test('each input item streams its own begin…end with its item index', async () => {
	const run = await vapi.runLatest({
		items: [{ json: { question: 'first' } }, { json: { question: 'second' } }],
		parameters: sendMessage({ input: '={{ $json.question }}' }),
		onChunk: () => {},
	});
	expect(run.items.map((item) => item.json.text)).toEqual([
		expect.stringContaining('You said: "first"'),
		expect.stringContaining('You said: "second"'),
	]);
	for (const itemIndex of [0, 1]) {
		const own = nodeChunks(run).filter((chunk) => chunk.metadata.itemIndex === itemIndex);
		expect(own[0].type).toBe('begin');
		expect(own[own.length - 1].type).toBe('end');
		expect(textOf(own)).toBe(run.items[itemIndex].json.text);
	}
});

test('the "Stream Answer to Caller" option off sends no chunk from this node', async () => {
	const run = await vapi.runLatest({
		parameters: sendMessage({ input: 'Quiet please', options: { forwardStream: false } }),
		onChunk: () => {},
	});
	expect(run.status).toBe('success');
	expect(nodeChunks(run)).toEqual([]);
	expect(run.items[0].json.text).toContain('You said: "Quiet please"');
});

test('when the execution does not stream, nothing is forwarded and the item is the same', async () => {
	const run = await vapi.runLatest({
		parameters: sendMessage({ input: 'No streaming here' }),
	});
	expect(run.status).toBe('success');
	expect(run.chunks).toEqual([]);
	expect(run.items[0].json.text).toContain('You said: "No streaming here"');
});

test('an error mid-stream sends an error chunk, then fails like Send Message without streaming', async () => {
	sim.addFault({
		when: { inputIncludes: 'break' },
		fault: { errorEvent: { afterFrames: 2, code: 'model_error', message: 'The model crashed' } },
	});
	const run = await vapi.runLatest({
		parameters: sendMessage({ input: 'please break' }),
		onChunk: () => {},
	});
	expect(run.status).toBe('error');
	expect(run.error.message).toBe('The model crashed');
	const chunks = nodeChunks(run);
	expect(chunks[0].type).toBe('begin');
	const errorChunk = chunks.find((chunk) => chunk.type === 'error');
	expect(errorChunk.content).toBe('The model crashed');
	expect(chunks.some((chunk) => chunk.type === 'end')).toBe(false);
	expect(secretsIn(persisted(run.chunks), sim.apiKey)).toEqual([]);
});

test('text that arrives in the same network read as an error event still reaches the caller', async () => {
	// No frame delay: the two deltas and the error event come in one read.
	sim.setOptions({ frameDelayMs: 0 });
	const fault = {
		errorEvent: { afterFrames: 2, code: 'model_error', message: 'The model crashed' },
	};
	sim.addFault({ when: { inputIncludes: 'break' }, fault });
	const raw = await vapi.api('POST', '/chat/responses', {
		assistantId: ASSISTANT,
		input: 'please break',
	});
	const sentBeforeError = parseSse(raw.text)
		.filter((event) => event.data?.type === 'response.output_text.delta')
		.map((event) => event.data.delta)
		.join('');
	expect(sentBeforeError.length).toBeGreaterThan(0);

	const run = await vapi.runLatest({
		parameters: sendMessage({ input: 'please break' }),
		onChunk: () => {},
	});
	sim.setOptions({ frameDelayMs: FRAME_DELAY_MS });
	const chunks = nodeChunks(run);
	expect(textOf(chunks)).toBe(sentBeforeError);
	expect(chunks.map((chunk) => chunk.type).slice(-1)).toEqual(['error']);
});
