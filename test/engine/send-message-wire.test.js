'use strict';

// Chat → Send Message through n8n's real engine against the Vapi simulator: every parameter
// reaches the wire exactly (and nothing else does), the output items, and conversations carried on
// through a Previous Chat ID chain and through a session.
const { API_KEY, ASSISTANT, SEED_IDS, byId, sendMessage, reply } = require('./support');
const { useSimulator, chatPosts, withoutIds, keyLeaks } = require('./support');

const vapi = useSimulator();

const SQUAD = SEED_IDS.squads.frontDesk;
const SMS_NUMBER = SEED_IDS.phoneNumbers.smsDesk;
const TRANSIENT_ASSISTANT = {
	name: 'Pop-up Helper',
	model: {
		provider: 'openai',
		model: 'gpt-4o',
		messages: [{ role: 'system', content: 'You help {{customerName}}.' }],
	},
};
const TRANSIENT_SQUAD = { members: [{ assistantId: ASSISTANT }] };
/** The body of Send Message's "Hello" to the Support Bot, streaming, with `fields` besides. */
const helloBody = (fields) => ({ input: 'Hello', assistantId: ASSISTANT, stream: true, ...fields });
/** A conversation with every role Vapi accepts, in order. */
const EVERY_ROLE = [
	{ role: 'system', content: 'Answer in one line.' },
	{ role: 'developer', content: 'Be formal.' },
	{ role: 'user', content: 'My name is Ada.' },
	{ role: 'assistant', content: 'Hello Ada.' },
	{ role: 'user', content: 'Book me in.' },
];

/** Creates a chat through the simulator's API (as an earlier workflow run would have). */
async function existingChat(input) {
	const created = await vapi.api('POST', '/chat/responses', {
		assistantId: ASSISTANT,
		input,
		stream: false,
	});
	expect(created.status).toBe(201);
	return created.json.id;
}

async function newSession() {
	const created = await vapi.api('POST', '/session', { assistantId: ASSISTANT });
	expect(created.status).toBe(201);
	return created.json.id;
}

/** Runs one item and returns the body the simulator received and the answer text. */
async function sendOne(parameters, items) {
	const before = chatPosts(vapi.sim).length;
	const run = await vapi.run({ parameters, items });
	const posts = chatPosts(vapi.sim).slice(before);
	expect({ error: run.error?.message, status: run.status, posts: posts.length }).toEqual({
		error: undefined,
		status: 'success',
		posts: 1,
	});
	expect(posts[0].headers.authorization).toBe(`Bearer ${API_KEY}`);
	expect(keyLeaks(run)).toEqual([]);
	return { body: posts[0].body, text: run.items[0].json.text, run };
}

describe('each field reaches the wire exactly, and nothing else', () => {
	const cases = [
		{
			name: 'text input to an assistant by id (stream on by default, sent explicitly)',
			parameters: {},
			body: { input: 'Hello', assistantId: ASSISTANT, stream: true },
			text: reply('Hello'),
		},
		{
			name: 'an assistant picked from the list',
			parameters: {
				assistantId: {
					__rl: true,
					mode: 'list',
					value: ASSISTANT,
					cachedResultName: 'Support Bot',
				},
			},
			body: { input: 'Hello', assistantId: ASSISTANT, stream: true },
			text: reply('Hello'),
		},
		{
			name: 'a list of messages, every role, in order',
			parameters: {
				inputType: 'messages',
				messages: { message: EVERY_ROLE },
			},
			body: {
				input: EVERY_ROLE,
				assistantId: ASSISTANT,
				stream: true,
			},
			text: 'Support Bot — You said: "Book me in.". Earlier you said: "My name is Ada.".',
		},
		{
			name: 'a squad by id',
			parameters: { target: 'squadId', squadId: byId(SQUAD) },
			body: { input: 'Hello', squadId: SQUAD, stream: true },
			text: reply('Hello', 'Support Bot (Front Desk)'),
		},
		{
			name: 'a transient assistant as JSON text',
			parameters: { target: 'assistant', assistant: JSON.stringify(TRANSIENT_ASSISTANT, null, 2) },
			body: { input: 'Hello', assistant: TRANSIENT_ASSISTANT, stream: true },
			text: reply('Hello', 'Pop-up Helper'),
		},
		{
			name: 'a transient assistant as an object from an expression',
			parameters: { target: 'assistant', assistant: '={{ $json.assistant }}' },
			items: [{ json: { assistant: TRANSIENT_ASSISTANT } }],
			body: { input: 'Hello', assistant: TRANSIENT_ASSISTANT, stream: true },
			text: reply('Hello', 'Pop-up Helper'),
		},
		{
			name: 'a transient squad as JSON text',
			parameters: { target: 'squad', squad: JSON.stringify(TRANSIENT_SQUAD) },
			body: { input: 'Hello', squad: TRANSIENT_SQUAD, stream: true },
			text: reply('Hello', 'Support Bot (Squad)'),
		},
		{
			name: 'a transient squad as an object from an expression',
			parameters: {
				target: 'squad',
				squad: `={{ { members: [{ assistantId: "${ASSISTANT}" }] } }}`,
			},
			body: { input: 'Hello', squad: TRANSIENT_SQUAD, stream: true },
			text: reply('Hello', 'Support Bot (Squad)'),
		},
		{
			name: 'a chat name of exactly 40 characters',
			parameters: { options: { name: 'N'.repeat(40) } },
			body: { input: 'Hello', assistantId: ASSISTANT, name: 'N'.repeat(40), stream: true },
			text: reply('Hello'),
		},
		{
			name: 'stream off',
			parameters: { options: { stream: false } },
			body: { input: 'Hello', assistantId: ASSISTANT, stream: false },
			text: reply('Hello'),
		},
		{
			name: 'stream on, set in the options',
			parameters: { options: { stream: true } },
			body: { input: 'Hello', assistantId: ASSISTANT, stream: true },
			text: reply('Hello'),
		},
		{
			name: 'variable values as JSON text → assistantOverrides.variableValues',
			parameters: { options: { variableValues: '{"customerName": "Ada"}' } },
			body: helloBody({
				assistantOverrides: { variableValues: { customerName: 'Ada' } },
			}),
			text: 'Support Bot — Variables: customerName="Ada". You said: "Hello".',
		},
		{
			name: 'variable values as an object from an expression',
			parameters: { options: { variableValues: '={{ { customerName: $json.who ?? "Bob" } }}' } },
			body: helloBody({
				assistantOverrides: { variableValues: { customerName: 'Bob' } },
			}),
			text: 'Support Bot — Variables: customerName="Bob". You said: "Hello".',
		},
		{
			name: 'every SMS field → transport of type twilio.sms',
			parameters: {
				transport: {
					phoneNumberId: byId(SMS_NUMBER),
					customerNumber: '+14155550199',
					customerId: 'cust_ada',
					useLLMGeneratedMessageForOutbound: false,
					conversationType: 'chat',
				},
			},
			body: helloBody({
				transport: {
					type: 'twilio.sms',
					phoneNumberId: SMS_NUMBER,
					customer: { number: '+14155550199' },
					customerId: 'cust_ada',
					useLLMGeneratedMessageForOutbound: false,
					conversationType: 'chat',
				},
			}),
			// useLLMGeneratedMessageForOutbound off: the simulator answers the input verbatim.
			text: 'Hello',
		},
		{
			name: 'SMS to a saved customer, the assistant writing the message',
			parameters: {
				transport: {
					phoneNumberId: byId(SMS_NUMBER),
					customerId: 'cust_ada',
					useLLMGeneratedMessageForOutbound: true,
				},
			},
			body: helloBody({
				transport: {
					type: 'twilio.sms',
					phoneNumberId: SMS_NUMBER,
					customerId: 'cust_ada',
					useLLMGeneratedMessageForOutbound: true,
				},
			}),
			text: reply('Hello'),
		},
		{
			name: 'options and SMS fields added but left empty are not sent (no null, no {}, no "")',
			parameters: {
				previousChatId: '',
				sessionId: { __rl: true, mode: 'list', value: '' },
				options: {
					name: '',
					variableValues: '{}',
					maxAttempts: 8,
					maxConcurrency: 0,
					idleTimeout: 60,
					forwardStream: true,
				},
				transport: {
					phoneNumberId: { __rl: true, mode: 'id', value: '' },
					customerNumber: '',
					customerId: '',
				},
			},
			body: { input: 'Hello', assistantId: ASSISTANT, stream: true },
			text: reply('Hello'),
		},
		{
			name: 'parameters of other targets, hidden by Send To, never reach the wire (no second target)',
			parameters: {
				target: 'assistantId',
				squadId: byId(SQUAD),
				assistant: JSON.stringify(TRANSIENT_ASSISTANT),
				squad: JSON.stringify(TRANSIENT_SQUAD),
				messages: { message: [{ role: 'user', content: 'hidden' }] },
			},
			body: { input: 'Hello', assistantId: ASSISTANT, stream: true },
			text: reply('Hello'),
		},
	];

	test.each(cases)('$name', async ({ parameters, items, body, text }) => {
		const sent = await sendOne(sendMessage(parameters), items);
		expect(sent.body).toEqual(body);
		expect(sent.text).toBe(text);
	});

	test('previousChatId, with the assistant left to the previous chat', async () => {
		const previousChatId = await existingChat('My name is Ada');
		const sent = await sendOne(
			sendMessage({ target: 'none', previousChatId, input: 'What is my name?' }),
		);
		expect(sent.body).toEqual({ input: 'What is my name?', previousChatId, stream: true });
		expect(sent.text).toBe(
			'Support Bot — You said: "What is my name?". Earlier you said: "My name is Ada".',
		);
	});

	test('previousChatId together with an assistant', async () => {
		const previousChatId = await existingChat('My name is Ada');
		const sent = await sendOne(sendMessage({ previousChatId, input: 'Still there?' }));
		expect(sent.body).toEqual({
			input: 'Still there?',
			assistantId: ASSISTANT,
			previousChatId,
			stream: true,
		});
		expect(sent.text).toBe(
			'Support Bot — You said: "Still there?". Earlier you said: "My name is Ada".',
		);
	});

	test('sessionId (by id), the session deciding who answers', async () => {
		const sessionId = await newSession();
		const sent = await sendOne(
			sendMessage({ target: 'none', sessionId: byId(sessionId), input: 'Hi session' }),
		);
		expect(sent.body).toEqual({ input: 'Hi session', sessionId, stream: true });
		expect(sent.text).toBe(reply('Hi session'));
		// The streamed answer names no session; the item says which one it continued.
		expect(sent.run.items[0].json.sessionId).toBe(sessionId);
	});

	test("the user's own JSON is sent as written, empty strings and objects inside included", async () => {
		const assistant = { ...TRANSIENT_ASSISTANT, firstMessage: '', metadata: {} };
		const sent = await sendOne(
			sendMessage({ target: 'assistant', assistant: JSON.stringify(assistant), input: 'Hi' }),
		);
		expect(sent.body).toEqual({ input: 'Hi', assistant, stream: true });
	});

	test('sessionId with SMS to a saved customer (allowed: the session keeps number and customer)', async () => {
		const sessionId = await newSession();
		const sent = await sendOne(
			sendMessage({
				target: 'none',
				sessionId: byId(sessionId),
				transport: { customerId: 'cust_ada' },
			}),
		);
		expect(sent.body).toEqual({
			input: 'Hello',
			sessionId,
			stream: true,
			transport: { type: 'twilio.sms', customerId: 'cust_ada' },
		});
	});
});

describe('output items', () => {
	test('chatId, text and status: the chat the simulator stored, the whole answer', async () => {
		const run = await vapi.run({ parameters: sendMessage() });
		const [post] = chatPosts(vapi.sim);
		const { json, pairedItem } = run.items[0];
		expect(Object.keys(json)).toEqual(['chatId', 'text', 'status']);
		expect(json.chatId).toBe(post.chatId);
		expect(vapi.sim.chats.has(json.chatId)).toBe(true);
		expect(json.text).toBe(reply('Hello'));
		expect(json.status).toBe('completed');
		expect(pairedItem).toEqual({ item: 0 });
	});

	test('Simplify off adds the output messages and Vapi’s whole response, whose id is the chatId', async () => {
		const run = await vapi.run({ parameters: sendMessage({ simplify: false }) });
		const { json } = run.items[0];
		expect(Object.keys(json)).toEqual(['chatId', 'text', 'status', 'output', 'response']);
		expect(json.output).toEqual([
			{
				id: expect.stringMatching(/^msg_/),
				type: 'message',
				role: 'assistant',
				status: 'completed',
				content: [{ type: 'output_text', text: reply('Hello'), annotations: [] }],
			},
		]);
		expect(json.response).toEqual({
			id: json.chatId,
			object: 'response',
			created_at: expect.any(Number),
			status: 'completed',
			error: null,
			output: json.output,
		});
	});

	test.each([true, false])(
		'stream on and off give equal items except the ids (simplify %s)',
		async (simplify) => {
			const streamed = await vapi.run({ parameters: sendMessage({ simplify }) });
			const whole = await vapi.run({
				parameters: sendMessage({ simplify, options: { stream: false } }),
			});
			expect(chatPosts(vapi.sim).map((post) => [post.body.stream, post.status])).toEqual([
				[true, 200],
				[false, 201],
			]);
			expect(streamed.items[0].json.chatId).not.toBe(whole.items[0].json.chatId);
			expect(withoutIds(streamed.items[0].json)).toEqual(withoutIds(whole.items[0].json));
			expect(streamed.items[0].pairedItem).toEqual(whole.items[0].pairedItem);
		},
	);

	test('one item per input item, each answering its own input, paired to it', async () => {
		const run = await vapi.run({
			parameters: sendMessage({ input: '={{ $json.question }}' }),
			items: ['one', 'two', 'three'].map((question) => ({ json: { question } })),
		});
		expect(run.items.map((item) => [item.json.text, item.pairedItem])).toEqual([
			[reply('one'), { item: 0 }],
			[reply('two'), { item: 1 }],
			[reply('three'), { item: 2 }],
		]);
		expect(new Set(run.items.map((item) => item.json.chatId)).size).toBe(3);
	});
});

describe('conversations', () => {
	const chained = (name, input) => ({
		name,
		type: 'vapi',
		parameters: sendMessage({ target: 'none', previousChatId: '={{ $json.chatId }}', input }),
	});
	const connect = (from, to) => ({ [from]: { main: [[{ node: to, type: 'main', index: 0 }]] } });

	test('a 3-node chain passes chatId → previousChatId; the third answer quotes turns 1 and 2', async () => {
		const run = await vapi.workflow({
			nodes: [
				{ name: 'Turn 1', type: 'vapi', parameters: sendMessage({ input: 'My name is Ada' }) },
				chained('Turn 2', 'I want a table for two'),
				chained('Turn 3', 'What do you know about me?'),
			],
			connections: { ...connect('Turn 1', 'Turn 2'), ...connect('Turn 2', 'Turn 3') },
		});

		expect(run.status).toBe('success');
		expect(run.lastNodeExecuted).toBe('Turn 3');
		const chatIds = ['Turn 1', 'Turn 2', 'Turn 3'].map(
			(name) => run.runData[name][0].data.main[0][0].json.chatId,
		);
		expect(chatPosts(vapi.sim).map((post) => post.body)).toEqual([
			{ input: 'My name is Ada', assistantId: ASSISTANT, stream: true },
			{ input: 'I want a table for two', previousChatId: chatIds[0], stream: true },
			{ input: 'What do you know about me?', previousChatId: chatIds[1], stream: true },
		]);
		expect(run.lastNodeItems.map((item) => item.json.text)).toEqual([
			'Support Bot — You said: "What do you know about me?". Earlier you said: "My name is Ada", "I want a table for two".',
		]);
		expect(keyLeaks({ ...run, items: run.lastNodeItems })).toEqual([]);
	});

	test('a session carries the conversation: three nodes continuing the same session', async () => {
		const sessionId = await newSession();
		const turn = (name, input) => ({
			name,
			type: 'vapi',
			parameters: sendMessage({ target: 'none', sessionId: byId(sessionId), input }),
		});
		const run = await vapi.workflow({
			nodes: [
				turn('Turn 1', 'My name is Ada'),
				turn('Turn 2', 'I want a table for two'),
				turn('Turn 3', 'What do you know about me?'),
			],
			connections: { ...connect('Turn 1', 'Turn 2'), ...connect('Turn 2', 'Turn 3') },
		});

		expect(run.status).toBe('success');
		expect(chatPosts(vapi.sim).map((post) => post.body)).toEqual([
			{ input: 'My name is Ada', sessionId, stream: true },
			{ input: 'I want a table for two', sessionId, stream: true },
			{ input: 'What do you know about me?', sessionId, stream: true },
		]);
		expect(run.lastNodeItems.map((item) => item.json.text)).toEqual([
			'Support Bot — You said: "What do you know about me?". Earlier you said: "My name is Ada", "I want a table for two".',
		]);
	});
});
