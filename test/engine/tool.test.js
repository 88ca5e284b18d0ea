'use strict';

// The node as an AI Agent tool. n8n synthesises `vapiTool` for `usableAsTool` nodes; an
// agent connected through `ai_tool` calls it with what its model decided ($fromAI parameters).
const { runNodeAsTool, secretsIn, persisted } = require('../harness');
const { SEED_IDS, byId, useSimulator } = require('./support');

const A = SEED_IDS.assistants;

const vapi = useSimulator();
let sim;
let base;

beforeAll(() => {
	sim = vapi.sim;
	// Send Message version 1, as the tool suite was written for (version 2: send-message-v2.test.js).
	base = { baseUrl: sim.url, apiKey: sim.apiKey, typeVersion: 1 };
});

// What a user sets on the tool node: the assistant is fixed, the model fills the message and,
// to continue a conversation, the chat ID it got back from the previous call.
const sendMessageTool = {
	resource: 'chat',
	operation: 'sendMessage',
	assistantId: byId(A.supportBot),
	input: "={{ $fromAI('message', 'The message to send to the assistant', 'string') }}",
	previousChatId:
		"={{ $fromAI('chatId', 'To continue the conversation: the chatId of the previous answer. Empty to start a new conversation.', 'string') }}",
};

describe.each(['engine', 'langchain'])('via %s', (via) => {
	test('an agent sends a message to an assistant, then continues with the returned chat ID', async () => {
		const first = await runNodeAsTool({
			...base,
			via,
			parameters: sendMessageTool,
			toolInput: { message: 'Hi, my name is Ada.', chatId: '' },
		});

		expect(first.error).toBeUndefined();
		expect(first.tool).toMatchObject({
			name: 'Vapi',
			description: 'Send a message to an assistant in Vapi',
			schema: {
				type: 'object',
				properties: {
					message: { type: 'string', description: 'The message to send to the assistant' },
					chatId: {
						type: 'string',
						description:
							'To continue the conversation: the chatId of the previous answer. Empty to start a new conversation.',
					},
				},
				required: ['chatId', 'message'],
			},
		});
		const [answer] = first.response;
		expect(answer).toEqual({
			chatId: expect.any(String),
			text: 'Support Bot — You said: "Hi, my name is Ada.".',
			status: 'completed',
		});
		expect(sim.chats.has(answer.chatId)).toBe(true);

		// The model passes the chatId it was given back to the same tool.
		const second = await runNodeAsTool({
			...base,
			via,
			parameters: sendMessageTool,
			toolInput: { message: 'What is my name?', chatId: answer.chatId },
		});

		expect(second.error).toBeUndefined();
		expect(second.response[0].text).toBe(
			'Support Bot — You said: "What is my name?". Earlier you said: "Hi, my name is Ada.".',
		);
		expect(sim.requests.map((r) => [r.path, r.body])).toEqual([
			[
				'/chat/responses',
				{ stream: true, assistantId: A.supportBot, input: 'Hi, my name is Ada.' },
			],
			[
				'/chat/responses',
				{
					stream: true,
					assistantId: A.supportBot,
					previousChatId: answer.chatId,
					input: 'What is my name?',
				},
			],
		]);
		expect(sim.chats.get(second.response[0].chatId).previousChatId).toBe(answer.chatId);
		expect(secretsIn(persisted(second.runData), sim.apiKey)).toEqual([]);
	});
});

test("a wrong chat ID from the model comes back to the agent as Vapi's message, not a failed workflow", async () => {
	const run = await runNodeAsTool({
		...base,
		parameters: sendMessageTool,
		toolInput: { message: 'Where were we?', chatId: 'made-up-chat-id' },
	});

	expect(run.status).toBe('success');
	expect(run.response).toEqual([{ error: 'Previous chat not found' }]);
});

test('an agent looks a chat up by ID and reads its answer', async () => {
	const sent = await runNodeAsTool({
		...base,
		parameters: sendMessageTool,
		toolInput: { message: 'Is the shop open on Sunday?', chatId: '' },
	});
	const { chatId } = sent.response[0];

	const run = await runNodeAsTool({
		...base,
		parameters: {
			resource: 'chat',
			operation: 'get',
			chatId: "={{ $fromAI('chatId', 'The chatId of the chat to read', 'string') }}",
		},
		toolInput: { chatId },
	});

	expect(run.tool.description).toBe('Get a chat in Vapi');
	expect(run.response).toEqual([
		{ ...sim.chats.get(chatId), text: 'Support Bot — You said: "Is the shop open on Sunday?".' },
	]);
});

test("an agent lists an assistant's latest chats with a limit it chooses", async () => {
	for (const message of ['one', 'two', 'three']) {
		await runNodeAsTool({
			...base,
			parameters: sendMessageTool,
			toolInput: { message, chatId: '' },
		});
	}
	sim.requests.splice(0);

	const run = await runNodeAsTool({
		...base,
		parameters: {
			resource: 'chat',
			operation: 'getAll',
			limit: "={{ $fromAI('limit', 'How many of the newest chats to return', 'number') }}",
			filters: { assistantId: byId(A.supportBot) },
		},
		toolInput: { limit: 2 },
	});

	expect(run.tool.description).toBe('Get many chats in Vapi');
	expect(run.response.map((chat) => chat.text)).toEqual([
		'Support Bot — You said: "three".',
		'Support Bot — You said: "two".',
	]);
	expect(sim.requests.map((r) => [r.path, r.query])).toEqual([
		['/chat', { assistantId: A.supportBot, page: '1', limit: '2' }],
	]);
});
