'use strict';

// The credential's Base URL: trimmed and Vapi's when empty, the EU region and a proxy (with a path)
// reached as written, n8n's "Allowed HTTP Request Domains" of the credential applied as n8n applies
// them to a node's own endpoint, and an unusable Base URL refused before anything is sent. Vapi's
// real hosts are never contacted: requests to them go to a local forward proxy that only records
// the CONNECT (the host and port asked for) and refuses it.
const { startPathProxy, startRefusingProxy } = require('../../simulator/proxies');
const { API_KEY, byId, reply, sendMessage, useSimulator } = require('./support');
const { chatPosts, keyLeaks } = require('./support');

const vapi = useSimulator();

/** Send Message with this credential Base URL (and domain settings), each item's result kept. */
function runWith(baseUrl, { credential = {}, parameters = sendMessage(), items } = {}) {
	return vapi.run({
		credentials: { apiKey: API_KEY, baseUrl, ...credential },
		parameters,
		items,
		continueOnFail: true,
	});
}

describe('the Base URL as written', () => {
	test('spaces around it and trailing slashes are trimmed', async () => {
		const run = await runWith(`  ${vapi.sim.url}//  `);
		expect(run.items.map((item) => item.json.text)).toEqual([reply('Hello')]);
		expect(chatPosts(vapi.sim)).toHaveLength(1);
		expect(keyLeaks(run)).toEqual([]);
	});

	test('a proxy with a path: every request goes through it, path kept, key sent', async () => {
		const proxy = await startPathProxy(vapi.sim.url);
		try {
			const sent = await runWith(`${proxy.url}/vapi/`);
			const { chatId } = sent.items[0].json;
			expect(sent.items[0].json.text).toBe(reply('Hello'));
			const got = await runWith(`${proxy.url}/vapi`, {
				parameters: { resource: 'chat', operation: 'get', chatId: byId(chatId) },
			});
			expect(got.items[0].json.id).toBe(chatId);
			expect(proxy.seen).toEqual([
				{ method: 'POST', url: '/vapi/chat/responses', authorization: `Bearer ${API_KEY}` },
				{ method: 'GET', url: `/vapi/chat/${chatId}`, authorization: `Bearer ${API_KEY}` },
			]);
		} finally {
			await proxy.close();
		}
	});
});

describe("Vapi's own addresses (through a local proxy that refuses every CONNECT)", () => {
	let proxy;
	const saved = {};
	beforeAll(async () => {
		proxy = await startRefusingProxy();
		for (const name of ['HTTPS_PROXY', 'NO_PROXY', 'no_proxy']) saved[name] = process.env[name];
		process.env.HTTPS_PROXY = proxy.url;
		// The simulator is on loopback: it must not go through the proxy.
		process.env.NO_PROXY = '127.0.0.1,localhost,::1';
		process.env.no_proxy = process.env.NO_PROXY;
	});
	afterAll(async () => {
		for (const [name, value] of Object.entries(saved)) {
			if (value === undefined) delete process.env[name];
			else process.env[name] = value;
		}
		await proxy.close();
	});
	beforeEach(() => proxy.connects.splice(0));

	test.each([
		['the EU region', 'https://api.eu.vapi.ai', 'api.eu.vapi.ai:443'],
		['the EU region, with a trailing slash', ' https://api.eu.vapi.ai/ ', 'api.eu.vapi.ai:443'],
		['an empty Base URL: the US region', '', 'api.vapi.ai:443'],
		['a Base URL of spaces: the US region', '   ', 'api.vapi.ai:443'],
	])('%s', async (_label, baseUrl, host) => {
		const run = await runWith(baseUrl);
		expect(proxy.connects).toEqual([host]);
		// The proxy refused: the item failed on the way, not as refused before sending.
		expect(run.items[0].json.error).toEqual(expect.any(String));
		expect(run.items[0].json.error).not.toMatch(/^Nothing was sent/);
		expect(chatPosts(vapi.sim)).toEqual([]);
	});

	test('the EU region with "Allowed HTTP Request Domains" set to other domains', async () => {
		const run = await runWith('https://api.eu.vapi.ai', {
			credential: { allowedHttpRequestDomains: 'domains', allowedDomains: 'example.com' },
		});
		// n8n lets a node reach its own endpoint: the request left for the EU host.
		expect(proxy.connects).toEqual(['api.eu.vapi.ai:443']);
		expect(run.items[0].json.error).not.toMatch(/Domain not allowed/);
	});
});

describe('the credential\'s "Allowed HTTP Request Domains"', () => {
	test.each([
		['All', { allowedHttpRequestDomains: 'all' }],
		[
			'Specific Domains, others listed',
			{ allowedHttpRequestDomains: 'domains', allowedDomains: 'example.com, *.example.org' },
		],
		['Specific Domains, none listed', { allowedHttpRequestDomains: 'domains', allowedDomains: '' }],
		['None (blocks the HTTP Request node only)', { allowedHttpRequestDomains: 'none' }],
	])('%s: the node still reaches the Base URL of its credential', async (_label, credential) => {
		const run = await runWith(vapi.sim.url, { credential });
		expect(run.items.map((item) => item.json.text)).toEqual([reply('Hello')]);
	});

	test('Specific Domains: the node reaches a proxy Base URL that is not listed', async () => {
		const proxy = await startPathProxy(vapi.sim.url);
		try {
			const run = await runWith(`${proxy.url}/vapi`, {
				credential: { allowedHttpRequestDomains: 'domains', allowedDomains: 'api.vapi.ai' },
			});
			expect(run.items[0].json.text).toBe(reply('Hello'));
			expect(proxy.seen.map((request) => request.url)).toEqual(['/vapi/chat/responses']);
		} finally {
			await proxy.close();
		}
	});
});

describe('an unusable Base URL is refused before anything is sent', () => {
	const DESCRIPTION =
		"Enter Vapi's address in the credential, https://api.vapi.ai (EU: https://api.eu.vapi.ai), or your proxy's; an empty Base URL is https://api.vapi.ai.";

	test.each([
		['api.vapi.ai', 'must start with https://'],
		['ftp://api.vapi.ai', 'must start with https://'],
		['https://api.vapi.ai/?region=eu', 'must not contain "?" or "#"'],
		['https://api vapi.ai', 'contains a space'],
		['https://', 'has no host name after the //'],
		['https://[api.vapi.ai]', 'is not a URL'],
	])('%s', async (baseUrl, problem) => {
		const items = [{ json: { n: 1 } }, { json: { n: 2 } }];
		const run = await runWith(baseUrl, { items });
		const message = `Nothing was sent: Base URL in the Vapi credential ${problem}`;
		expect(run.items.map((item) => [item.json, item.pairedItem])).toEqual([
			[{ error: message }, { item: 0 }],
			[{ error: message }, { item: 1 }],
		]);
		expect(run.items[1].error.description).toBe(DESCRIPTION);
		expect(vapi.sim.requests).toEqual([]);
		expect(keyLeaks(run)).toEqual([]);
	});

	test('without continue-on-fail the run stops with that error', async () => {
		const run = await vapi.run({
			credentials: { apiKey: API_KEY, baseUrl: 'api.vapi.ai' },
			parameters: sendMessage(),
		});
		expect(run.status).toBe('error');
		expect(run.error.message).toBe(
			'Nothing was sent: Base URL in the Vapi credential must start with https://',
		);
		expect(run.error.description).toBe(DESCRIPTION);
		expect(vapi.sim.requests).toEqual([]);
		expect(keyLeaks(run)).toEqual([]);
	});

	test('every operation: Session → Get Many too', async () => {
		const run = await runWith('api.vapi.ai', {
			parameters: { resource: 'session', operation: 'getAll', returnAll: false, limit: 5 },
		});
		expect(run.items.map((item) => item.json.error)).toEqual([
			'Nothing was sent: Base URL in the Vapi credential must start with https://',
		]);
		expect(vapi.sim.requests).toEqual([]);
		expect(keyLeaks(run)).toEqual([]);
	});
});
