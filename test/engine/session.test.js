'use strict';

// Session → Create, Get, Get Many, Update, Delete through n8n's engine against the
// simulator, and a session carried into Send Message.
const { runWorkflow } = require('../harness');
const { SEED_IDS, byId, fromList, sendMessageNode, useSimulator } = require('./support');
const { NodeApiError } = require('n8n-workflow');

const A = SEED_IDS.assistants;
const S = SEED_IDS.squads;
const P = SEED_IDS.phoneNumbers;

const vapi = useSimulator();

const session = (operation, parameters = {}) => ({ resource: 'session', operation, ...parameters });
/** A Send Message node `name` that sends `input` in the session `sessionId` (an expression). */
const askInSession = (name, sessionId, input) =>
	sendMessageNode(name, { target: 'none', sessionId: byId(sessionId), input });

/** Sessions made through Vapi's API, oldest first; the request log is cleared after. */
async function seedSessions(count, bodyOf = (i) => ({ assistantId: A.supportBot, name: `s${i}` })) {
	const ids = [];
	for (let i = 0; i < count; i++) {
		const { status, json } = await vapi.api('POST', '/session', bodyOf(i));
		if (status !== 201) throw new Error(`seeding session ${i}: ${status} ${JSON.stringify(json)}`);
		ids.push(json.id);
	}
	vapi.sim.requests.splice(0);
	return ids;
}

const requestsTo = (method, path) =>
	vapi.sim.requests.filter(
		(r) => r.method === method && (path instanceof RegExp ? path.test(r.path) : r.path === path),
	);

describe('Session → Create', () => {
	test('sends only the fields that are set, by their API names, and outputs the session', async () => {
		const run = await vapi.runLatest({
			parameters: session('create', {
				assistantId: fromList(A.supportBot),
				additionalFields: {
					name: 'Ada – order 42',
					expirationSeconds: 3600,
					variableValues: '{"customerName": "Ada"}',
					messages: {
						message: [
							{ role: 'user', content: 'My order number is 42.' },
							{ role: 'assistant', content: 'Thanks, noted.' },
						],
					},
				},
			}),
		});

		expect(run.error).toBeUndefined();
		const [post] = requestsTo('POST', '/session');
		expect(post.body).toEqual({
			assistantId: A.supportBot,
			name: 'Ada – order 42',
			expirationSeconds: 3600,
			assistantOverrides: { variableValues: { customerName: 'Ada' } },
			messages: [
				{ role: 'user', content: 'My order number is 42.' },
				{ role: 'assistant', content: 'Thanks, noted.' },
			],
		});
		expect(post.status).toBe(201);
		const [id] = vapi.sim.sessions.keys();
		expect(run.items).toEqual([{ json: vapi.sim.sessions.get(id), pairedItem: { item: 0 } }]);
		expect(run.items[0].json).toMatchObject({
			status: 'active',
			expirationSeconds: 3600,
			name: 'Ada – order 42',
		});
	});

	test('for a squad, with a phone number and customer; the default status and expiration are left to Vapi', async () => {
		const run = await vapi.runLatest({
			parameters: session('create', {
				answeredBy: 'squadId',
				squadId: byId(S.frontDesk),
				additionalFields: {
					phoneNumberId: fromList(P.smsDesk),
					customerNumber: '+14155550199',
					status: 'active',
				},
			}),
		});

		expect(run.error).toBeUndefined();
		expect(requestsTo('POST', '/session')[0].body).toEqual({
			squadId: S.frontDesk,
			phoneNumberId: P.smsDesk,
			customer: { number: '+14155550199' },
			status: 'active',
		});
		expect(run.items[0].json).toMatchObject({
			squadId: S.frontDesk,
			status: 'active',
			expirationSeconds: 86400,
			messages: [],
		});
	});

	test('Vapi’s rules are checked before sending, naming the field', async () => {
		const run = await vapi.runLatest({
			parameters: session('create', {
				assistantId: byId(A.supportBot),
				additionalFields: { name: 'x'.repeat(41) },
			}),
		});
		expect(run.error.message).toBe(
			`Can't create the session for item 1: "Name" (name) is 41 characters long; Vapi accepts at most 40, so shorten it.`,
		);
		expect(vapi.sim.requests).toEqual([]);
	});

	test('invalid Variable Values JSON fails before sending', async () => {
		const run = await vapi.runLatest({
			parameters: session('create', {
				assistantId: byId(A.supportBot),
				additionalFields: { variableValues: '{customerName: Ada}' },
			}),
		});
		expect(run.error.message).toMatch(
			/^Can't create the session for item 1: "Variable Values" \(assistantOverrides\.variableValues\) is not valid JSON/,
		);
		expect(vapi.sim.requests).toEqual([]);
	});

	test("an unknown assistant fails with Vapi's message; a 503 on POST is not sent again", async () => {
		vapi.sim.addFault({
			when: { method: 'POST', path: '/session' },
			times: 1,
			fault: { status: 503 },
		});
		const run = await vapi.runLatest({
			parameters: session('create', { assistantId: byId(A.supportBot) }),
		});

		expect(run.error).toBeInstanceOf(NodeApiError);
		expect(run.error.message).toBe('Service Unavailable');
		expect(run.error.httpCode).toBe('503');
		expect(requestsTo('POST', '/session')).toHaveLength(1);
		expect(vapi.sim.sessions.size).toBe(0);
	});

	test('a 429 on POST is retried: Vapi did nothing', async () => {
		vapi.sim.addFault({
			when: { method: 'POST', path: '/session' },
			times: 1,
			fault: { status: 429, retryAfter: '0' },
		});
		const run = await vapi.runLatest({
			parameters: session('create', { assistantId: byId(A.supportBot) }),
		});

		expect(run.error).toBeUndefined();
		expect(requestsTo('POST', '/session').map((r) => r.status)).toEqual([429, 201]);
		expect(vapi.sim.sessions.size).toBe(1);
	});
});

describe('a session carried into Send Message', () => {
	test('create → send a message with the session id → the answer shows the session’s context', async () => {
		const run = await runWorkflow({
			credentials: { vapiApi: vapi.credential },
			nodes: [
				{
					name: 'Create Session',
					type: 'vapi',
					parameters: session('create', {
						assistantId: byId(A.supportBot),
						additionalFields: {
							variableValues: '{"customerName": "Ada"}',
							messages: { message: [{ role: 'user', content: 'My order number is 42.' }] },
						},
					}),
				},
				askInSession('Ask', '={{ $json.id }}', 'Where is my order?'),
				// Send Message's streamed answer carries no session id: take it from Create.
				askInSession(
					'Ask Again',
					"={{ $('Create Session').item.json.id }}",
					'And when does it arrive?',
				),
				{
					name: 'Read Session',
					type: 'vapi',
					parameters: session('get', {
						sessionId: fromList("={{ $('Create Session').item.json.id }}"),
					}),
				},
			],
			connections: {
				'Create Session': { main: [[{ node: 'Ask', type: 'main', index: 0 }]] },
				Ask: { main: [[{ node: 'Ask Again', type: 'main', index: 0 }]] },
				'Ask Again': { main: [[{ node: 'Read Session', type: 'main', index: 0 }]] },
			},
		});

		expect([run.status, run.error?.message, run.lastNodeExecuted]).toEqual([
			'success',
			undefined,
			'Read Session',
		]);
		const created = run.runData['Create Session'][0].data.main[0][0].json;
		const first = run.runData.Ask[0].data.main[0][0].json;
		const second = run.runData['Ask Again'][0].data.main[0][0].json;
		expect(first.text).toBe(
			'Support Bot — Variables: customerName="Ada". You said: "Where is my order?". Earlier you said: "My order number is 42.".',
		);
		expect(second.text).toBe(
			'Support Bot — Variables: customerName="Ada". You said: "And when does it arrive?". Earlier you said: "My order number is 42.", "Where is my order?".',
		);
		expect(requestsTo('POST', '/chat/responses').map((r) => r.body)).toEqual([
			{ stream: true, sessionId: created.id, input: 'Where is my order?' },
			{ stream: true, sessionId: created.id, input: 'And when does it arrive?' },
		]);
		// The session kept the whole conversation.
		expect(run.lastNodeItems[0].json.messages).toEqual([
			{ role: 'user', content: 'My order number is 42.' },
			{ role: 'user', content: 'Where is my order?' },
			{ role: 'assistant', content: first.text },
			{ role: 'user', content: 'And when does it arrive?' },
			{ role: 'assistant', content: second.text },
		]);
	});
});

describe('Session → Get', () => {
	test('from the list or by ID, one item per input item', async () => {
		const ids = await seedSessions(2);
		const run = await vapi.runLatest({
			items: ids.map((id) => ({ json: { id } })),
			parameters: session('get', { sessionId: fromList('={{ $json.id }}') }),
		});

		expect(run.items).toEqual([
			{ json: vapi.sim.sessions.get(ids[0]), pairedItem: { item: 0 } },
			{ json: vapi.sim.sessions.get(ids[1]), pairedItem: { item: 1 } },
		]);
		expect(vapi.sim.requests.map((r) => [r.method, r.path])).toEqual(
			ids.map((id) => ['GET', `/session/${id}`]),
		);
	});

	test("an id that is not a UUID, and an unknown one, fail with Vapi's messages", async () => {
		const bad = await vapi.runLatest({
			parameters: session('get', { sessionId: byId('not-a-uuid') }),
		});
		expect(bad.error.message).toBe('Validation failed (uuid is expected)');
		expect(bad.error.httpCode).toBe('400');

		const unknown = await vapi.runLatest({
			parameters: session('get', { sessionId: byId('3c90c3cc-0d44-4b50-8888-8dd25736052a') }),
		});
		expect(unknown.error.message).toBe('Session not found');
		expect(unknown.error.httpCode).toBe('404');
	});

	test('an empty session fails before any request', async () => {
		const run = await vapi.runLatest({
			parameters: session('get', { sessionId: byId('={{ "" }}') }),
		});
		expect(run.error.message).toBe(`Can't send the request for item 1: "Session" is empty`);
		expect(vapi.sim.requests).toEqual([]);
	});
});

describe('Session → Get Many', () => {
	test('Return All walks every page and outputs each session exactly once, newest first', async () => {
		const ids = await seedSessions(215);
		const run = await vapi.runLatest({
			parameters: session('getAll', { returnAll: true }),
		});

		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.json.id)).toEqual([...ids].reverse());
		expect(run.items[0]).toEqual({
			json: vapi.sim.sessions.get(ids[214]),
			pairedItem: { item: 0 },
		});
		expect(requestsTo('GET', '/session').map((r) => r.query)).toEqual([
			{ page: '1', limit: '100' },
			{ page: '2', limit: '100' },
			{ page: '3', limit: '100' },
		]);
	});

	test('Limit asks for just that many and stops', async () => {
		const ids = await seedSessions(12);
		const run = await vapi.runLatest({ parameters: session('getAll', { limit: 5 }) });
		expect(run.items.map((item) => item.json.id)).toEqual([...ids].reverse().slice(0, 5));
		expect(requestsTo('GET', '/session').map((r) => r.query)).toEqual([{ page: '1', limit: '5' }]);
	});

	test('filters and sort reach the query string by their API names and select the sessions', async () => {
		const ids = await seedSessions(6, (i) =>
			i % 2 === 0
				? { assistantId: A.bookingAgent, name: i === 4 ? 'VIP' : `b${i}` }
				: { squadId: S.nightShift, phoneNumberId: P.mainLine, name: 'VIP' },
		);
		const list = async (filters, options) => {
			vapi.sim.requests.splice(0);
			const run = await vapi.runLatest({
				settings: { timezone: 'UTC' },
				parameters: session('getAll', { returnAll: true, filters, options }),
			});
			expect(run.error).toBeUndefined();
			return {
				ids: run.items.map((item) => item.json.id),
				query: requestsTo('GET', '/session')[0].query,
			};
		};

		expect(await list({ assistantId: fromList(A.bookingAgent), name: 'VIP' })).toEqual({
			ids: [ids[4]],
			query: { assistantId: A.bookingAgent, name: 'VIP', page: '1', limit: '100' },
		});
		expect(
			await list(
				{ squadId: byId(S.nightShift), phoneNumberId: fromList(P.mainLine) },
				{ sortOrder: 'ASC' },
			),
		).toEqual({
			ids: [ids[1], ids[3], ids[5]],
			query: {
				squadId: S.nightShift,
				phoneNumberId: P.mainLine,
				sortOrder: 'ASC',
				page: '1',
				limit: '100',
			},
		});
		const after = vapi.sim.sessions.get(ids[3]).createdAt;
		expect(
			await list(
				{
					createdAtGt: after,
					createdAtLt: '2099-01-01T00:00:00',
					updatedAtGt: '2020-01-01',
					updatedAtLt: '2099-01-01',
				},
				{ sortBy: 'createdAt' },
			),
		).toEqual({
			ids: [ids[5], ids[4]],
			query: {
				createdAtGt: after,
				createdAtLt: '2099-01-01T00:00:00.000Z',
				updatedAtGt: '2020-01-01T00:00:00.000Z',
				updatedAtLt: '2099-01-01T00:00:00.000Z',
				sortBy: 'createdAt',
				page: '1',
				limit: '100',
			},
		});
	});

	test('a page answered 502 is asked again', async () => {
		const ids = await seedSessions(150);
		vapi.sim.addFault({
			when: ({ method, path, query }) =>
				method === 'GET' && path === '/session' && query.page === '2',
			times: 1,
			fault: { status: 502 },
		});
		const run = await vapi.runLatest({
			parameters: session('getAll', { returnAll: true }),
		});
		expect(run.items.map((item) => item.json.id)).toEqual([...ids].reverse());
		expect(requestsTo('GET', '/session').map((r) => [r.query.page, r.status])).toEqual([
			['1', 200],
			['2', 502],
			['2', 200],
		]);
	});
});

describe('Session → Update', () => {
	test('sends only the fields to change and outputs the updated session', async () => {
		const [id] = await seedSessions(1);
		const run = await vapi.runLatest({
			parameters: session('update', {
				sessionId: fromList(id),
				updateFields: {
					name: 'Closed: order 42',
					status: 'completed',
					expirationSeconds: 60,
					messages: { message: [{ role: 'user', content: 'Start over.' }] },
				},
			}),
		});

		expect(run.error).toBeUndefined();
		const [patch] = requestsTo('PATCH', `/session/${id}`);
		expect(patch.body).toEqual({
			name: 'Closed: order 42',
			status: 'completed',
			expirationSeconds: 60,
			messages: [{ role: 'user', content: 'Start over.' }],
		});
		expect(run.items).toEqual([{ json: vapi.sim.sessions.get(id), pairedItem: { item: 0 } }]);
		expect(run.items[0].json).toMatchObject({
			name: 'Closed: order 42',
			status: 'completed',
			expirationSeconds: 60,
		});
	});

	test('nothing to update, or an expiration out of range, fails before sending', async () => {
		const [id] = await seedSessions(1);
		const none = await vapi.runLatest({
			parameters: session('update', { sessionId: byId(id) }),
		});
		expect(none.error.message).toBe(
			`Can't update the session for item 1: no field to update is set`,
		);

		const tooShort = await vapi.runLatest({
			parameters: session('update', {
				sessionId: byId(id),
				updateFields: { expirationSeconds: 30 },
			}),
		});
		expect(tooShort.error.message).toBe(
			`Can't update the session for item 1: "Expiration Seconds" (expirationSeconds) must be a number from 60 to 2592000 (30 days).`,
		);
		expect(vapi.sim.requests).toEqual([]);
	});

	test('a 500 on PATCH is not sent again', async () => {
		const [id] = await seedSessions(1);
		vapi.sim.addFault({ when: { method: 'PATCH' }, fault: { status: 500 } });
		const run = await vapi.runLatest({
			parameters: session('update', { sessionId: byId(id), updateFields: { name: 'x' } }),
		});
		expect(run.error.message).toBe('Internal server error');
		expect(requestsTo('PATCH', /^\/session\//)).toHaveLength(1);
	});
});

describe('Session → Delete', () => {
	test('deletes the session and outputs it as it was', async () => {
		const [keep, id] = await seedSessions(2);
		const stored = structuredClone(vapi.sim.sessions.get(id));
		const run = await vapi.runLatest({
			parameters: session('delete', { sessionId: byId(id) }),
		});

		expect(run.error).toBeUndefined();
		expect(run.items).toEqual([{ json: stored, pairedItem: { item: 0 } }]);
		expect([...vapi.sim.sessions.keys()]).toEqual([keep]);

		const again = await vapi.runLatest({
			parameters: session('delete', { sessionId: byId(id) }),
		});
		expect(again.error.message).toBe('Session not found');
	});
});
