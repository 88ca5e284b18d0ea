'use strict';

// The simulator's faults for where a request's key could go: a redirect to another origin, and the
// key written back into the answer (echoKey).

const { startOtherOrigin, DEFAULT_API_KEY } = require('..');
const { OTHER_ORIGIN_ANSWER_TEXT } = require('../other-origin');
const { parseSse, rawRequest } = require('./http');
const { BODY, REPLY, DELTAS, eventsOf, deltasOf, useFaultSuite } = require('./fault-suite');

const vapi = useFaultSuite();
const { api: call, stream, withFault, json, lastChat } = vapi;
const KEY = DEFAULT_API_KEY;

describe('redirects', () => {
	let other;
	beforeAll(async () => {
		other = await startOtherOrigin();
	});
	afterAll(() => other.close());
	afterEach(() => other.requests.splice(0));

	test('redirect answers 307 with the Location and makes no chat; nothing reaches the other origin', async () => {
		const location = `${other.url}/chat/responses`;
		withFault({ redirect: { location } });
		const { status, headers, text } = await rawRequest(vapi.sim, 'POST', '/chat/responses', BODY);
		expect([status, headers.location, text]).toEqual([307, location, `Redirecting to ${location}`]);
		expect(vapi.sim.chats.size).toBe(0);
		expect(vapi.sim.requests[0]).toMatchObject({ status: 307, outcome: 'fault' });
		expect(other.requests).toEqual([]);
	});

	test('any 3xx status; a GET too', async () => {
		withFault({ redirect: { location: `${other.url}/chat`, status: 301 } });
		const response = await fetch(`${vapi.sim.url}/chat`, {
			headers: { Authorization: `Bearer ${KEY}` },
			redirect: 'manual',
		});
		expect([response.status, response.headers.get('location')]).toEqual([301, `${other.url}/chat`]);
	});

	test('the other origin records what reaches it, and answers a plausible success', async () => {
		const response = await fetch(`${other.url}/chat/responses`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
			body: '{"input":"hi"}',
		});
		expect((await response.json()).output[0].content[0].text).toBe(OTHER_ORIGIN_ANSWER_TEXT);
		expect(other.requests).toEqual([
			{
				method: 'POST',
				path: '/chat/responses',
				headers: expect.objectContaining({ authorization: `Bearer ${KEY}` }),
				body: '{"input":"hi"}',
			},
		]);
	});
});

describe('echoKey: the request key written back into the answer', () => {
	const holdsKey = (value) => JSON.stringify(value).includes(KEY);

	test('errorEvent: an in-stream error event after one frame', async () => {
		withFault({ echoKey: 'errorEvent' });
		const events = eventsOf((await stream()).text);
		expect(events.map((e) => e.type)).toEqual(['response.output_text.delta', 'error']);
		expect(events[1]).toMatchObject({ code: 'invalid_api_key', sequence_number: 1 });
		expect(events[1].message).toContain(`Bearer ${KEY}`);
		expect(vapi.sim.requests[0].outcome).toBe('fault');
	});

	test('failedEvent: a response.failed event whose error holds it; stream:false the failed ResponseObject', async () => {
		withFault({ echoKey: 'failedEvent' });
		const events = eventsOf((await stream()).text);
		expect(events.map((e) => e.type)).toEqual([
			'response.output_text.delta',
			'response.output_text.done',
			'response.failed',
		]);
		expect(events[2].response.status).toBe('failed');
		expect(events[2].response.error).toContain(`Bearer ${KEY}`);
		const answer = (await json()).json;
		expect([answer.status, holdsKey(answer.error)]).toEqual(['failed', true]);
	});

	test('dataLine: a non-JSON data line after the first frame; the answer goes on', async () => {
		withFault({ echoKey: 'dataLine' });
		const { text } = await stream();
		expect(parseSse(text)[1].data).toBe(
			`proxy error: upstream refused Authorization: Bearer ${KEY}`,
		);
		expect(deltasOf(eventsOf(text)).join('')).toBe(REPLY);
		expect(vapi.sim.requests[0].outcome).toBe('fault');
	});

	test('jsonField: a debug field in whole JSON objects (records, pages, ResponseObject)', async () => {
		withFault({ echoKey: 'jsonField' });
		const answer = (await json()).json;
		expect(answer.debug).toEqual({ authorization: `Bearer ${KEY}` });
		expect((await call('GET', `/chat/${answer.id}`)).json.debug.authorization).toBe(
			`Bearer ${KEY}`,
		);
		expect((await call('GET', '/chat')).json.debug.authorization).toBe(`Bearer ${KEY}`);
		expect(holdsKey((await call('GET', '/assistant?limit=1')).json)).toBe(false);
		expect(vapi.sim.requests.every((r) => r.outcome === 'ok')).toBe(true);
	});

	test('errorBody: an HTTP error (401 unless status says) whose message holds it; no chat', async () => {
		withFault({ echoKey: 'errorBody' });
		const unauthorized = await call('POST', '/chat/responses', BODY);
		expect(unauthorized.status).toBe(401);
		expect(unauthorized.json).toEqual({
			message: `Invalid Key: the request sent "Authorization: Bearer ${KEY}".`,
			error: 'Unauthorized',
			statusCode: 401,
		});
		vapi.sim.clearFaults();
		withFault({ echoKey: 'errorBody', status: 500 });
		const failed = await call('GET', '/session');
		expect([failed.status, holdsKey(failed.json.message)]).toEqual([500, true]);
		expect(vapi.sim.chats.size).toBe(0);
	});

	test('delta and splitDelta: the key in the reply text, whole or cut in two deltas', async () => {
		withFault({ echoKey: 'delta' });
		let deltas = deltasOf(eventsOf((await stream()).text));
		expect(deltas).toEqual([...DELTAS, ` (echo: Bearer ${KEY})`]);
		expect(lastChat().output[0].content).toBe(`${REPLY} (echo: Bearer ${KEY})`);
		vapi.sim.clearFaults();
		withFault({ echoKey: ['splitDelta', 'jsonField'] });
		deltas = deltasOf(eventsOf((await stream()).text));
		expect(deltas.some((d) => d.includes(KEY))).toBe(false);
		expect(deltas.join('')).toBe(`${REPLY} (echo: Bearer ${KEY})`);
		expect(vapi.sim.requests.map((r) => r.outcome)).toEqual(['ok', 'ok']);
	});
});
