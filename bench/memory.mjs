// Figure 3: peak memory while one item aggregates a 50 MB stream, against the stream's size.
// Each measurement runs in a fresh process (memory-child.mjs) so that nothing of the other figures
// (or of earlier repetitions) sits in the heap being measured.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { summarize, round } from './lib/stats.mjs';
import { MB } from './lib/stream.mjs';

const require = createRequire(import.meta.url);
const run = promisify(execFile);
const CHILD = fileURLToPath(new URL('./memory-child.mjs', import.meta.url));

async function child(args) {
	const { stdout } = await run(process.execPath, ['--expose-gc', CHILD, ...args], {
		maxBuffer: 1 << 20,
		env: { ...process.env, N8N_LOG_LEVEL: 'silent' },
	});
	return JSON.parse(stdout.trim().split('\n').pop());
}

/** bench:N asks for N bytes of text; how many bytes of SSE that makes, from the simulator's own code. */
function benchBytesFor(streamBytes) {
	const { benchText, splitIntoDeltas } = require('../simulator/reply.js');
	const { responseStreamEvents } = require('../simulator/response-shapes.js');
	const probe = 200_000;
	const chat = {
		id: '00000000-0000-4000-8000-000000000000',
		createdAt: new Date(0).toISOString(),
		output: [{ role: 'assistant', content: benchText(probe) }],
	};
	const events = responseStreamEvents(chat, splitIntoDeltas(benchText(probe)));
	const bytes = events.reduce(
		(sum, e) => sum + Buffer.byteLength(`data: ${JSON.stringify(e)}\n\n`),
		0,
	);
	return Math.round((streamBytes * probe) / bytes);
}

function summarizeRuns(runs) {
	const ratio = (key) => {
		const s = summarize(runs.map((r) => r.growth[key] / r.streamBytes));
		return { ratio: round(s.median, 2), min: round(s.min, 2), max: round(s.max, 2) };
	};
	const mb = (key) => round(summarize(runs.map((r) => r.growth[key])).median / MB, 1);
	return {
		streamBytes: summarize(runs.map((r) => r.streamBytes)).median,
		chunks: summarize(runs.map((r) => r.chunks)).median,
		samples: summarize(runs.map((r) => r.samples)).median,
		rss: { growthMB: mb('rss'), ...ratio('rss') },
		heapUsed: { growthMB: mb('heapUsed'), ...ratio('heapUsed') },
		heapExternal: { growthMB: mb('heapExternal'), ...ratio('heapExternal') },
		baselineRssMB: round(summarize(runs.map((r) => r.baseline.rss)).median / MB, 1),
		runs,
	};
}

export async function runMemory(sim, { streamBytes = 50 * MB, runs = 3, log = () => {} } = {}) {
	const aggregatorRuns = [];
	for (let i = 0; i < runs; i++)
		aggregatorRuns.push(await child(['aggregator', String(streamBytes)]));
	const aggregator = summarizeRuns(aggregatorRuns);
	log(`  aggregator: RSS +${aggregator.rss.growthMB} MB (${aggregator.rss.ratio}×)`);

	await sim.setOptions({ latencyMs: 0, frameDelayMs: 0, maxConcurrentChats: null });
	const benchBytes = benchBytesFor(streamBytes);
	const engineRuns = [];
	for (let i = 0; i < runs; i++) {
		await sim.reset();
		engineRuns.push(await child(['engine', sim.url, sim.apiKey, String(benchBytes)]));
	}
	const engine = { benchBytes, ...summarizeRuns(engineRuns) };
	log(`  node through the engine: RSS +${engine.rss.growthMB} MB (${engine.rss.ratio}×)`);
	return { runs, target: 2, aggregator, engine };
}
