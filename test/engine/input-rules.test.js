'use strict';

// Careless input refused before sending, each with a message that names the field and the item
// and says what to do: Squad (JSON) left as its default, and names counted the way Vapi counts
// them — one rule for chats and sessions.
const { NodeApiError } = require('n8n-workflow');
const { ASSISTANT, byId, sendMessage, useSimulator, chatPosts, keyLeaks } = require('./support');

const vapi = useSimulator();

/** Runs once stopping on the error and once continuing: the same message both ways, no request. */
async function expectRefused(parameters, message) {
	const stopped = await vapi.run({ parameters });
	expect(stopped.error).toBeInstanceOf(NodeApiError);
	expect(stopped.error.message).toBe(message);
	const continued = await vapi.run({ parameters, continueOnFail: true });
	expect(continued.items.map((item) => [item.json, item.pairedItem])).toEqual([
		[{ error: message }, { item: 0 }],
	]);
	expect(vapi.sim.requests).toEqual([]);
	expect(keyLeaks(stopped)).toEqual([]);
	expect(keyLeaks(continued)).toEqual([]);
}

describe('the default Squad JSON left as is is refused before sending', () => {
	test('Send To → Squad Defined in JSON, Squad (JSON) untouched', async () => {
		await expectRefused(
			sendMessage({ target: 'squad' }),
			`Can't send item 1: "Squad (JSON)" (squad) member 1 has an empty "assistantId": fill in the ID of a saved assistant (Vapi dashboard → Assistants), or use Send To → Squad to pick a saved squad.`,
		);
	});

	test('filled in, the same squad is sent', async () => {
		const run = await vapi.run({
			parameters: sendMessage({
				target: 'squad',
				squad: `{\n  "members": [{ "assistantId": "${ASSISTANT}" }]\n}`,
			}),
		});
		expect(run.error).toBeUndefined();
		expect(chatPosts(vapi.sim)[0].body.squad).toEqual({ members: [{ assistantId: ASSISTANT }] });
		expect(keyLeaks(run)).toEqual([]);
	});
});

describe('one rule for name lengths across chats and sessions, counted the way Vapi validates', () => {
	const chat = (name) => sendMessage({ options: { name } });
	const session = (name) => ({
		resource: 'session',
		operation: 'create',
		assistantId: byId(ASSISTANT),
		additionalFields: { name },
	});
	const renamed = (id, name) => ({
		resource: 'session',
		operation: 'update',
		sessionId: byId(id),
		updateFields: { name },
	});
	const ACCEPTED = [
		['40 emoji', '😀'.repeat(40)],
		['40 characters with variation selectors', '❤\uFE0F'.repeat(20) + '☺\uFE0E'.repeat(20)],
		['40 accented letters', 'é'.repeat(40)],
	];

	test.each(ACCEPTED)('%s: accepted for a chat and a session, and by Vapi', async (_case, name) => {
		const chatRun = await vapi.run({ parameters: chat(name) });
		const sessionRun = await vapi.run({ parameters: session(name) });
		expect([chatRun.error, sessionRun.error]).toEqual([undefined, undefined]);
		expect(
			vapi.sim.requests.map((request) => [request.path, request.status, request.body.name]),
		).toEqual([
			['/chat/responses', 200, name],
			['/session', 201, name],
		]);
		expect(keyLeaks(chatRun)).toEqual([]);
		expect(keyLeaks(sessionRun)).toEqual([]);
	});

	test.each(ACCEPTED)('%s: accepted by Session → Update too', async (_case, name) => {
		const { id } = (await vapi.api('POST', '/session', { assistantId: ASSISTANT })).json;
		vapi.sim.requests.splice(0);
		const run = await vapi.run({ parameters: renamed(id, name) });
		expect(run.error).toBeUndefined();
		expect(vapi.sim.requests.map((request) => [request.method, request.status])).toEqual([
			['PATCH', 200],
		]);
		expect(vapi.sim.sessions.get(id).name).toBe(name);
		expect(keyLeaks(run)).toEqual([]);
	});

	test('41 emoji: refused by Session → Update in the same words', async () => {
		const { id } = (await vapi.api('POST', '/session', { assistantId: ASSISTANT })).json;
		vapi.sim.requests.splice(0);
		await expectRefused(
			renamed(id, '😀'.repeat(41)),
			`Can't update the session for item 1: "Name" (name) is 41 characters long; Vapi accepts at most 40, so shorten it.`,
		);
	});

	test.each([
		['41 emoji', '😀'.repeat(41)],
		['41 characters with variation selectors', '❤\uFE0F'.repeat(41)],
	])('%s: refused for a chat and a session, in the same words', async (_case, name) => {
		const tooLong = 'is 41 characters long; Vapi accepts at most 40, so shorten it.';
		await expectRefused(chat(name), `Can't send item 1: "Chat Name" (name) ${tooLong}`);
		await expectRefused(
			session(name),
			`Can't create the session for item 1: "Name" (name) ${tooLong}`,
		);
	});
});
