'use strict';

// Cancellation: n8n's Stop ends the run promptly — items waiting out a long Retry-After
// stop waiting, in-flight requests are aborted — and nothing more is sent after it.
const { sendMessage, reply, useSimulator, chatPosts, keyLeaks, sleep } = require('./support');

const vapi = useSimulator();

/** An AbortSignal that fires once `ready()` holds (polled), recording the wall-clock time it fired. */
function abortWhen(ready) {
	const controller = new AbortController();
	const state = { signal: controller.signal, abortedAt: undefined };
	const timer = setInterval(() => {
		if (!ready()) return;
		clearInterval(timer);
		state.abortedAt = Date.now();
		controller.abort();
	}, 5);
	state.dispose = () => clearInterval(timer);
	return state;
}

/** Runs the node with `options`, stopped by n8n's Stop once `ready()` holds: the run and the stop. */
async function runStoppedWhen(ready, options) {
	const stop = abortWhen(ready);
	try {
		return { run: await vapi.run({ ...options, signal: stop.signal }), stop };
	} finally {
		stop.dispose();
	}
}

describe('stopping the execution', () => {
	test.each([false, true])(
		'while items wait out a 30 s Retry-After: the run ends at once, nothing sent after (continue on fail: %s)',
		async (continueOnFail) => {
			// The 2 admitted chats take long enough that all 10 requests reach Vapi while they run, even on a
			// busy machine (else later ones are admitted too and the stop condition never holds).
			vapi.sim.setOptions({ maxConcurrentChats: 2, latencyMs: 1000, retryAfterSeconds: 30 });
			const questions = Array.from({ length: 10 }, (_, index) => `question ${index + 1}`);
			// Stop once the 2 admitted chats were answered (a little while ago) and the other 8 were
			// told to wait 30 s.
			const eightWaitingTwoAnswered = () => {
				const posts = chatPosts(vapi.sim);
				const answered = posts.filter((post) => post.status === 200 && post.finishedAt);
				return (
					posts.filter((post) => post.status === 429).length === 8 &&
					answered.length === 2 &&
					answered.every((post) => Date.now() - post.finishedAt > 100)
				);
			};
			const { run, stop } = await runStoppedWhen(eightWaitingTwoAnswered, {
				parameters: sendMessage({ input: '={{ $json.question }}' }),
				items: questions.map((question) => ({ json: { question } })),
				continueOnFail,
			});
			const seenAtEnd = vapi.sim.requests.length;

			expect(stop.abortedAt).toBeDefined();
			expect(run.status).toBe('canceled');
			expect(run.settled).toBe(true);
			// A correctness bound: far below the 30 s the items were asked to wait.
			expect(run.durationMs).toBeLessThan(5000);
			expect(Date.now() - stop.abortedAt).toBeLessThan(5000);
			if (continueOnFail) {
				const CANCELED = 'The execution was canceled';
				const admitted = new Set(
					chatPosts(vapi.sim)
						.filter((post) => post.status === 200)
						.map((post) => post.body.input),
				);
				expect(admitted.size).toBe(2);
				// A waiting item is canceled; an admitted chat may still be being read when Stop
				// comes, so it is either answered or canceled.
				const outcomes = run.items.map((item, index) => {
					const outcome = item.json.error ?? item.json.text;
					if (!admitted.has(questions[index])) return outcome;
					return [reply(questions[index]), CANCELED].includes(outcome) ? 'admitted: ok' : outcome;
				});
				expect(outcomes).toEqual(
					questions.map((question) => (admitted.has(question) ? 'admitted: ok' : CANCELED)),
				);
				expect(run.items.map((item) => item.pairedItem)).toEqual(
					questions.map((_, item) => ({ item })),
				);
			} else {
				expect(run.error.message).toBe('The execution was canceled');
			}

			// Nothing more reaches Vapi, now or later.
			await sleep(400);
			expect(vapi.sim.requests).toHaveLength(seenAtEnd);
			expect(vapi.sim.requests.every((request) => request.startedAt <= stop.abortedAt)).toBe(true);
			expect(chatPosts(vapi.sim)).toHaveLength(10);
			expect(keyLeaks(run)).toEqual([]);
		},
	);

	test('while a stream is stalled: the request is aborted and the run ends at once', async () => {
		vapi.sim.addFault({ fault: { stallAfterFrames: 1 } });
		// The idle timeout (60 s by default) is far away: only the Stop can end this.
		const { run, stop } = await runStoppedWhen(() => chatPosts(vapi.sim).length === 1, {
			parameters: sendMessage(),
		});

		expect(run.status).toBe('canceled');
		expect(run.settled).toBe(true);
		expect(Date.now() - stop.abortedAt).toBeLessThan(5000);
		await sleep(100);
		expect(chatPosts(vapi.sim).map((post) => [post.status, post.aborted])).toEqual([[200, true]]);
		expect(keyLeaks(run)).toEqual([]);
	});

	test('while waiting for Vapi’s first byte: the request is aborted, no retry follows', async () => {
		vapi.sim.addFault({ fault: { latencyMs: 20000 } });
		const { run, stop } = await runStoppedWhen(() => chatPosts(vapi.sim).length === 1, {
			parameters: sendMessage(),
			continueOnFail: true,
		});

		expect(run.status).toBe('canceled');
		expect(Date.now() - stop.abortedAt).toBeLessThan(5000);
		expect(run.items.map((item) => item.json)).toEqual([{ error: 'The execution was canceled' }]);
		await sleep(200);
		expect(chatPosts(vapi.sim)).toHaveLength(1);
		expect(keyLeaks(run)).toEqual([]);
	});
});
