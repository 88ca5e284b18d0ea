'use strict';

// Issue 10, "Secrets": the bearer key is never sent to another origin. Vapi's API does not
// redirect, and n8n's HTTP layer would follow a redirect to any origin with the Authorization
// header; every request of the node sets disableFollowRedirect (n8n sends axios maxRedirects: 0),
// so a 3xx is an error naming only the Location's origin, and no request leaves for it. The
// simulator's `redirect` fault points at another origin (simulator/other-origin.js) that records
// every request reaching it.
const { testCredential, secretsIn, persisted } = require('../harness');
const { startOtherOrigin } = require('../../simulator');
const { sendMessage, useSimulator, keyLeaks, pickerList, API_KEY } = require('./support');

const vapi = useSimulator();
let other;
beforeAll(async () => {
	other = await startOtherOrigin();
});
afterEach(() => {
	other.requests.length = 0;
});
afterAll(async () => {
	await other?.close();
});

/** A Location whose path and query carry data: neither may appear in what the user reads. */
const location = () => `${other.url}/chat/responses?session=private-session-token`;

const expectedError = (status = 307) => ({
	message: `Vapi answered with a redirect (HTTP ${status}) to ${other.url}; it was not followed`,
	description: `Vapi's API does not redirect, so the node does not follow redirects: nothing was sent to ${other.url}, and the API key was not sent there. A proxy or a moved address may redirect: check the Base URL in the credential.`,
	httpCode: String(status),
});

/** Nothing reached the other origin, the redirect was asked once (not again), the key is nowhere. */
function expectNotFollowed(run, error) {
	expect(other.requests).toEqual([]);
	expect(vapi.sim.requests.map((request) => request.status)).toEqual([error.httpCode * 1]);
	const shown = JSON.stringify(persisted(run.error ?? run.items));
	expect(shown).not.toContain('private-session-token');
	expect(shown).not.toContain('/chat/responses');
	expect(keyLeaks(run)).toEqual([]);
}

const seen = (error) => ({
	message: error.message,
	description: error.description,
	httpCode: error.httpCode,
});

describe.each([
	['on', true],
	['off', false],
])('Send Message, Stream %s', (_name, stream) => {
	test('a 307 to another origin: an error naming its origin, nothing sent there', async () => {
		vapi.sim.addFault({ fault: { redirect: { location: location() } } });
		const run = await vapi.run({ parameters: sendMessage({ options: { stream } }) });

		expect(seen(run.error)).toEqual(expectedError());
		expectNotFollowed(run, expectedError());
	});
});

test.each([301, 302, 303, 308])(
	'Send Message answered %i: the same error, nothing sent to the other origin',
	async (status) => {
		vapi.sim.addFault({ fault: { redirect: { location: location(), status } } });
		const run = await vapi.run({ parameters: sendMessage() });

		expect(seen(run.error)).toEqual(expectedError(status));
		expectNotFollowed(run, expectedError(status));
	},
);

test('under continue-on-fail the redirect is the error item, paired with its input', async () => {
	vapi.sim.addFault({ fault: { redirect: { location: location() } } });
	const run = await vapi.run({ parameters: sendMessage(), continueOnFail: true });

	expect(run.items).toEqual([
		{ json: { error: expectedError().message }, error: expect.anything(), pairedItem: { item: 0 } },
	]);
	expect(seen(run.items[0].error)).toEqual(expectedError());
	expectNotFollowed(run, expectedError());
});

test('Chat → Get answered 307: not followed and not retried (a GET is retried only on 5xx)', async () => {
	vapi.sim.addFault({ fault: { redirect: { location: location() } } });
	const run = await vapi.run({
		parameters: { resource: 'chat', operation: 'get', chatId: 'chat-behind-a-redirect' },
	});

	expect(seen(run.error)).toEqual(expectedError());
	expectNotFollowed(run, expectedError());
});

test('Chat → Get Many answered 302: not followed', async () => {
	vapi.sim.addFault({ fault: { redirect: { location: location(), status: 302 } } });
	const run = await vapi.run({
		parameters: { resource: 'chat', operation: 'getAll', returnAll: true },
	});

	expect(seen(run.error)).toEqual(expectedError(302));
	expectNotFollowed(run, expectedError(302));
});

test('a relative Location (the same server): not followed either, and said so', async () => {
	vapi.sim.addFault({ fault: { redirect: { location: '/chat/elsewhere?token=abc' } } });
	const run = await vapi.run({ parameters: sendMessage() });

	expect(run.error.message).toBe(
		'Vapi answered with a redirect (HTTP 307) to another path on the same server; it was not followed',
	);
	expect(vapi.sim.requests.map((request) => [request.method, request.path])).toEqual([
		['POST', '/chat/responses'],
	]);
	expect(keyLeaks(run)).toEqual([]);
});

test('a picker (the editor’s list) answered 307: the list fails with the same error, nothing sent there', async () => {
	vapi.sim.addFault({ fault: { redirect: { location: location() } } });
	const error = await pickerList(vapi.sim, 'searchAssistants').catch((thrown) => thrown);

	expect(seen(error)).toEqual({ ...expectedError(), httpCode: '307' });
	expect(other.requests).toEqual([]);
	expect(vapi.sim.requests.map((request) => [request.path, request.status])).toEqual([
		['/assistant', 307],
	]);
	expect(keyLeaks({ error })).toEqual([]);
});

test('the credential test answered 307: says a redirect is not Vapi, nothing sent to the other origin', async () => {
	vapi.sim.addFault({ fault: { redirect: { location: location() } } });
	const result = await testCredential({ apiKey: API_KEY, baseUrl: vapi.sim.url });

	expect(result).toMatchObject({
		status: 'Error',
		message:
			"The Base URL answered with a redirect (HTTP 307), which Vapi's API never does; it was not followed, and the API key was not sent where it points. Use https://api.vapi.ai, or https://api.eu.vapi.ai for an EU organisation, with nothing after the host.",
	});
	expect(other.requests).toEqual([]);
	expect(secretsIn(persisted(result), API_KEY)).toEqual([]);
});

test('the other origin records every request reaching it: its empty record above means nothing came', async () => {
	const response = await fetch(`${other.url}/chat`, { headers: { authorization: 'Bearer probe' } });
	expect(response.status).toBe(200);
	expect(other.requests.map((request) => request.headers.authorization)).toEqual(['Bearer probe']);
});
