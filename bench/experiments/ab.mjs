// Experiment (not part of npm run bench): two builds of the node side by side, and the peer, in one
// process, runs alternating (the order rotates): "change one thing, re-measure". Keep a copy of a
// build first (inside the repository, so that it finds node_modules), e.g.
//   mkdir -p .tmp/before && cp -r dist package.json .tmp/before/
//   … change, npx n8n-node build …
//   node --expose-gc bench/experiments/ab.mjs .tmp/before [runs=10] [latencyMs=0] [items=200]
import { startSimulatorProcess } from '../../simulator/process.js';
import { summarize } from '../lib/stats.mjs';
import { checkAnswers, inputItems, runOnce } from '../lib/workflows.mjs';

const [before, runsArg = '10', latencyArg = '0', itemsArg = '200'] = process.argv.slice(2);
if (!before) {
	process.stderr.write(
		'usage: node --expose-gc bench/experiments/ab.mjs <package dir> [runs] [latencyMs] [items]\n',
	);
	process.exit(2);
}
const variants = [
	{ label: `node (${before})`, who: 'node', packageDir: before },
	{ label: 'node (this build)', who: 'node' },
	{ label: 'peer', who: 'peer' },
];
const items = inputItems(Number(itemsArg));
const sim = await startSimulatorProcess({ seed: 'bench' });
try {
	await sim.setOptions({ latencyMs: Number(latencyArg) });
	const measured = variants.map(() => ({ cpu: [], first: [], wall: [] }));
	const runs = Number(runsArg);
	for (let run = 0; run <= runs; run++) {
		for (let k = 0; k < variants.length; k++) {
			const index = (k + run) % variants.length;
			const { who, packageDir } = variants[index];
			globalThis.gc?.();
			const r = await runOnce(sim, who, items, { packageDir });
			checkAnswers(who, r.answers, items);
			if (run === 0) continue; // warm-up
			measured[index].cpu.push(r.cpuMs / items.length);
			measured[index].first.push(r.firstRequestMs);
			measured[index].wall.push(r.wallMs);
		}
	}
	const median = (values) => summarize(values).median;
	const [a, b, peer] = measured.map((m) => ({
		cpu: median(m.cpu),
		first: median(m.first),
		wall: median(m.wall),
	}));
	const row = (label, m) =>
		`${label.padEnd(28)} CPU ${m.cpu.toFixed(2)} ms/item (${(m.cpu / peer.cpu).toFixed(2)}× peer)  first request ${m.first.toFixed(0)} ms (${(m.first / peer.first).toFixed(2)}× peer)  wall ${m.wall.toFixed(0)} ms`;
	console.log(`${items.length} items, ${latencyArg} ms per chat, median of ${runs} runs`);
	console.log(row(variants[0].label, a));
	console.log(row(variants[1].label, b));
	console.log(row('peer', peer));
	console.log(
		`this build / before: CPU ${(b.cpu / a.cpu).toFixed(3)}×, first request ${(b.first / a.first).toFixed(3)}×`,
	);
} finally {
	await sim.close();
}
