'use strict';

// Chat → Get, Get Many and Delete through n8n's engine against the simulator.
const { runWorkflow } = require('../harness');
const { SEED_IDS, byId, fromList, sendMessageNode, useSimulator } = require('./support');
const { NodeApiError } = require('n8n-workflow');

const A = SEED_IDS.assistants;
const S = SEED_IDS.squads;

const vapi = useSimulator();

/** Chats made through Vapi's API (POST /chat), oldest first; the request log is cleared after. */
async function seedChats(
	count,
	bodyOf = (i) => ({ assistantId: A.supportBot, input: `question ${i}` }),
) {
	const ids = [];
	for (let i = 0; i < count; i++) {
		const { status, json } = await vapi.api('POST', '/chat', bodyOf(i, ids));
		if (status !== 201) throw new Error(`seeding chat ${i}: ${status} ${JSON.stringify(json)}`);
		ids.push(json.id);
	}
	vapi.sim.requests.splice(0);
	return ids;
}

const listRequests = () =>
	vapi.sim.requests.filter((r) => r.method === 'GET' && r.path === '/chat');
const newestFirst = (ids) => [...ids].reverse();

describe('Chat → Get', () => {
	test('outputs the stored chat plus text, the answer of its last assistant message', async () => {
		const [chatId] = await seedChats(1, () => ({
			assistantId: A.supportBot,
			input: 'Do you open on Sunday?',
		}));
		const run = await vapi.runLatest({
			parameters: { resource: 'chat', operation: 'get', chatId },
		});

		expect(run.error).toBeUndefined();
		expect(run.items).toEqual([
			{
				json: {
					...vapi.sim.chats.get(chatId),
					text: 'Support Bot — You said: "Do you open on Sunday?".',
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(vapi.sim.requests.map((r) => [r.method, r.path, r.query, r.status])).toEqual([
			['GET', `/chat/${chatId}`, {}, 200],
		]);
	});

	test('one item per input item, each paired with its input; the chat ID comes from an expression', async () => {
		const ids = await seedChats(2);
		const run = await vapi.runLatest({
			items: ids.map((id) => ({ json: { chatId: ` ${id} ` } })),
			parameters: { resource: 'chat', operation: 'get', chatId: '={{ $json.chatId }}' },
		});

		expect(run.items.map((item) => [item.json.id, item.json.text, item.pairedItem])).toEqual([
			[ids[0], 'Support Bot — You said: "question 0".', { item: 0 }],
			[ids[1], 'Support Bot — You said: "question 1".', { item: 1 }],
		]);
	});

	test('text is the last assistant message with content, also after a tool call', async () => {
		const [chatId] = await seedChats(1);
		vapi.sim.chats.get(chatId).output = [
			{ role: 'assistant', content: 'Let me check.' },
			{ role: 'assistant', content: 'Monday at 10 works.' },
			{
				role: 'assistant',
				tool_calls: [{ id: 't1', type: 'function', function: { name: 'book', arguments: '{}' } }],
			},
		];
		const run = await vapi.runLatest({
			parameters: { resource: 'chat', operation: 'get', chatId },
		});
		expect(run.items[0].json.text).toBe('Monday at 10 works.');
	});

	test("an unknown chat fails with Vapi's message and the 404 hint", async () => {
		const run = await vapi.runLatest({
			parameters: { resource: 'chat', operation: 'get', chatId: 'chat-that-never-was' },
		});

		expect(run.error).toBeInstanceOf(NodeApiError);
		expect(run.error.message).toBe('Chat not found');
		expect(run.error.httpCode).toBe('404');
		expect(run.error.description).toBe(
			'Check that the assistant, squad, session or chat id exists in this Vapi organisation and region (EU ids exist only at https://api.eu.vapi.ai).',
		);
		expect(vapi.sim.requests).toHaveLength(1);
	});

	test('an empty chat ID fails before any request, naming the field and the item', async () => {
		const run = await vapi.runLatest({
			items: [{ json: { chatId: '  ' } }],
			parameters: { resource: 'chat', operation: 'get', chatId: '={{ $json.chatId }}' },
		});

		// n8n's RoutingNode hands a preSend's error on as a NodeApiError, message and all.
		expect(run.error.message).toBe(`Can't send the request for item 1: "Chat ID" is empty`);
		expect(run.error.description).toBe(
			'Map the chatId of an earlier Vapi node, e.g. {{ $json.chatId }}, or the id of a chat from Get Many.',
		);
		expect(vapi.sim.requests).toEqual([]);
	});

	test('the chat ID is URL-encoded: it cannot reach another path', async () => {
		const run = await vapi.runLatest({
			parameters: { resource: 'chat', operation: 'get', chatId: '../session' },
		});
		expect(run.error.message).toBe('Chat not found');
		expect(vapi.sim.requests.map((r) => r.path)).toEqual([
			'/chat/../session'.replace('../session', '..%2Fsession'),
		]);
	});

	test('a 503 is retried (GET is safe to repeat) and the chat comes once', async () => {
		const [chatId] = await seedChats(1);
		vapi.sim.addFault({
			when: { method: 'GET', path: `/chat/${chatId}` },
			times: 1,
			fault: { status: 503 },
		});
		const run = await vapi.runLatest({
			parameters: { resource: 'chat', operation: 'get', chatId },
		});

		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.json.id)).toEqual([chatId]);
		expect(vapi.sim.requests.map((r) => r.status)).toEqual([503, 200]);
	});
});

describe('Chat → Delete', () => {
	test('deletes the chat and outputs it as it was', async () => {
		const [keep, chatId] = await seedChats(2);
		const stored = structuredClone(vapi.sim.chats.get(chatId));
		const run = await vapi.runLatest({
			parameters: { resource: 'chat', operation: 'delete', chatId },
		});

		expect(run.error).toBeUndefined();
		expect(run.items).toEqual([{ json: stored, pairedItem: { item: 0 } }]);
		expect([...vapi.sim.chats.keys()]).toEqual([keep]);
		expect(vapi.sim.requests.map((r) => [r.method, r.path, r.status])).toEqual([
			['DELETE', `/chat/${chatId}`, 200],
		]);

		const again = await vapi.runLatest({
			parameters: { resource: 'chat', operation: 'get', chatId },
		});
		expect(again.error.message).toBe('Chat not found');
	});

	test('a deleted chat can no longer be continued', async () => {
		const [chatId] = await seedChats(1);
		await vapi.runLatest({
			parameters: { resource: 'chat', operation: 'delete', chatId },
		});
		const send = await vapi.runLatest({
			typeVersion: 1,
			parameters: {
				resource: 'chat',
				operation: 'sendMessage',
				target: 'none',
				previousChatId: chatId,
				input: 'Are you still there?',
			},
		});
		expect(send.error.message).toBe('Previous chat not found');
	});

	test('with Continue On Fail, a missing chat becomes an error item and the others are deleted', async () => {
		const ids = await seedChats(2);
		const run = await vapi.runLatest({
			continueOnFail: true,
			items: [{ json: { id: ids[0] } }, { json: { id: 'gone' } }, { json: { id: ids[1] } }],
			parameters: { resource: 'chat', operation: 'delete', chatId: '={{ $json.id }}' },
		});

		expect(run.items.map((item) => item.json.id ?? item.json.error)).toEqual([
			ids[0],
			'Chat not found',
			ids[1],
		]);
		expect(vapi.sim.chats.size).toBe(0);
	});
});

describe('Chat → Get Many', () => {
	test('Return All walks every page and outputs each chat exactly once, newest first, with text', async () => {
		const ids = await seedChats(230);
		const run = await vapi.runLatest({
			parameters: { resource: 'chat', operation: 'getAll', returnAll: true },
		});

		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.json.id)).toEqual(newestFirst(ids));
		expect(run.items[0]).toEqual({
			json: { ...vapi.sim.chats.get(ids[229]), text: 'Support Bot — You said: "question 229".' },
			pairedItem: { item: 0 },
		});
		expect(
			run.items.every(
				(item, i) => item.json.text === `Support Bot — You said: "question ${229 - i}".`,
			),
		).toBe(true);
		expect(listRequests().map((r) => r.query)).toEqual([
			{ page: '1', limit: '100' },
			{ page: '2', limit: '100' },
			{ page: '3', limit: '100' },
		]);
	});

	test('Return All stops after a last page that is exactly full (metadata says so)', async () => {
		await seedChats(200);
		const run = await vapi.runLatest({
			parameters: { resource: 'chat', operation: 'getAll', returnAll: true },
		});
		expect(run.items).toHaveLength(200);
		expect(listRequests().map((r) => r.query.page)).toEqual(['1', '2']);
	});

	test('chats created while the pages are walked shift the pages, yet every chat comes exactly once', async () => {
		const ids = await seedChats(230);
		let inserted = false;
		vapi.sim.addFault({
			when: ({ method, path, query }) => {
				if (method === 'GET' && path === '/chat' && query.page === '2' && !inserted) {
					inserted = true;
					// Five new chats arrive between page 1 and page 2 (newest first: page 2 now
					// starts with the last five of page 1).
					for (let i = 0; i < 5; i++) {
						const now = new Date(Date.now() + 1000 + i).toISOString();
						const id = `late-${i}`;
						vapi.sim.chats.set(id, {
							id,
							orgId: SEED_IDS.orgId,
							createdAt: now,
							updatedAt: now,
							output: [],
						});
					}
				}
				return false;
			},
			fault: { latencyMs: 0 },
		});
		const run = await vapi.runLatest({
			parameters: { resource: 'chat', operation: 'getAll', returnAll: true },
		});

		const got = run.items.map((item) => item.json.id);
		expect(new Set(got).size).toBe(got.length);
		expect(got).toEqual(newestFirst(ids));
		expect(listRequests().map((r) => r.query.page)).toEqual(['1', '2', '3']);
	});

	test('Limit asks for just that many in one request and stops', async () => {
		const ids = await seedChats(230);
		const run = await vapi.runLatest({
			parameters: { resource: 'chat', operation: 'getAll', returnAll: false, limit: 30 },
		});

		expect(run.items.map((item) => item.json.id)).toEqual(newestFirst(ids).slice(0, 30));
		expect(listRequests().map((r) => r.query)).toEqual([{ page: '1', limit: '30' }]);
	});

	test('Limit defaults to 50 and a short list ends after one request', async () => {
		const ids = await seedChats(7);
		const run = await vapi.runLatest({
			parameters: { resource: 'chat', operation: 'getAll' },
		});
		expect(run.items.map((item) => item.json.id)).toEqual(newestFirst(ids));
		expect(listRequests().map((r) => r.query)).toEqual([{ page: '1', limit: '50' }]);
	});

	test('an empty list gives no items', async () => {
		const run = await vapi.runLatest({
			parameters: { resource: 'chat', operation: 'getAll', returnAll: true },
		});
		expect(run.error).toBeUndefined();
		expect(run.items).toEqual([]);
		expect(listRequests()).toHaveLength(1);
	});

	test('every filter and the sort reach the query string by their API names, dates in UTC', async () => {
		const [sessionChat] = await seedChats(1, () => ({
			assistantId: A.bookingAgent,
			input: 'first',
		}));
		vapi.sim.requests.splice(0);
		const run = await vapi.runLatest({
			settings: { timezone: 'Europe/Berlin' },
			parameters: {
				resource: 'chat',
				operation: 'getAll',
				returnAll: true,
				filters: {
					assistantId: fromList(A.bookingAgent),
					squadId: byId(S.frontDesk),
					sessionId: byId('3c90c3cc-0d44-4b50-8888-8dd25736052a'),
					previousChatId: sessionChat,
					createdAtGt: '2025-06-01T09:30:00',
					createdAtLt: '2030-01-01T00:00:00Z',
					updatedAtGt: '2025-01-15',
					updatedAtLt: '={{ "2030-01-01T00:00:00+01:00" }}',
				},
				options: { sortBy: 'cost', sortOrder: 'ASC' },
			},
		});

		expect(run.error).toBeUndefined();
		expect(listRequests().map((r) => [r.query, r.status])).toEqual([
			[
				{
					assistantId: A.bookingAgent,
					squadId: S.frontDesk,
					sessionId: '3c90c3cc-0d44-4b50-8888-8dd25736052a',
					previousChatId: sessionChat,
					createdAtGt: '2025-06-01T07:30:00.000Z',
					createdAtLt: '2030-01-01T00:00:00.000Z',
					updatedAtGt: '2025-01-14T23:00:00.000Z',
					updatedAtLt: '2029-12-31T23:00:00.000Z',
					sortBy: 'cost',
					sortOrder: 'ASC',
					page: '1',
					limit: '100',
				},
				200,
			],
		]);
	});

	test('filters select the chats: assistant, squad, previous chat; Sort Order ASC gives oldest first', async () => {
		const ids = await seedChats(12, (i, made) =>
			i % 3 === 0
				? { assistantId: A.supportBot, input: `s${i}` }
				: i % 3 === 1
					? { squadId: S.salesTeam, input: `q${i}` }
					: { previousChatId: made[i - 2], input: `p${i}` },
		);
		const get = async (filters, options = {}) => {
			const run = await vapi.runLatest({
				parameters: { resource: 'chat', operation: 'getAll', returnAll: true, filters, options },
			});
			expect(run.error).toBeUndefined();
			return run.items.map((item) => item.json.id);
		};

		// A chat continuing an assistant's chat is that assistant's too.
		expect(await get({ assistantId: byId(A.supportBot) }, { sortOrder: 'ASC' })).toEqual(
			[0, 2, 3, 5, 6, 8, 9, 11].map((i) => ids[i]),
		);
		expect(await get({ squadId: fromList(S.salesTeam) })).toEqual([
			ids[10],
			ids[7],
			ids[4],
			ids[1],
		]);
		expect(await get({ previousChatId: ids[3] })).toEqual([ids[5]]);
		expect(await get({ createdAtGt: vapi.sim.chats.get(ids[9]).createdAt })).toEqual([
			ids[11],
			ids[10],
		]);
	});

	test('filters left empty are not sent (Vapi would match nothing, or reject them)', async () => {
		const ids = await seedChats(3);
		const run = await vapi.runLatest({
			parameters: {
				resource: 'chat',
				operation: 'getAll',
				returnAll: true,
				filters: { assistantId: fromList(''), previousChatId: '', createdAtGt: '' },
			},
		});
		expect(run.items.map((item) => item.json.id)).toEqual(newestFirst(ids));
		expect(listRequests().map((r) => r.query)).toEqual([{ page: '1', limit: '100' }]);
	});

	test('a date that is not a date fails before any request', async () => {
		const run = await vapi.runLatest({
			parameters: {
				resource: 'chat',
				operation: 'getAll',
				filters: { createdAtGt: '={{ "last tuesday" }}' },
			},
		});
		expect(run.error.message).toBe(
			`Can't list for item 1: "createdAtGt" is not a date: "last tuesday". Use e.g. 2025-06-01T09:30:00Z.`,
		);
		expect(vapi.sim.requests).toEqual([]);
	});

	test('a page answered 503 or 429 is asked again; the other pages are not', async () => {
		const ids = await seedChats(230);
		vapi.sim.addFault({
			when: ({ method, path, query }) => method === 'GET' && path === '/chat' && query.page === '2',
			times: 1,
			fault: { status: 503 },
		});
		vapi.sim.addFault({
			when: ({ method, path, query }) => method === 'GET' && path === '/chat' && query.page === '3',
			times: 1,
			fault: { status: 429, retryAfter: '0' },
		});
		const run = await vapi.runLatest({
			parameters: { resource: 'chat', operation: 'getAll', returnAll: true },
		});

		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.json.id)).toEqual(newestFirst(ids));
		expect(listRequests().map((r) => [r.query.page, r.status])).toEqual([
			['1', 200],
			['2', 503],
			['2', 200],
			['3', 429],
			['3', 200],
		]);
	});

	test("a rejected list fails with Vapi's own message", async () => {
		vapi.sim.addFault({
			when: { method: 'GET', path: '/chat' },
			fault: {
				status: 400,
				body: {
					message: ['sortBy must be one of the following values: createdAt, duration, cost'],
					error: 'Bad Request',
					statusCode: 400,
				},
			},
		});
		const run = await vapi.runLatest({
			parameters: { resource: 'chat', operation: 'getAll' },
		});

		expect(run.error).toBeInstanceOf(NodeApiError);
		expect(run.error.message).toBe(
			'sortBy must be one of the following values: createdAt, duration, cost',
		);
		expect(run.error.httpCode).toBe('400');
		expect(listRequests()).toHaveLength(1);
	});

	test('a page that is not JSON (a proxy answering 200) fails instead of passing for an empty list', async () => {
		await seedChats(3);
		vapi.sim.addFault({
			when: { method: 'GET', path: '/chat' },
			fault: { status: 200, html: true },
		});
		const run = await vapi.runLatest({
			parameters: { resource: 'chat', operation: 'getAll' },
		});

		expect(run.error).toBeInstanceOf(NodeApiError);
		expect(run.error.message).toBe("Vapi's answer (HTTP 200) is not JSON");
		expect(run.error.description).toBe(
			'A proxy or gateway may have answered instead of Vapi: check the Base URL in the credential.',
		);
	});

	test('each input item gets its own list, paired with it', async () => {
		const ids = await seedChats(4, (i) => ({
			assistantId: i % 2 ? A.bookingAgent : A.supportBot,
			input: `x${i}`,
		}));
		const run = await vapi.runLatest({
			items: [{ json: { assistant: A.supportBot } }, { json: { assistant: A.bookingAgent } }],
			parameters: {
				resource: 'chat',
				operation: 'getAll',
				returnAll: true,
				filters: { assistantId: byId('={{ $json.assistant }}') },
			},
		});
		expect(run.items.map((item) => [item.json.id, item.pairedItem.item])).toEqual([
			[ids[2], 0],
			[ids[0], 0],
			[ids[3], 1],
			[ids[1], 1],
		]);
	});
});

describe('a conversation across operations', () => {
	test('Send Message → Send Message (continued) → Get Many by previous chat → Delete', async () => {
		const ask = (name, input, previous) =>
			sendMessageNode(name, {
				...(previous
					? { target: 'none', previousChatId: '={{ $json.chatId }}' }
					: { assistantId: byId(A.supportBot) }),
				input,
			});

		const run = await runWorkflow({
			credentials: { vapiApi: vapi.credential },
			nodes: [
				ask('First', 'My name is Ada.'),
				ask('Second', 'What is my name?', true),
				{
					name: 'Continuations',
					type: 'vapi',
					parameters: {
						resource: 'chat',
						operation: 'getAll',
						returnAll: true,
						filters: { previousChatId: "={{ $('First').item.json.chatId }}" },
					},
				},
				{
					name: 'Delete',
					type: 'vapi',
					parameters: { resource: 'chat', operation: 'delete', chatId: '={{ $json.id }}' },
				},
			],
			connections: {
				First: { main: [[{ node: 'Second', type: 'main', index: 0 }]] },
				Second: { main: [[{ node: 'Continuations', type: 'main', index: 0 }]] },
				Continuations: { main: [[{ node: 'Delete', type: 'main', index: 0 }]] },
			},
		});

		expect(run.status).toBe('success');
		const second = run.runData.Second[0].data.main[0][0].json;
		const listed = run.runData.Continuations[0].data.main[0];
		expect(listed.map((item) => [item.json.id, item.json.text])).toEqual([
			[
				second.chatId,
				'Support Bot — You said: "What is my name?". Earlier you said: "My name is Ada.".',
			],
		]);
		expect(run.lastNodeItems.map((item) => item.json.id)).toEqual([second.chatId]);
		expect(vapi.sim.chats.has(second.chatId)).toBe(false);
		expect(vapi.sim.chats.size).toBe(1);
	});
});
