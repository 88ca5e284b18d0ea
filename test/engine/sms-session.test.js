'use strict';

// "An SMS chat that opens a new session outputs that session's id (Vapi's Responses answer has no
// sessionId; the stored chat has it — read it once for that case), so the next message continues
// the session instead of opening another" (issue 10), through n8n's engine, versions 1 and 2.
const { SEED_IDS, byId, sendMessage, reply, useSimulator } = require('./support');
const { chatPosts, keyLeaks } = require('./support');

const vapi = useSimulator();

const SMS_NUMBER = SEED_IDS.phoneNumbers.smsDesk;
const ADA = '+14155550199';

/** Send Message of `typeVersion` as a new SMS conversation with Ada. */
const newSms = (typeVersion, changes = {}) =>
	sendMessage({
		...(typeVersion === 2 ? { conversation: 'new' } : {}),
		input: 'Is my order shipped?',
		transport: { phoneNumberId: byId(SMS_NUMBER), customerNumber: ADA },
		...changes,
	});

/** Send Message of `typeVersion` that continues session `sessionId` (it has Ada's number already). */
const toSession = (typeVersion, sessionId) =>
	sendMessage(
		typeVersion === 2
			? { conversation: 'session', sessionId: byId(sessionId), input: 'When does it arrive?' }
			: { target: 'none', sessionId: byId(sessionId), input: 'When does it arrive?' },
	);

const requestLine = (request) => `${request.method} ${request.path}`;

describe.each([1, 2])('Send Message version %i', (typeVersion) => {
	test('an SMS that opens a session outputs its id, read once from the stored chat', async () => {
		const run = await vapi.run({ typeVersion, parameters: newSms(typeVersion) });

		expect(run.error).toBeUndefined();
		const [session] = [...vapi.sim.sessions.values()];
		expect(vapi.sim.sessions.size).toBe(1);
		const { chatId } = run.items[0].json;
		expect(vapi.sim.chats.get(chatId).sessionId).toBe(session.id);
		expect(run.items).toEqual([
			{
				json: {
					chatId,
					text: reply('Is my order shipped?'),
					status: 'completed',
					sessionId: session.id,
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(session).toMatchObject({ phoneNumberId: SMS_NUMBER, customer: { number: ADA } });
		expect(vapi.sim.requests.map(requestLine)).toEqual([
			'POST /chat/responses',
			`GET /chat/${chatId}`,
		]);
		expect(keyLeaks(run)).toEqual([]);
	});

	test('the next Send Message with that sessionId continues the session: one session, not two', async () => {
		const first = await vapi.run({ typeVersion, parameters: newSms(typeVersion) });
		const { sessionId } = first.items[0].json;
		vapi.sim.requests.length = 0;

		const second = await vapi.run({ typeVersion, parameters: toSession(typeVersion, sessionId) });

		expect(second.error).toBeUndefined();
		expect(vapi.sim.sessions.size).toBe(1);
		expect(second.items[0].json.sessionId).toBe(sessionId);
		expect(chatPosts(vapi.sim).map((post) => post.body)).toEqual([
			{ input: 'When does it arrive?', sessionId, stream: true },
		]);
		// Sent to a session, the item knows its session: no read.
		expect(vapi.sim.requests.map(requestLine)).toEqual(['POST /chat/responses']);
		expect(vapi.sim.sessions.get(sessionId).messages.map((message) => message.content)).toEqual([
			'Is my order shipped?',
			reply('Is my order shipped?'),
			'When does it arrive?',
			second.items[0].json.text,
		]);
		expect(keyLeaks(second)).toEqual([]);
	});

	test('a chat that is not SMS makes no extra request', async () => {
		const parameters = sendMessage(typeVersion === 2 ? { conversation: 'new' } : {});
		const run = await vapi.run({ typeVersion, parameters });

		expect(run.error).toBeUndefined();
		expect(Object.keys(run.items[0].json)).toEqual(['chatId', 'text', 'status']);
		expect(vapi.sim.requests.map(requestLine)).toEqual(['POST /chat/responses']);
		expect(keyLeaks(run)).toEqual([]);
	});
});

describe('the read of the session', () => {
	test('with Simplify Output off, sessionId sits before response; Stream off reads it too', async () => {
		const run = await vapi.run({
			parameters: newSms(1, { simplify: false, options: { stream: false } }),
		});

		expect(run.error).toBeUndefined();
		const [session] = [...vapi.sim.sessions.values()];
		expect(Object.keys(run.items[0].json)).toEqual([
			'chatId',
			'text',
			'status',
			'output',
			'sessionId',
			'response',
		]);
		expect(run.items[0].json.sessionId).toBe(session.id);
		expect(chatPosts(vapi.sim)[0].body.stream).toBe(false);
		expect(keyLeaks(run)).toEqual([]);
	});

	test('each item reads its own chat, within its place under Max Concurrent Requests', async () => {
		const BOB = '+14155550142';
		const run = await vapi.run({
			items: [{ json: { to: ADA } }, { json: { to: BOB } }],
			parameters: newSms(1, {
				transport: { phoneNumberId: byId(SMS_NUMBER), customerNumber: '={{ $json.to }}' },
				options: { maxConcurrency: 1 },
			}),
		});

		expect(run.error).toBeUndefined();
		const sessionOf = (number) =>
			[...vapi.sim.sessions.values()].find((session) => session.customer.number === number).id;
		expect(run.items.map((item) => [item.pairedItem.item, item.json.sessionId])).toEqual([
			[0, sessionOf(ADA)],
			[1, sessionOf(BOB)],
		]);
		// One request at a time: an item's read goes before the next item's message.
		expect(vapi.sim.requests.map((request) => request.method)).toEqual([
			'POST',
			'GET',
			'POST',
			'GET',
		]);
		expect(keyLeaks(run)).toEqual([]);
	});

	test('a 429 on the read is waited out like on any request', async () => {
		vapi.sim.addFault({
			when: { method: 'GET', path: '/chat/*' },
			times: 1,
			fault: { status: 429, retryAfter: 0 },
		});
		const run = await vapi.run({ parameters: newSms(1) });

		expect(run.error).toBeUndefined();
		const [session] = [...vapi.sim.sessions.values()];
		expect(run.items[0].json.sessionId).toBe(session.id);
		expect(vapi.sim.requests.map((request) => [requestLine(request), request.status])).toEqual([
			['POST /chat/responses', 200],
			[`GET /chat/${run.items[0].json.chatId}`, 429],
			[`GET /chat/${run.items[0].json.chatId}`, 200],
		]);
		expect(keyLeaks(run)).toEqual([]);
	});

	test.each([
		['Vapi fails (500)', { status: 500 }, 'Internal server error'],
		['a proxy answers with no chat', { notARecord: 'null' }, 'the answer is not a chat'],
		[
			'Vapi echoes the key in a 401',
			{ echoKey: 'errorBody' },
			'Invalid Key: the request sent "Authorization: Bearer ***"',
		],
	])(
		'%s: the item keeps its answer without sessionId, the chat is not sent again, n8n logs why',
		async (_name, fault, reason) => {
			vapi.sim.addFault({ when: { method: 'GET', path: '/chat/*' }, fault });
			const run = await vapi.run({ parameters: newSms(1) });

			expect(run.error).toBeUndefined();
			const { chatId } = run.items[0].json;
			expect(run.items).toEqual([
				{
					json: { chatId, text: reply('Is my order shipped?'), status: 'completed' },
					pairedItem: { item: 0 },
				},
			]);
			expect(chatPosts(vapi.sim)).toHaveLength(1);
			expect(vapi.sim.requests.filter((request) => request.method === 'GET')).toHaveLength(1);
			const warnings = run.logs.filter((entry) => String(entry.message).includes(chatId));
			expect(warnings.map((entry) => [entry.level, entry.message])).toEqual([
				[
					'warn',
					`Vapi node "Vapi", item 1: the SMS chat ${chatId} was answered, but its session could not be read (GET /chat/{id}): ${reason}. The item has no sessionId; Chat → Get shows it.`,
				],
			]);
			expect(keyLeaks(run)).toEqual([]);
		},
	);

	test('an SMS continuing a previous chat reads the new session too', async () => {
		const earlier = await vapi.run({ parameters: sendMessage({ input: 'My name is Ada' }) });
		vapi.sim.requests.length = 0;
		const run = await vapi.run({
			parameters: newSms(1, { previousChatId: earlier.items[0].json.chatId }),
		});

		expect(run.error).toBeUndefined();
		const [session] = [...vapi.sim.sessions.values()];
		expect(run.items[0].json.sessionId).toBe(session.id);
		expect(vapi.sim.requests.map(requestLine)).toEqual([
			'POST /chat/responses',
			`GET /chat/${run.items[0].json.chatId}`,
		]);
		expect(keyLeaks(run)).toEqual([]);
	});

	test('a stored chat without a session (an SMS to a saved customer here) adds nothing, quietly', async () => {
		const run = await vapi.run({
			parameters: newSms(1, {
				transport: { phoneNumberId: byId(SMS_NUMBER), customerId: 'cust_ada' },
			}),
		});

		expect(run.error).toBeUndefined();
		expect(vapi.sim.sessions.size).toBe(0);
		expect(Object.keys(run.items[0].json)).toEqual(['chatId', 'text', 'status']);
		expect(vapi.sim.requests.map(requestLine)).toEqual([
			'POST /chat/responses',
			`GET /chat/${run.items[0].json.chatId}`,
		]);
		expect(run.logs.filter((entry) => entry.level === 'warn')).toEqual([]);
		expect(keyLeaks(run)).toEqual([]);
	});
});
