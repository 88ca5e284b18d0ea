'use strict';

// The Vapi simulator's sessions: created, continued by chats, listed, updated and deleted.

const { SEED_IDS } = require('..');
const { replyText, validationMessages, UNKNOWN_ID } = require('./http');
const { useSimulator } = require('./use-simulator');

const { supportBot, bookingAgent } = SEED_IDS.assistants;

const vapi = useSimulator();
const { api: call, chat } = vapi;

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
		expect(vapi.sim.chats.get(second.json.id)).toMatchObject({
			sessionId,
			assistantId: supportBot,
		});
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
		expect(validationMessages(response)).toEqual([
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
