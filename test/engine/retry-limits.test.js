// How often a failing request is sent: 429s up to "Rate-Limit Attempts" (nothing was created), other
// retryable failures (a GET's 5xx) only a few times, so a broken endpoint fails in seconds, not minutes.
const { useSimulator, byId, sendMessage } = require('./support');

const env = useSimulator({ retryAfterSeconds: 0.01 });

const getChat = (chatId) => ({ resource: 'chat', operation: 'get', chatId });

test('a GET answered 503 every time is sent 3 times, then fails with Vapi\'s message', async () => {
	env.sim.addFault({
		when: { method: 'GET', path: '/chat/*' },
		fault: { status: 503, body: { message: 'Upstream down', error: 'Service Unavailable', statusCode: 503 } },
	});
	const run = await env.run({ parameters: getChat('chat-1') });
	expect(run.status).toBe('error');
	expect(run.error.message).toBe('Upstream down');
	expect(run.error.httpCode).toBe('503');
	expect(env.sim.requests.filter((entry) => entry.method === 'GET')).toHaveLength(3);
});

test('a POST answered 429 every time is sent "Rate-Limit Attempts" times, then says it was rate limited', async () => {
	env.sim.addFault({ when: { method: 'POST' }, fault: { status: 429, retryAfter: '0' } });
	const run = await env.run({ parameters: sendMessage({ options: { maxAttempts: 4 } }) });
	expect(run.status).toBe('error');
	expect(run.error.message).toMatch(/^Vapi rate-limited this item 4 time\(s\)/);
	expect(env.sim.requests.filter((entry) => entry.method === 'POST')).toHaveLength(4);
});

test('a POST answered 500 is sent once (it may have created a chat)', async () => {
	env.sim.addFault({ when: { method: 'POST' }, fault: { status: 500 } });
	const run = await env.run({
		parameters: sendMessage({ assistantId: byId(sendMessage().assistantId.value) }),
	});
	expect(run.status).toBe('error');
	expect(run.error.httpCode).toBe('500');
	expect(env.sim.requests.filter((entry) => entry.method === 'POST')).toHaveLength(1);
});
