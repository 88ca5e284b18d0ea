const { getEventListeners } = require('node:events');
const {
	RateLimitGate,
	gateFor,
	registeredGateCount,
	RAISE_QUIET_MS,
} = require('../../dist/nodes/Vapi/http/rateLimitGate.js');
const { seededRandom } = require('../../simulator/seeded-random');

/** Lets every pending promise callback run (nothing here waits on real I/O). */
const flush = () => new Promise((resolve) => setImmediate(resolve));

/** Virtual time: sleep() resolves when run() moves the clock past it. */
class FakeClock {
	constructor(start = 0) {
		this.t = start;
		this.timers = [];
		this.seq = 0;
	}

	now() {
		return this.t;
	}

	sleep(ms, signal) {
		return new Promise((resolve, reject) => {
			if (signal?.aborted) return reject(signal.reason);
			const timer = { at: this.t + Math.max(0, ms), seq: this.seq++, resolve };
			this.timers.push(timer);
			signal?.addEventListener(
				'abort',
				() => {
					this.timers = this.timers.filter((other) => other !== timer);
					reject(signal.reason);
				},
				{ once: true },
			);
		});
	}

	/** Fires timers in order, one at a time, until none is left or the next is after `until`. */
	async run(until = Infinity) {
		for (;;) {
			await flush();
			this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
			const next = this.timers[0];
			if (!next || next.at > until) {
				if (until !== Infinity) this.t = Math.max(this.t, until);
				return;
			}
			this.timers.shift();
			this.t = next.at;
			next.resolve();
		}
	}
}

/** Records the order in which callers are let through. */
function track(promise, name, order) {
	const state = { settled: false, error: undefined };
	promise.then(
		() => {
			state.settled = true;
			order.push(name);
		},
		(error) => {
			state.settled = true;
			state.error = error;
		},
	);
	return state;
}

describe('RateLimitGate: limit and order', () => {
	test.each([
		['no cap', undefined, Infinity],
		['a cap of 0 means none', 0, Infinity],
		['a cap of 3', 3, 3],
		['a fractional cap is rounded down', 2.7, 2],
	])('starts with %s', (_case, maxConcurrency, limit) => {
		expect(new RateLimitGate({ clock: new FakeClock(), maxConcurrency }).limit).toBe(limit);
	});

	test('lets callers through at once while under the limit', async () => {
		const gate = new RateLimitGate({ clock: new FakeClock() });
		await Promise.all([gate.acquire(), gate.acquire(), gate.acquire()]);
		expect([gate.inFlight, gate.waiting]).toEqual([3, 0]);
		gate.release('ok');
		expect(gate.inFlight).toBe(2);
	});

	test('maxConcurrency caps the requests in flight', async () => {
		const gate = new RateLimitGate({ clock: new FakeClock(), maxConcurrency: 2 });
		const order = [];
		['a', 'b', 'c', 'd', 'e'].forEach((name) => track(gate.acquire(), name, order));
		await flush();
		expect(order).toEqual(['a', 'b']);
		expect([gate.inFlight, gate.waiting]).toEqual([2, 3]);
		gate.release('ok');
		await flush();
		expect(order).toEqual(['a', 'b', 'c']);
		expect([gate.inFlight, gate.waiting]).toEqual([2, 2]);
	});

	test('lets waiters through first in, first out; a newcomer queues behind them', async () => {
		const gate = new RateLimitGate({ clock: new FakeClock(), maxConcurrency: 1 });
		const order = [];
		['a', 'b', 'c', 'd'].forEach((name) => track(gate.acquire(), name, order));
		await flush();
		gate.release('ok');
		track(gate.acquire(), 'late', order);
		for (let i = 0; i < 4; i++) {
			await flush();
			gate.release('ok');
		}
		await flush();
		expect(order).toEqual(['a', 'b', 'c', 'd', 'late']);
		expect([gate.inFlight, gate.waiting]).toEqual([0, 0]);
	});

	test("'failed' frees the slot and changes nothing else", async () => {
		const clock = new FakeClock(100);
		const gate = new RateLimitGate({ clock, maxConcurrency: 1 });
		const order = [];
		track(gate.acquire(), 'a', order);
		track(gate.acquire(), 'b', order);
		await flush();
		gate.release('failed');
		await flush();
		expect(order).toEqual(['a', 'b']);
		expect([gate.limit, gate.inFlight, gate.pausedUntil]).toEqual([1, 1, -Infinity]);
	});

	test('a release without an acquire is ignored', () => {
		const gate = new RateLimitGate({ clock: new FakeClock() });
		gate.release('rateLimited', 1000);
		expect([gate.inFlight, gate.limit, gate.pausedUntil]).toEqual([0, Infinity, -Infinity]);
	});
});

describe('RateLimitGate: rate limits', () => {
	async function gateWithInFlight(count, options = {}) {
		const clock = new FakeClock(1000);
		const gate = new RateLimitGate({ clock, ...options });
		await Promise.all(Array.from({ length: count }, () => gate.acquire()));
		return { clock, gate };
	}

	test('a 429 lowers the limit to the others still in flight and pauses everybody', async () => {
		const { clock, gate } = await gateWithInFlight(10);
		gate.release('rateLimited', 2000);
		expect([gate.limit, gate.inFlight, gate.pausedUntil]).toEqual([9, 9, 3000]);
		gate.release('rateLimited', 2000);
		expect([gate.limit, gate.inFlight]).toEqual([8, 8]);

		const order = [];
		track(gate.acquire(), 'waiter', order);
		gate.release('ok');
		await clock.run(2999);
		expect(order).toEqual([]);
		await clock.run(3000);
		expect(order).toEqual(['waiter']);
		expect(clock.now()).toBe(3000);
	});

	test('the limit never drops below 1', async () => {
		const { gate } = await gateWithInFlight(1);
		gate.release('rateLimited', 0);
		expect(gate.limit).toBe(1);
	});

	test('a 429 never raises the limit', async () => {
		const { gate } = await gateWithInFlight(3);
		gate.release('rateLimited', 0);
		gate.release('ok');
		gate.release('ok');
		expect(gate.limit).toBe(2);
		await gate.acquire();
		await gate.acquire();
		expect(gate.inFlight).toBe(2);
		gate.release('rateLimited', 0);
		expect(gate.limit).toBe(1);
	});

	test('a longer Retry-After during a pause extends it; a shorter one does not shorten it', async () => {
		const { gate } = await gateWithInFlight(3);
		gate.release('rateLimited', 1000);
		gate.release('rateLimited', 5000);
		expect(gate.pausedUntil).toBe(6000);
		gate.release('rateLimited', 10);
		expect(gate.pausedUntil).toBe(6000);
	});

	test('without Retry-After it pauses with a backoff that doubles per 429 episode and resets after a success', async () => {
		const clock = new FakeClock(0);
		const gate = new RateLimitGate({ clock, random: () => 0.5 });
		const pauseAfter429 = async () => {
			await gate.acquire();
			const start = clock.now();
			gate.release('rateLimited');
			const pause = gate.pausedUntil - start;
			await clock.run(gate.pausedUntil);
			return pause;
		};
		// Half the ceiling plus a jittered half: 1000 → 750, 2000 → 1500, 4000 → 3000.
		expect(await pauseAfter429()).toBe(750);
		expect(await pauseAfter429()).toBe(1500);
		expect(await pauseAfter429()).toBe(3000);
		await gate.acquire();
		gate.release('ok');
		expect(await pauseAfter429()).toBe(750);
	});

	test('429s that arrive during the pause belong to the same episode (no longer backoff)', async () => {
		const { gate } = await gateWithInFlight(4, { random: () => 0.5 });
		gate.release('rateLimited');
		expect(gate.pausedUntil).toBe(1750);
		gate.release('rateLimited');
		gate.release('rateLimited');
		expect(gate.pausedUntil).toBe(1750);
	});

	test('the limit grows by one per full window of successes, only after a quiet spell and while callers wait', async () => {
		const clock = new FakeClock(0);
		const gate = new RateLimitGate({ clock, maxConcurrency: 4 });
		await Promise.all([gate.acquire(), gate.acquire(), gate.acquire()]);
		gate.release('rateLimited', 0);
		expect([gate.limit, gate.inFlight]).toEqual([2, 2]);
		for (let i = 0; i < 30; i++) gate.acquire();
		const succeed = async (count) => {
			for (let i = 0; i < count; i++) {
				gate.release('ok');
				await flush();
			}
		};
		// Within the quiet spell: no growth however many successes.
		await succeed(6);
		expect(gate.limit).toBe(2);
		clock.t = RAISE_QUIET_MS;
		await succeed(1);
		expect(gate.limit).toBe(2);
		await succeed(1);
		expect([gate.limit, gate.inFlight]).toEqual([3, 3]);
		await succeed(2);
		expect(gate.limit).toBe(3);
		await succeed(1);
		expect([gate.limit, gate.inFlight]).toEqual([4, 4]);
		// Never above maxConcurrency.
		await succeed(8);
		expect([gate.limit, gate.inFlight]).toEqual([4, 4]);
	});

	test('successes without anybody waiting do not grow the limit', async () => {
		const clock = new FakeClock(0);
		const gate = new RateLimitGate({ clock });
		await Promise.all([gate.acquire(), gate.acquire(), gate.acquire()]);
		gate.release('rateLimited', 0);
		clock.t = RAISE_QUIET_MS * 2;
		for (let i = 0; i < 20; i++) {
			gate.release('ok');
			await gate.acquire();
		}
		expect(gate.limit).toBe(2);
	});
});

describe('RateLimitGate: a retry waits for its own Retry-After', () => {
	async function gateWithInFlight(count) {
		const clock = new FakeClock(1000);
		const gate = new RateLimitGate({ clock });
		await Promise.all(Array.from({ length: count }, () => gate.acquire()));
		return { clock, gate };
	}

	test('release tells when the retry may go: its own Retry-After, not one read after it', async () => {
		const { clock, gate } = await gateWithInFlight(5);
		const firstRetryAt = gate.release('rateLimited', 1000);
		clock.t = 1050;
		const secondRetryAt = gate.release('rateLimited', 1000);
		expect([firstRetryAt, secondRetryAt, gate.pausedUntil]).toEqual([2000, 2050, 2050]);
		gate.release('ok');
		gate.release('ok');
		gate.release('ok');
		expect([gate.limit, gate.inFlight]).toEqual([3, 0]);

		const order = [];
		track(gate.acquire(undefined, firstRetryAt), 'first retry', order);
		track(gate.acquire(undefined, secondRetryAt), 'second retry', order);
		track(gate.acquire(), 'new request', order);
		await clock.run(1999);
		expect(order).toEqual([]);
		await clock.run(2000);
		expect(order).toEqual(['first retry']);
		await clock.run(2049);
		expect(order).toEqual(['first retry']);
		await clock.run(2050);
		expect(order).toEqual(['first retry', 'second retry', 'new request']);
	});

	test('a longer Retry-After read before a 429 holds its retry too', async () => {
		const { gate } = await gateWithInFlight(3);
		expect(gate.release('rateLimited', 5000)).toBe(6000);
		expect(gate.release('rateLimited', 10)).toBe(6000);
	});

	test('without Retry-After the retry waits for the backoff pause of the episode', async () => {
		const clock = new FakeClock(0);
		const gate = new RateLimitGate({ clock, random: () => 0.5 });
		await Promise.all([gate.acquire(), gate.acquire()]);
		expect(gate.release('rateLimited')).toBe(750);
		clock.t = 100;
		expect(gate.release('rateLimited')).toBe(750);
	});

	test('after any other outcome the returned time is the pause (none: in the past)', async () => {
		const { gate } = await gateWithInFlight(2);
		expect(gate.release('ok')).toBe(-Infinity);
		expect(gate.release('failed')).toBe(-Infinity);
		expect(gate.release('ok')).toBe(-Infinity);
	});

	test('retries keep their order: one behind a later retry waits for it', async () => {
		const { clock, gate } = await gateWithInFlight(1);
		gate.release('ok');
		const order = [];
		track(gate.acquire(undefined, 3000), 'later', order);
		track(gate.acquire(undefined, 2000), 'earlier', order);
		await clock.run(2999);
		expect(order).toEqual([]);
		await clock.run(3000);
		expect(order).toEqual(['later', 'earlier']);
	});

	test('when the waiter at the head leaves, the wake-up moves to the next one’s time', async () => {
		const { clock, gate } = await gateWithInFlight(1);
		gate.release('ok');
		const controller = new AbortController();
		const order = [];
		const leaving = track(gate.acquire(controller.signal, 5000), 'leaving', order);
		track(gate.acquire(undefined, 2000), 'next', order);
		await flush();
		expect(clock.timers.map((timer) => timer.at)).toEqual([5000]);
		controller.abort();
		await flush();
		expect(leaving.error).toBe(controller.signal.reason);
		expect(clock.timers.map((timer) => timer.at)).toEqual([2000]);
		await clock.run(2000);
		expect(order).toEqual(['next']);
		expect(clock.timers).toEqual([]);
	});

	test('a retry whose time has passed goes at once, even during a pause for others', async () => {
		const { clock, gate } = await gateWithInFlight(2);
		const retryAt = gate.release('rateLimited', 1000);
		clock.t = 1500;
		gate.release('rateLimited', 1000);
		expect(gate.pausedUntil).toBe(2500);
		clock.t = 2000;
		await gate.acquire(undefined, retryAt);
		expect(gate.inFlight).toBe(1);
	});
});

describe('RateLimitGate: cancellation', () => {
	test('an abort rejects a waiter at once, without waiting out the pause, and leaves nobody behind', async () => {
		const clock = new FakeClock(0);
		const gate = new RateLimitGate({ clock });
		await gate.acquire();
		gate.release('rateLimited', 60000);
		const controller = new AbortController();
		const order = [];
		const stopped = track(gate.acquire(controller.signal), 'stopped', order);
		const other = track(gate.acquire(), 'other', order);
		await flush();
		expect([gate.waiting, clock.timers.length]).toEqual([2, 1]);

		controller.abort();
		await flush();
		expect(stopped.settled).toBe(true);
		expect(stopped.error).toBe(controller.signal.reason);
		expect(stopped.error.name).toBe('AbortError');
		expect(clock.now()).toBe(0);
		expect(gate.waiting).toBe(1);

		await clock.run();
		expect(order).toEqual(['other']);
		expect(other.error).toBeUndefined();
		expect(clock.now()).toBe(60000);
	});

	test('when the last waiter aborts, the wake-up timer is cancelled too', async () => {
		const clock = new FakeClock(0);
		const gate = new RateLimitGate({ clock });
		await gate.acquire();
		gate.release('rateLimited', 60000);
		const controller = new AbortController();
		const state = track(gate.acquire(controller.signal), 'x', []);
		await flush();
		expect(clock.timers.length).toBe(1);
		controller.abort(new Error('stop'));
		await flush();
		expect(state.error.message).toBe('stop');
		expect([gate.waiting, clock.timers.length]).toEqual([0, 0]);
	});

	test('waiters sharing one signal (n8n cancels a whole execution) add one listener, not one each', async () => {
		const gate = new RateLimitGate({ clock: new FakeClock(), maxConcurrency: 1 });
		const controller = new AbortController();
		const states = Array.from({ length: 50 }, (_, i) =>
			track(gate.acquire(controller.signal), i, []),
		);
		await flush();
		expect([gate.inFlight, gate.waiting]).toEqual([1, 49]);
		expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
		gate.release('ok');
		await flush();
		expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
		controller.abort();
		await flush();
		expect(states.filter((state) => state.error === controller.signal.reason)).toHaveLength(48);
		expect([gate.inFlight, gate.waiting]).toEqual([1, 0]);
		expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
	});

	test('once the last waiter on a signal got through, the listener is gone', async () => {
		const gate = new RateLimitGate({ clock: new FakeClock(), maxConcurrency: 1 });
		const controller = new AbortController();
		await gate.acquire();
		const waiting = gate.acquire(controller.signal);
		expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
		gate.release('ok');
		await waiting;
		expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
	});

	test('an already aborted signal is refused at once and queues nothing', async () => {
		const gate = new RateLimitGate({ clock: new FakeClock(), maxConcurrency: 1 });
		const controller = new AbortController();
		controller.abort();
		await expect(gate.acquire(controller.signal)).rejects.toBe(controller.signal.reason);
		expect([gate.inFlight, gate.waiting]).toEqual([0, 0]);
	});

	test('an abort after the caller got through changes nothing', async () => {
		const gate = new RateLimitGate({ clock: new FakeClock(), maxConcurrency: 1 });
		const controller = new AbortController();
		await gate.acquire(controller.signal);
		controller.abort();
		await flush();
		expect(gate.inFlight).toBe(1);
		gate.release('ok');
		expect(gate.inFlight).toBe(0);
	});

	test('a clock whose sleep fails on its own fails the waiters instead of stranding them', async () => {
		const failure = new Error('timer broke');
		const clock = { now: () => 0, sleep: () => Promise.reject(failure) };
		const gate = new RateLimitGate({ clock });
		await gate.acquire();
		gate.release('rateLimited', 1000);
		await expect(gate.acquire()).rejects.toBe(failure);
		expect(gate.waiting).toBe(0);
	});
});

describe('gateFor', () => {
	const make = (clock = new FakeClock()) => jest.fn(() => new RateLimitGate({ clock }));

	test('gives the items of one run the same gate, and other runs their own', () => {
		const before = registeredGateCount();
		const create = make();
		const first = gateFor('exec-1:Vapi:0', create);
		expect(gateFor('exec-1:Vapi:0', create)).toBe(first);
		expect(gateFor('exec-1:Vapi:1', create)).not.toBe(first);
		expect(gateFor('exec-2:Vapi:0', create)).not.toBe(first);
		expect(create).toHaveBeenCalledTimes(3);
		expect(registeredGateCount()).toBe(before + 3);
	});

	test('drops the gate when its last user releases', async () => {
		const before = registeredGateCount();
		const create = make();
		const gate = gateFor('drop:release', create);
		await gate.acquire();
		await gate.acquire();
		gate.release('ok');
		expect(gateFor('drop:release', create)).toBe(gate);
		gate.release('failed');
		expect(registeredGateCount()).toBe(before);
		expect(gateFor('drop:release', create)).not.toBe(gate);
		expect(create).toHaveBeenCalledTimes(2);
	});

	test('keeps the gate while somebody waits, drops it when the last waiter aborts', async () => {
		const before = registeredGateCount();
		const clock = new FakeClock();
		const gate = gateFor('drop:abort', make(clock));
		await gate.acquire();
		gate.release('rateLimited', 5000);
		const controller = new AbortController();
		const state = track(gate.acquire(controller.signal), 'x', []);
		await flush();
		expect(registeredGateCount()).toBe(before + 1);
		controller.abort();
		await flush();
		expect(state.error).toBe(controller.signal.reason);
		expect(registeredGateCount()).toBe(before);
	});

	test('a caller that kept the gate across its retry brings it back, with what it learned', async () => {
		const before = registeredGateCount();
		const create = make();
		const gate = gateFor('rejoin', create);
		await gate.acquire();
		gate.release('rateLimited', 0);
		expect(registeredGateCount()).toBe(before);
		await gate.acquire();
		expect(gateFor('rejoin', create)).toBe(gate);
		expect(gate.limit).toBe(1);
		gate.release('ok');
		expect(registeredGateCount()).toBe(before);
	});
});

/**
 * A fake Vapi that serves `capacity` requests at once and answers 429 (with Retry-After) beyond
 * that; items retry every 429 through one shared gate. With `ownRetryAfter` each retry passes
 * the time its release returned, the way the node does (sendWithRetries); without, every retry
 * waits for the gate's pause like a new request.
 */
async function simulate({
	items = 200,
	capacity = 5,
	okLatency = [100, 300],
	limitedLatency = [5, 20],
	retryAfterMs = 1000,
	maxConcurrency,
	seed = 1,
	signals = [],
	duringRun,
	ownRetryAfter = false,
}) {
	const clock = new FakeClock(0);
	const random = seededRandom(seed);
	const gate = new RateLimitGate({ clock, maxConcurrency, random });
	const between = ([low, high]) => low + Math.floor(random() * (high - low));
	const log = {
		attempts: 0,
		limited: 0,
		served: [],
		maxServed: 0,
		grantsOverLimit: 0,
		retriesTooEarly: 0,
	};
	let serving = 0;

	async function request(item) {
		log.attempts++;
		if (serving >= capacity) {
			await clock.sleep(between(limitedLatency));
			log.limited++;
			return 429;
		}
		serving++;
		log.maxServed = Math.max(log.maxServed, serving);
		await clock.sleep(between(okLatency));
		serving--;
		log.served.push(item);
		return 200;
	}

	const limitedPerItem = new Array(items).fill(0);
	async function sendItem(item) {
		let notBefore;
		for (let attempt = 1; attempt <= 50; attempt++) {
			await gate.acquire(signals[item], notBefore);
			if (gate.inFlight > gate.limit) log.grantsOverLimit++;
			if (notBefore !== undefined && clock.now() < notBefore) log.retriesTooEarly++;
			if ((await request(item)) === 200) {
				gate.release('ok');
				return;
			}
			limitedPerItem[item]++;
			const retryAt = gate.release('rateLimited', retryAfterMs);
			if (ownRetryAfter) notBefore = retryAt;
		}
		throw new Error(`item ${item} gave up after 50 attempts`);
	}

	const results = Promise.allSettled(Array.from({ length: items }, (_, item) => sendItem(item)));
	if (duringRun) await duringRun(clock, gate);
	await clock.run();
	const settled = await results;
	const servedCount = new Map();
	for (const item of log.served) servedCount.set(item, (servedCount.get(item) ?? 0) + 1);
	return {
		gate,
		settled,
		ms: clock.now(),
		attempts: log.attempts,
		limited: log.limited,
		servedItems: servedCount.size,
		duplicates: log.served.length - servedCount.size,
		maxServed: log.maxServed,
		grantsOverLimit: log.grantsOverLimit,
		retriesTooEarly: log.retriesTooEarly,
		neverLimited: limitedPerItem.filter((count) => count === 0).length,
		limitedAfterFirstBurst: limitedPerItem.filter((count) => count > 1).length,
		finalLimit: gate.limit,
	};
}

// Each simulation below states its workload and its figures inline on purpose (a reader checks one
// case without a table; the two that settle alike share ONE_BURST); `duplicates` pairs them by shape.
describe('RateLimitGate: 200 items against a Vapi that allows 5 at once', () => {
	/** How 200 items settle when only the first burst is rate-limited. */
	const ONE_BURST = {
		servedItems: 200,
		duplicates: 0,
		// 200 successes + the 195 that did not fit into the first burst.
		attempts: 395,
		limited: 195,
		limitedAfterFirstBurst: 0,
		maxServed: 5,
		grantsOverLimit: 0,
		finalLimit: 5,
	};

	test('all get through once; only the first burst is rate-limited', async () => {
		const run = await simulate({});
		expect(run.settled.every((result) => result.status === 'fulfilled')).toBe(true);
		// One 1 s pause, then 195 items at 5 × ~200 ms.
		expect(run).toMatchObject({ ...ONE_BURST, neverLimited: 5, ms: 8785 });
		expect([run.gate.inFlight, run.gate.waiting]).toEqual([0, 0]);
	});

	test('retries at their own Retry-After (as the node sends them): the same, sooner after the burst', async () => {
		const waitingForThePause = await simulate({});
		const run = await simulate({ ownRetryAfter: true });
		expect(run.settled.every((result) => result.status === 'fulfilled')).toBe(true);
		expect(run).toMatchObject({ ...ONE_BURST, retriesTooEarly: 0 });
		// The burst's 429s come back 5–20 ms after it: the first retries go 1 s after the first
		// ones came back, not after the last one.
		expect(run.ms).toBe(8771);
		expect(waitingForThePause.ms - run.ms).toBe(14);
		expect([run.gate.inFlight, run.gate.waiting]).toEqual([0, 0]);
	});

	test('429s arriving late, retries at their own Retry-After: settles the same way', async () => {
		const run = await simulate({
			limitedLatency: [5, 400],
			okLatency: [50, 300],
			ownRetryAfter: true,
		});
		expect(run.settled.every((result) => result.status === 'fulfilled')).toBe(true);
		expect([run.servedItems, run.duplicates, run.maxServed, run.grantsOverLimit]).toEqual([
			200, 0, 5, 0,
		]);
		expect([run.retriesTooEarly, run.limited, run.limitedAfterFirstBurst, run.finalLimit]).toEqual([
			0, 197, 2, 5,
		]);
	});

	test('429s arriving late (overlapping successes) still settle the gate', async () => {
		const run = await simulate({ limitedLatency: [5, 400], okLatency: [50, 300] });
		expect(run.settled.every((result) => result.status === 'fulfilled')).toBe(true);
		expect([run.servedItems, run.duplicates, run.maxServed, run.grantsOverLimit]).toEqual([
			200, 0, 5, 0,
		]);
		expect(run.limited).toBe(197);
		expect(run.limitedAfterFirstBurst).toBe(2);
		expect(run.finalLimit).toBe(4);
	});

	test('without Retry-After the gate backs off on its own', async () => {
		const run = await simulate({ retryAfterMs: undefined });
		expect([run.servedItems, run.duplicates, run.limited, run.limitedAfterFirstBurst]).toEqual([
			200, 0, 195, 0,
		]);
		expect([run.maxServed, run.grantsOverLimit, run.finalLimit]).toEqual([5, 0, 5]);
	});

	test('1000 slow items: probing for more costs a few 429s, not a second burst', async () => {
		const run = await simulate({ items: 1000, okLatency: [500, 1500] });
		expect([run.servedItems, run.duplicates, run.maxServed, run.grantsOverLimit]).toEqual([
			1000, 0, 5, 0,
		]);
		expect(run.limited).toBe(1013);
		expect(run.limitedAfterFirstBurst).toBe(18);
		expect(run.finalLimit).toBe(5);
	});

	test('maxConcurrency below what Vapi allows: no 429 at all', async () => {
		const run = await simulate({ maxConcurrency: 3 });
		expect([
			run.servedItems,
			run.duplicates,
			run.attempts,
			run.limited,
			run.maxServed,
			run.finalLimit,
		]).toEqual([200, 0, 200, 0, 3, 3]);
	});

	test('maxConcurrency above what Vapi allows: one small burst of 429s', async () => {
		const run = await simulate({ maxConcurrency: 10 });
		expect([run.servedItems, run.duplicates, run.limited, run.maxServed, run.finalLimit]).toEqual([
			200, 0, 5, 5, 5,
		]);
	});

	test('cancelling half the items during the pause stops them at once; the rest finish', async () => {
		const controller = new AbortController();
		const signals = Array.from({ length: 200 }, (_, item) =>
			item % 2 === 0 ? controller.signal : undefined,
		);
		let abortedAt;
		let settledAtAbort;
		const run = await simulate({
			signals,
			retryAfterMs: 60000,
			duringRun: async (clock, gate) => {
				await clock.run(1000);
				expect(gate.pausedUntil).toBeGreaterThan(60000);
				abortedAt = clock.now();
				controller.abort();
				await flush();
				settledAtAbort = clock.now();
			},
		});
		expect(settledAtAbort).toBe(abortedAt);
		const rejected = run.settled.filter((result) => result.status === 'rejected');
		// 100 items carry the signal; 0, 2 and 4 were served in the first burst.
		expect(rejected.length).toBe(97);
		expect(rejected.every((result) => result.reason === controller.signal.reason)).toBe(true);
		expect(run.servedItems).toBe(103);
		expect(run.duplicates).toBe(0);
		expect([run.gate.inFlight, run.gate.waiting]).toEqual([0, 0]);
	});
});
