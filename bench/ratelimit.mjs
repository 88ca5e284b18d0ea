// Figure 6: 200 items against a rate limit — the simulator admits 5 chats at a time and answers
// the 6th with 429 + Retry-After: 1 s; each chat takes 200 ms. Ideal: ceil(200 / 5) × 200 ms.
// The node runs with no options (it must find the limit itself) and with Max Concurrent Requests
// = 5 (the limit known); runs alternate. Every chat must be created exactly once.
import { checkAnswers, inputItems, runOnce } from './lib/workflows.mjs';
import { round, summarize } from './lib/stats.mjs';

export const LIMIT = { items: 200, concurrentChats: 5, retryAfterSeconds: 1, latencyMs: 200 };

/** The simulator set to figure 6's limit (also used by bench/experiments/ratelimit-*.mjs). */
export function limitSimulator(sim) {
	return sim.setOptions({
		latencyMs: LIMIT.latencyMs,
		frameDelayMs: 0,
		maxConcurrentChats: LIMIT.concurrentChats,
		retryAfterSeconds: LIMIT.retryAfterSeconds,
	});
}

/**
 * Chats created per message, and the 429s, from the simulator's log; for the explanation, when the
 * first chat arrived (ms after `epoch`) and, after a 429, how long after the first 429 was answered
 * the first retry arrived (Retry-After plus the hand-over).
 */
async function createdOnce(sim, items, epoch) {
	const log = (await sim.requests()).filter((r) => r.path === '/chat/responses');
	const created = new Map();
	let rateLimited = 0;
	let first429At = Infinity;
	const limitedInputs = new Set();
	for (const r of log) {
		if (r.outcome === 'rateLimited') {
			rateLimited++;
			first429At = Math.min(first429At, r.finishedAt);
			limitedInputs.add(r.body.input);
		} else if (r.status === 200 && r.outcome === 'ok') {
			created.set(r.body.input, (created.get(r.body.input) ?? 0) + 1);
		}
	}
	const retries = log.filter((r) => r.outcome === 'ok' && limitedInputs.has(r.body.input));
	const firstRequestMs = Math.min(...log.map((r) => r.startedAt)) - epoch;
	const firstRetryAfter429Ms = retries.length
		? Math.min(...retries.map((r) => r.startedAt)) - first429At
		: undefined;
	const once = items.every((item) => created.get(item.json.message) === 1);
	const chats = [...created.values()].reduce((a, b) => a + b, 0);
	if (!once || chats !== items.length) {
		throw new Error(
			`rate limit: ${chats} chats for ${items.length} items (each must be created once)`,
		);
	}
	return { chats, rateLimited, firstRequestMs, firstRetryAfter429Ms };
}

export async function runRateLimit(sim, { runs = 3, log = () => {} } = {}) {
	const { items: count, concurrentChats, latencyMs } = LIMIT;
	const idealMs = Math.ceil(count / concurrentChats) * latencyMs;
	const items = inputItems(count);
	const variants = [
		{ label: 'no options', maxConcurrency: undefined, target: 1.15 },
		{ label: 'Max Concurrent Requests = 5', maxConcurrency: 5, target: 1.05 },
	];
	await limitSimulator(sim);
	const measured = variants.map(() => []);
	try {
		for (let run = 0; run < runs; run++) {
			const order = run % 2 === 0 ? [0, 1] : [1, 0];
			for (const index of order) {
				const result = await runOnce(sim, 'node', items, {
					maxConcurrency: variants[index].maxConcurrency,
					checkLog: false,
				});
				checkAnswers('node', result.answers, items);
				measured[index].push({
					wallMs: result.wallMs,
					...(await createdOnce(sim, items, result.epoch)),
				});
			}
		}
	} finally {
		await sim.setOptions({ maxConcurrentChats: null });
	}
	const cases = variants.map((variant, index) => {
		const wall = summarize(measured[index].map((m) => m.wallMs));
		const entry = {
			label: variant.label,
			maxConcurrency: variant.maxConcurrency ?? null,
			wallMs: { median: round(wall.median, 0), min: round(wall.min, 0), max: round(wall.max, 0) },
			toIdeal: round(wall.median / idealMs, 3),
			toIdealMin: round(wall.min / idealMs, 3),
			toIdealMax: round(wall.max / idealMs, 3),
			target: variant.target,
			rateLimitedMedian: summarize(measured[index].map((m) => m.rateLimited)).median,
			everyChatCreatedOnce: true,
			// Information (bench/README.md, "What limits the targets").
			firstRequestMsMedian: summarize(measured[index].map((m) => m.firstRequestMs)).median,
			firstRetryAfter429MsMedian: measured[index].every((m) => m.firstRetryAfter429Ms !== undefined)
				? summarize(measured[index].map((m) => m.firstRetryAfter429Ms)).median
				: null,
		};
		const retry =
			entry.firstRetryAfter429MsMedian === null
				? ''
				: `, first retry ${entry.firstRetryAfter429MsMedian} ms after the first 429`;
		log(
			`  ${variant.label}: ${entry.wallMs.median} ms = ${entry.toIdeal}× ideal, ${entry.rateLimitedMedian} × 429, first request after ${entry.firstRequestMsMedian} ms${retry}`,
		);
		return entry;
	});
	return { ...LIMIT, idealMs, runs, cases };
}
