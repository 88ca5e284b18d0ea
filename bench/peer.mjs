// Figure 4: our node against the peer a user would build instead (lib/workflows.mjs: n8n's HTTP
// Request node + the split-and-join of a Code node), 200 items through n8n's engine, the same
// simulator, at 0 ms and 50 ms per chat. Runs alternate node/peer (who goes first alternates too);
// every run's answers are checked, and the node's and the peer's must be the same text.
import { checkAnswers, inputItems, runOnce } from './lib/workflows.mjs';
import { round, summarize } from './lib/stats.mjs';

export const PEER_ITEMS = 200;

/** Median, min and max of `values`, rounded. */
const figure = (values, digits) => {
	const s = summarize(values);
	return { median: round(s.median, digits), min: round(s.min, digits), max: round(s.max, digits) };
};

/** The ratio of the medians, and its range run by run (node run i against peer run i). */
function ratio(node, peer) {
	const pairs = node.map((value, i) => value / peer[i]);
	const s = summarize(pairs);
	return {
		ratio: round(summarize(node).median / summarize(peer).median, 2),
		min: round(s.min, 2),
		max: round(s.max, 2),
	};
}

export async function runPeer(
	sim,
	{ latencies = [0, 50], items: count = PEER_ITEMS, warmup = 1, runs = 5, log = () => {} } = {},
) {
	const items = inputItems(count);
	const cases = [];
	for (const latencyMs of latencies) {
		await sim.setOptions({ latencyMs, frameDelayMs: 0, maxConcurrentChats: null });
		const m = { node: [], peer: [] };
		for (let run = 0; run < warmup + runs; run++) {
			const order = run % 2 === 0 ? ['node', 'peer'] : ['peer', 'node'];
			const results = {};
			for (const who of order) {
				globalThis.gc?.();
				results[who] = await runOnce(sim, who, items);
				checkAnswers(who, results[who].answers, items);
			}
			results.node.answers.forEach((answer, i) => {
				if (answer.text !== results.peer.answers[i].text) {
					throw new Error(`node and peer disagree on item ${i + 1}`);
				}
			});
			if (run < warmup) continue;
			for (const who of ['node', 'peer']) m[who].push(results[who]);
		}
		const of = (who, key, per = 1) => m[who].map((r) => r[key] / per);
		const entry = { latencyMs, items: count };
		for (const who of ['node', 'peer']) {
			entry[who] = {
				cpuMsPerItem: figure(of(who, 'cpuMs', count), 2),
				wallMs: figure(of(who, 'wallMs'), 0),
				firstRequestMs: figure(of(who, 'firstRequestMs'), 0),
				runDataBytesPerItem: figure(of(who, 'runDataBytes', count), 0),
				decryptionsPerItem: round(m[who][0].decryptions / count, 2),
			};
		}
		entry.cpu = ratio(of('node', 'cpuMs'), of('peer', 'cpuMs'));
		entry.wall = ratio(of('node', 'wallMs'), of('peer', 'wallMs'));
		entry.firstRequest = ratio(of('node', 'firstRequestMs'), of('peer', 'firstRequestMs'));
		entry.runData = ratio(of('node', 'runDataBytes'), of('peer', 'runDataBytes'));
		cases.push(entry);
		log(
			`  ${latencyMs} ms per chat: CPU per item node ${entry.node.cpuMsPerItem.median} ms, peer ${entry.peer.cpuMsPerItem.median} ms (${entry.cpu.ratio}×); ` +
				`first request ${entry.node.firstRequestMs.median} / ${entry.peer.firstRequestMs.median} ms`,
		);
	}
	return { items: count, warmup, runs, cases };
}
