// Experiment (not part of npm run bench): where figure 6's time beyond the ideal goes, from the
// simulator's own log (startedAt = the request's body fully received, finishedAt = the answer's
// socket side closed). Runs figure 6's workload (200 items, 5 chats at a time, 429 + Retry-After
// 1 s, 200 ms per chat), both variants alternating, and prints each run and the medians:
//   - firstRequestMs: the start of the run → the first chat at the simulator;
//   - spanBeyondIdealMs: first arrival → last chat's end, minus the ideal 40 × 200 ms;
//   - handoverMedianMs: a chat's end → the next chat's arrival (the slot changing hands);
//   - tailMs: the last chat's end → the end of the run;
//   - no options: the first burst's 429s (how spread their arrival and answers were), when the
//     first retry arrived after the first and after the last 429 of the burst was answered,
//     how many went at once then (the limit the gate learned), 429s after the burst, and
//     retriedTooSoon: retries that arrived sooner than Retry-After after their own 429 (must be 0).
// With a package directory (a copy of an earlier build, see ab.mjs), that build and this one
// alternate too.
//   node --expose-gc bench/experiments/ratelimit-timeline.mjs [runs=3] [packageDir]
import { startSimulatorProcess } from '../../simulator/process.js';
import { summarize } from '../lib/stats.mjs';
import { checkAnswers, inputItems, runOnce } from '../lib/workflows.mjs';
import { LIMIT, limitSimulator } from '../ratelimit.mjs';

const [runsArg = '3', packageDir] = process.argv.slice(2);
const runs = Number(runsArg);
const items = inputItems(LIMIT.items);
const builds = packageDir ? [packageDir, undefined] : [undefined];
const variants = builds.flatMap((build) =>
	[
		{ label: 'no options', maxConcurrency: undefined },
		{ label: 'Max Concurrent Requests = 5', maxConcurrency: 5 },
	].map((v) => ({ ...v, build, label: `${v.label} (${build ?? 'this build'})` })),
);

/** The handovers: each ok chat's end → the next ok chat's arrival after it (in arrival order). */
function handovers(ok) {
	const starts = ok.map((r) => r.startedAt).sort((a, b) => a - b);
	const ends = ok.map((r) => r.finishedAt).sort((a, b) => a - b);
	// The k-th chat to start after the first `limit` waited for the (k − limit)-th end.
	const gaps = [];
	const limit = LIMIT.concurrentChats;
	for (let k = limit; k < starts.length; k++) gaps.push(starts[k] - ends[k - limit]);
	return gaps;
}

function analyse(log, epoch, runEnd) {
	const chats = log.filter((r) => r.path === '/chat/responses').sort((a, b) => a.seq - b.seq);
	const ok = chats.filter((r) => r.outcome === 'ok');
	const limited = chats.filter((r) => r.outcome === 'rateLimited');
	const first = Math.min(...chats.map((r) => r.startedAt));
	const lastEnd = Math.max(...chats.map((r) => r.finishedAt));
	const gaps = handovers(ok);
	const chatMs = ok.map((r) => r.finishedAt - r.startedAt);
	const rounds = Math.ceil(LIMIT.items / LIMIT.concurrentChats);
	const result = {
		firstRequestMs: first - epoch,
		// First arrival → last chat's end, beyond the ideal.
		spanBeyondIdealMs: lastEnd - first - rounds * LIMIT.latencyMs,
		chatMedianMs: summarize(chatMs).median,
		handoverMedianMs: summarize(gaps.filter((g) => g < 500)).median,
		tailMs: runEnd - lastEnd,
		total429: limited.length,
	};
	if (limited.length === 0) return result;
	// The first burst: the 429s for requests that arrived before the first chat ended.
	const firstEnd = Math.min(...ok.map((r) => r.finishedAt));
	const burst = limited.filter((r) => r.startedAt < firstEnd);
	const first429 = Math.min(...burst.map((r) => r.finishedAt));
	const last429 = Math.max(...burst.map((r) => r.finishedAt));
	const resumed = ok.filter((r) => r.startedAt > last429);
	const resume = Math.min(...resumed.map((r) => r.startedAt));
	// Honoured: no item is sent again sooner than Retry-After after its own 429 was answered.
	const byInput = new Map();
	for (const r of chats) byInput.set(r.body.input, [...(byInput.get(r.body.input) ?? []), r]);
	let retriedTooSoon = 0;
	for (const attempts of byInput.values()) {
		for (let k = 1; k < attempts.length; k++) {
			const wait = attempts[k].startedAt - attempts[k - 1].finishedAt;
			if (wait < LIMIT.retryAfterSeconds * 1000) retriedTooSoon++;
		}
	}
	return {
		...result,
		retriedTooSoon,
		burst429: burst.length,
		extra429: limited.length - burst.length,
		// When the burst arrived (client spread) and when its 429s were answered.
		burstArrivalSpreadMs:
			Math.max(...burst.map((r) => r.startedAt)) - Math.min(...burst.map((r) => r.startedAt)),
		burst429AnswerSpreadMs: last429 - first429,
		firstOkEndMs: firstEnd - epoch,
		resumeAfterFirst429Ms: resume - first429,
		resumeAfterLast429Ms: resume - last429,
		// How many started within 20 ms of the resumption: the limit the gate learned.
		resumedAtOnce: resumed.filter((r) => r.startedAt - resume < 20).length,
		// From the resumption to the last end, beyond the ideal of the rounds left.
		afterPauseBeyondIdealMs:
			lastEnd -
			resume -
			Math.ceil(
				(LIMIT.items - ok.filter((r) => r.startedAt < firstEnd).length) / LIMIT.concurrentChats,
			) *
				LIMIT.latencyMs,
	};
}

const sim = await startSimulatorProcess({ seed: 'bench' });
const results = variants.map(() => []);
try {
	await limitSimulator(sim);
	for (let run = 0; run < runs; run++) {
		const order = variants.map((_, index) => index);
		for (let k = 0; k < run % variants.length; k++) order.push(order.shift());
		for (const index of order) {
			const r = await runOnce(sim, 'node', items, {
				maxConcurrency: variants[index].maxConcurrency,
				checkLog: false,
				packageDir: variants[index].build,
			});
			const runEnd = r.epoch + r.wallMs;
			checkAnswers('node', r.answers, items);
			const a = analyse(await sim.requests(), r.epoch, runEnd);
			results[index].push({ wallMs: r.wallMs, ...a });
			console.log(variants[index].label, JSON.stringify({ wallMs: Math.round(r.wallMs), ...a }));
		}
	}
} finally {
	await sim.setOptions({ maxConcurrentChats: null });
	await sim.close();
}
const ideal = Math.ceil(LIMIT.items / LIMIT.concurrentChats) * LIMIT.latencyMs;
for (const [index, variant] of variants.entries()) {
	const keys = Object.keys(results[index][0]);
	const medians = Object.fromEntries(
		keys
			.filter((k) => results[index].every((r) => typeof r[k] === 'number'))
			.map((k) => [k, Math.round(summarize(results[index].map((r) => r[k])).median * 10) / 10]),
	);
	console.log(
		`\n${variant.label}: median of ${runs}: ${JSON.stringify(medians)}; wall/ideal ${(medians.wallMs / ideal).toFixed(3)}`,
	);
}
