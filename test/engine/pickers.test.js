'use strict';

// The resource locators' "From list" mode. The editor asks n8n's backend for a list; the
// CLI (DynamicNodeParametersService.getResourceLocatorResults) builds a one-node workflow, an
// n8n-core LoadOptionsContext for the parameter's path, and calls the node's listSearch method
// with the search filter and the pagination token. The same is done here with the real n8n-core
// context, so requests go through httpRequestWithAuthentication and the stored credential.
const { startSimulator } = require('../../simulator');
const { runNode, secretsIn, persisted } = require('../harness');
const { NodeApiError } = require('n8n-workflow');
const { SEED_IDS, useSimulator, pickerList } = require('./support');

const A = SEED_IDS.assistants;
const S = SEED_IDS.squads;
const P = SEED_IDS.phoneNumbers;

const vapi = useSimulator();

/** What the editor gets for `method` from this file's simulator (support.js pickerList). */
const listSearch = (method, options) => pickerList(vapi.sim, method, options);

/** Every page of a list, as the editor loads them while the user scrolls. */
async function scrollAll(method, options = {}) {
	const pages = [];
	let paginationToken;
	do {
		const page = await listSearch(method, { ...options, paginationToken });
		pages.push(page);
		paginationToken = page.paginationToken;
	} while (paginationToken && pages.length < 50);
	return pages;
}

const names = (result) => result.results.map((item) => item.name);
const listQueries = (path) => vapi.sim.requests.filter((r) => r.path === path).map((r) => r.query);

/** `count` more assistants, one minute apart, older than the seeds. */
function addAssistants(count, nameOf = (i) => `Filler ${i}`, { sameInstantFrom } = {}) {
	const added = [];
	for (let i = 0; i < count; i++) {
		const minutes = sameInstantFrom !== undefined && i >= sameInstantFrom ? sameInstantFrom : i;
		const createdAt = new Date(
			Date.parse('2025-05-01T00:00:00.000Z') - minutes * 60000,
		).toISOString();
		const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
		const assistant = {
			id,
			orgId: SEED_IDS.orgId,
			name: nameOf(i),
			createdAt,
			updatedAt: createdAt,
		};
		vapi.sim.assistants.push(assistant);
		added.push(assistant);
	}
	return added;
}

describe('assistants', () => {
	test('lists the assistants newest first: the name with the id as a hint, the id as value', async () => {
		const result = await listSearch('searchAssistants');
		expect(result).toEqual({
			results: [
				{ name: `Support Bot (${A.supportBot})`, value: A.supportBot },
				{ name: `Sales Assistant (${A.salesAssistant})`, value: A.salesAssistant },
				{ name: `Booking Agent (${A.bookingAgent})`, value: A.bookingAgent },
				{ name: `Billing Helper (${A.billingHelper})`, value: A.billingHelper },
				{ name: `Onboarding Guide (${A.onboardingGuide})`, value: A.onboardingGuide },
				{ name: `Survey Taker (${A.surveyTaker})`, value: A.surveyTaker },
				{ name: `Tech Triage (${A.techTriage})`, value: A.techTriage },
				{ name: `Café Concierge (${A.cafeConcierge})`, value: A.cafeConcierge },
			],
			paginationToken: undefined,
		});
		expect(
			vapi.sim.requests.map((r) => [r.method, r.path, r.query, r.headers.authorization]),
		).toEqual([['GET', '/assistant', { limit: '100' }, `Bearer ${vapi.sim.apiKey}`]]);
	});

	test('searches by name (case-insensitive) and by id, client-side: no unknown query parameter reaches Vapi', async () => {
		expect(names(await listSearch('searchAssistants', { filter: 'CONCIERGE' }))).toEqual([
			`Café Concierge (${A.cafeConcierge})`,
		]);
		// Names only: a letter that also occurs in every other id finds just the names with it.
		expect(names(await listSearch('searchAssistants', { filter: 'b' }))).toEqual([
			`Support Bot (${A.supportBot})`,
			`Booking Agent (${A.bookingAgent})`,
			`Billing Helper (${A.billingHelper})`,
			`Onboarding Guide (${A.onboardingGuide})`,
		]);
		expect(
			names(await listSearch('searchAssistants', { filter: A.techTriage.slice(0, 8) })),
		).toEqual([`Tech Triage (${A.techTriage})`]);
		expect(names(await listSearch('searchAssistants', { filter: 'nobody' }))).toEqual([]);
		expect(listQueries('/assistant')).toEqual(Array(4).fill({ limit: '1000' }));
		expect(vapi.sim.requests.every((r) => r.status === 200)).toBe(true);
	});

	test('pages through a long list while scrolling: every assistant once, in order', async () => {
		const added = addAssistants(230);
		const pages = await scrollAll('searchAssistants');

		const values = pages.flatMap((page) => page.results.map((item) => item.value));
		expect(values).toEqual([...Object.values(A), ...added.map((a) => a.id)]);
		// Pages after the first ask createdAtLe, so each repeats one record that is left out.
		expect(pages.map((page) => page.results.length)).toEqual([100, 99, 39]);
		const queries = listQueries('/assistant');
		expect(queries[0]).toEqual({ limit: '100' });
		// Page 2 starts at page 1's oldest createdAt (Vapi pages by createdAt).
		expect(queries[1]).toEqual({ limit: '100', createdAtLe: added[91].createdAt });
		expect(queries).toHaveLength(3);
	});

	test('assistants created at the same instant across a page boundary are neither lost nor repeated', async () => {
		// Fillers 88…93 share one instant; page 1 ends with fillers 88…91.
		const added = addAssistants(230, undefined, { sameInstantFrom: 88 });
		for (const assistant of added.slice(94)) {
			const createdAt = new Date(
				Date.parse(assistant.createdAt) - (Number(assistant.id.slice(-3)) - 93) * 60000,
			).toISOString();
			Object.assign(assistant, { createdAt, updatedAt: createdAt });
		}
		const pages = await scrollAll('searchAssistants');
		const values = pages.flatMap((page) => page.results.map((item) => item.value));

		expect(values).toEqual([...Object.values(A), ...added.map((a) => a.id)]);
		expect(listQueries('/assistant')[1]).toEqual({
			limit: '100',
			createdAtLe: added[91].createdAt,
		});
	});

	test('a whole page created at one instant cannot loop: the list moves on past that instant', async () => {
		// Fillers 85…229 (145 assistants) share one instant: more than a page.
		const added = addAssistants(230, undefined, { sameInstantFrom: 85 });
		const pages = await scrollAll('searchAssistants');
		const values = pages.flatMap((page) => page.results.map((item) => item.value));

		// Vapi pages by createdAt only, so past one page of a single instant nothing is reachable.
		expect(values).toEqual([...Object.values(A), ...added.slice(0, 185).map((a) => a.id)]);
		expect(listQueries('/assistant').slice(1)).toEqual([
			{ limit: '100', createdAtLe: added[85].createdAt },
			{ limit: '100', createdAtLt: added[85].createdAt },
		]);
	});

	test('a search scans on until it has enough matches, even when they are far down the list', async () => {
		addAssistants(2500);
		vapi.sim.assistants.push({
			id: '11111111-1111-4111-8111-111111111111',
			orgId: SEED_IDS.orgId,
			name: 'Lost Property Desk',
			createdAt: '2020-01-01T00:00:00.000Z',
			updatedAt: '2020-01-01T00:00:00.000Z',
		});
		const result = await listSearch('searchAssistants', { filter: 'lost property' });

		expect(result).toEqual({
			results: [
				{
					name: 'Lost Property Desk (11111111-1111-4111-8111-111111111111)',
					value: '11111111-1111-4111-8111-111111111111',
				},
			],
			paginationToken: undefined,
		});
		expect(listQueries('/assistant').map((q) => q.limit)).toEqual(['1000', '1000', '1000']);
	});

	test('a search that matches a lot returns a screenful and a token for more', async () => {
		addAssistants(2500, (i) => `Agent ${i}`);
		const first = await listSearch('searchAssistants', { filter: 'agent' });
		expect(first.results.length).toBeGreaterThanOrEqual(20);
		expect(first.paginationToken).toEqual(expect.any(String));
		expect(listQueries('/assistant')).toHaveLength(1);

		const pages = await scrollAll('searchAssistants', { filter: 'agent' });
		const values = pages.flatMap((page) => page.results.map((item) => item.value));
		expect(values).toHaveLength(2501); // Booking Agent and the 2500 fillers
		expect(new Set(values).size).toBe(2501);
	});
});

describe('squads, SMS phone numbers, sessions', () => {
	test('squads, searchable', async () => {
		expect(await listSearch('searchSquads', { path: 'parameters.squadId' })).toEqual({
			results: [
				{ name: `Front Desk (${S.frontDesk})`, value: S.frontDesk },
				{ name: `Sales Team (${S.salesTeam})`, value: S.salesTeam },
				{ name: `Night Shift (${S.nightShift})`, value: S.nightShift },
			],
			paginationToken: undefined,
		});
		expect(names(await listSearch('searchSquads', { filter: 'night' }))).toEqual([
			`Night Shift (${S.nightShift})`,
		]);
	});

	test('only phone numbers that can send SMS (Twilio, SMS enabled), with their number, searchable by it', async () => {
		const at = '2025-04-01T00:00:00.000Z';
		vapi.sim.phoneNumbers.push(
			{
				id: 'aaaaaaaa-0000-4000-8000-000000000001',
				provider: 'vapi',
				name: 'Vapi SIP',
				number: '+14155550111',
				createdAt: at,
				updatedAt: at,
			},
			{
				id: 'aaaaaaaa-0000-4000-8000-000000000002',
				provider: 'twilio',
				smsEnabled: false,
				name: 'Voice only',
				number: '+14155550112',
				createdAt: at,
				updatedAt: at,
			},
		);
		expect(
			await listSearch('searchPhoneNumbers', { path: 'parameters.transport.phoneNumberId' }),
		).toEqual({
			results: [
				{ name: `Main Line +14155550100 (${P.mainLine})`, value: P.mainLine },
				{ name: `SMS Desk +14155550123 (${P.smsDesk})`, value: P.smsDesk },
			],
			paginationToken: undefined,
		});
		expect(names(await listSearch('searchPhoneNumbers', { filter: '550123' }))).toEqual([
			`SMS Desk +14155550123 (${P.smsDesk})`,
		]);
	});

	test('sessions: named ones by name, others by their customer or creation time; paged by page number', async () => {
		const call = vapi.api;
		const ids = [];
		for (let i = 0; i < 150; i++) {
			const body =
				i === 0
					? { assistantId: A.supportBot }
					: i === 1
						? { assistantId: A.supportBot, customer: { number: '+14155550177' } }
						: { assistantId: A.supportBot, name: `Trip ${i}` };
			ids.push((await vapi.api('POST', '/session', body)).json.id);
		}
		vapi.sim.requests.splice(0);

		const pages = await scrollAll('searchSessions', { path: 'parameters.sessionId' });
		expect(pages.map((page) => [page.results.length, page.paginationToken])).toEqual([
			[100, '2'],
			[50, undefined],
		]);
		const all = pages.flatMap((page) => page.results);
		expect(all.map((item) => item.value)).toEqual([...ids].reverse());
		expect(all[0]).toEqual({ name: `Trip 149 (${ids[149]})`, value: ids[149] });
		expect(all[148]).toEqual({ name: `Session with +14155550177 (${ids[1]})`, value: ids[1] });
		const created = vapi.sim.sessions.get(ids[0]).createdAt;
		expect(all[149].name).toBe(
			`Unnamed session of ${created.slice(0, 10)} ${created.slice(11, 16)} UTC (${ids[0]})`,
		);
		expect(listQueries('/session')).toEqual([
			{ page: '1', limit: '100' },
			{ page: '2', limit: '100' },
		]);

		vapi.sim.requests.splice(0);
		expect(names(await listSearch('searchSessions', { filter: 'trip 14' }))).toEqual([
			...[149, 148, 147, 146, 145, 144, 143, 142, 141, 140].map((i) => `Trip ${i} (${ids[i]})`),
			`Trip 14 (${ids[14]})`,
		]);
		expect(listQueries('/session')).toEqual([{ page: '1', limit: '1000' }]);
	});
});

describe('failures', () => {
	test("a wrong key shows Vapi's message and the hint, not a stack trace, and never the key", async () => {
		const wrongKey = 'wrong-private-key-5d1e';
		const error = await listSearch('searchAssistants', { apiKey: wrongKey }).catch((e) => e);

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(
			'Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa.',
		);
		expect(error.description).toMatch(/^Check the API key and region: use the private API key/);
		expect(error.httpCode).toBe('401');
		expect(secretsIn(persisted(error), wrongKey)).toEqual([]);
	});

	test("a server error shows Vapi's message; an HTML error page is named, not shown", async () => {
		vapi.sim.addFault({
			when: { path: '/squad' },
			times: 1,
			fault: { status: 503, body: { message: 'Squads are resting', statusCode: 503 } },
		});
		const squadError = await listSearch('searchSquads').catch((e) => e);
		expect([squadError.message, squadError.description, squadError.httpCode]).toEqual([
			'Squads are resting',
			'Vapi had a problem on its side; try again later.',
			'503',
		]);

		vapi.sim.addFault({ when: { path: '/session' }, times: 1, fault: { html: true } });
		const sessionError = await listSearch('searchSessions').catch((e) => e);
		expect(sessionError.message).toBe(
			'Vapi returned an HTML error page (HTTP 502 Bad Gateway) instead of JSON',
		);
	});

	test('an unreachable Vapi shows what happened in words', async () => {
		const closed = await startSimulator();
		const url = closed.url;
		await closed.close();
		const error = await listSearch('searchAssistants', { baseUrl: url }).catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('The service refused the connection - perhaps it is offline');
	});
});

describe("the credential's Base URL in the pickers", () => {
	test('spaces around it and trailing slashes are trimmed', async () => {
		const result = await listSearch('searchAssistants', { baseUrl: ` ${vapi.sim.url}/ ` });
		expect(result.results.length).toBeGreaterThan(0);
	});

	test('an unusable one is refused before anything is sent', async () => {
		const error = await listSearch('searchAssistants', { baseUrl: 'api.vapi.ai' }).catch((e) => e);
		expect(error.message).toBe(
			'Nothing was sent: Base URL in the Vapi credential must start with https://',
		);
		expect(vapi.sim.requests).toEqual([]);
	});
});

describe('a picked value in a run', () => {
	test('an assistant picked from the list is sent by its id', async () => {
		const [picked] = (await listSearch('searchAssistants', { filter: 'booking' })).results;
		const run = await runNode({
			baseUrl: vapi.sim.url,
			apiKey: vapi.sim.apiKey,
			parameters: {
				resource: 'chat',
				operation: 'sendMessage',
				assistantId: {
					__rl: true,
					mode: 'list',
					value: picked.value,
					cachedResultName: picked.name,
				},
				input: 'Book me in for Monday',
			},
		});
		expect(run.items[0].json.text).toBe('Booking Agent — You said: "Book me in for Monday".');
		expect(vapi.sim.requests.at(-1).body).toEqual({
			stream: true,
			assistantId: A.bookingAgent,
			input: 'Book me in for Monday',
		});
	});
});
