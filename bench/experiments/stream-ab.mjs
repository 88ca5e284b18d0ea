// Experiment (not part of npm run bench): figure 1's stream, read by the baseline and by one or more
// builds of ChatStreamAggregator in one process, passes alternating (the order rotates): "change one
// thing, re-measure" for the stream reader. Keep a copy of a build first (inside the repository):
//   mkdir -p .tmp/before && cp -r dist package.json .tmp/before/
//   … change, npx n8n-node build …
//   node --expose-gc bench/experiments/stream-ab.mjs [passes=50] .tmp/before [more builds…]
// This build (dist/) is always one of them. Prints, per chunking, each build's median ms and its
// ratio to the baseline: of the medians, and the median (min–max) of the pass-by-pass ratios; by
// wall time (what figure 1 measures) and by the process's CPU time (less disturbed by a busy machine).
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { BaselineAggregator } from '../lib/baseline.mjs';
import { summarize } from '../lib/stats.mjs';
import { buildStream, MB, randomChunks } from '../lib/stream.mjs';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const passes = /^\d+$/.test(args[0] ?? '') ? Number(args.shift()) : 50;
const dirs = [...args, resolve('.')];

const read = (Aggregator) => (chunks) => {
	const aggregator = new Aggregator();
	for (const chunk of chunks) aggregator.push(chunk);
	const result = aggregator.finish();
	return typeof result === 'string' ? result : result.text;
};
const contenders = [
	{ label: 'baseline', fn: read(BaselineAggregator) },
	...dirs.map((dir) => ({
		label: dir === resolve('.') ? 'this build' : dir,
		fn: read(require(resolve(dir, 'dist/nodes/Vapi/stream/aggregate.js')).ChatStreamAggregator),
	})),
];

const { bytes, text } = buildStream(10 * MB, 42);
const chunkings = [
	{ label: 'one chunk', chunks: [bytes] },
	{ label: 'random 1 B–4 KB chunks', chunks: randomChunks(bytes, 7, 1, 4096) },
];
const fmt = (x) => x.toFixed(3);
for (const { label, chunks } of chunkings) {
	const times = contenders.map(() => []);
	const cpu = contenders.map(() => []);
	for (let pass = -3; pass < passes; pass++) {
		for (let k = 0; k < contenders.length; k++) {
			const index = (k + pass + 3) % contenders.length;
			globalThis.gc?.();
			const start = process.hrtime.bigint();
			const startCpu = process.cpuUsage();
			const result = contenders[index].fn(chunks);
			const { user, system } = process.cpuUsage(startCpu);
			const ms = Number(process.hrtime.bigint() - start) / 1e6;
			if (result !== text) throw new Error(`${contenders[index].label}: a different text`);
			if (pass < 0) continue;
			times[index].push(ms);
			cpu[index].push((user + system) / 1000);
		}
	}
	console.log(`${label}: ${passes} passes`);
	for (const [what, values] of [
		['wall', times],
		['CPU', cpu],
	]) {
		const base = summarize(values[0]).median;
		console.log(`  ${what}: baseline ${base.toFixed(1)} ms`);
		for (let i = 1; i < contenders.length; i++) {
			const ms = summarize(values[i]).median;
			const pairs = summarize(values[0].map((b, p) => b / values[i][p]));
			console.log(
				`    ${contenders[i].label.padEnd(20)} ${ms.toFixed(1)} ms  ratio ${fmt(base / ms)} (pairs ${fmt(pairs.median)}, ${fmt(pairs.min)}–${fmt(pairs.max)})`,
			);
		}
	}
}
