'use strict';

// JSON fields reach Vapi exactly as the user wrote them: Assistant (JSON), Squad (JSON) and
// Variable Values of Send Message, and Session → Create's Variable Values and messages. n8n's
// HTTP layer drops the keys `__proto__`, `constructor` and `prototype` from object bodies, so the
// node sends the body as JSON text; the simulator's log keeps that text (rawBody) as received.
const { ASSISTANT, byId, sendMessage, useSimulator, API_KEY } = require('./support');
const { chatPosts, keyLeaks } = require('./support');

const vapi = useSimulator();

/** Keys a JSON object may hold like any other, which plain object copies lose. */
const RESERVED_KEYS = '"__proto__": {"tier": "gold"}, "constructor": "Ada", "prototype": "p"';
/** Those keys' names, in that order. */
const RESERVED_NAMES = ['__proto__', 'constructor', 'prototype'];

/** The one request the run sent to `path`, after checking the run succeeded without leaking the key. */
function onlyRequest(run, method, path) {
	expect({ error: run.error?.message, status: run.status }).toEqual({
		error: undefined,
		status: 'success',
	});
	expect(keyLeaks(run)).toEqual([]);
	const sent = vapi.sim.requests.filter((r) => r.method === method && r.path === path);
	expect(sent).toHaveLength(1);
	expect(sent[0].rawBody).not.toContain(API_KEY);
	return sent[0];
}

describe('JSON fields reach Vapi exactly as the user wrote them, __proto__, constructor and prototype included', () => {
	test('Assistant (JSON): its text is the body\'s "assistant", byte for byte', async () => {
		const assistant = `{
  "name": "Pop-up Helper",
  "model": {"provider": "openai", "model": "gpt-4o",
    "messages": [{"role": "system", "content": "You help {{constructor}}."}]},
  "metadata": {${RESERVED_KEYS}, "price": 1.50, "ref": 12345678901234567890}
}`;
		const run = await vapi.run({
			parameters: sendMessage({
				target: 'assistant',
				assistant,
				options: { variableValues: `{${RESERVED_KEYS}}` },
			}),
		});
		const post = onlyRequest(run, 'POST', '/chat/responses');
		expect(post.rawBody).toBe(
			`{"stream":true,"input":"Hello","assistant":${assistant},"assistantOverrides":{"variableValues":{${RESERVED_KEYS}}}}`,
		);
		expect(Object.keys(post.body.assistant.metadata)).toEqual([...RESERVED_NAMES, 'price', 'ref']);
		// Vapi substituted the variable named "constructor": it got the key.
		expect(run.items[0].json.text).toContain('You said: "Hello"');
		expect(vapi.sim.chats.get(run.items[0].json.chatId).messages[0].content).toBe('You help Ada.');
	});

	test('Squad (JSON) and Variable Values: sent as written, empty values inside kept', async () => {
		const squad = `{"members": [{"assistantId": "${ASSISTANT}",
  "assistantOverrides": {"variableValues": {${RESERVED_KEYS}, "note": ""}}}]}`;
		const variableValues = '{ "customerName" : "Bob", "constructor": "x", "empty": "" }';
		const run = await vapi.run({
			parameters: sendMessage({
				target: 'squad',
				squad,
				options: { variableValues },
			}),
		});
		const post = onlyRequest(run, 'POST', '/chat/responses');
		expect(post.rawBody).toBe(
			`{"stream":true,"input":"Hello","squad":${squad},"assistantOverrides":{"variableValues":${variableValues}}}`,
		);
		expect(Object.keys(post.body.squad.members[0].assistantOverrides.variableValues)).toEqual([
			...RESERVED_NAMES,
			'note',
		]);
		expect(run.items[0].json.text).toBe(
			'Support Bot (Squad) — Variables: customerName="Bob". You said: "Hello".',
		);
	});

	test('Send Message version 2: Assistant (JSON) with those keys is sent byte for byte too', async () => {
		const assistant = `{"name": "V2", "metadata": {${RESERVED_KEYS}},
  "model": {"provider": "openai", "model": "gpt-4o", "messages": [{"role": "system", "content": "Hi."}]}}`;
		const run = await vapi.runLatest({
			parameters: sendMessage({ conversation: 'new', target: 'assistant', assistant }),
		});
		const post = onlyRequest(run, 'POST', '/chat/responses');
		expect(post.rawBody).toBe(`{"stream":true,"input":"Hello","assistant":${assistant}}`);
		expect(Object.keys(post.body.assistant.metadata)).toEqual(RESERVED_NAMES);
	});

	test('from an expression: an object keeps constructor and prototype, JSON text every key', async () => {
		const values = `{${RESERVED_KEYS}, "customerName": "Ada"}`;
		const items = [{ json: { values: JSON.parse(values) } }];
		const asObject = await vapi.run({
			parameters: sendMessage({ options: { variableValues: '={{ $json.values }}' } }),
			items,
		});
		const asText = await vapi.run({
			parameters: sendMessage({
				options: { variableValues: '={{ JSON.stringify($json.values) }}' },
			}),
			items,
		});
		for (const run of [asObject, asText]) expect(keyLeaks(run)).toEqual([]);
		const [objectPost, textPost] = chatPosts(vapi.sim);
		// n8n's expression evaluation loses a __proto__ key of an object before the node sees it.
		expect(Object.keys(objectPost.body.assistantOverrides.variableValues)).toEqual([
			'constructor',
			'prototype',
			'customerName',
		]);
		expect(textPost.rawBody).toContain(`"variableValues":${JSON.stringify(JSON.parse(values))}}`);
		expect(Object.keys(textPost.body.assistantOverrides.variableValues)).toEqual([
			...RESERVED_NAMES,
			'customerName',
		]);
		expect(asText.items[0].json.text).toBe(
			'Support Bot — Variables: customerName="Ada". You said: "Hello".',
		);
	});

	test('Session → Create sends Variable Values as written (empty values included), as Send Message does', async () => {
		const variableValues = `{${RESERVED_KEYS}, "customerName": "", "order": {"id": ""}}`;
		const run = await vapi.run({
			parameters: {
				resource: 'session',
				operation: 'create',
				assistantId: byId(ASSISTANT),
				additionalFields: {
					name: 'Ada',
					variableValues,
					messages: { message: [{ role: 'user', content: '{"__proto__": "not a key"}' }] },
				},
			},
		});
		const post = onlyRequest(run, 'POST', '/session');
		expect(post.status).toBe(201);
		expect(post.rawBody).toContain(`"assistantOverrides":{"variableValues":${variableValues}}`);
		expect(post.body).toEqual({
			assistantId: ASSISTANT,
			name: 'Ada',
			assistantOverrides: { variableValues: JSON.parse(variableValues) },
			messages: [{ role: 'user', content: '{"__proto__": "not a key"}' }],
		});
		expect(Object.keys(post.body.assistantOverrides.variableValues)).toEqual([
			...RESERVED_NAMES,
			'customerName',
			'order',
		]);
	});

	test('Session → Update sends its messages as written, in order, JSON-like text untouched', async () => {
		const created = await vapi.api('POST', '/session', { assistantId: ASSISTANT });
		const { id } = created.json;
		vapi.sim.requests.splice(0);
		const messages = [
			{ role: 'system', content: `{${RESERVED_KEYS}}` },
			{ role: 'user', content: '  "constructor" stays   as typed  ' },
		];
		const run = await vapi.run({
			parameters: {
				resource: 'session',
				operation: 'update',
				sessionId: byId(id),
				updateFields: { messages: { message: messages } },
			},
		});
		const patch = onlyRequest(run, 'PATCH', `/session/${id}`);
		expect(patch.rawBody).toBe(JSON.stringify({ messages }));
		expect(vapi.sim.sessions.get(id).messages).toEqual(messages);
	});

	test('a chat that continues the session gets what the session was created with', async () => {
		const created = await vapi.run({
			parameters: {
				resource: 'session',
				operation: 'create',
				assistantId: byId(ASSISTANT),
				additionalFields: { variableValues: '{"customerName": "Ada", "constructor": "x"}' },
			},
		});
		expect(created.error).toBeUndefined();
		const sessionId = created.items[0].json.id;
		const run = await vapi.run({
			parameters: sendMessage({ target: 'none', sessionId: byId(sessionId) }),
		});
		expect(run.error).toBeUndefined();
		expect(run.items[0].json.text).toBe(
			'Support Bot — Variables: customerName="Ada". You said: "Hello".',
		);
		expect(keyLeaks(created)).toEqual([]);
		expect(keyLeaks(run)).toEqual([]);
		expect(chatPosts(vapi.sim)).toHaveLength(1);
		expect(vapi.sim.requests[0].rawBody).toContain(
			'"variableValues":{"customerName": "Ada", "constructor": "x"}',
		);
	});
});
