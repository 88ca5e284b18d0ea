// Figure 3, one measurement in a fresh process (run by memory.mjs with --expose-gc):
//   node --expose-gc bench/memory-child.mjs aggregator <streamBytes>
//   node --expose-gc bench/memory-child.mjs engine <simUrl> <apiKey> <benchBytes>
// Prints one JSON line. Method: after a warm-up and a full GC, the baseline is taken; then
// process.memoryUsage() is sampled after every chunk the aggregator gets (a hook on push) and
// every millisecond by a timer, and the kernel's high-water mark of RSS (getrusage maxRSS) is read
// at the end. Peak growth = peak − baseline, for RSS, for the V8 heap (heapUsed) and for heap +
// off-heap buffers (heapUsed + external, which holds the socket's Buffers).
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { freshChunks, makeDeltas, sseFrames } from './lib/stream.mjs';

const require = createRequire(import.meta.url);
if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');

const AGGREGATE = require.resolve('../dist/nodes/Vapi/stream/aggregate.js');

function sampler() {
	const peak = { rss: 0, heapUsed: 0, heapExternal: 0 };
	let samples = 0;
	const sample = () => {
		const m = process.memoryUsage();
		samples++;
		if (m.rss > peak.rss) peak.rss = m.rss;
		if (m.heapUsed > peak.heapUsed) peak.heapUsed = m.heapUsed;
		if (m.heapUsed + m.external > peak.heapExternal) peak.heapExternal = m.heapUsed + m.external;
	};
	return { peak, sample, count: () => samples };
}

function settle() {
	globalThis.gc();
	globalThis.gc();
	const m = process.memoryUsage();
	return { rss: m.rss, heapUsed: m.heapUsed, heapExternal: m.heapUsed + m.external };
}

/** Samples after every push of every ChatStreamAggregator (the one the node uses, from dist/). */
function hookPush(onPush) {
	const { ChatStreamAggregator } = require(AGGREGATE);
	const push = ChatStreamAggregator.prototype.push;
	const counts = { pushes: 0, bytes: 0 };
	ChatStreamAggregator.prototype.push = function (chunk) {
		const result = push.call(this, chunk);
		counts.pushes++;
		counts.bytes += chunk.length;
		onPush();
		return result;
	};
	return counts;
}

function report(baseline, peak, maxRssBefore, extra) {
	const maxRssAfter = process.resourceUsage().maxRSS * 1024;
	// If the kernel's high-water mark rose during the run, it is the true peak (no sampling gap).
	const rssPeak = maxRssAfter > maxRssBefore ? Math.max(peak.rss, maxRssAfter) : peak.rss;
	return {
		...extra,
		baseline,
		peak: { ...peak, rss: rssPeak },
		growth: {
			rss: rssPeak - baseline.rss,
			heapUsed: peak.heapUsed - baseline.heapUsed,
			heapExternal: peak.heapExternal - baseline.heapExternal,
		},
		maxRssRose: maxRssAfter > maxRssBefore,
	};
}

/**
 * The pure aggregator on a stream fed in fresh 1 B–64 KB chunks, as a socket hands them over. The
 * deltas (and the expected text) exist before the baseline; the stream itself never exists whole:
 * its chunks are encoded on the fly and become garbage after push(), as a socket's do.
 */
function aggregator(streamBytes) {
	const { ChatStreamAggregator } = require(AGGREGATE);
	const feed = (deltas, text, seed, after) => {
		const aggregator = new ChatStreamAggregator();
		let chunks = 0;
		let bytes = 0;
		for (const chunk of freshChunks(sseFrames(deltas, text), seed, 1, 64 * 1024)) {
			aggregator.push(chunk);
			chunks++;
			bytes += chunk.length;
			after();
		}
		if (aggregator.finish().text !== text) throw new Error('aggregator: wrong text');
		return { chunks, bytes };
	};
	const warm = makeDeltas(2 * 1024 * 1024, 1);
	feed(warm, warm.join(''), 2, () => {});
	const deltas = makeDeltas(streamBytes, 43);
	const text = deltas.join('');
	const s = sampler();
	const maxRssBefore = process.resourceUsage().maxRSS * 1024;
	const baseline = settle();
	const start = performance.now();
	const result = feed(deltas, text, 44, s.sample);
	s.sample();
	const ms = performance.now() - start;
	return report(baseline, s.peak, maxRssBefore, {
		mode: 'aggregator',
		streamBytes: result.bytes,
		textBytes: Buffer.byteLength(text),
		chunks: result.chunks,
		samples: s.count(),
		ms,
	});
}

/** The node through n8n's engine against the simulator, one item asking for `bench:<bytes>`. */
async function engine(url, apiKey, benchBytes) {
	const { runNode } = require('../test/harness');
	const { SEED_IDS } = require('../simulator');
	const { nodeParameters } = await import('./engine.mjs');
	const s = sampler();
	const counts = hookPush(s.sample);
	const run = async (bytes) => {
		const result = await runNode({
			baseUrl: url,
			apiKey,
			parameters: nodeParameters(0, SEED_IDS.assistants.supportBot),
			items: [{ json: { message: `bench:${bytes}` } }],
		});
		if (result.status !== 'success') throw new Error(`node run failed: ${result.error?.message}`);
		const text = result.items[0].json.text;
		if (Buffer.byteLength(text) !== bytes) throw new Error(`expected ${bytes} bytes of text`);
		return result;
	};
	await run(100_000);
	const maxRssBefore = process.resourceUsage().maxRSS * 1024;
	const baseline = settle();
	const before = { ...counts };
	const timer = setInterval(s.sample, 1);
	const start = performance.now();
	let result = await run(benchBytes);
	s.sample();
	clearInterval(timer);
	const ms = performance.now() - start;
	result = undefined;
	return report(baseline, s.peak, maxRssBefore, {
		mode: 'engine',
		benchBytes,
		// What the node's aggregator received: the stream's size as it went over the wire.
		streamBytes: counts.bytes - before.bytes,
		chunks: counts.pushes - before.pushes,
		samples: s.count(),
		ms,
	});
}

const [mode, ...args] = process.argv.slice(2);
const out =
	mode === 'aggregator'
		? aggregator(Number(args[0]))
		: await engine(args[0], args[1], Number(args[2]));
process.stdout.write(`${JSON.stringify(out)}\n`);
