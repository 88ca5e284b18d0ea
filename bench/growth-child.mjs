// Figure 5, one measurement in a fresh process (run by growth.mjs with --expose-gc):
//   node --expose-gc bench/growth-child.mjs <node|peer> <items> [latencyMs=0]
// Starts its own simulator (its own process), warms up on 100 items, takes a GC'd baseline, then
// runs `items` items once: wall and CPU time per item, peak RSS growth per item (sampled every
// 5 ms, and the kernel's high-water mark when it rose during the run), heap growth per item.
// The answers and the simulator's log are checked after the measurement. Prints one JSON line.
import { performance } from 'node:perf_hooks';
import { startSimulatorProcess } from '../simulator/process.js';
import { checkAnswers, checkSimulatorLog, inputItems, runOnce } from './lib/workflows.mjs';

if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');
const [who, countArg, latencyArg = '0'] = process.argv.slice(2);
const count = Number(countArg);

function settle() {
	globalThis.gc();
	globalThis.gc();
	return process.memoryUsage();
}

const sim = await startSimulatorProcess({ seed: 'bench' });
try {
	await sim.setOptions({
		latencyMs: Number(latencyArg),
		frameDelayMs: 0,
		maxConcurrentChats: null,
	});
	const warm = inputItems(100);
	checkAnswers(who, (await runOnce(sim, who, warm)).answers, warm);
	const items = inputItems(count);
	const baseline = settle();
	const maxRssBefore = process.resourceUsage().maxRSS * 1024;
	const peak = { rss: baseline.rss, heapUsed: baseline.heapUsed };
	const timer = setInterval(() => {
		const m = process.memoryUsage();
		if (m.rss > peak.rss) peak.rss = m.rss;
		if (m.heapUsed > peak.heapUsed) peak.heapUsed = m.heapUsed;
	}, 5);
	const start = performance.now();
	const run = await runOnce(sim, who, items, { checkLog: false });
	const wallMs = performance.now() - start;
	clearInterval(timer);
	const maxRssAfter = process.resourceUsage().maxRSS * 1024;
	const peakRss = maxRssAfter > maxRssBefore ? Math.max(peak.rss, maxRssAfter) : peak.rss;
	checkAnswers(who, run.answers, items);
	const { firstRequestMs } = await checkSimulatorLog(sim, who, count, run.epoch);
	const out = {
		who,
		items: count,
		wallMs,
		msPerItem: wallMs / count,
		cpuMsPerItem: run.cpuMs / count,
		firstRequestMs,
		rssBytesPerItem: (peakRss - baseline.rss) / count,
		heapBytesPerItem: (peak.heapUsed - baseline.heapUsed) / count,
		baselineRss: baseline.rss,
		runDataBytesPerItem: run.runDataBytes / count,
	};
	process.stdout.write(`${JSON.stringify(out)}\n`);
} finally {
	await sim.close();
}
