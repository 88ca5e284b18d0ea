// Figure 2: 200 items through n8n's real engine (in-process n8n-core via test/harness) against the
// simulator (50 ms before the first byte of every chat, streaming on), vs raw undici requests with
// the same bodies at the same concurrency + the baseline parser, vs the physical limit.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { BaselineAggregator } from './lib/baseline.mjs';
import { summarize, round } from './lib/stats.mjs';
import { inputItems as workflowItems, nodeParameters } from './lib/workflows.mjs';

const require = createRequire(import.meta.url);

export const ITEMS = 200;
export const LATENCY_MS = 50;

// memory-child.mjs and profile.mjs take these from here.
export { nodeParameters };
export const inputItems = (count = ITEMS) => workflowItems(count);

/** One run of the node over `items`; returns wall time, texts and where the time went. */
export async function nodeRun(sim, items, maxConcurrency) {
	const { runNode } = require('../test/harness');
	const { SEED_IDS } = require('../simulator');
	await sim.reset();
	const epoch = Date.now();
	const start = performance.now();
	const run = await runNode({
		baseUrl: sim.url,
		apiKey: sim.apiKey,
		parameters: nodeParameters(maxConcurrency, SEED_IDS.assistants.supportBot),
		items,
	});
	const wallMs = performance.now() - start;
	if (run.status !== 'success' || run.error) {
		throw new Error(`node run failed: ${run.error?.message ?? run.status}`);
	}
	const log = (await sim.requests()).filter((r) => r.path === '/chat/responses');
	if (log.length !== items.length || log.some((r) => r.status !== 200 || r.outcome !== 'ok')) {
		throw new Error(`expected ${items.length} answered chats, the simulator logged ${log.length}`);
	}
	const texts = run.items.map((item) => item.json.text);
	const bodies = new Map(log.map((r) => [r.body.input, r.body]));
	return {
		wallMs,
		texts,
		bodies: items.map((item) => bodies.get(item.json.message)),
		firstRequestMs: Math.min(...log.map((r) => r.startedAt)) - epoch,
		lastAnswerMs: Math.max(...log.map((r) => r.finishedAt)) - epoch,
	};
}

/** The same requests with undici at the same concurrency, parsed by the baseline. */
export async function undiciRun(sim, bodies, concurrency) {
	const pool = new Pool(sim.url, { connections: concurrency });
	const texts = new Array(bodies.length);
	const start = performance.now();
	let next = 0;
	const worker = async () => {
		while (next < bodies.length) {
			const index = next++;
			const { statusCode, body } = await pool.request({
				method: 'POST',
				path: '/chat/responses',
				headers: {
					authorization: `Bearer ${sim.apiKey}`,
					'content-type': 'application/json',
					accept: 'application/json, text/event-stream',
				},
				body: JSON.stringify(bodies[index]),
			});
			if (statusCode !== 200) throw new Error(`undici: HTTP ${statusCode}`);
			const aggregator = new BaselineAggregator();
			for await (const chunk of body) aggregator.push(chunk);
			texts[index] = aggregator.finish();
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, bodies.length) }, worker));
	const wallMs = performance.now() - start;
	await pool.close();
	return { wallMs, texts };
}

export async function runEngine(
	sim,
	{ concurrencies = [10, 50, 0], warmup = 1, runs = 5, log = () => {} } = {},
) {
	await sim.setOptions({ latencyMs: LATENCY_MS, frameDelayMs: 0, maxConcurrentChats: null });
	const items = inputItems();
	const cases = [];
	for (const maxConcurrency of concurrencies) {
		const concurrency = maxConcurrency === 0 ? ITEMS : maxConcurrency;
		const limitMs = Math.ceil(ITEMS / concurrency) * LATENCY_MS;
		const node = [];
		const undici = [];
		const firstRequest = [];
		const lastAnswer = [];
		let bodies; // the node's own request bodies (run 0 runs the node first), replayed by undici
		for (let run = 0; run < warmup + runs; run++) {
			// Alternate who goes first, so drift of the machine's load hits both alike.
			const order = run % 2 === 0 ? ['node', 'undici'] : ['undici', 'node'];
			let nodeResult;
			let undiciResult;
			for (const who of order) {
				if (who === 'node') {
					nodeResult = await nodeRun(sim, items, maxConcurrency);
					bodies = nodeResult.bodies;
				} else {
					await sim.reset();
					undiciResult = await undiciRun(sim, bodies, concurrency);
				}
			}
			// Both must have produced the same, complete answers.
			for (let i = 0; i < ITEMS; i++) {
				if (
					typeof nodeResult.texts[i] !== 'string' ||
					!nodeResult.texts[i].includes(`"Hello from item ${i + 1}"`)
				) {
					throw new Error(`node: item ${i + 1} has a wrong answer: ${nodeResult.texts[i]}`);
				}
				if (undiciResult.texts[i] !== nodeResult.texts[i]) {
					throw new Error(`undici and the node disagree on item ${i + 1}`);
				}
			}
			if (run < warmup) continue;
			node.push(nodeResult.wallMs);
			undici.push(undiciResult.wallMs);
			firstRequest.push(nodeResult.firstRequestMs);
			lastAnswer.push(nodeResult.lastAnswerMs);
		}
		const n = summarize(node);
		const u = summarize(undici);
		const entry = {
			maxConcurrency,
			concurrency,
			limitMs,
			node: { medianMs: round(n.median, 0), minMs: round(n.min, 0), maxMs: round(n.max, 0) },
			undici: { medianMs: round(u.median, 0), minMs: round(u.min, 0), maxMs: round(u.max, 0) },
			nodeToLimit: round(n.median / limitMs, 2),
			nodeToUndici: round(n.median / u.median, 2),
			undiciToLimit: round(u.median / limitMs, 2),
			// Where the node's time goes (simulator clock, ms from the start of runNode):
			// the engine prepares every item before the first request leaves.
			nodeFirstRequestMs: summarize(firstRequest).median,
			nodeLastAnswerMs: summarize(lastAnswer).median,
		};
		cases.push(entry);
		log(
			`  concurrency ${concurrency}: node ${entry.node.medianMs} ms, undici ${entry.undici.medianMs} ms, limit ${limitMs} ms`,
		);
	}
	return { items: ITEMS, latencyMs: LATENCY_MS, warmup, runs, cases };
}
