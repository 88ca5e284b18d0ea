'use strict';

// Rate limits absorbed inside the node: Retry-After in both forms, backoff without it,
// the attempts option, a clear error when attempts run out, and 200 items against a Vapi that
// takes 5 chats at a time — all through n8n's real engine, counted from the simulator's own log.
const { sendMessage, reply, useSimulator } = require('./support');
const { chatPosts, inputOf, keyLeaks, seen } = require('./support');

const vapi = useSimulator({ retryAfterSeconds: 0.1 });

const RATE_LIMIT_HINT =
	'Nothing was created for this item. Lower "Max Concurrent Requests" or raise "Rate-Limit Attempts" in the options, or space the items out with Batching in the node\'s Settings tab (Request Options).';

/** Milliseconds between the end of the answer to `first` and the arrival of `second`. */
const gap = (first, second) => second.startedAt - first.finishedAt;

describe('a 429 is absorbed', () => {
	test('Retry-After in seconds is honoured, then the item succeeds (one chat)', async () => {
		vapi.sim.addFault({ times: 1, fault: { status: 429, retryAfter: '0.4' } });
		const run = await vapi.run({ parameters: sendMessage() });

		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.json.text)).toEqual([reply('Hello')]);
		const posts = chatPosts(vapi.sim);
		expect(posts.map((post) => [post.status, post.outcome])).toEqual([
			[429, 'fault'],
			[200, 'ok'],
		]);
		expect(gap(posts[0], posts[1])).toBeGreaterThanOrEqual(400);
		expect(vapi.sim.chats.size).toBe(1);
		expect(keyLeaks(run)).toEqual([]);
	});

	test('Retry-After as an HTTP date is honoured', async () => {
		const notBefore = (Math.floor(Date.now() / 1000) + 2) * 1000;
		const date = new Date(notBefore).toUTCString();
		expect(date).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
		vapi.sim.addFault({ times: 1, fault: { status: 429, retryAfter: date } });
		const run = await vapi.run({ parameters: sendMessage() });

		expect(run.error).toBeUndefined();
		const posts = chatPosts(vapi.sim);
		expect(posts.map((post) => post.status)).toEqual([429, 200]);
		expect(posts[1].startedAt).toBeGreaterThanOrEqual(notBefore);
		expect(keyLeaks(run)).toEqual([]);
	});

	test('without Retry-After the node backs off (≥ 0.5 s after a first 429) and succeeds', async () => {
		vapi.sim.addFault({ times: 1, fault: { status: 429 } });
		const run = await vapi.run({ parameters: sendMessage() });

		expect(run.error).toBeUndefined();
		const posts = chatPosts(vapi.sim);
		expect(posts.map((post) => post.status)).toEqual([429, 200]);
		// The shared gate pauses half to all of 1 s after the first 429 of an episode.
		expect(gap(posts[0], posts[1])).toBeGreaterThanOrEqual(500);
	});

	test.each([
		['the default: 8 attempts', undefined, 8],
		['Rate-Limit Attempts = 3', 3, 3],
		['Rate-Limit Attempts = 1 (no retry)', 1, 1],
	])('attempts option respected — %s', async (_name, maxAttempts, attempts) => {
		vapi.sim.addFault({ fault: { status: 429, retryAfter: '0.02' } });
		const options = maxAttempts === undefined ? {} : { maxAttempts };
		const run = await vapi.run({ parameters: sendMessage({ options }) });

		expect(chatPosts(vapi.sim)).toHaveLength(attempts);
		expect(seen(run.error)).toEqual({
			class: 'NodeApiError',
			message: `Vapi rate-limited this item ${attempts} time(s): "Rate limit exceeded"`,
			description: RATE_LIMIT_HINT,
			httpCode: '429',
		});
		expect(vapi.sim.chats.size).toBe(0);
		expect(keyLeaks(run)).toEqual([]);
	});

	test('attempts exhausted: a clear error on the item (not n8n’s “Try spacing your requests…”), the others succeed', async () => {
		vapi.sim.addFault({
			when: { inputIncludes: 'unlucky' },
			fault: { status: 429, retryAfter: '0.02' },
		});
		const run = await vapi.run({
			parameters: sendMessage({ input: '={{ $json.question }}', options: { maxAttempts: 4 } }),
			items: ['lucky one', 'unlucky', 'lucky two'].map((question) => ({ json: { question } })),
			continueOnFail: true,
		});

		expect(run.items.map((item) => [item.json.error ?? item.json.text, item.pairedItem])).toEqual([
			[reply('lucky one'), { item: 0 }],
			['Vapi rate-limited this item 4 time(s): "Rate limit exceeded"', { item: 1 }],
			[reply('lucky two'), { item: 2 }],
		]);
		expect(run.items[1].error.description).toBe(RATE_LIMIT_HINT);
		expect(chatPosts(vapi.sim).filter((post) => post.body.input === 'unlucky')).toHaveLength(4);
		expect(keyLeaks(run)).toEqual([]);
	});

	test('a Retry-After beyond 5 minutes is not waited out: the item fails at once and says so', async () => {
		vapi.sim.addFault({ fault: { status: 429, retryAfter: '600' } });
		const run = await vapi.run({ parameters: sendMessage() });

		expect(chatPosts(vapi.sim)).toHaveLength(1);
		expect(seen(run.error)).toEqual({
			class: 'NodeApiError',
			message:
				'Vapi rate-limited this item 1 time(s), and asked to wait 600 s: "Rate limit exceeded"',
			description: RATE_LIMIT_HINT,
			httpCode: '429',
		});
	});
});

describe('200 items against a Vapi that takes 5 chats at a time', () => {
	test('out of the box: all succeed, each sent exactly once successfully, paired right', async () => {
		// Latency keeps requests in flight long enough for the limit to bite.
		vapi.sim.setOptions({ maxConcurrentChats: 5, latencyMs: 30, retryAfterSeconds: 0.1 });
		const questions = Array.from({ length: 200 }, (_, index) => `question ${index + 1}`);
		const run = await vapi.run({
			parameters: sendMessage({ input: '={{ $json.question }}' }),
			items: questions.map((question) => ({ json: { question } })),
		});

		expect(run.error).toBeUndefined();
		expect(run.status).toBe('success');
		expect(run.items).toHaveLength(200);
		const wrong = run.items.filter(
			(item, index) =>
				item.pairedItem?.item !== index || item.json.text !== reply(questions[index]),
		);
		expect(wrong).toEqual([]);

		const posts = chatPosts(vapi.sim);
		const successes = posts.filter((post) => post.status === 200 && post.outcome === 'ok');
		const rateLimited = posts.filter((post) => post.status === 429);
		const perInput = new Map();
		for (const post of successes)
			perInput.set(inputOf(post.body), (perInput.get(inputOf(post.body)) ?? 0) + 1);
		const duplicates = [...perInput.values()].filter((count) => count > 1).length;
		const figures = {
			items: 200,
			attempts: posts.length,
			rateLimited: rateLimited.length,
			successes: successes.length,
			distinctInputs: perInput.size,
			duplicates,
			chatsCreated: vapi.sim.chats.size,
			durationMs: Math.round(run.durationMs),
		};
		console.log(`200 items / 5 concurrent chats: ${JSON.stringify(figures)}`);

		expect(posts.every((post) => post.outcome === 'ok' || post.outcome === 'rateLimited')).toBe(
			true,
		);
		expect(rateLimited.every((post) => post.outcome === 'rateLimited')).toBe(true);
		expect(rateLimited.length).toBeGreaterThan(0); // the limit really was hit
		expect(posts.length).toBe(successes.length + rateLimited.length);
		expect(successes).toHaveLength(200);
		expect([...perInput.keys()].sort()).toEqual([...questions].sort());
		expect(duplicates).toBe(0);
		expect(vapi.sim.chats.size).toBe(200);
		expect(new Set(run.items.map((item) => item.json.chatId))).toEqual(
			new Set(successes.map((post) => post.chatId)),
		);
		expect(keyLeaks(run)).toEqual([]);
	});
});
