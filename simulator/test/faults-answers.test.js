'use strict';

// The simulator's answer faults: error statuses and bodies, which requests a rule hits, latency
// options and the concurrency limit (429 + Retry-After).

const { SEED_IDS } = require('..');
const { parseSse, rawRequest } = require('./http');
const { BODY, useFaultSuite } = require('./fault-suite');

const { bookingAgent } = SEED_IDS.assistants;

const vapi = useFaultSuite();
const { api: call, stream, withFault } = vapi;

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
		expect(vapi.sim.chats.size).toBe(0);
		expect(vapi.sim.requests[0]).toMatchObject({ status, outcome: 'fault', fault: { status } });
	});

	test('429 carries retryAfter as given: seconds or an HTTP date', async () => {
		vapi.sim.addFault({ times: 1, fault: { status: 429, retryAfter: '7' } });
		vapi.sim.addFault({
			times: 1,
			fault: { status: 429, retryAfter: 'Wed, 21 Oct 2037 07:28:00 GMT' },
		});
		expect((await call('POST', '/chat/responses', BODY)).headers.get('retry-after')).toBe(
			'Wed, 21 Oct 2037 07:28:00 GMT',
		);
		expect((await call('POST', '/chat/responses', BODY)).status).toBe(200);
		vapi.sim.addFault({ times: 1, fault: { status: 429, retryAfter: '7' } });
		expect((await call('POST', '/chat/responses', BODY)).headers.get('retry-after')).toBe('7');
	});

	test('a custom body and content type', async () => {
		withFault({ status: 500, body: 'upstream exploded', contentType: 'text/plain' });
		const response = await call('GET', '/chat');
		expect(response.headers.get('content-type')).toBe('text/plain');
		expect(response.text).toBe('upstream exploded');
		vapi.sim.clearFaults();
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
		expect(vapi.sim.chats.size).toBe(1);
		expect([...vapi.sim.chats.values()][0].id).toBe(vapi.sim.requests[0].chatId);
	});

	test('chunkSize also splits whole JSON bodies', async () => {
		withFault({ chunkSize: 5 });
		const { chunks, text } = await rawRequest(vapi.sim, 'GET', '/assistant?limit=1');
		expect(chunks.length).toBeGreaterThan(20);
		expect(JSON.parse(text)[0].name).toBe('Support Bot');
	});
});

describe('choosing requests', () => {
	test('inputIncludes, times and remove', async () => {
		const handle = vapi.sim.addFault({ when: { inputIncludes: 'item 2' }, fault: { status: 500 } });
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
		vapi.sim.addFault({ times: 2, fault: { status: 503 } });
		expect(await statuses()).toEqual([503, 503, 201]);
	});

	test('method, path (exact or prefix*) and predicate functions', async () => {
		vapi.sim.addFault({ when: { method: 'get', path: '/chat/*' }, fault: { status: 502 } });
		vapi.sim.addFault({ when: (req) => req.query.limit === '2', fault: { status: 503 } });
		expect((await call('GET', '/chat/abc')).status).toBe(502);
		expect((await call('GET', '/chat')).status).toBe(200);
		expect((await call('GET', '/assistant?limit=2')).status).toBe(503);
		expect((await call('GET', '/assistant?limit=3')).status).toBe(200);
	});

	test('several matching rules merge, later ones winning', async () => {
		vapi.sim.addFault({ fault: { status: 500, retryAfter: '3' } });
		vapi.sim.addFault({ when: { path: '/squad' }, fault: { status: 503 } });
		const response = await call('GET', '/squad');
		expect([response.status, response.headers.get('retry-after')]).toEqual([503, '3']);
		expect(vapi.sim.requests[0].faultIds).toHaveLength(2);
	});

	test('addFault rejects unknown switches and when keys', () => {
		expect(() => vapi.sim.addFault({ fault: { stall: 1 } })).toThrow('unknown fault switch: stall');
		expect(() => vapi.sim.addFault({ when: { url: '/x' }, fault: {} })).toThrow(
			'unknown when key: url',
		);
	});
});

describe('latency and concurrency', () => {
	test('latencyMs (option and fault) delays the first byte; frameDelayMs spaces frames', async () => {
		vapi.sim.setOptions({ latencyMs: 60 });
		withFault({ latencyMs: 40 });
		let started = Date.now();
		await call('GET', '/assistant?limit=1');
		expect(Date.now() - started).toBeGreaterThanOrEqual(95);
		vapi.sim.clearFaults();
		vapi.sim.setOptions({ latencyMs: 0, frameDelayMs: 20 });
		started = Date.now();
		const { text } = await stream();
		expect(Date.now() - started).toBeGreaterThanOrEqual((parseSse(text).length - 1) * 20 - 5);
	});

	test('beyond maxConcurrentChats chat requests get 429 with Retry-After and are not stored', async () => {
		vapi.sim.setOptions({ maxConcurrentChats: 2, latencyMs: 250, retryAfterSeconds: 2 });
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
		expect(vapi.sim.chats.size).toBe(2);
		expect(vapi.sim.requests.map((e) => e.outcome).sort()).toEqual([
			'ok',
			'ok',
			'rateLimited',
			'rateLimited',
			'rateLimited',
		]);
		expect(
			vapi.sim.requests
				.filter((e) => e.outcome === 'rateLimited')
				.every((e) => e.chatId === undefined),
		).toBe(true);
		// Lists are not chat creation and are never limited.
		expect((await call('GET', '/chat')).status).toBe(200);
		expect(vapi.sim.inFlightChats).toBe(0);
	});
});
