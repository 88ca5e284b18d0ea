'use strict';

// The simulator's faults for the readings of Vapi a client must accept or refuse: how answers are
// labelled (Content-Type, `type: "text"` parts, a Responses id that is no chat id), answers that are
// not complete successes (a final status other than completed, a function call without text),
// connections that stay open, redirects, echoed keys and 200s that are not a record.

const http = require('node:http');
const { SEED_IDS, startOtherOrigin } = require('..');
const { OTHER_ORIGIN_ANSWER_TEXT } = require('../other-origin');
const { parseSse, rawRequest, waitFor } = require('./http');
const { BODY, REPLY, useFaultSuite } = require('./fault-suite');

const vapi = useFaultSuite();
const { api: call, stream, withFault } = vapi;
const KEY = 'sim-test-key';
const DELTAS = ['Booking Agent ', '— You said: ', '"hello".'];

const eventsOf = (text) => parseSse(text).map((e) => e.data);
const deltasOf = (events) =>
	events.filter((e) => e.type === 'response.output_text.delta').map((e) => e.delta);
const lastChat = () => vapi.sim.chats.get(vapi.sim.requests.at(-1).chatId);
const json = (body = {}) => call('POST', '/chat/responses', { ...BODY, stream: false, ...body });

/**
 * A streamed BODY read until `done(text)` holds, then `waitMs` more; resolves with what came and
 * whether the server had ended the response by then. The client then leaves (destroys the socket).
 */
function readOpenStream(done, { waitMs = 100 } = {}) {
	return new Promise((resolve, reject) => {
		const payload = JSON.stringify(BODY);
		const request = http.request(
			`${vapi.sim.url}/chat/responses`,
			{
				method: 'POST',
				headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
			},
			(response) => {
				let text = '';
				let ended = false;
				response.on('data', (chunk) => {
					text += chunk;
				});
				response.on('end', () => (ended = true));
				response.on('error', () => {});
				waitFor(() => done(text), 5000)
					.then(() => new Promise((r) => setTimeout(r, waitMs)))
					.then(() => {
						resolve({ text, ended, headers: response.headers });
						request.destroy();
					}, reject);
			},
		);
		request.on('error', () => {});
		request.end(payload);
	});
}

describe('labels', () => {
	test.each([
		['application/json; charset=utf-8', 'application/json; charset=utf-8'],
		['TEXT/EVENT-STREAM', 'TEXT/EVENT-STREAM'],
		[null, undefined],
	])('contentType %p labels the SSE stream (the body stays SSE)', async (contentType, header) => {
		withFault({ contentType });
		const { headers, text } = await stream();
		expect(headers['content-type']).toBe(header);
		expect(deltasOf(eventsOf(text)).join('')).toBe(REPLY);
		expect(vapi.sim.requests[0].outcome).toBe('ok');
	});

	test('contentType also labels whole JSON bodies, errors included', async () => {
		withFault({ contentType: null });
		const { headers, text } = await rawRequest(vapi.sim, 'GET', '/chat');
		expect(headers['content-type']).toBeUndefined();
		expect(JSON.parse(text).results).toEqual([]);
		vapi.sim.clearFaults();
		withFault({ contentType: 'text/event-stream' });
		const refused = await call('POST', '/chat/responses', { input: 'x' });
		expect([refused.status, refused.headers.get('content-type')]).toEqual([
			400,
			'text/event-stream',
		]);
	});

	test('textParts labels content parts type "text" (JSON and the completed event)', async () => {
		withFault({ textParts: true });
		expect((await json()).json.output[0].content).toEqual([{ type: 'text', text: REPLY }]);
		const completed = eventsOf((await stream()).text).at(-1);
		expect(completed.response.output[0].content).toEqual([{ type: 'text', text: REPLY }]);
		expect(vapi.sim.requests.map((r) => r.outcome)).toEqual(['ok', 'ok']);
	});

	test('responseId: the Responses id is not the chat id; neither GET /chat/{id} nor previousChatId knows it', async () => {
		withFault({ responseId: true });
		const { json: answer } = await json();
		const chatId = vapi.sim.requests[0].chatId;
		expect(answer.id).toBe(`resp_${chatId.replace(/-/g, '')}`);
		expect((await call('GET', `/chat/${answer.id}`)).status).toBe(404);
		expect((await call('GET', `/chat/${chatId}`)).status).toBe(200);
		expect((await json({ previousChatId: answer.id, assistantId: undefined })).json.message).toBe(
			'Previous chat not found',
		);
		expect(eventsOf((await stream()).text).at(-1).response.id).toMatch(/^resp_[0-9a-f]{32}$/);
	});
});

describe('answers that are not complete successes', () => {
	test('finalStatus "incomplete": half the deltas, then completed with status incomplete and error max_output_tokens', async () => {
		withFault({ finalStatus: 'incomplete' });
		const events = eventsOf((await stream()).text);
		const partial = DELTAS.slice(0, 2).join('');
		expect(deltasOf(events)).toEqual(DELTAS.slice(0, 2));
		expect(events.at(-2)).toMatchObject({ type: 'response.output_text.done', text: partial });
		expect(events.at(-1)).toMatchObject({
			type: 'response.completed',
			response: { status: 'incomplete', error: 'max_output_tokens' },
		});
		expect(events.at(-1).response.output[0]).toMatchObject({
			status: 'incomplete',
			content: [{ type: 'output_text', text: partial }],
		});
		expect(lastChat().output).toEqual([{ role: 'assistant', content: partial }]);
		expect(vapi.sim.requests[0].outcome).toBe('fault');
	});

	test('finalStatus as an object: in_progress, failed, afterDeltas, a custom end event; stream:false too', async () => {
		vapi.sim.addFault({ times: 1, fault: { finalStatus: { status: 'in_progress' } } });
		const inProgress = (await json()).json;
		expect(inProgress).toMatchObject({ status: 'in_progress', error: null });
		expect(inProgress.output[0]).toMatchObject({
			status: 'in_progress',
			content: [{ text: DELTAS.slice(0, 2).join('') }],
		});
		vapi.sim.addFault({
			times: 1,
			fault: { finalStatus: { status: 'failed', afterDeltas: 1, event: 'response.failed' } },
		});
		const events = eventsOf((await stream()).text);
		expect(deltasOf(events)).toEqual([DELTAS[0]]);
		expect(events.at(-1)).toMatchObject({
			type: 'response.failed',
			response: { status: 'failed', error: 'The model failed to answer.' },
		});
		vapi.sim.addFault({
			times: 1,
			fault: { finalStatus: { status: 'incomplete', error: 'content_filter', afterDeltas: 0 } },
		});
		expect((await json()).json).toMatchObject({
			status: 'incomplete',
			error: 'content_filter',
			output: [{ content: [{ text: '' }] }],
		});
	});

	test('functionCall: a function_call output item and no text, streamed as OpenAI does', async () => {
		withFault({ functionCall: true });
		const events = eventsOf((await stream()).text);
		expect(events.map((e) => e.type)).toEqual([
			'response.output_item.added',
			'response.function_call_arguments.delta',
			'response.function_call_arguments.done',
			'response.output_item.done',
			'response.completed',
		]);
		expect(events.at(-1).response).toMatchObject({ status: 'completed', error: null });
		expect(events.at(-1).response.output).toEqual([
			{
				id: expect.stringMatching(/^fc_/),
				type: 'function_call',
				status: 'completed',
				call_id: 'call_sim_1',
				name: 'lookup_order',
				arguments: '{"orderId":"42"}',
			},
		]);
		const stored = (await call('GET', `/chat/${vapi.sim.requests[0].chatId}`)).json;
		expect(stored.output).toEqual([
			{
				role: 'assistant',
				tool_calls: [
					{
						id: 'call_sim_1',
						type: 'function',
						function: { name: 'lookup_order', arguments: '{"orderId":"42"}' },
					},
				],
			},
		]);
		expect(vapi.sim.requests[0].outcome).toBe('ok');
	});

	test('functionCall with a name, arguments and call id; stream:false', async () => {
		withFault({ functionCall: { name: 'book', arguments: '{"day":"Tue"}', callId: 'call_7' } });
		const { output } = (await json()).json;
		expect(output).toEqual([
			expect.objectContaining({
				type: 'function_call',
				call_id: 'call_7',
				name: 'book',
				arguments: '{"day":"Tue"}',
			}),
		]);
	});
});

describe('connections that stay open', () => {
	const completed = (text) => text.includes('"type":"response.completed"');

	test('keepOpen: the answer completes but the response never ends; the client must leave', async () => {
		withFault({ keepOpen: true, done: true });
		const { text, ended } = await readOpenStream(completed);
		expect(ended).toBe(false);
		expect(deltasOf(eventsOf(text)).join('')).toBe(REPLY);
		expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
		await waitFor(() => vapi.sim.requests[0].finishedAt !== null);
		expect(vapi.sim.requests[0]).toMatchObject({ status: 200, outcome: 'fault', aborted: true });
	});

	test('keepOpen with a late delta after completed and pings while open', async () => {
		withFault({ keepOpen: { lateDelta: ' and more', pingMs: 20 } });
		const pingsAfterCompleted = (t) => completed(t) && t.split(': ping\n\n').length > 3;
		const { text, ended } = await readOpenStream(pingsAfterCompleted);
		expect(ended).toBe(false);
		const end = text.indexOf('\n\n', text.indexOf('"type":"response.completed"')) + 2;
		const [answer, after] = [text.slice(0, end), text.slice(end)];
		expect(deltasOf(eventsOf(answer)).join('')).toBe(REPLY);
		expect(deltasOf(eventsOf(after))).toEqual([' and more']);
		expect(after.split(': ping\n\n').length - 1).toBeGreaterThanOrEqual(3);
	});

	test('pings for a while, then the answer (a long tool call)', async () => {
		withFault({ pings: { everyMs: 20, forMs: 120 } });
		const { text } = await stream();
		const [pings, rest] = text.split(/(?=data: )/s, 2);
		// One at once and one after each wait: at least two, however busy the machine is.
		expect(pings.split(': ping\n\n').length - 1).toBeGreaterThanOrEqual(2);
		expect(rest.startsWith('data: ')).toBe(true);
		expect(deltasOf(eventsOf(text)).join('')).toBe(REPLY);
		expect(vapi.sim.requests[0].outcome).toBe('ok');
	});

	test('pings without forMs: keep-alive comments only, until the client leaves', async () => {
		withFault({ pings: { everyMs: 20 } });
		const { text, ended } = await readOpenStream((t) => t.split(': ping').length > 5);
		expect(ended).toBe(false);
		expect(text.replace(/: ping\n\n/g, '')).toBe('');
		await waitFor(() => vapi.sim.requests[0].finishedAt !== null);
		expect(vapi.sim.requests[0]).toMatchObject({ outcome: 'fault', aborted: true });
		expect(vapi.sim.chats.size).toBe(1);
	});
});

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

describe('notARecord: a 200 that is not a record', () => {
	test.each([
		['empty', ''],
		['null', 'null'],
		['string', '"OK"'],
		['emptyObject', '{}'],
	])('%s on GET /chat/{id} and /session/{id}', async (notARecord, body) => {
		const chatId = (await json()).json.id;
		const sessionId = (
			await call('POST', '/session', { assistantId: SEED_IDS.assistants.supportBot })
		).json.id;
		withFault({ notARecord }, { method: 'GET', path: '/chat/*' });
		withFault({ notARecord }, { method: 'GET', path: '/session/*' });
		for (const path of [`/chat/${chatId}`, `/session/${sessionId}`]) {
			const { status, headers, text } = await rawRequest(vapi.sim, 'GET', path);
			expect([status, headers['content-type'], text]).toEqual([
				200,
				'application/json; charset=utf-8',
				body,
			]);
		}
		expect(vapi.sim.requests.slice(2).map((r) => r.outcome)).toEqual(['fault', 'fault']);
	});

	test('array: the record inside an array; errors are not bent', async () => {
		const chatId = (await json()).json.id;
		withFault({ notARecord: 'array' }, { method: 'GET' });
		const { json: answer } = await call('GET', `/chat/${chatId}`);
		expect(Array.isArray(answer)).toBe(true);
		expect(answer[0].id).toBe(chatId);
		expect((await call('GET', '/chat/00000000-0000-4000-8000-000000000000')).json.message).toBe(
			'Chat not found',
		);
	});
});

test('a wrong value of a new switch is refused like an unknown switch', async () => {
	for (const [fault, message] of [
		[{ redirect: { status: 307 } }, 'fault redirect must be { location: <URL>, status?: 3xx }'],
		[{ redirect: { location: 'http://127.0.0.1:1', status: 200 } }, 'fault redirect must be'],
		[{ echoKey: 'header' }, 'fault echoKey must be one or a list of errorEvent'],
		[{ notARecord: 'undefined' }, 'fault notARecord must be empty, null, array'],
		[{ finalStatus: 'cancelled' }, 'fault finalStatus must be one of completed'],
		[{ pings: { every: 5 } }, 'fault pings must be true or { everyMs?, forMs? }'],
		[{ keepOpen: { lateDelta: 'x', ping: 5 } }, 'fault keepOpen must be'],
		[{ contentType: 5 }, 'fault contentType must be a string, or null for none'],
	]) {
		expect(() => vapi.sim.addFault({ fault })).toThrow(message);
	}
	const response = await call(
		'POST',
		'/__sim/faults',
		{ fault: { notARecord: 'nothing' } },
		{ apiKey: null },
	);
	expect(response.status).toBe(400);
});
