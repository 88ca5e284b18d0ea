'use strict';

// The simulator's faults for the readings of Vapi a client must accept or refuse: how answers are
// labelled (Content-Type, `type: "text"` parts, a Responses id that is no chat id), answers that are
// not complete successes (a final status other than completed, a function call without text), and
// 200s that are not a record. Connections that stay open: faults-open.test.js; where the key could
// go (redirects, echoes): faults-key.test.js.

const { SEED_IDS } = require('..');
const { rawRequest } = require('./http');
const { REPLY, DELTAS, eventsOf, deltasOf, useFaultSuite } = require('./fault-suite');

const vapi = useFaultSuite();
const { api: call, stream, withFault, json, lastChat } = vapi;

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
