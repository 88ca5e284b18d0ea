'use strict';

// The Vapi simulator's API behaviour: auth, validation, replies that prove context, sessions,
// lists and paging, the control API and the CLI. Faults and rate limits: faults.test.js.

const { spawn } = require('node:child_process');
const path = require('node:path');
const { startSimulator, SEED_IDS } = require('..');
const { apiClient, parseSse } = require('./http');

const { supportBot, salesAssistant, bookingAgent } = SEED_IDS.assistants;
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

let sim;
let call;

beforeAll(async () => {
	sim = await startSimulator();
	call = apiClient(sim);
});
afterEach(() => {
	expect(sim.internalErrors).toEqual([]);
	sim.reset();
});
afterAll(() => sim.close());

const chat = (body) => call('POST', '/chat/responses', { stream: false, ...body });
const replyText = (responseObject) => responseObject.output[0].content[0].text;

describe('auth', () => {
	const invalidKey = {
		message:
			'Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa.',
		error: 'Unauthorized',
		statusCode: 401,
	};

	test('no key and a wrong key are 401 with the NestJS body', async () => {
		expect((await call('GET', '/assistant?limit=1', undefined, { apiKey: null })).json).toEqual(
			invalidKey,
		);
		const wrong = await call('GET', '/assistant?limit=1', undefined, { apiKey: 'public-key' });
		expect(wrong.status).toBe(401);
		expect(wrong.json).toEqual(invalidKey);
		const post = await call(
			'POST',
			'/chat/responses',
			{ assistantId: supportBot, input: 'hi' },
			{ apiKey: 'nope' },
		);
		expect(post.status).toBe(401);
		expect(sim.chats.size).toBe(0);
	});

	test('the credential test GET /assistant?limit=1 answers an array of one', async () => {
		const response = await call('GET', '/assistant?limit=1');
		expect(response.status).toBe(200);
		expect(response.json.map((a) => a.name)).toEqual(['Support Bot']);
	});

	test('the log keeps the Authorization header and the outcome', async () => {
		await call('GET', '/assistant?limit=1');
		await call('GET', '/squad', undefined, { apiKey: 'wrong' });
		expect(
			sim.requests.map(({ seq, method, path: p, query, status, outcome }) => ({
				seq,
				method,
				path: p,
				query,
				status,
				outcome,
			})),
		).toEqual([
			{
				seq: 1,
				method: 'GET',
				path: '/assistant',
				query: { limit: '1' },
				status: 200,
				outcome: 'ok',
			},
			{ seq: 2, method: 'GET', path: '/squad', query: {}, status: 401, outcome: 'error' },
		]);
		expect(sim.requests[0].headers.authorization).toBe('Bearer sim-test-key');
		expect(sim.requests[1].headers.authorization).toBe('Bearer wrong');
		expect(sim.requests[0].finishedAt).toBeGreaterThanOrEqual(sim.requests[0].startedAt);
	});

	test('an unknown route is 404 "Cannot METHOD /path", with or without a key', async () => {
		const response = await call('GET', '/nope?x=1', undefined, { apiKey: null });
		expect(response.status).toBe(404);
		expect(response.json).toEqual({
			message: 'Cannot GET /nope?x=1',
			error: 'Not Found',
			statusCode: 404,
		});
		expect((await call('PUT', '/chat', {})).json.message).toBe('Cannot PUT /chat');
	});
});

describe('POST /chat/responses validation', () => {
	const expect400 = async (body, message) => {
		const response = await call('POST', '/chat/responses', body);
		expect(response.json).toEqual({ message, error: 'Bad Request', statusCode: 400 });
		expect(response.status).toBe(400);
	};

	test('unknown properties, also nested, are each "should not exist"', async () => {
		await expect400(
			{
				assistantId: supportBot,
				input: [{ role: 'user', content: 'hi', time: 1 }],
				temperature: 0.2,
				metadata: {},
				transport: { type: 'twilio.sms', to: '+1' },
				assistantOverrides: { variableValues: {}, firstMessage: 'x' },
			},
			[
				'property temperature should not exist',
				'property metadata should not exist',
				'input.0.property time should not exist',
				'assistantOverrides.property firstMessage should not exist',
				'transport.property to should not exist',
			],
		);
	});

	test("the spec's call-transcript message shape is rejected", async () => {
		await expect400(
			{
				assistantId: supportBot,
				input: [{ role: 'user', message: 'hi', time: 1, secondsFromStart: 0 }],
			},
			[
				'input.0.property message should not exist',
				'input.0.property time should not exist',
				'input.0.property secondsFromStart should not exist',
				'input.0.content must be a string',
			],
		);
	});

	test.each([
		['missing', undefined, ['input should not be null or undefined']],
		['empty string', '', ['input should not be empty']],
		['empty array', [], ['input should not be empty']],
		['a number', 42, ['input must be a string or an array of chat messages']],
		[
			'a bad role',
			[{ role: 'bot', content: 'x' }],
			[
				'input.0.role must be one of the following values: system, user, assistant, tool, developer',
			],
		],
		[
			'a tool message without tool_call_id',
			[{ role: 'tool', content: 'x' }],
			['input.0.tool_call_id must be a string'],
		],
		[
			'content over 10000 characters',
			[{ role: 'user', content: 'é'.repeat(10001) }],
			['input.0.content must be shorter than or equal to 10000 characters'],
		],
		[
			'a message name over 40 characters',
			[{ role: 'user', content: 'x', name: 'n'.repeat(41) }],
			['input.0.name must be shorter than or equal to 40 characters'],
		],
		['a non-object message', ['hello'], ['input.0 must be an object']],
		[
			'tool_calls without function',
			[{ role: 'assistant', tool_calls: [{ id: 'c1', type: 'function' }] }],
			['nested property input.0.tool_calls.0.function must be either object or array'],
		],
	])('input: %s', async (_, input, message) => {
		await expect400({ assistantId: supportBot, input }, message);
	});

	test('accepts every OpenAI message shape, content of exactly 10000 characters included', async () => {
		const response = await chat({
			assistantId: bookingAgent,
			input: [
				{ role: 'system', content: 'Be brief.' },
				{ role: 'developer', content: 'Answer in English.', name: 'ops' },
				{
					role: 'assistant',
					content: null,
					tool_calls: [
						{ id: 'c1', type: 'function', function: { name: 'lookup', arguments: '{}' } },
					],
				},
				{ role: 'tool', content: 'found', tool_call_id: 'c1' },
				{ role: 'user', content: 'é'.repeat(10000) },
			],
		});
		expect(response.status).toBe(201);
	});

	test('field types and lengths', async () => {
		await expect400({ assistantId: 7, input: 'x', name: 'n'.repeat(41), stream: 'yes' }, [
			'assistantId must be a string',
			'name must be shorter than or equal to 40 characters',
			'stream must be a boolean value',
		]);
		await expect400(
			{
				assistant: 'Support Bot',
				input: 'x',
				transport: { type: 'sms', useLLMGeneratedMessageForOutbound: 'no' },
			},
			[
				'nested property assistant must be either object or array',
				'transport.type must be one of the following values: twilio.sms',
				'transport.useLLMGeneratedMessageForOutbound must be a boolean value',
			],
		);
		await expect400(
			{ squad: { members: [] }, input: 'x', assistantOverrides: { variableValues: 'Ada' } },
			['squad.members should not be empty', 'assistantOverrides.variableValues must be an object'],
		);
	});

	test.each([
		[
			'no target',
			{ input: 'x' },
			'Either assistantId, assistant, squadId, squad, sessionId or previousChatId must be provided.',
		],
		[
			'two targets',
			{ input: 'x', assistantId: supportBot, squadId: SEED_IDS.squads.frontDesk },
			'Only one of assistantId, assistant, squadId or squad can be provided (got assistantId, squadId).',
		],
		[
			'sessionId with previousChatId',
			{ input: 'x', sessionId: UNKNOWN_ID, previousChatId: UNKNOWN_ID },
			'Cannot specify both sessionId and previousChatId.',
		],
		[
			'sessionId with assistantId',
			{ input: 'x', sessionId: UNKNOWN_ID, assistantId: supportBot },
			'Cannot specify both sessionId and assistantId: the session already has its assistant.',
		],
		[
			'sessionId with transport.customer',
			{
				input: 'x',
				sessionId: UNKNOWN_ID,
				transport: { type: 'twilio.sms', customer: { number: '+15550100' } },
			},
			'Cannot specify both sessionId and transport fields (phoneNumberId/customer) together.',
		],
	])('rule: %s', async (_, body, message) => {
		await expect400(body, message);
	});

	test.each([
		['assistantId', { assistantId: UNKNOWN_ID }, 'Assistant not found'],
		['squadId', { squadId: UNKNOWN_ID }, 'Squad not found'],
		['sessionId', { sessionId: UNKNOWN_ID }, 'Session not found'],
		['previousChatId', { previousChatId: UNKNOWN_ID }, 'Previous chat not found'],
		[
			'transport.phoneNumberId',
			{ assistantId: supportBot, transport: { type: 'twilio.sms', phoneNumberId: UNKNOWN_ID } },
			'Phone number not found',
		],
	])('unknown %s is 404', async (_, target, message) => {
		const response = await call('POST', '/chat/responses', { input: 'x', ...target });
		expect(response.status).toBe(404);
		expect(response.json).toEqual({ message, error: 'Not Found', statusCode: 404 });
	});

	test('malformed JSON is 400 and nothing is stored', async () => {
		const response = await call('POST', '/chat/responses', '{"input": "x",');
		expect(response.status).toBe(400);
		expect(response.json.error).toBe('Bad Request');
		expect(typeof response.json.message).toBe('string');
		expect(sim.requests[0].body).toBe('{"input": "x",');
		expect(sim.chats.size).toBe(0);
	});
});

describe('replies', () => {
	test('non-stream answer is a ResponseObject with the chat id, HTTP 201', async () => {
		const response = await chat({ assistantId: bookingAgent, input: 'first' });
		expect(response.status).toBe(201);
		const id = response.json.id;
		expect(response.json).toEqual({
			id,
			object: 'response',
			created_at: Math.floor(Date.parse(sim.chats.get(id).createdAt) / 1000),
			status: 'completed',
			error: null,
			output: [
				{
					id: `msg_${id.replace(/-/g, '')}`,
					type: 'message',
					role: 'assistant',
					status: 'completed',
					content: [
						{ type: 'output_text', text: 'Booking Agent — You said: "first".', annotations: [] },
					],
				},
			],
		});
		expect(sim.requests[0].chatId).toBe(id);
	});

	test('stream defaults to true: deltas, done with the full text, completed with the chat id', async () => {
		const response = await call('POST', '/chat/responses', {
			assistantId: bookingAgent,
			input: 'first',
		});
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('text/event-stream');
		expect(response.headers.get('cache-control')).toBe('no-cache');
		const events = parseSse(response.text).map((e) => e.data);
		const text = 'Booking Agent — You said: "first".';
		const completed = events.at(-1);
		const itemId = `msg_${completed.response.id.replace(/-/g, '')}`;
		const deltas = events.slice(0, -2);
		expect(deltas.length).toBeGreaterThan(1);
		for (const delta of deltas) {
			expect(delta).toEqual({
				type: 'response.output_text.delta',
				item_id: itemId,
				output_index: 0,
				content_index: 0,
				delta: expect.any(String),
			});
		}
		expect(deltas.map((e) => e.delta).join('')).toBe(text);
		expect(events.at(-2)).toEqual({
			type: 'response.output_text.done',
			item_id: itemId,
			output_index: 0,
			content_index: 0,
			text,
		});
		expect(completed.type).toBe('response.completed');
		expect(completed.response.output[0].content[0].text).toBe(text);
		const stored = await call('GET', `/chat/${completed.response.id}`);
		expect(stored.json.output).toEqual([{ role: 'assistant', content: text }]);
	});

	test('a previousChatId chain quotes every earlier user turn, streamed or not', async () => {
		const first = await chat({ assistantId: bookingAgent, input: 'first' });
		const second = await call('POST', '/chat/responses', {
			previousChatId: first.json.id,
			input: 'second',
			stream: true,
		});
		const secondId = parseSse(second.text).at(-1).data.response.id;
		const third = await chat({ previousChatId: secondId, input: 'third' });
		expect(replyText(third.json)).toBe(
			'Booking Agent — You said: "third". Earlier you said: "first", "second".',
		);
		const stored = sim.chats.get(third.json.id);
		expect(stored).toMatchObject({
			assistantId: bookingAgent,
			previousChatId: secondId,
			input: 'third',
		});
		expect(stored.messages.map((m) => `${m.role}: ${m.content}`)).toEqual([
			'system: You are Booking Agent. Book, move and cancel appointments.',
			'user: first',
			'assistant: Booking Agent — You said: "first".',
			'user: second',
			'assistant: Booking Agent — You said: "second". Earlier you said: "first".',
			'user: third',
		]);
	});

	test('user turns inside an input array count as conversation', async () => {
		const response = await chat({
			assistantId: bookingAgent,
			input: [
				{ role: 'user', content: 'one' },
				{ role: 'assistant', content: 'ok' },
				{ role: 'user', content: 'two' },
			],
		});
		expect(replyText(response.json)).toBe(
			'Booking Agent — You said: "two". Earlier you said: "one".',
		);
	});

	test('variableValues fill the system prompt and the reply names them', async () => {
		const response = await chat({
			assistantId: salesAssistant,
			input: 'hi',
			assistantOverrides: { variableValues: { customerName: 'Zoë', plan: 'Pro' } },
		});
		expect(replyText(response.json)).toBe(
			'Sales Assistant — Variables: customerName="Zoë", plan="Pro". You said: "hi".',
		);
		expect(sim.chats.get(response.json.id).messages[0]).toEqual({
			role: 'system',
			content:
				'You are Sales Assistant for Acme Telecom. You are talking to Zoë about the Pro plan.',
		});
		const without = await chat({ assistantId: salesAssistant, input: 'hi' });
		expect(replyText(without.json)).toBe('Sales Assistant — You said: "hi".');
	});

	test('a transient assistant speaks with its name and its system prompt', async () => {
		const assistant = {
			name: 'Pop-up',
			model: {
				provider: 'openai',
				model: 'gpt-4o',
				messages: [{ role: 'system', content: 'Hello {{ who }}!' }],
			},
		};
		const response = await chat({
			assistant,
			input: 'yo',
			assistantOverrides: { variableValues: { who: 'Ana' } },
		});
		expect(replyText(response.json)).toBe('Pop-up — Variables: who="Ana". You said: "yo".');
		expect(sim.chats.get(response.json.id)).toMatchObject({
			assistant,
			messages: [
				{ role: 'system', content: 'Hello Ana!' },
				{ role: 'user', content: 'yo' },
			],
		});
	});

	test('a squad answers through its first member', async () => {
		const saved = await chat({ squadId: SEED_IDS.squads.frontDesk, input: 'hi' });
		expect(replyText(saved.json)).toBe('Support Bot (Front Desk) — You said: "hi".');
		const transient = await chat({
			squad: { name: 'Duo', members: [{ assistantId: bookingAgent }, { assistantId: supportBot }] },
			input: 'hi',
		});
		expect(replyText(transient.json)).toBe('Booking Agent (Duo) — You said: "hi".');
		const unknownMember = await chat({
			squad: { members: [{ assistantId: UNKNOWN_ID }] },
			input: 'hi',
		});
		expect(unknownMember.status).toBe(404);
	});

	test('bench:N streams exactly N bytes of words in small deltas', async () => {
		const response = await call('POST', '/chat/responses', {
			assistantId: bookingAgent,
			input: 'bench:5000',
		});
		const events = parseSse(response.text).map((e) => e.data);
		const deltas = events
			.filter((e) => e.type === 'response.output_text.delta')
			.map((e) => e.delta);
		const text = events.at(-1).response.output[0].content[0].text;
		expect(Buffer.byteLength(text)).toBe(5000);
		expect(deltas.join('')).toBe(text);
		expect(text).toMatch(/^vapi stream delta café /);
		expect(deltas.length).toBeGreaterThan(100);
		for (const delta of deltas.slice(0, -1)) {
			expect(Buffer.byteLength(delta)).toBeGreaterThanOrEqual(10);
			expect(Buffer.byteLength(delta)).toBeLessThanOrEqual(40);
		}
	});

	test('POST /chat returns the Chat (201) and streams native frames when asked', async () => {
		const created = await call('POST', '/chat', {
			assistantId: bookingAgent,
			input: 'hi',
			name: 'native',
		});
		expect(created.status).toBe(201);
		expect(created.json).toMatchObject({
			id: expect.any(String),
			orgId: SEED_IDS.orgId,
			assistantId: bookingAgent,
			name: 'native',
			input: 'hi',
			output: [{ role: 'assistant', content: 'Booking Agent — You said: "hi".' }],
			cost: expect.any(Number),
			costs: [
				{ type: 'model', promptTokens: expect.any(Number), completionTokens: expect.any(Number) },
				{ type: 'chat', cost: 0.005 },
			],
		});
		expect(created.json.createdAt).toBe(created.json.updatedAt);
		const streamed = await call('POST', '/chat', {
			previousChatId: created.json.id,
			input: 'again',
			stream: true,
		});
		const frames = parseSse(streamed.text).map((e) => e.data);
		const id = frames[0].id;
		for (const frame of frames)
			expect(frame).toEqual({ id, path: 'chat.output[0].content', delta: expect.any(String) });
		expect(frames.map((f) => f.delta).join('')).toBe(
			'Booking Agent — You said: "again". Earlier you said: "hi".',
		);
	});

	test('every reply holds a non-ASCII character', async () => {
		for (const input of ['a', 'bench:64']) {
			expect(replyText((await chat({ assistantId: bookingAgent, input })).json)).toMatch(
				/[^\x00-\x7f]/,
			);
		}
	});

	test('an SMS transport with phone number and customer opens a session; without LLM it forwards the text', async () => {
		const transport = {
			type: 'twilio.sms',
			phoneNumberId: SEED_IDS.phoneNumbers.smsDesk,
			customer: { number: '+15550100' },
			useLLMGeneratedMessageForOutbound: false,
		};
		const response = await chat({
			assistantId: supportBot,
			input: 'Your order shipped — tracking 42.',
			transport,
		});
		expect(replyText(response.json)).toBe('Your order shipped — tracking 42.');
		const { sessionId } = sim.chats.get(response.json.id);
		expect(sim.sessions.get(sessionId)).toMatchObject({
			phoneNumberId: SEED_IDS.phoneNumbers.smsDesk,
			customer: { number: '+15550100' },
			assistantId: supportBot,
		});
	});
});

describe('sessions', () => {
	const createSession = (body) => call('POST', '/session', body);

	test('a session keeps the conversation and the variables it was created with', async () => {
		const created = await createSession({
			assistantId: supportBot,
			name: 'Ada support',
			assistantOverrides: { variableValues: { customerName: 'Ada' } },
		});
		expect(created.status).toBe(201);
		const sessionId = created.json.id;
		expect(created.json).toEqual({
			id: sessionId,
			orgId: SEED_IDS.orgId,
			name: 'Ada support',
			assistantId: supportBot,
			assistantOverrides: { variableValues: { customerName: 'Ada' } },
			status: 'active',
			expirationSeconds: 86400,
			messages: [],
			cost: 0,
			costs: [],
			createdAt: expect.any(String),
			updatedAt: created.json.createdAt,
		});
		await chat({ sessionId, input: 'my router blinks' });
		const second = await chat({
			sessionId,
			input: 'still blinking',
			assistantOverrides: { variableValues: { customerName: 'Bob' } },
		});
		expect(replyText(second.json)).toBe(
			'Support Bot — Variables: customerName="Ada". You said: "still blinking". Earlier you said: "my router blinks".',
		);
		expect(sim.chats.get(second.json.id)).toMatchObject({ sessionId, assistantId: supportBot });
		const session = (await call('GET', `/session/${sessionId}`)).json;
		expect(session.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
		expect(session.messages[2]).toEqual({ role: 'user', content: 'still blinking' });
	});

	test('messages given at creation are context', async () => {
		const { json } = await createSession({
			assistantId: bookingAgent,
			messages: [
				{ role: 'user', content: 'I need Tuesday' },
				{ role: 'assistant', content: 'Noted.' },
			],
		});
		const response = await chat({ sessionId: json.id, input: 'at 3pm' });
		expect(replyText(response.json)).toBe(
			'Booking Agent — You said: "at 3pm". Earlier you said: "I need Tuesday".',
		);
	});

	test('create validation', async () => {
		const response = await createSession({
			assistantId: supportBot,
			name: 'n'.repeat(41),
			expirationSeconds: 59,
			status: 'open',
			transport: {},
		});
		expect(response.status).toBe(400);
		expect(response.json.message).toEqual([
			'property transport should not exist',
			'name must be shorter than or equal to 40 characters',
			'status must be one of the following values: active, completed',
			'expirationSeconds must not be less than 60',
		]);
		expect((await createSession({ expirationSeconds: 2592001 })).json.message).toEqual([
			'expirationSeconds must not be greater than 2592000',
		]);
		expect((await createSession({ assistantId: UNKNOWN_ID })).json).toEqual({
			message: 'Assistant not found',
			error: 'Not Found',
			statusCode: 404,
		});
		expect((await createSession({ phoneNumberId: UNKNOWN_ID })).json.message).toBe(
			'Phone number not found',
		);
	});

	test('a session without an assistant cannot answer', async () => {
		const { json } = await createSession({ name: 'empty' });
		expect((await chat({ sessionId: json.id, input: 'x' })).json.message).toBe(
			'Session has no assistant or squad: provide assistant, squadId or squad.',
		);
	});

	test('PATCH changes name, status, expirationSeconds and messages only', async () => {
		const { json } = await createSession({ assistantId: supportBot });
		const patched = await call('PATCH', `/session/${json.id}`, {
			name: 'renamed',
			status: 'completed',
			expirationSeconds: 600,
			messages: [],
		});
		expect(patched.status).toBe(200);
		expect(patched.json).toMatchObject({
			name: 'renamed',
			status: 'completed',
			expirationSeconds: 600,
			messages: [],
		});
		expect(patched.json.updatedAt > json.updatedAt).toBe(true);
		const rejected = await call('PATCH', `/session/${json.id}`, { assistantId: bookingAgent });
		expect(rejected.json.message).toEqual(['property assistantId should not exist']);
	});

	test('GET lists with filters and paging; DELETE returns the session; ids must be UUIDs', async () => {
		const a = (await createSession({ assistantId: supportBot, name: 'alpha' })).json;
		const b = (await createSession({ assistantId: bookingAgent, name: 'beta' })).json;
		const c = (await createSession({ assistantId: supportBot, name: 'gamma' })).json;
		const page = await call('GET', '/session?assistantId=' + supportBot + '&limit=1&page=2');
		expect(page.json.results.map((s) => s.name)).toEqual(['alpha']);
		expect(page.json.metadata).toEqual({
			itemsPerPage: 1,
			totalItems: 2,
			currentPage: 2,
			totalPages: 2,
			hasNextPage: false,
			sortOrder: 'DESC',
		});
		expect((await call('GET', '/session?name=beta')).json.results.map((s) => s.id)).toEqual([b.id]);
		const removed = await call('DELETE', `/session/${c.id}`);
		expect(removed.json).toEqual(c);
		expect((await call('GET', `/session/${c.id}`)).json).toEqual({
			message: 'Session not found',
			error: 'Not Found',
			statusCode: 404,
		});
		expect((await call('GET', '/session/abc')).json).toEqual({
			message: 'Validation failed (uuid is expected)',
			error: 'Bad Request',
			statusCode: 400,
		});
		expect((await call('GET', '/session?sortOrder=ASC')).json.results.map((s) => s.name)).toEqual([
			'alpha',
			'beta',
		]);
		expect(a.createdAt < b.createdAt).toBe(true);
	});
});

describe('GET /chat, GET and DELETE /chat/{id}', () => {
	async function createChats() {
		const ids = [];
		for (const [assistantId, input] of [
			[supportBot, 'c1'],
			[bookingAgent, 'c2'],
			[supportBot, 'c3'],
			[bookingAgent, 'c4'],
			[supportBot, 'c5'],
		]) {
			ids.push((await chat({ assistantId, input })).json.id);
		}
		return ids;
	}

	test('pages by page/limit, newest first, every chat once', async () => {
		const ids = await createChats();
		const seen = [];
		for (let page = 1; ; page++) {
			const { json } = await call('GET', `/chat?limit=2&page=${page}`);
			expect(json.metadata).toEqual({
				itemsPerPage: 2,
				totalItems: 5,
				currentPage: page,
				totalPages: 3,
				hasNextPage: page < 3,
				sortOrder: 'DESC',
			});
			seen.push(...json.results.map((c) => c.id));
			if (!json.metadata.hasNextPage) break;
		}
		expect(seen).toEqual([...ids].reverse());
		const ascending = await call('GET', '/chat?sortOrder=ASC&sortBy=createdAt');
		expect(ascending.json.results.map((c) => c.id)).toEqual(ids);
	});

	test('filters', async () => {
		const ids = await createChats();
		const idsOf = async (query) =>
			(await call('GET', `/chat?${query}`)).json.results.map((c) => c.id);
		expect(await idsOf(`assistantId=${bookingAgent}`)).toEqual([ids[3], ids[1]]);
		expect(await idsOf(`assistantIdAny=${bookingAgent},${UNKNOWN_ID}`)).toEqual([ids[3], ids[1]]);
		expect(await idsOf(`idAny=${ids[0]},${ids[4]}`)).toEqual([ids[4], ids[0]]);
		expect(await idsOf(`id=${ids[2]}`)).toEqual([ids[2]]);
		const third = sim.chats.get(ids[2]);
		expect(await idsOf(`createdAtGt=${third.createdAt}&sortOrder=ASC`)).toEqual([ids[3], ids[4]]);
		expect(await idsOf(`createdAtLe=${third.createdAt}`)).toEqual([ids[2], ids[1], ids[0]]);
		const followUp = (await chat({ previousChatId: ids[0], input: 'more' })).json.id;
		expect(await idsOf(`previousChatId=${ids[0]}`)).toEqual([followUp]);
		expect(await idsOf('limit=0')).toEqual([]);
	});

	test('invalid query parameters are a 400 array', async () => {
		const response = await call(
			'GET',
			'/chat?limit=1001&page=0&sortOrder=up&createdAtGt=yesterday&foo=1&sortBy=name',
		);
		expect(response.status).toBe(400);
		expect(response.json.message).toEqual([
			'limit must not be greater than 1000',
			'page must not be less than 1',
			'sortOrder must be one of the following values: ASC, DESC',
			'createdAtGt must be a valid ISO 8601 date string',
			'property foo should not exist',
			'sortBy must be one of the following values: createdAt, duration, cost',
		]);
		expect((await call('GET', '/chat?limit=abc')).json.message).toEqual([
			'limit must be a number conforming to the specified constraints',
		]);
	});

	test('GET returns the Chat, DELETE returns it and removes it', async () => {
		const [id] = await createChats();
		const got = await call('GET', `/chat/${id}`);
		expect(got.json).toEqual(sim.chats.get(id));
		const deleted = await call('DELETE', `/chat/${id}`);
		expect(deleted.status).toBe(200);
		expect(deleted.json).toEqual(got.json);
		expect((await call('GET', `/chat/${id}`)).json).toEqual({
			message: 'Chat not found',
			error: 'Not Found',
			statusCode: 404,
		});
		expect((await chat({ previousChatId: id, input: 'x' })).status).toBe(404);
	});
});

describe('assistant, squad and phone-number lists', () => {
	test('assistants page with createdAtLt, newest first, each once', async () => {
		const names = [];
		let query = 'limit=3';
		for (;;) {
			const { json } = await call('GET', `/assistant?${query}`);
			names.push(...json.map((a) => a.name));
			if (json.length < 3) break;
			query = `limit=3&createdAtLt=${encodeURIComponent(json.at(-1).createdAt)}`;
		}
		expect(names).toEqual([
			'Support Bot',
			'Sales Assistant',
			'Booking Agent',
			'Billing Helper',
			'Onboarding Guide',
			'Survey Taker',
			'Tech Triage',
			'Café Concierge',
		]);
	});

	test('seed records', async () => {
		const assistants = (await call('GET', '/assistant')).json;
		expect(assistants[0]).toEqual({
			id: supportBot,
			orgId: SEED_IDS.orgId,
			name: 'Support Bot',
			model: {
				provider: 'openai',
				model: 'gpt-4o-mini',
				messages: [{ role: 'system', content: expect.stringContaining('{{customerName}}') }],
			},
			firstMessage: 'Hi, this is Support Bot.',
			createdAt: '2025-06-08T09:00:00.000Z',
			updatedAt: '2025-06-08T09:00:00.000Z',
		});
		expect((await call('GET', '/squad')).json.map((s) => [s.name, s.members.length])).toEqual([
			['Front Desk', 2],
			['Sales Team', 2],
			['Night Shift', 1],
		]);
		const phones = (await call('GET', '/phone-number')).json;
		expect(phones.map((p) => [p.id, p.name, p.number])).toEqual([
			[SEED_IDS.phoneNumbers.mainLine, 'Main Line', '+14155550100'],
			[SEED_IDS.phoneNumbers.smsDesk, 'SMS Desk', '+14155550123'],
		]);
		expect((await call('GET', `/assistant/${salesAssistant}`)).json.name).toBe('Sales Assistant');
		expect(
			(await call('GET', `/squad?idAny=${SEED_IDS.squads.nightShift}`)).json.map((s) => s.name),
		).toEqual(['Night Shift']);
	});

	test('records a test adds are listed in createdAt order', async () => {
		sim.assistants.push({
			id: UNKNOWN_ID,
			orgId: SEED_IDS.orgId,
			name: 'Newest',
			createdAt: '2030-01-01T00:00:00.000Z',
			updatedAt: '2030-01-01T00:00:00.000Z',
		});
		expect((await call('GET', '/assistant?limit=2')).json.map((a) => a.name)).toEqual([
			'Newest',
			'Support Bot',
		]);
		sim.reset();
		expect(sim.assistants).toHaveLength(8);
	});

	test('list query validation', async () => {
		expect((await call('GET', '/assistant?limit=1001')).json.message).toEqual([
			'limit must not be greater than 1000',
		]);
		expect((await call('GET', '/phone-number?name=Main')).json.message).toEqual([
			'property name should not exist',
		]);
	});
});

describe('control API over HTTP', () => {
	const control = (method, p, body) => call(method, `/__sim/${p}`, body, { apiKey: null });

	test('faults, request log, options and reset', async () => {
		const added = await control('POST', 'faults', {
			when: { method: 'GET', path: '/assistant' },
			times: 1,
			fault: { status: 503 },
		});
		expect(added.status).toBe(201);
		expect(added.json).toEqual({ id: expect.any(Number) });
		expect((await call('GET', '/assistant')).status).toBe(503);
		expect((await call('GET', '/assistant')).status).toBe(200);
		const log = (await control('GET', 'requests')).json;
		expect(log.map((e) => [e.seq, e.path, e.status, e.outcome])).toEqual([
			[1, '/assistant', 503, 'fault'],
			[2, '/assistant', 200, 'ok'],
		]);
		expect(log[0].fault).toEqual({ status: 503 });
		expect(log[0].headers.authorization).toBe('Bearer sim-test-key');

		expect(
			(await control('POST', 'options', { maxConcurrentChats: 5, latencyMs: 0 })).json,
		).toEqual({ maxConcurrentChats: 5, latencyMs: 0, frameDelayMs: 0, retryAfterSeconds: 1 });
		expect(
			(await control('POST', 'options', { maxConcurrentChats: null })).json.maxConcurrentChats,
		).toBe(null);
		expect(sim.options.maxConcurrentChats).toBe(Infinity);

		await control('POST', 'faults', { fault: { status: 500 } });
		expect((await control('DELETE', 'faults')).json).toEqual({ removed: 1 });
		await chat({ assistantId: supportBot, input: 'x' });
		expect((await control('POST', 'reset')).json).toEqual({ ok: true });
		expect(sim.requests).toEqual([]);
		expect(sim.chats.size).toBe(0);
	});

	test('a typo in a fault is a 400, not a silent no-op', async () => {
		const response = await control('POST', 'faults', { fault: { chunksize: 3 } });
		expect(response.json).toEqual({
			message: 'unknown fault switch: chunksize',
			error: 'Bad Request',
			statusCode: 400,
		});
		expect((await control('POST', 'options', { latency: 5 })).json.message).toBe(
			'unknown simulator option: latency',
		);
	});
});

test('with a seed, generated ids repeat run after run (and after reset)', async () => {
	const sims = [await startSimulator({ seed: 42 }), await startSimulator({ seed: 42 })];
	const firstChatId = async (s) =>
		(
			await apiClient(s)('POST', '/chat/responses', {
				assistantId: bookingAgent,
				input: 'x',
				stream: false,
			})
		).json.id;
	try {
		const [a, b] = [await firstChatId(sims[0]), await firstChatId(sims[1])];
		expect(a).toBe(b);
		expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		sims[0].reset();
		expect(await firstChatId(sims[0])).toBe(a);
	} finally {
		await Promise.all(sims.map((s) => s.close()));
	}
});

test('CLI prints {url, apiKey} once listening and stops on SIGTERM', async () => {
	const child = spawn(
		process.execPath,
		[
			path.join(__dirname, '..', 'cli.js'),
			'--api-key',
			'cli-key',
			'--max-concurrent-chats',
			'3',
		],
		{ stdio: ['ignore', 'pipe', 'inherit'] },
	);
	const line = await new Promise((resolve) =>
		child.stdout.once('data', (data) => resolve(data.toString())),
	);
	const { url, apiKey } = JSON.parse(line);
	expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
	expect(apiKey).toBe('cli-key');
	const response = await fetch(`${url}/assistant?limit=1`, {
		headers: { Authorization: 'Bearer cli-key' },
	});
	expect(response.status).toBe(200);
	expect(
		(await fetch(`${url}/__sim/options`, { method: 'POST', body: '{}' }).then((r) => r.json()))
			.maxConcurrentChats,
	).toBe(3);
	const exitCode = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	expect(await exitCode).toBe(0);
});
