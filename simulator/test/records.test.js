'use strict';

// The Vapi simulator's records: stored chats (list, get, delete) and the assistant, squad and
// phone-number lists, with their filters and paging.

const { SEED_IDS } = require('..');
const { UNKNOWN_ID, validationMessages } = require('./http');
const { useSimulator } = require('./use-simulator');

const { supportBot, salesAssistant, bookingAgent } = SEED_IDS.assistants;

const vapi = useSimulator();
const { api: call, chat } = vapi;

describe('GET /chat, GET and DELETE /chat/{id}', () => {
	async function createChats() {
		const ids = [];
		for (const [assistantId, input] of [
			[supportBot, 'c1'],
			[bookingAgent, 'c2'],
			[supportBot, 'c3'],
			[bookingAgent, 'c4'],
			[supportBot, 'c5'],
		]) {
			ids.push((await chat({ assistantId, input })).json.id);
		}
		return ids;
	}

	test('pages by page/limit, newest first, every chat once', async () => {
		const ids = await createChats();
		const seen = [];
		for (let page = 1; ; page++) {
			const { json } = await call('GET', `/chat?limit=2&page=${page}`);
			expect(json.metadata).toEqual({
				itemsPerPage: 2,
				totalItems: 5,
				currentPage: page,
				totalPages: 3,
				hasNextPage: page < 3,
				sortOrder: 'DESC',
			});
			seen.push(...json.results.map((c) => c.id));
			if (!json.metadata.hasNextPage) break;
		}
		expect(seen).toEqual([...ids].reverse());
		const ascending = await call('GET', '/chat?sortOrder=ASC&sortBy=createdAt');
		expect(ascending.json.results.map((c) => c.id)).toEqual(ids);
	});

	test('filters', async () => {
		const ids = await createChats();
		const idsOf = async (query) =>
			(await call('GET', `/chat?${query}`)).json.results.map((c) => c.id);
		expect(await idsOf(`assistantId=${bookingAgent}`)).toEqual([ids[3], ids[1]]);
		expect(await idsOf(`assistantIdAny=${bookingAgent},${UNKNOWN_ID}`)).toEqual([ids[3], ids[1]]);
		expect(await idsOf(`idAny=${ids[0]},${ids[4]}`)).toEqual([ids[4], ids[0]]);
		expect(await idsOf(`id=${ids[2]}`)).toEqual([ids[2]]);
		const third = vapi.sim.chats.get(ids[2]);
		expect(await idsOf(`createdAtGt=${third.createdAt}&sortOrder=ASC`)).toEqual([ids[3], ids[4]]);
		expect(await idsOf(`createdAtLe=${third.createdAt}`)).toEqual([ids[2], ids[1], ids[0]]);
		const followUp = (await chat({ previousChatId: ids[0], input: 'more' })).json.id;
		expect(await idsOf(`previousChatId=${ids[0]}`)).toEqual([followUp]);
		expect(await idsOf('limit=0')).toEqual([]);
	});

	test('invalid query parameters are a 400 array', async () => {
		const response = await call(
			'GET',
			'/chat?limit=1001&page=0&sortOrder=up&createdAtGt=yesterday&foo=1&sortBy=name',
		);
		expect(validationMessages(response)).toEqual([
			'limit must not be greater than 1000',
			'page must not be less than 1',
			'sortOrder must be one of the following values: ASC, DESC',
			'createdAtGt must be a valid ISO 8601 date string',
			'property foo should not exist',
			'sortBy must be one of the following values: createdAt, duration, cost',
		]);
		expect((await call('GET', '/chat?limit=abc')).json.message).toEqual([
			'limit must be a number conforming to the specified constraints',
		]);
	});

	test('GET returns the Chat, DELETE returns it and removes it', async () => {
		const [id] = await createChats();
		const got = await call('GET', `/chat/${id}`);
		expect(got.json).toEqual(vapi.sim.chats.get(id));
		const deleted = await call('DELETE', `/chat/${id}`);
		expect(deleted.status).toBe(200);
		expect(deleted.json).toEqual(got.json);
		expect((await call('GET', `/chat/${id}`)).json).toEqual({
			message: 'Chat not found',
			error: 'Not Found',
			statusCode: 404,
		});
		expect((await chat({ previousChatId: id, input: 'x' })).status).toBe(404);
	});
});

describe('assistant, squad and phone-number lists', () => {
	test('assistants page with createdAtLt, newest first, each once', async () => {
		const names = [];
		let query = 'limit=3';
		for (;;) {
			const { json } = await call('GET', `/assistant?${query}`);
			names.push(...json.map((a) => a.name));
			if (json.length < 3) break;
			query = `limit=3&createdAtLt=${encodeURIComponent(json.at(-1).createdAt)}`;
		}
		expect(names).toEqual([
			'Support Bot',
			'Sales Assistant',
			'Booking Agent',
			'Billing Helper',
			'Onboarding Guide',
			'Survey Taker',
			'Tech Triage',
			'Café Concierge',
		]);
	});

	test('seed records', async () => {
		const assistants = (await call('GET', '/assistant')).json;
		expect(assistants[0]).toEqual({
			id: supportBot,
			orgId: SEED_IDS.orgId,
			name: 'Support Bot',
			model: {
				provider: 'openai',
				model: 'gpt-4o-mini',
				messages: [{ role: 'system', content: expect.stringContaining('{{customerName}}') }],
			},
			firstMessage: 'Hi, this is Support Bot.',
			createdAt: '2025-06-08T09:00:00.000Z',
			updatedAt: '2025-06-08T09:00:00.000Z',
		});
		expect((await call('GET', '/squad')).json.map((s) => [s.name, s.members.length])).toEqual([
			['Front Desk', 2],
			['Sales Team', 2],
			['Night Shift', 1],
		]);
		const phones = (await call('GET', '/phone-number')).json;
		expect(phones.map((p) => [p.id, p.name, p.number])).toEqual([
			[SEED_IDS.phoneNumbers.mainLine, 'Main Line', '+14155550100'],
			[SEED_IDS.phoneNumbers.smsDesk, 'SMS Desk', '+14155550123'],
		]);
		expect((await call('GET', `/assistant/${salesAssistant}`)).json.name).toBe('Sales Assistant');
		expect(
			(await call('GET', `/squad?idAny=${SEED_IDS.squads.nightShift}`)).json.map((s) => s.name),
		).toEqual(['Night Shift']);
	});

	test('records a test adds are listed in createdAt order', async () => {
		vapi.sim.assistants.push({
			id: UNKNOWN_ID,
			orgId: SEED_IDS.orgId,
			name: 'Newest',
			createdAt: '2030-01-01T00:00:00.000Z',
			updatedAt: '2030-01-01T00:00:00.000Z',
		});
		expect((await call('GET', '/assistant?limit=2')).json.map((a) => a.name)).toEqual([
			'Newest',
			'Support Bot',
		]);
		vapi.sim.reset();
		expect(vapi.sim.assistants).toHaveLength(8);
	});

	test('list query validation', async () => {
		expect((await call('GET', '/assistant?limit=1001')).json.message).toEqual([
			'limit must not be greater than 1000',
		]);
		expect((await call('GET', '/phone-number?name=Main')).json.message).toEqual([
			'property name should not exist',
		]);
	});
});
