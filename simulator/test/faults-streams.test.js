'use strict';

// The simulator's stream faults: how a streamed answer is framed (chunks, line ends, comments,
// event lines, …) and how it ends (error events, truncation, resets, stalls).

const { SEED_IDS } = require('..');
const { parseSse, rawRequest, waitFor } = require('./http');
const { BODY, REPLY, useFaultSuite } = require('./fault-suite');

const { bookingAgent } = SEED_IDS.assistants;

const vapi = useFaultSuite();
const { api: call, stream, withFault } = vapi;
const types = (text) => parseSse(text).map((e) => e.data.type ?? e.data);
const NORMAL_END = ['response.output_text.done', 'response.completed'];

function expectCompleteReply(text) {
	const events = parseSse(text).map((e) => e.data);
	expect(
		events
			.filter((e) => e.type === 'response.output_text.delta')
			.map((e) => e.delta)
			.join(''),
	).toBe(REPLY);
	expect(
		events.find((e) => e.type === 'response.completed').response.output[0].content[0].text,
	).toBe(REPLY);
}

describe('framing switches', () => {
	test('chunkSize writes n-byte pieces, cutting through UTF-8 characters', async () => {
		withFault({ chunkSize: 1 });
		const { chunks, text } = await stream();
		expect(chunks.every((c) => c.length === 1)).toBe(true);
		expect(chunks.some((c) => c[0] === 0xe2)).toBe(true); // first byte of the em dash, alone
		expectCompleteReply(text);
		withFault({ chunkSize: 7 });
		const seven = await stream();
		expect(seven.chunks.slice(0, -1).every((c) => c.length === 7)).toBe(true);
		expectCompleteReply(seven.text);
	});

	test('crlf ends every line with \\r\\n', async () => {
		withFault({ crlf: true });
		const { text } = await stream();
		expect(text).toMatch(/^data: .*\r\n\r\n/);
		expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
		expectCompleteReply(text);
	});

	test('comments add ": keep-alive" lines', async () => {
		withFault({ comments: true });
		const { text } = await stream();
		expect(text.startsWith(': keep-alive\n\ndata: ')).toBe(true);
		expect(text.split(': keep-alive\n\n').length - 1).toBe(parseSse(text).length + 1);
		expectCompleteReply(text);
	});

	test('eventLines put "event: <type>" before each data line', async () => {
		withFault({ eventLines: true });
		const { text } = await stream();
		const events = parseSse(text);
		for (const event of events) expect(event.event).toBe(event.data.type);
		expect(text).toMatch(/^event: response\.output_text\.delta\ndata: \{/);
	});

	test('multiDataLines spread pretty JSON over several data: lines', async () => {
		withFault({ multiDataLines: true });
		const { text } = await stream();
		expect(text.startsWith('data: {\ndata:   "type": "response.output_text.delta",\n')).toBe(true);
		expectCompleteReply(text);
	});

	test('idRetryLines add id: and retry: lines', async () => {
		withFault({ idRetryLines: true });
		const { text } = await stream();
		expect(text.startsWith('id: 1\nretry: 3000\ndata: ')).toBe(true);
		expect(parseSse(text).map((e) => e.id)).toEqual(parseSse(text).map((_, i) => String(i + 1)));
	});

	test('done ends the stream with data: [DONE]', async () => {
		withFault({ done: true });
		const { text } = await stream();
		expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
		expect(types(text).slice(-3)).toEqual([...NORMAL_END, '[DONE]']);
	});

	test('unknownEvents interleave events of types the client does not know', async () => {
		withFault({ unknownEvents: true });
		const { text } = await stream();
		const all = types(text);
		expect(all[0]).toBe('response.created');
		expect(all).toContain('response.simulator.heartbeat');
		expect(all.filter((type) => !type.startsWith('response.simulator.')).slice(-2)).toEqual(
			NORMAL_END,
		);
		expectCompleteReply(text);
	});

	test('garbage puts a non-JSON data line between frames', async () => {
		withFault({ garbage: true });
		const { text } = await stream();
		expect(types(text)[1]).toBe('{this is not json');
		expect(vapi.sim.requests[0].outcome).toBe('fault');
	});

	test('nativeStream answers /chat/responses with native /chat frames', async () => {
		withFault({ nativeStream: true });
		const frames = parseSse((await stream()).text).map((e) => e.data);
		const { chatId } = vapi.sim.requests[0];
		for (const frame of frames)
			expect(frame).toEqual({
				id: chatId,
				path: 'chat.output[0].content',
				delta: expect.any(String),
			});
		expect(frames.map((f) => f.delta).join('')).toBe(REPLY);
	});

	test('switches combine', async () => {
		withFault({
			chunkSize: 3,
			crlf: true,
			eventLines: true,
			comments: true,
			multiDataLines: true,
			idRetryLines: true,
			done: true,
		});
		const { text, chunks } = await stream();
		expect(chunks.length).toBeGreaterThan(100);
		expectCompleteReply(text);
		expect(types(text).at(-1)).toBe('[DONE]');
	});
});

describe('endings', () => {
	test('errorEvent sends an error event after n frames and ends; the chat exists', async () => {
		withFault({
			errorEvent: { afterFrames: 2, code: 'model_overloaded', message: 'The model is overloaded.' },
		});
		const events = parseSse((await stream()).text).map((e) => e.data);
		expect(events.map((e) => e.type)).toEqual([
			'response.output_text.delta',
			'response.output_text.delta',
			'error',
		]);
		expect(events[2]).toEqual({
			type: 'error',
			code: 'model_overloaded',
			message: 'The model is overloaded.',
			param: null,
			sequence_number: 2,
		});
		expect(vapi.sim.requests[0]).toMatchObject({
			status: 200,
			outcome: 'fault',
			fault: { errorEvent: { afterFrames: 2 } },
		});
		expect(vapi.sim.chats.has(vapi.sim.requests[0].chatId)).toBe(true);
	});

	test('truncateAfterFrames ends cleanly without completed', async () => {
		withFault({ truncateAfterFrames: 3 });
		const { text } = await stream();
		expect(types(text)).toEqual([
			'response.output_text.delta',
			'response.output_text.delta',
			'response.output_text.delta',
		]);
		expect(vapi.sim.requests[0].outcome).toBe('fault');
	});

	test('resetAfterFrames destroys the socket mid-stream', async () => {
		withFault({ resetAfterFrames: 2 });
		const error = await stream().catch((e) => e);
		expect(error.message).toMatch(/^(aborted|response cut off)$/);
		expect(types(Buffer.concat(error.chunks ?? []).toString())).toEqual([
			'response.output_text.delta',
			'response.output_text.delta',
		]);
		await expect(
			fetch(`${vapi.sim.url}/chat/responses`, {
				method: 'POST',
				headers: { Authorization: 'Bearer sim-test-key', 'Content-Type': 'application/json' },
				body: JSON.stringify(BODY),
			}).then((r) => r.text()),
		).rejects.toThrow();
		expect(vapi.sim.requests.map((e) => [e.outcome, e.aborted])).toEqual([
			['fault', true],
			['fault', true],
		]);
	});

	test('resetAfterFrames on a non-stream request drops the connection after the chat was made', async () => {
		withFault({ resetAfterFrames: 0 });
		await expect(call('POST', '/chat/responses', { ...BODY, stream: false })).rejects.toThrow();
		expect(vapi.sim.chats.size).toBe(1);
	});

	test('stallAfterFrames with stallMs pauses, then finishes', async () => {
		withFault({ stallAfterFrames: 1, stallMs: 150 });
		const started = Date.now();
		const { text } = await stream();
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		expectCompleteReply(text);
	});

	test('a stall without stallMs lasts until the client gives up; the slot is freed', async () => {
		vapi.sim.setOptions({ maxConcurrentChats: 1 });
		withFault({ stallAfterFrames: 1 }, { inputIncludes: 'hello' });
		const controller = new AbortController();
		const pending = rawRequest(vapi.sim, 'POST', '/chat/responses', BODY, {
			signal: controller.signal,
		}).catch((e) => e.name);
		await waitFor(() => vapi.sim.requests[0]?.chatId !== undefined);
		expect(vapi.sim.inFlightChats).toBe(1);
		controller.abort();
		expect(await pending).toBe('AbortError');
		await waitFor(() => vapi.sim.inFlightChats === 0);
		expect(vapi.sim.requests[0]).toMatchObject({ outcome: 'fault', aborted: true });
		expect(
			(
				await call('POST', '/chat/responses', {
					assistantId: bookingAgent,
					input: 'next',
					stream: false,
				})
			).status,
		).toBe(201);
	});
});
