// Figure 1: stream aggregation throughput, ChatStreamAggregator vs the baseline, in memory.
import { createRequire } from 'node:module';
import { BaselineAggregator } from './lib/baseline.mjs';
import { summarize, round } from './lib/stats.mjs';
import { buildStream, MB, randomChunks } from './lib/stream.mjs';

const require = createRequire(import.meta.url);

export function loadAggregator() {
	return require('../dist/nodes/Vapi/stream/aggregate.js').ChatStreamAggregator;
}

function ours(ChatStreamAggregator, chunks) {
	const aggregator = new ChatStreamAggregator();
	for (const chunk of chunks) aggregator.push(chunk);
	return aggregator.finish().text;
}

function oursForwarding(ChatStreamAggregator, chunks) {
	const deltas = [];
	const aggregator = new ChatStreamAggregator({ onTextDelta: (delta) => deltas.push(delta) });
	for (const chunk of chunks) aggregator.push(chunk);
	const { text } = aggregator.finish();
	if (deltas.join('') !== text)
		throw new Error('ours + onTextDelta: the deltas do not add up to the text');
	return text;
}

function baseline(_unused, chunks) {
	const aggregator = new BaselineAggregator();
	for (const chunk of chunks) aggregator.push(chunk);
	return aggregator.finish();
}

const CONTENDERS = [
	{ key: 'ours', label: 'ChatStreamAggregator', fn: ours },
	{ key: 'baseline', label: 'eventsource-parser + JSON.parse + concat', fn: baseline },
	{ key: 'oursForwarding', label: 'ChatStreamAggregator + onTextDelta', fn: oursForwarding },
];

export function runThroughput({
	streamBytes = 10 * MB,
	warmup = 3,
	runs = 9,
	log = () => {},
} = {}) {
	const ChatStreamAggregator = loadAggregator();
	const { bytes, text, events } = buildStream(streamBytes, 42);
	const chunkings = [
		{ key: 'oneChunk', label: 'one chunk', chunks: [bytes] },
		{
			key: 'randomChunks',
			label: 'random 1 B–4 KB chunks',
			chunks: randomChunks(bytes, 7, 1, 4096),
		},
	];
	const cases = [];
	for (const chunking of chunkings) {
		const times = Object.fromEntries(CONTENDERS.map((c) => [c.key, []]));
		for (let run = 0; run < warmup + runs; run++) {
			for (const contender of CONTENDERS) {
				globalThis.gc?.();
				const start = process.hrtime.bigint();
				const result = contender.fn(ChatStreamAggregator, chunking.chunks);
				const ms = Number(process.hrtime.bigint() - start) / 1e6;
				// A benchmark of a wrong answer is worthless: every pass must produce the exact text.
				if (result !== text)
					throw new Error(`${contender.label} (${chunking.label}) produced a different text`);
				if (run >= warmup) times[contender.key].push(ms);
			}
		}
		const mbps = (ms) => bytes.length / MB / (ms / 1000);
		const figures = {};
		for (const contender of CONTENDERS) {
			const ms = summarize(times[contender.key]);
			figures[contender.key] = {
				label: contender.label,
				mbps: round(mbps(ms.median), 1),
				minMbps: round(mbps(ms.max), 1),
				maxMbps: round(mbps(ms.min), 1),
				medianMs: round(ms.median, 2),
			};
		}
		// Ratio of medians, and its spread over the runs (run i of ours against run i of the baseline).
		const pairRatios = times.baseline.map((b, i) => b / times.ours[i]);
		const spread = summarize(pairRatios);
		cases.push({
			key: chunking.key,
			label: chunking.label,
			chunks: chunking.chunks.length,
			...figures,
			ratio: round(figures.ours.mbps / figures.baseline.mbps, 2),
			ratioMin: round(spread.min, 2),
			ratioMax: round(spread.max, 2),
			forwardingRatio: round(figures.oursForwarding.mbps / figures.baseline.mbps, 2),
		});
		log(
			`  ${chunking.label}: ours ${figures.ours.mbps} MB/s, baseline ${figures.baseline.mbps} MB/s`,
		);
	}
	return {
		streamBytes: bytes.length,
		events,
		textCharacters: text.length,
		textBytes: Buffer.byteLength(text),
		warmup,
		runs,
		cases,
	};
}
