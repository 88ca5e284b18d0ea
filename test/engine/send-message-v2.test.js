'use strict';

// Send Message version 2: the Conversation is chosen once (New, Continue a Previous Chat, Continue a
// Session); it shows only the field it needs and only the Send To options valid with it, and sends
// what version 1 sends for the same conversation. Version 1 keeps running as it did: every other
// engine suite runs it (support.js pins typeVersion 1), and the first test here compares the two.
const { NodeHelpers } = require('n8n-workflow');
const { loadPackage, runNodeAsTool } = require('../harness');
const { ASSISTANT, SEED_IDS, byId, sendMessage, reply } = require('./support');
const { useSimulator, chatPosts, withoutIds, keyLeaks } = require('./support');

const vapi = useSimulator();

/** A chat to continue: the Support Bot answered "My name is Ada". */
async function earlierChat() {
	const run = await vapi.run({ parameters: sendMessage({ input: 'My name is Ada' }) });
	vapi.sim.requests.length = 0;
	return run.items[0].json.chatId;
}

async function newSession() {
	const created = await vapi.api('POST', '/session', { assistantId: ASSISTANT });
	vapi.sim.requests.length = 0;
	return created.json.id;
}

/** Runs `parameters` as a node of `typeVersion`: the request body Vapi got and the output item. */
async function sent(typeVersion, parameters) {
	const before = chatPosts(vapi.sim).length;
	const run = await vapi.run({ typeVersion, parameters: sendMessage(parameters) });
	expect(run.error).toBeUndefined();
	const [post] = chatPosts(vapi.sim).slice(before);
	return { body: post.body, item: withoutIds(run.items[0].json) };
}

describe('version 1 and version 2 send the same request for the same conversation', () => {
	const SQUAD = SEED_IDS.squads.frontDesk;
	const TRANSIENT = JSON.stringify({ name: 'Pop-up', model: { provider: 'openai', model: 'x' } });

	test.each([
		['a new conversation with a saved assistant', () => ({ v1: {}, v2: { conversation: 'new' } })],
		[
			'a new conversation with a transient assistant',
			() => ({
				v1: { target: 'assistant', assistant: TRANSIENT },
				v2: { conversation: 'new', target: 'assistant', assistant: TRANSIENT },
			}),
		],
		[
			'a previous chat, answered by its assistant',
			(chatId) => ({
				v1: { target: 'none', previousChatId: chatId },
				v2: { conversation: 'previousChat', previousChatId: chatId },
			}),
		],
		[
			'a previous chat, answered by a squad',
			(chatId) => ({
				v1: { target: 'squadId', squadId: byId(SQUAD), previousChatId: chatId },
				v2: {
					conversation: 'previousChat',
					target: 'squadId',
					squadId: byId(SQUAD),
					previousChatId: chatId,
				},
			}),
		],
		[
			'a session, answered by its assistant',
			(_chatId, sessionId) => ({
				v1: { target: 'none', sessionId: byId(sessionId) },
				v2: { conversation: 'session', sessionId: byId(sessionId) },
			}),
		],
	])('%s', async (_name, parametersFor) => {
		// Each version continues a chat or session of its own (a session keeps what it was sent),
		// named alike before the two are compared.
		const run = async (version) => {
			const chatId = await earlierChat();
			const sessionId = await newSession();
			const { [`v${version}`]: parameters } = parametersFor(chatId, sessionId);
			const { body, item } = await sent(version, parameters);
			const named = { [chatId]: 'the earlier chat', [sessionId]: 'the session' };
			const alike = (json) =>
				Object.fromEntries(
					Object.entries(json).map(([key, value]) => [key, named[value] ?? value]),
				);
			return { body: alike(body), item: alike(item) };
		};
		const one = await run(1);
		const two = await run(2);
		expect(two.body).toEqual(one.body);
		expect(two.item).toEqual(one.item);
	});

	test('the bodies are the ones version 1 sent before version 2 existed', async () => {
		const chatId = await earlierChat();
		const sessionId = await newSession();
		expect((await sent(2, { conversation: 'new' })).body).toEqual({
			input: 'Hello',
			assistantId: ASSISTANT,
			stream: true,
		});
		expect((await sent(2, { conversation: 'previousChat', previousChatId: chatId })).body).toEqual({
			input: 'Hello',
			previousChatId: chatId,
			stream: true,
		});
		const toSession = await sent(2, { conversation: 'session', sessionId: byId(sessionId) });
		expect(toSession.body).toEqual({ input: 'Hello', sessionId, stream: true });
		expect(toSession.item.sessionId).toBe(sessionId);
	});
});

describe('each Conversation shows only its field and the Send To options valid with it', () => {
	let description;
	beforeAll(async () => {
		const pkg = await loadPackage();
		description = pkg.nodeTypes.getByNameAndVersion('n8n-nodes-vapi.vapi', 2).description;
	});

	/** The properties the editor shows for these parameter values, as n8n decides it. */
	function shown(values, typeVersion = 2) {
		const node = { name: 'Vapi', type: 'n8n-nodes-vapi.vapi', typeVersion, parameters: values };
		const parameters = { resource: 'chat', operation: 'sendMessage', ...values };
		return description.properties.filter((property) =>
			NodeHelpers.displayParameter(parameters, property, node, description),
		);
	}
	const names = (properties) =>
		properties
			.map((property) => property.name)
			.filter((name) => name !== 'resource' && name !== 'operation');
	const sendToOptions = (values) =>
		shown(values)
			.filter((property) => property.name === 'target')
			.flatMap((property) => property.options.map((option) => option.value));

	test.each([
		{
			name: 'new: no previous chat, no session, and no "nobody" to send to',
			values: { conversation: 'new', target: 'assistantId' },
			first: ['conversation', 'target', 'assistantId'],
			hidden: ['previousChatId', 'sessionId'],
			sendTo: ['assistantId', 'assistant', 'squadId', 'squad'],
		},
		{
			name: "continue a previous chat: Previous Chat ID, and Send To may be the previous chat's assistant",
			values: { conversation: 'previousChat', target: 'none' },
			first: ['conversation', 'previousChatId', 'target'],
			hidden: ['sessionId', 'assistantId'],
			sendTo: ['assistantId', 'assistant', 'squadId', 'squad', 'none'],
		},
		{
			name: 'continue a session: Session, and no saved Assistant (a session stays with its own)',
			values: { conversation: 'session', target: 'none' },
			first: ['conversation', 'sessionId', 'target'],
			hidden: ['previousChatId'],
			sendTo: ['assistant', 'squadId', 'squad', 'none'],
			// Not even when a Send To of another conversation is left over.
			hiddenWithLeftOver: 'assistantId',
		},
	])('$name', ({ values, first, hidden, sendTo, hiddenWithLeftOver }) => {
		const fields = names(shown(values));
		expect(fields.slice(0, 3)).toEqual(first);
		for (const name of hidden) expect(fields).not.toContain(name);
		expect(sendToOptions({ conversation: values.conversation })).toEqual(sendTo);
		if (hiddenWithLeftOver !== undefined) {
			const leftOver = { ...values, target: hiddenWithLeftOver };
			expect(names(shown(leftOver))).not.toContain(hiddenWithLeftOver);
		}
	});

	test('version 1 shows its fields as before: Send To, Assistant, Previous Chat ID, Session', () => {
		const fields = names(shown({ target: 'assistantId' }, 1));
		expect(fields.slice(0, 4)).toEqual(['target', 'assistantId', 'previousChatId', 'sessionId']);
		expect(fields).not.toContain('conversation');
	});
});

describe('what a Conversation needs is there, or the item is refused before sending', () => {
	test('Continue a Session without one: the message says to pick it or start a new conversation', async () => {
		const run = await vapi.run({
			typeVersion: 2,
			parameters: sendMessage({ conversation: 'session', sessionId: byId('={{ $json.none }}') }),
		});
		expect(run.error.message).toBe(
			`Can't send item 1: "Session" (sessionId) is empty: pick the session to continue or map its id (e.g. {{ $json.id }} after Session → Create), or set "Conversation" to "New Conversation".`,
		);
		expect(run.error.description).toBeUndefined();
		expect(run.error.httpCode).toBeNull();
		expect(vapi.sim.requests).toEqual([]);
	});

	test('Continue a Previous Chat answered by its assistant, without the chat: map the Chat ID or choose who answers', async () => {
		const run = await vapi.run({
			typeVersion: 2,
			parameters: sendMessage({
				conversation: 'previousChat',
				previousChatId: '={{ $json.none }}',
			}),
		});
		expect(run.error.message).toBe(
			`Can't send item 1: "Previous Chat ID" (previousChatId) is empty, so no previous chat's assistant can answer: map the Chat ID of an earlier Vapi node (e.g. {{ $json.chatId }}), or choose an assistant or squad in "Send To".`,
		);
		expect(vapi.sim.requests).toEqual([]);
	});

	test('Continue a Previous Chat with an assistant and no chat yet (a first turn): a new conversation', async () => {
		const { body, item } = await sent(2, {
			conversation: 'previousChat',
			target: 'assistantId',
			previousChatId: '={{ $json.none }}',
		});
		expect(body).toEqual({ input: 'Hello', assistantId: ASSISTANT, stream: true });
		expect(item.text).toBe(reply('Hello'));
	});
});

describe('a value left in a field the Conversation hides is not sent', () => {
	test('New: a Session and a Previous Chat ID kept from before are ignored', async () => {
		const sessionId = await newSession();
		const { body, item } = await sent(2, {
			conversation: 'new',
			sessionId: byId(sessionId),
			previousChatId: 'chat-from-before',
		});
		expect(body).toEqual({ input: 'Hello', assistantId: ASSISTANT, stream: true });
		expect(item.sessionId).toBeUndefined();
	});

	test('Continue a Session: a saved Assistant kept from New is ignored', async () => {
		const sessionId = await newSession();
		const { body } = await sent(2, {
			conversation: 'session',
			target: 'assistantId',
			sessionId: byId(sessionId),
		});
		expect(body).toEqual({ input: 'Hello', sessionId, stream: true });
	});
});

test('as an AI Agent tool: Continue a Previous Chat with an assistant, the model passing the chat ID back', async () => {
	const tool = {
		...sendMessage({
			conversation: 'previousChat',
			target: 'assistantId',
			input: "={{ $fromAI('message', 'The message to send to the assistant', 'string') }}",
			previousChatId:
				"={{ $fromAI('chatId', 'The chatId of the previous answer; empty for a new conversation', 'string') }}",
		}),
	};
	const base = { baseUrl: vapi.sim.url, apiKey: vapi.sim.apiKey, typeVersion: 2, parameters: tool };
	const first = await runNodeAsTool({ ...base, toolInput: { message: 'I am Ada.', chatId: '' } });
	expect(first.error).toBeUndefined();
	const [{ chatId }] = first.response;
	const second = await runNodeAsTool({ ...base, toolInput: { message: 'Who am I?', chatId } });
	expect(chatPosts(vapi.sim).map((post) => post.body)).toEqual([
		{ input: 'I am Ada.', assistantId: ASSISTANT, stream: true },
		{ input: 'Who am I?', assistantId: ASSISTANT, previousChatId: chatId, stream: true },
	]);
	expect(second.response[0].text).toBe(
		'Support Bot — You said: "Who am I?". Earlier you said: "I am Ada.".',
	);
	expect(keyLeaks(second)).toEqual([]);
});
