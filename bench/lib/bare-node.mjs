// The bare declarative Send Message of the experiments (declarative-floor.mjs, hook-ladder.mjs):
// one field, the Message, whose routing is given; a literal base URL; nothing else. And how the
// experiments run it and compare variants.
import { performance } from 'node:perf_hooks';
import { summarize } from './stats.mjs';
import { checkAnswers, checkSimulatorLog, runOnce } from './workflows.mjs';

/** A node type with one routed field, the Message (`input`), sent as the body's `input`. */
export function bareNodeType({
	name,
	displayName = name,
	version = 1,
	description,
	baseURL,
	routing,
}) {
	return {
		description: {
			displayName,
			name,
			group: ['transform'],
			version,
			description,
			defaults: { name: 'Bare' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'vapiApi', required: true }],
			requestDefaults: {
				baseURL,
				headers: {
					Accept: 'application/json, text/event-stream',
					'Content-Type': 'application/json',
				},
				json: true,
			},
			properties: [
				{
					displayName: 'Message',
					name: 'input',
					type: 'string',
					default: '',
					routing: { ...routing, send: { ...routing.send, type: 'body', property: 'input' } },
				},
			],
		},
	};
}

/**
 * One run of a bare node type over `items` (each mapping its Message), checked like figure 4's:
 * the answers and the simulator's log. CPU of this process, wall time, first request.
 */
export async function runBareNode(sim, { runWorkflow, pkg, items, type, node, label }) {
	await sim.reset();
	const epoch = Date.now();
	const cpu = process.cpuUsage();
	const start = performance.now();
	const run = await runWorkflow({
		package: pkg,
		nodes: [{ name: 'Bare', type, parameters: { input: '={{ $json.message }}' } }],
		localTypes: { [type]: node },
		credentials: { vapiApi: { apiKey: sim.apiKey, baseUrl: sim.url } },
		startItems: items,
	});
	const wallMs = performance.now() - start;
	const used = process.cpuUsage(cpu);
	const out = run.runData.Bare?.[0]?.data?.main?.[0] ?? [];
	checkAnswers(
		label,
		out.map((i) => i.json),
		items,
	);
	const { firstRequestMs } = await checkSimulatorLog(sim, label, items.length, epoch);
	return { wallMs, cpuMs: (used.user + used.system) / 1000, firstRequestMs };
}

/**
 * Runs the variants `[label, run]` in turn, `runs` times after one warm-up round (the order
 * rotates), and prints each one's median CPU per item and first request against `peerIndex`'s
 * (none: absolute figures only).
 */
export async function compareAlternating(
	variants,
	{ runs, items, latencyMs, peerIndex, width = 18 },
) {
	const measured = variants.map(() => ({ cpu: [], first: [] }));
	for (let run = 0; run <= runs; run++) {
		for (let k = 0; k < variants.length; k++) {
			const index = (k + run) % variants.length;
			globalThis.gc?.();
			const r = await variants[index][1]();
			if (run === 0) continue;
			measured[index].cpu.push(r.cpuMs / items);
			measured[index].first.push(r.firstRequestMs);
		}
	}
	const peer = peerIndex === undefined ? { cpu: [1], first: [1] } : measured[peerIndex];
	const median = (values) => summarize(values).median;
	console.log(`${items} items, ${latencyMs} ms per chat, median of ${runs} runs`);
	for (const [index, [label]] of variants.entries()) {
		const m = measured[index];
		console.log(
			`${label.padEnd(width)} CPU ${median(m.cpu).toFixed(2)} ms/item (${(median(m.cpu) / median(peer.cpu)).toFixed(2)}× peer)  ` +
				`first request ${median(m.first).toFixed(0)} ms (${(median(m.first) / median(peer.first)).toFixed(2)}× peer)`,
		);
	}
	return measured;
}

/** The node as built and the peer (last), as variants for compareAlternating. */
export function nodeAndPeer(sim, items) {
	return [
		['node as built', () => runOnce(sim, 'node', items)],
		['peer', () => runOnce(sim, 'peer', items)],
	];
}
