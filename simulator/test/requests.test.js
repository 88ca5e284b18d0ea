'use strict';

// The Vapi simulator's checks of a request: auth (keys, headers) and the validation of
// POST /chat/responses, answered as Vapi answers them.

const path = require('node:path');
const { SEED_IDS } = require('..');
const { UNKNOWN_ID } = require('./http');
const { useSimulator } = require('./use-simulator');

const { supportBot, bookingAgent } = SEED_IDS.assistants;

const vapi = useSimulator();
const { api: call, chat } = vapi;

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
		expect(vapi.sim.chats.size).toBe(0);
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
			vapi.sim.requests.map(({ seq, method, path: p, query, status, outcome }) => ({
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
		expect(vapi.sim.requests[0].headers.authorization).toBe('Bearer sim-test-key');
		expect(vapi.sim.requests[1].headers.authorization).toBe('Bearer wrong');
		expect(vapi.sim.requests[0].finishedAt).toBeGreaterThanOrEqual(vapi.sim.requests[0].startedAt);
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
				assistantOverrides: { variableValues: {}, firstMesage: 'x' },
			},
			[
				'property temperature should not exist',
				'property metadata should not exist',
				'input.0.property time should not exist',
				'assistantOverrides.property firstMesage should not exist',
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
		expect(vapi.sim.requests[0].body).toBe('{"input": "x",');
		expect(vapi.sim.chats.size).toBe(0);
	});
});
