'use strict';

// The simulator's fault switches, latency options and the concurrency limit (429 + Retry-After).

const { startSimulator, SEED_IDS } = require('..');
const { apiClient, parseSse, rawRequest, waitFor } = require('./http');

const { bookingAgent } = SEED_IDS.assistants;
const REPLY = 'Booking Agent — You said: "hello".';
const BODY = { assistantId: bookingAgent, input: 'hello' };

let sim;
let call;

beforeAll(async () => {
	sim = await startSimulator();
	call = apiClient(sim);
});
afterEach(() => {
	expect(sim.internalErrors).toEqual([]);
	sim.setOptions({
		maxConcurrentChats: Infinity,
		latencyMs: 0,
		frameDelayMs: 0,
		retryAfterSeconds: 1,
	});
	sim.reset();
});
afterAll(() => sim.close());

const stream = () => rawRequest(sim, 'POST', '/chat/responses', BODY);
const withFault = (fault, when) => sim.addFault({ when, fault });
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
		expect(sim.requests[0].outcome).toBe('fault');
	});

	test('nativeStream answers /chat/responses with native /chat frames', async () => {
		withFault({ nativeStream: true });
		const frames = parseSse((await stream()).text).map((e) => e.data);
		const { chatId } = sim.requests[0];
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
		expect(sim.requests[0]).toMatchObject({
			status: 200,
			outcome: 'fault',
			fault: { errorEvent: { afterFrames: 2 } },
		});
		expect(sim.chats.has(sim.requests[0].chatId)).toBe(true);
	});

	test('truncateAfterFrames ends cleanly without completed', async () => {
		withFault({ truncateAfterFrames: 3 });
		const { text } = await stream();
		expect(types(text)).toEqual([
			'response.output_text.delta',
			'response.output_text.delta',
			'response.output_text.delta',
		]);
		expect(sim.requests[0].outcome).toBe('fault');
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
			fetch(`${sim.url}/chat/responses`, {
				method: 'POST',
				headers: { Authorization: 'Bearer sim-test-key', 'Content-Type': 'application/json' },
				body: JSON.stringify(BODY),
			}).then((r) => r.text()),
		).rejects.toThrow();
		expect(sim.requests.map((e) => [e.outcome, e.aborted])).toEqual([
			['fault', true],
			['fault', true],
		]);
	});

	test('resetAfterFrames on a non-stream request drops the connection after the chat was made', async () => {
		withFault({ resetAfterFrames: 0 });
		await expect(call('POST', '/chat/responses', { ...BODY, stream: false })).rejects.toThrow();
		expect(sim.chats.size).toBe(1);
	});

	test('stallAfterFrames with stallMs pauses, then finishes', async () => {
		withFault({ stallAfterFrames: 1, stallMs: 150 });
		const started = Date.now();
		const { text } = await stream();
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		expectCompleteReply(text);
	});

	test('a stall without stallMs lasts until the client gives up; the slot is freed', async () => {
		sim.setOptions({ maxConcurrentChats: 1 });
		withFault({ stallAfterFrames: 1 }, { inputIncludes: 'hello' });
		const controller = new AbortController();
		const pending = rawRequest(sim, 'POST', '/chat/responses', BODY, {
			signal: controller.signal,
		}).catch((e) => e.name);
		await waitFor(() => sim.requests[0]?.chatId !== undefined);
		expect(sim.inFlightChats).toBe(1);
		controller.abort();
		expect(await pending).toBe('AbortError');
		await waitFor(() => sim.inFlightChats === 0);
		expect(sim.requests[0]).toMatchObject({ outcome: 'fault', aborted: true });
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

describe('status and body switches', () => {
	test.each([
		[500, { message: 'Internal server error', error: 'Internal Server Error', statusCode: 500 }],
		[502, { message: 'Bad Gateway', error: 'Bad Gateway', statusCode: 502 }],
		[503, { message: 'Service Unavailable', error: 'Service Unavailable', statusCode: 503 }],
		[
			402,
			{
				message:
					'Your organization has no payment method. Add a card in the Vapi dashboard (Billing) to continue.',
				error: 'Payment Required',
				statusCode: 402,
			},
		],
		[404, { message: 'Not Found', error: 'Not Found', statusCode: 404 }],
		[429, { message: 'Rate limit exceeded', error: 'Too Many Requests', statusCode: 429 }],
	])('status %i answers a NestJS body and stores no chat', async (status, body) => {
		withFault({ status });
		const response = await call('POST', '/chat/responses', BODY);
		expect(response.status).toBe(status);
		expect(response.json).toEqual(body);
		expect(response.headers.get('retry-after')).toBe(null);
		expect(sim.chats.size).toBe(0);
		expect(sim.requests[0]).toMatchObject({ status, outcome: 'fault', fault: { status } });
	});

	test('429 carries retryAfter as given: seconds or an HTTP date', async () => {
		sim.addFault({ times: 1, fault: { status: 429, retryAfter: '7' } });
		sim.addFault({ times: 1, fault: { status: 429, retryAfter: 'Wed, 21 Oct 2037 07:28:00 GMT' } });
		expect((await call('POST', '/chat/responses', BODY)).headers.get('retry-after')).toBe(
			'Wed, 21 Oct 2037 07:28:00 GMT',
		);
		expect((await call('POST', '/chat/responses', BODY)).status).toBe(200);
		sim.addFault({ times: 1, fault: { status: 429, retryAfter: '7' } });
		expect((await call('POST', '/chat/responses', BODY)).headers.get('retry-after')).toBe('7');
	});

	test('a custom body and content type', async () => {
		withFault({ status: 500, body: 'upstream exploded', contentType: 'text/plain' });
		const response = await call('GET', '/chat');
		expect(response.headers.get('content-type')).toBe('text/plain');
		expect(response.text).toBe('upstream exploded');
		sim.clearFaults();
		withFault({
			status: 400,
			body: { message: ['a', 'b'], error: 'Bad Request', statusCode: 400 },
		});
		expect((await call('GET', '/chat')).json.message).toEqual(['a', 'b']);
	});

	test('html answers a proxy error page', async () => {
		withFault({ html: true });
		const response = await call('POST', '/chat/responses', BODY);
		expect(response.status).toBe(502);
		expect(response.headers.get('content-type')).toBe('text/html; charset=UTF-8');
		expect(response.text).toContain('<title>api.vapi.ai | 502: Bad gateway</title>');
		withFault({ html: true, status: 503 });
		expect((await call('GET', '/assistant')).text).toContain('503: Service unavailable');
	});

	test('afterCreate makes the chat but answers the error', async () => {
		withFault({ status: 500, afterCreate: true });
		expect((await call('POST', '/chat/responses', BODY)).status).toBe(500);
		expect(sim.chats.size).toBe(1);
		expect([...sim.chats.values()][0].id).toBe(sim.requests[0].chatId);
	});

	test('chunkSize also splits whole JSON bodies', async () => {
		withFault({ chunkSize: 5 });
		const { chunks, text } = await rawRequest(sim, 'GET', '/assistant?limit=1');
		expect(chunks.length).toBeGreaterThan(20);
		expect(JSON.parse(text)[0].name).toBe('Support Bot');
	});
});

describe('choosing requests', () => {
	test('inputIncludes, times and remove', async () => {
		const handle = sim.addFault({ when: { inputIncludes: 'item 2' }, fault: { status: 500 } });
		const statuses = async () => {
			const results = [];
			for (const input of ['item 1', 'item 2', 'item 3'])
				results.push(
					(
						await call('POST', '/chat/responses', {
							assistantId: bookingAgent,
							input,
							stream: false,
						})
					).status,
				);
			return results;
		};
		expect(await statuses()).toEqual([201, 500, 201]);
		expect(handle.hits).toBe(1);
		handle.remove();
		expect(await statuses()).toEqual([201, 201, 201]);
		sim.addFault({ times: 2, fault: { status: 503 } });
		expect(await statuses()).toEqual([503, 503, 201]);
	});

	test('method, path (exact or prefix*) and predicate functions', async () => {
		sim.addFault({ when: { method: 'get', path: '/chat/*' }, fault: { status: 502 } });
		sim.addFault({ when: (req) => req.query.limit === '2', fault: { status: 503 } });
		expect((await call('GET', '/chat/abc')).status).toBe(502);
		expect((await call('GET', '/chat')).status).toBe(200);
		expect((await call('GET', '/assistant?limit=2')).status).toBe(503);
		expect((await call('GET', '/assistant?limit=3')).status).toBe(200);
	});

	test('several matching rules merge, later ones winning', async () => {
		sim.addFault({ fault: { status: 500, retryAfter: '3' } });
		sim.addFault({ when: { path: '/squad' }, fault: { status: 503 } });
		const response = await call('GET', '/squad');
		expect([response.status, response.headers.get('retry-after')]).toEqual([503, '3']);
		expect(sim.requests[0].faultIds).toHaveLength(2);
	});

	test('addFault rejects unknown switches and when keys', () => {
		expect(() => sim.addFault({ fault: { stall: 1 } })).toThrow('unknown fault switch: stall');
		expect(() => sim.addFault({ when: { url: '/x' }, fault: {} })).toThrow('unknown when key: url');
	});
});

describe('latency and concurrency', () => {
	test('latencyMs (option and fault) delays the first byte; frameDelayMs spaces frames', async () => {
		sim.setOptions({ latencyMs: 60 });
		withFault({ latencyMs: 40 });
		let started = Date.now();
		await call('GET', '/assistant?limit=1');
		expect(Date.now() - started).toBeGreaterThanOrEqual(95);
		sim.clearFaults();
		sim.setOptions({ latencyMs: 0, frameDelayMs: 20 });
		started = Date.now();
		const { text } = await stream();
		expect(Date.now() - started).toBeGreaterThanOrEqual((parseSse(text).length - 1) * 20 - 5);
	});

	test('beyond maxConcurrentChats chat requests get 429 with Retry-After and are not stored', async () => {
		sim.setOptions({ maxConcurrentChats: 2, latencyMs: 250, retryAfterSeconds: 2 });
		const responses = await Promise.all(
			Array.from({ length: 5 }, (_, i) =>
				call('POST', '/chat/responses', {
					assistantId: bookingAgent,
					input: `item ${i}`,
					stream: false,
				}),
			),
		);
		const limited = responses.filter((r) => r.status === 429);
		expect(responses.filter((r) => r.status === 201)).toHaveLength(2);
		expect(limited).toHaveLength(3);
		for (const response of limited) {
			expect(response.json).toEqual({
				message: 'Rate limit exceeded',
				error: 'Too Many Requests',
				statusCode: 429,
			});
			expect(response.headers.get('retry-after')).toBe('2');
		}
		expect(sim.chats.size).toBe(2);
		expect(sim.requests.map((e) => e.outcome).sort()).toEqual([
			'ok',
			'ok',
			'rateLimited',
			'rateLimited',
			'rateLimited',
		]);
		expect(
			sim.requests.filter((e) => e.outcome === 'rateLimited').every((e) => e.chatId === undefined),
		).toBe(true);
		// Lists are not chat creation and are never limited.
		expect((await call('GET', '/chat')).status).toBe(200);
		expect(sim.inFlightChats).toBe(0);
	});
});
