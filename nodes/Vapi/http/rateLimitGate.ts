/**
 * One gate shared by the items of one node run, so that a burst of requests settles at what Vapi
 * accepts instead of hammering it with 429s. Pure: the clock (time and sleeping) is injected.
 *
 * It works like TCP congestion control: the first 429 shows how many requests Vapi accepted at
 * once (the others still in flight), the limit drops to that, and everybody pauses for as long as
 * Vapi asked. Later the limit grows by one per full window of successes, but only after a quiet
 * spell, because a probe that hits the limit pauses every item.
 *
 * The pause holds new requests until the last Retry-After received ends. A request that was itself
 * answered 429 is retried when its own Retry-After ends (and every one received before it): a
 * burst of 195 429s takes the client a while to read, and the first requests answered should not
 * wait out the Retry-After of the last one read (release returns when, acquire takes it).
 */

export interface GateClock {
	now(): number;
	/** Resolves after ms; rejects when signal aborts. */
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export type ReleaseOutcome = 'ok' | 'rateLimited' | 'failed';

export interface RateLimitGateOptions {
	clock: GateClock;
	/** A fixed cap on concurrent requests; 0 or undefined = none until Vapi shows its limit. */
	maxConcurrency?: number;
	/** A number in [0, 1) for jitter; defaults to Math.random. */
	random?: () => number;
}

/** No raise of the limit within this long after a 429. */
export const RAISE_QUIET_MS = 10000;
/** Pause after a 429 without Retry-After: this doubled per 429 in a row, jittered, capped. */
export const PAUSE_BASE_MS = 1000;
export const PAUSE_CAP_MS = 30000;

interface Waiter {
	/** Not before this time (a retry's own Retry-After); undefined: when the pause ends. */
	notBefore?: number;
	resolve: () => void;
	reject: (reason: unknown) => void;
	signal?: AbortSignal;
}

/** One abort listener per signal, however many waiters share it (n8n's cancel signal is shared). */
interface SignalWatch {
	signal: AbortSignal;
	listener: () => void;
	waiters: Set<Waiter>;
}

interface Wake {
	until: number;
	controller: AbortController;
}

/** Registry key of each gate made by gateFor. */
const gateKeys = new WeakMap<RateLimitGate, string>();
const registry = new Map<string, RateLimitGate>();

export class RateLimitGate {
	private readonly clock: GateClock;
	private readonly random: () => number;
	private readonly cap: number;
	private currentLimit: number;
	private active = 0;
	private readonly queue: Waiter[] = [];
	private pauseEnd = Number.NEGATIVE_INFINITY;
	private lastRateLimitAt = Number.NEGATIVE_INFINITY;
	/** 429 episodes (a 429 for a request sent after the last pause) since the last success. */
	private episodesInARow = 0;
	private okSinceChange = 0;
	private wake: Wake | undefined;
	private readonly watches = new Map<AbortSignal, SignalWatch>();

	constructor(options: RateLimitGateOptions) {
		this.clock = options.clock;
		this.random = options.random ?? Math.random;
		const max = options.maxConcurrency;
		this.cap = max !== undefined && Number.isFinite(max) && max >= 1 ? Math.floor(max) : Infinity;
		this.currentLimit = this.cap;
	}

	/** How many requests may be in flight at once (Infinity until a cap or a 429 sets one). */
	get limit(): number {
		return this.currentLimit;
	}

	get inFlight(): number {
		return this.active;
	}

	get waiting(): number {
		return this.queue.length;
	}

	/** Until when new sends are held back (a time of the clock; in the past when not paused). */
	get pausedUntil(): number {
		return this.pauseEnd;
	}

	/**
	 * Resolves when this caller may send: fewer than `limit` in flight, no pause in force (for a
	 * retry after a 429: `notBefore`, what its release returned, has passed instead), and everybody
	 * who asked earlier already sent. Rejects with the signal's reason when it aborts.
	 */
	acquire(signal?: AbortSignal, notBefore?: number): Promise<void> {
		if (signal?.aborted) return Promise.reject(abortReason(signal));
		this.rejoinRegistry();
		if (this.queue.length === 0 && this.maySendNow(notBefore)) {
			this.active++;
			return Promise.resolve();
		}
		return new Promise<void>((resolve, reject) => {
			const waiter: Waiter = { notBefore, resolve, reject, signal };
			this.watch(waiter);
			this.queue.push(waiter);
			this.pump();
		});
	}

	/**
	 * Once per acquire, when its request has finished. See the class comment for the policy.
	 * Returns when this caller may send its retry (pass it to acquire): after a 429, the pause as
	 * it stands once this 429 is counted — its own Retry-After and those received before it, not
	 * the ones received after; otherwise when the pause ends.
	 */
	release(outcome: ReleaseOutcome, retryAfterMs?: number): number {
		if (this.active === 0) return this.pauseEnd;
		const now = this.clock.now();
		if (outcome === 'rateLimited') {
			this.onRateLimited(now, retryAfterMs);
		} else if (outcome === 'ok') {
			this.onOk(now);
		}
		const retryAt = this.pauseEnd;
		this.active--;
		this.pump();
		this.dropIfIdle();
		return retryAt;
	}

	private onRateLimited(now: number, retryAfterMs: number | undefined): void {
		// A 429 during the pause answers a request sent before it: the same episode, not a new one.
		const newEpisode = now >= this.pauseEnd;
		if (newEpisode) this.episodesInARow++;
		this.currentLimit = Math.min(this.currentLimit, Math.max(1, this.active - 1));
		this.okSinceChange = 0;
		this.lastRateLimitAt = now;
		let pause = 0;
		if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs)) {
			pause = Math.max(0, retryAfterMs);
		} else if (newEpisode) {
			const ceiling = Math.min(PAUSE_CAP_MS, PAUSE_BASE_MS * 2 ** (this.episodesInARow - 1));
			pause = Math.floor(ceiling / 2 + (ceiling / 2) * this.random());
		}
		this.pauseEnd = Math.max(this.pauseEnd, now + pause);
	}

	private onOk(now: number): void {
		this.episodesInARow = 0;
		// Raise only when the limit holds somebody back, and not soon after a 429.
		if (this.currentLimit >= this.cap || this.queue.length === 0) return;
		if (now - this.lastRateLimitAt < RAISE_QUIET_MS) return;
		this.okSinceChange++;
		if (this.okSinceChange >= this.currentLimit) {
			this.currentLimit++;
			this.okSinceChange = 0;
		}
	}

	private maySendNow(notBefore?: number): boolean {
		return this.active < this.currentLimit && this.clock.now() >= (notBefore ?? this.pauseEnd);
	}

	/** Lets waiters go in order while they may; otherwise wakes up when the first one's wait ends. */
	private pump(): void {
		while (this.queue.length > 0 && this.maySendNow(this.queue[0].notBefore)) {
			const waiter = this.queue.shift() as Waiter;
			this.unwatch(waiter);
			this.active++;
			waiter.resolve();
		}
		if (this.queue.length === 0) {
			this.cancelWake();
			return;
		}
		const until = this.queue[0].notBefore ?? this.pauseEnd;
		if (this.clock.now() >= until) return;
		// A wake-up set for a later waiter at the head (who has left) is moved up.
		if (this.wake && this.wake.until > until) this.cancelWake();
		if (!this.wake) this.scheduleWake(until);
	}

	private scheduleWake(until: number): void {
		const wake: Wake = { until, controller: new AbortController() };
		this.wake = wake;
		this.clock.sleep(Math.max(0, until - this.clock.now()), wake.controller.signal).then(
			() => {
				if (this.wake !== wake) return;
				this.wake = undefined;
				this.pump();
			},
			(error: unknown) => {
				if (this.wake !== wake) return;
				this.wake = undefined;
				// The clock failed on its own: nobody would wake the waiters, so fail them.
				for (const waiter of this.queue.splice(0)) {
					this.unwatch(waiter);
					waiter.reject(error);
				}
				this.dropIfIdle();
			},
		);
	}

	private cancelWake(): void {
		const wake = this.wake;
		if (!wake) return;
		this.wake = undefined;
		wake.controller.abort();
	}

	private watch(waiter: Waiter): void {
		const signal = waiter.signal;
		if (!signal) return;
		let watch = this.watches.get(signal);
		if (!watch) {
			const created: SignalWatch = {
				signal,
				listener: () => this.abandon(created),
				waiters: new Set(),
			};
			signal.addEventListener('abort', created.listener, { once: true });
			this.watches.set(signal, created);
			watch = created;
		}
		watch.waiters.add(waiter);
	}

	private unwatch(waiter: Waiter): void {
		const signal = waiter.signal;
		const watch = signal && this.watches.get(signal);
		if (!signal || !watch) return;
		watch.waiters.delete(waiter);
		if (watch.waiters.size > 0) return;
		signal.removeEventListener('abort', watch.listener);
		this.watches.delete(signal);
	}

	/** The signal aborted: every waiter that passed it leaves the queue at once. */
	private abandon(watch: SignalWatch): void {
		this.watches.delete(watch.signal);
		const leaving = watch.waiters;
		for (let index = this.queue.length - 1; index >= 0; index--) {
			if (leaving.has(this.queue[index])) this.queue.splice(index, 1);
		}
		for (const waiter of leaving) waiter.reject(abortReason(watch.signal));
		leaving.clear();
		this.pump();
		this.dropIfIdle();
	}

	private dropIfIdle(): void {
		if (this.active > 0 || this.queue.length > 0) return;
		const key = gateKeys.get(this);
		if (key !== undefined && registry.get(key) === this) registry.delete(key);
	}

	/** A caller that kept this gate across its own release (a retry) brings it back. */
	private rejoinRegistry(): void {
		const key = gateKeys.get(this);
		if (key !== undefined && !registry.has(key)) registry.set(key, this);
	}
}

function abortReason(signal: AbortSignal | undefined): unknown {
	return signal?.reason ?? new Error('The operation was aborted');
}

/**
 * The gate of `key` (sendWithRetries uses the execution id and the node name: one gate for the
 * items of one node run). The entry is dropped as soon as nobody holds or waits for the gate, so
 * nothing outlives the run.
 */
export function gateFor(key: string, create: () => RateLimitGate): RateLimitGate {
	const existing = registry.get(key);
	if (existing) return existing;
	const gate = create();
	registry.set(key, gate);
	gateKeys.set(gate, key);
	return gate;
}

/** How many gates the registry holds (for tests and leak checks). */
export function registeredGateCount(): number {
	return registry.size;
}
