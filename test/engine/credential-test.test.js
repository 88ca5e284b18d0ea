'use strict';

// The credential's "Test" button, run as n8n 2.41's CredentialsTester runs it (test/harness
// testCredential) against the Vapi simulator: OK for the right key; for a wrong key, a wrong region
// or a Base URL that is not Vapi's API, a message that says what to change — never the key.
const { testCredential, secretsIn, persisted } = require('../harness');
const { API_KEY, useSimulator } = require('./support');

const vapi = useSimulator();

const WRONG_KEY =
	'Vapi refused the API key. Check the API key and region: use the private API key from the Vapi dashboard (not the public key); keys of EU organisations only work with Base URL https://api.eu.vapi.ai in the credential.';
const USE_VAPI =
	'Use https://api.vapi.ai, or https://api.eu.vapi.ai for an EU organisation, with nothing after the host.';

const sent = () =>
	vapi.sim.requests.map((request) => [
		request.method,
		request.path,
		request.query,
		request.headers.authorization,
		request.status,
	]);

test('OK with the right key: GET /chat?limit=1 with the bearer header', async () => {
	const result = await testCredential({ apiKey: API_KEY, baseUrl: vapi.sim.url });
	expect(result).toMatchObject({ status: 'OK', message: 'Connection successful!' });
	expect(sent()).toEqual([['GET', '/chat', { limit: '1' }, `Bearer ${API_KEY}`, 200]]);
	expect(secretsIn(persisted(result), API_KEY)).toEqual([]);
});

test('OK for an organisation without any chat yet (an empty list is still Vapi’s answer)', async () => {
	vapi.sim.addFault({
		fault: { status: 200, body: { results: [], metadata: { itemsPerPage: 1, totalItems: 0 } } },
	});
	const result = await testCredential({ apiKey: API_KEY, baseUrl: vapi.sim.url });
	expect(result).toMatchObject({ status: 'OK', message: 'Connection successful!' });
});

test('a wrong key (or a public key, or an EU key at the US address): private key and region, not "Unauthorized"; the key is not echoed', async () => {
	const wrongKey = 'sk-wrong-key-5e6f7a8b9c';
	const result = await testCredential({ apiKey: wrongKey, baseUrl: vapi.sim.url });
	expect(result).toMatchObject({ status: 'Error', message: WRONG_KEY });
	// n8n-core sends a request that failed with 401 once more (after its pre-authentication hook).
	expect(vapi.sim.requests.map((request) => request.status)).toEqual([401, 401]);
	expect(secretsIn([result.message, result.logs], wrongKey)).toEqual([]);
	expect(secretsIn(persisted(result), API_KEY)).toEqual([]);
});

test('403: the key may not do this, in the same words as the node', async () => {
	vapi.sim.addFault({ fault: { status: 403 } });
	const result = await testCredential({ apiKey: API_KEY, baseUrl: vapi.sim.url });
	expect(result).toMatchObject({
		status: 'Error',
		message:
			"Vapi refused the API key. The API key may not do this: check the key's organisation and permissions in the Vapi dashboard.",
	});
});

test('a Base URL with a path after the host (404): not Vapi’s API, and where it is', async () => {
	const result = await testCredential({ apiKey: API_KEY, baseUrl: `${vapi.sim.url}/v1` });
	expect(result).toMatchObject({
		status: 'Error',
		message: `The Base URL is not Vapi's API: it has no /chat. ${USE_VAPI}`,
	});
	expect(sent()).toEqual([['GET', '/v1/chat', { limit: '1' }, `Bearer ${API_KEY}`, 404]]);
});

test.each([
	['a web page (200, HTML)', { status: 200, html: true }],
	['another JSON API (200, no list of chats)', { status: 200, body: { ok: true } }],
])('a Base URL that answers %s: not Vapi’s API, and where it is', async (_name, fault) => {
	vapi.sim.addFault({ fault });
	const result = await testCredential({ apiKey: API_KEY, baseUrl: vapi.sim.url });
	expect(result).toMatchObject({
		status: 'Error',
		message: `The Base URL answered, but not as Vapi's API does (no list of chats). ${USE_VAPI}`,
	});
});
