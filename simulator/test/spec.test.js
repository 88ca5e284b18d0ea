'use strict';

// Where the simulator follows Vapi's OpenAPI spec (VapiAI/docs fern/apis/api/openapi.json): the
// customer (CreateCustomerDTO), the transient assistant's model messages (OpenAIMessage), the
// accepted AssistantOverrides, full date-times in date filters and GET /session's customer filters.

const { SEED_IDS } = require('..');
const { useSimulator } = require('./use-simulator');

const { supportBot, bookingAgent } = SEED_IDS.assistants;
const { smsDesk } = SEED_IDS.phoneNumbers;

const vapi = useSimulator();
const { api: call, chat } = vapi;

const sms = (customer) => ({
	assistantId: bookingAgent,
	input: 'hi',
	transport: { type: 'twilio.sms', phoneNumberId: smsDesk, customer },
});
const badRequest = (message) => ({ message, error: 'Bad Request', statusCode: 400 });

describe('customers (CreateCustomerDTO)', () => {
	test('an SMS customer takes name, numberE164CheckEnabled, assistantOverrides and squadOverrides', async () => {
		const customer = {
			number: '+14155550177',
			name: 'Ada Lovelace',
			numberE164CheckEnabled: false,
			email: 'ada@example.com',
			externalId: 'crm-42',
			assistantOverrides: { variableValues: { customerName: 'Ada' } },
			squadOverrides: { variableValues: { customerName: 'Ada' }, firstMessage: 'Hi' },
		};
		const response = await chat(sms(customer));
		expect(response.status).toBe(201);
		const { sessionId } = vapi.sim.chats.get(response.json.id);
		expect(vapi.sim.sessions.get(sessionId).customer).toEqual(customer);
	});

	test('number is 3–40 characters; name, email, externalId ≤ 40; extension ≤ 10; the flag a boolean', async () => {
		const response = await chat(
			sms({
				number: '+1',
				name: 'n'.repeat(41),
				email: 'e'.repeat(41),
				externalId: 'x'.repeat(41),
				extension: '12345678901',
				numberE164CheckEnabled: 'no',
			}),
		);
		expect(response.json).toEqual(
			badRequest([
				'transport.customer.number must be longer than or equal to 3 characters',
				'transport.customer.name must be shorter than or equal to 40 characters',
				'transport.customer.email must be shorter than or equal to 40 characters',
				'transport.customer.externalId must be shorter than or equal to 40 characters',
				'transport.customer.extension must be shorter than or equal to 10 characters',
				'transport.customer.numberE164CheckEnabled must be a boolean value',
			]),
		);
		expect((await chat(sms({ number: `+${'1'.repeat(40)}` }))).json.message).toEqual([
			'transport.customer.number must be shorter than or equal to 40 characters',
		]);
		expect((await chat(sms({ number: '123', name: '😀'.repeat(40) }))).status).toBe(201);
	});

	test('the customer overrides are AssistantOverrides (whitelisted)', async () => {
		const response = await call('POST', '/session', {
			assistantId: supportBot,
			customer: { number: '+14155550111', squadOverrides: { temperature: 1 } },
		});
		expect(response.json).toEqual(
			badRequest(['customer.squadOverrides.property temperature should not exist']),
		);
	});
});

describe('assistant.model.messages (OpenAIMessage)', () => {
	const transient = (messages) => ({
		assistant: { name: 'Transient', model: { provider: 'openai', model: 'gpt-4o', messages } },
		input: 'hi',
	});

	test('role and content only; role one of assistant, function, user, system, tool', async () => {
		const response = await chat(
			transient([
				{ role: 'developer', content: 'x' },
				{ role: 'system', content: 'x', name: 'ops' },
				{ role: 'user' },
				'be brief',
			]),
		);
		expect(response.json).toEqual(
			badRequest([
				'assistant.model.messages.0.role must be one of the following values: assistant, function, user, system, tool',
				'assistant.model.messages.1.property name should not exist',
				'assistant.model.messages.2.content must be a string',
				'nested property assistant.model.messages.3 must be either object or array',
			]),
		);
	});

	test('content may be null and far longer than a chat message; function is a role', async () => {
		const response = await chat(
			transient([
				{ role: 'system', content: 'Be brief. '.repeat(2000) },
				{ role: 'function', content: null },
				{ role: 'assistant', content: null },
			]),
		);
		expect(response.status).toBe(201);
		expect(response.json.output[0].content[0].text).toBe('Transient — You said: "hi".');
	});
});

describe('assistantOverrides in chats', () => {
	test('every AssistantOverrides field is accepted; only variableValues changes the answer', async () => {
		const response = await chat({
			assistantId: supportBot,
			input: 'hi',
			assistantOverrides: {
				variableValues: { customerName: 'Ada' },
				firstMessage: 'Welcome!',
				maxDurationSeconds: 60,
				metadata: { team: 'support' },
				'tools:append': [],
			},
		});
		expect(response.status).toBe(201);
		expect(response.json.output[0].content[0].text).toBe(
			'Support Bot — Variables: customerName="Ada". You said: "hi".',
		);
		expect(
			(
				await chat({
					assistantId: supportBot,
					input: 'hi',
					assistantOverrides: { firstMesage: 'typo', name: 'n'.repeat(41) },
				})
			).json.message,
		).toEqual([
			'assistantOverrides.property firstMesage should not exist',
			'assistantOverrides.name must be shorter than or equal to 40 characters',
		]);
	});
});

describe('date filters are full date-times (format: date-time)', () => {
	test.each([
		['2025-06-01'],
		['2025-06-01T09:30'],
		['2025-06-01T09:30:00'],
		['2025-06-01 09:30:00Z'],
		['2025-13-01T00:00:00Z'],
	])('%s is refused', async (value) => {
		for (const path of ['/chat', '/session', '/assistant']) {
			const response = await call('GET', `${path}?createdAtGt=${encodeURIComponent(value)}`);
			expect(response.json).toEqual(
				badRequest(['createdAtGt must be a valid ISO 8601 date string']),
			);
		}
	});

	test.each([
		['2025-06-01T09:30:00Z'],
		['2025-06-01T09:30:00.123Z'],
		['2025-06-01T11:30:00+02:00'],
	])('%s is accepted', async (value) => {
		const response = await call('GET', `/chat?updatedAtLt=${encodeURIComponent(value)}`);
		expect(response.status).toBe(200);
	});
});

describe('GET /session customer filters', () => {
	async function sessions() {
		const create = async (body) =>
			(await call('POST', '/session', { assistantId: supportBot, ...body })).json.id;
		return {
			ada: await create({
				name: 'Ada',
				customer: { number: '+14155550111', name: 'Ada L.', email: 'ada@example.com' },
			}),
			bob: await create({
				name: 'front desk',
				customer: { number: '+14155550112', name: 'Ada', externalId: 'crm-7', extension: '12' },
			}),
			carol: await create({ name: 'Carol', customer: { sipUri: 'sip:carol@example.com' } }),
		};
	}
	const idsOf = async (query) =>
		(await call('GET', `/session?${query}&sortOrder=ASC`)).json.results.map((s) => s.id);

	test('number, customerNumberAny, email, externalId, sipUri, extension', async () => {
		const { ada, bob, carol } = await sessions();
		expect(await idsOf(`number=${encodeURIComponent('+14155550112')}`)).toEqual([bob]);
		expect(
			await idsOf(`customerNumberAny=${encodeURIComponent('+14155550111,+14155550112')}`),
		).toEqual([ada, bob]);
		expect(await idsOf('email=ada%40example.com')).toEqual([ada]);
		expect(await idsOf('externalId=crm-7')).toEqual([bob]);
		expect(await idsOf('extension=12')).toEqual([bob]);
		expect(await idsOf(`sipUri=${encodeURIComponent('sip:carol@example.com')}`)).toEqual([carol]);
		expect(await idsOf('number=%2B10000000000')).toEqual([]);
	});

	test('name matches the session name or the customer name (the spec lists both)', async () => {
		const { ada, bob } = await sessions();
		expect(await idsOf('name=Ada')).toEqual([ada, bob]);
		expect(await idsOf('name=Ada%20L.')).toEqual([ada]);
		expect(await idsOf('name=front%20desk')).toEqual([bob]);
	});

	test('their lengths and numberE164CheckEnabled are checked', async () => {
		const response = await call(
			'GET',
			`/session?number=12&email=${'e'.repeat(41)}&extension=${'1'.repeat(11)}&numberE164CheckEnabled=yes`,
		);
		expect(response.json).toEqual(
			badRequest([
				'number must be longer than or equal to 3 characters',
				'email must be shorter than or equal to 40 characters',
				'extension must be shorter than or equal to 10 characters',
				'numberE164CheckEnabled must be a boolean value',
			]),
		);
		expect((await call('GET', '/session?numberE164CheckEnabled=false')).status).toBe(200);
		expect((await call('GET', '/chat?number=%2B14155550111')).json.message).toEqual([
			'property number should not exist',
		]);
	});
});
