// Scratch check of issue 6's first and third figures (run after a build):
//   node bench/aggregator-check.mjs            throughput vs eventsource-parser + JSON.parse + concat
//   node --expose-gc bench/aggregator-check.mjs --memory   peak memory while aggregating 50 MB
// Throughput: the same in-memory 10 MB stream of small response.output_text.delta events, fed as
// one chunk and as random 1-byte…4-KB chunks; median of several runs after a warm-up, min–max shown.
import { createRequire } from 'node:module';
import { createParser } from 'eventsource-parser';

const require = createRequire(import.meta.url);
const { ChatStreamAggregator } = require('../dist/nodes/Vapi/shared/aggregate.js');

const MB = 1024 * 1024;
const RUNS = 9;
const WARMUP = 3;

function prng(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

// Mostly short English words; a few with newlines, quotes or non-ASCII text, as a model writes.
const WORDS = [
	' the',
	' a',
	' to',
	' of',
	' and',
	' you',
	' is',
	' can',
	' help',
	' with',
	' your',
	' order',
	' today',
	',',
	'.',
	' I',
	' We',
	' appointment',
	' Thursday',
	' at',
	' 3',
	' pm',
	'!',
	' please',
	' confirm',
	' number',
	' account',
	' thanks',
	' for',
	' calling',
	'\n',
	'\n\n- ',
	' "quoted"',
	' café',
	' — ',
	' 東京',
	' 🙂',
	' naïve',
	' résumé',
];

function* deltaEvents(totalBytes, seed) {
	const random = prng(seed);
	const encoder = new TextEncoder();
	const item = 'msg_68a1c2f0e4b7d39a5c1e2f3a';
	let size = 0;
	let sequence = 0;
	while (size < totalBytes) {
		const delta = WORDS[Math.floor(random() * WORDS.length)];
		const json = JSON.stringify({
			type: 'response.output_text.delta',
			item_id: item,
			output_index: 0,
			content_index: 0,
			delta,
			sequence_number: ++sequence,
		});
		const bytes = encoder.encode(`event: response.output_text.delta\ndata: ${json}\n\n`);
		size += bytes.length;
		yield bytes;
	}
	// The full text is only needed now: replay the same random words instead of holding them.
	const replay = prng(seed);
	const words = [];
	for (let i = 0; i < sequence; i++) words.push(WORDS[Math.floor(replay() * WORDS.length)]);
	const text = words.join('');
	words.length = 0;
	const done = {
		type: 'response.output_text.done',
		item_id: item,
		output_index: 0,
		content_index: 0,
		text,
	};
	const response = {
		id: 'chat_bench',
		object: 'response',
		created_at: 1700000000,
		status: 'completed',
		error: null,
		output: [
			{
				id: item,
				type: 'message',
				role: 'assistant',
				status: 'completed',
				content: [{ type: 'output_text', text, annotations: [] }],
			},
		],
	};
	yield encoder.encode(`event: response.output_text.done\ndata: ${JSON.stringify(done)}\n\n`);
	yield encoder.encode(
		`event: response.completed\ndata: ${JSON.stringify({
			type: 'response.completed',
			response,
		})}\n\ndata: [DONE]\n\n`,
	);
	return text;
}

function buildStream(totalBytes) {
	const parts = [];
	let length = 0;
	const events = deltaEvents(totalBytes, 42);
	let step = events.next();
	while (!step.done) {
		parts.push(step.value);
		length += step.value.length;
		step = events.next();
	}
	const stream = new Uint8Array(length);
	let at = 0;
	for (const part of parts) {
		stream.set(part, at);
		at += part.length;
	}
	return { stream, text: step.value, events: parts.length };
}

function randomChunks(stream, seed) {
	const random = prng(seed);
	const chunks = [];
	for (let at = 0; at < stream.length; ) {
		const size = 1 + Math.floor(random() * 4096);
		chunks.push(stream.subarray(at, at + size));
		at += size;
	}
	return chunks;
}

function ours(chunks) {
	const aggregator = new ChatStreamAggregator();
	for (const chunk of chunks) aggregator.push(chunk);
	return aggregator.finish().text;
}

function oursForwarding(chunks) {
	let forwarded = 0;
	const aggregator = new ChatStreamAggregator({
		onTextDelta: (delta) => (forwarded += delta.length),
	});
	for (const chunk of chunks) aggregator.push(chunk);
	const { text } = aggregator.finish();
	if (forwarded !== text.length) throw new Error('forwarded deltas do not add up to the text');
	return text;
}

function baseline(chunks) {
	let text = '';
	let completed;
	const parser = createParser({
		onEvent(event) {
			if (event.data === '[DONE]') return;
			const parsed = JSON.parse(event.data);
			if (parsed.type === 'response.output_text.delta') text += parsed.delta;
			else if (parsed.type === 'response.completed') completed = parsed.response;
		},
	});
	const decoder = new TextDecoder();
	for (const chunk of chunks) parser.feed(decoder.decode(chunk, { stream: true }));
	parser.feed(decoder.decode());
	if (completed === undefined) throw new Error('baseline saw no response.completed');
	return text;
}

function time(fn, chunks, expected) {
	const start = process.hrtime.bigint();
	const text = fn(chunks);
	const ms = Number(process.hrtime.bigint() - start) / 1e6;
	if (text !== expected) throw new Error(`${fn.name} produced a different text`);
	return ms;
}

function stats(ms, bytes) {
	const sorted = [...ms].sort((a, b) => a - b);
	const rate = (t) => bytes / MB / (t / 1000);
	return {
		medianMs: sorted[sorted.length >> 1],
		mbps: rate(sorted[sorted.length >> 1]),
		minMbps: rate(sorted[sorted.length - 1]),
		maxMbps: rate(sorted[0]),
	};
}

function throughput() {
	const { stream, text, events } = buildStream(10 * MB);
	console.log(
		`stream: ${(stream.length / MB).toFixed(2)} MB, ${events} events, ` +
			`${text.length} characters of text; Node ${process.version}, ${process.arch}`,
	);
	const chunkings = {
		'one 10 MB chunk': [stream],
		'random 1 B–4 KB chunks': randomChunks(stream, 7),
	};
	const contenders = [ours, baseline, oursForwarding];
	for (const [name, chunks] of Object.entries(chunkings)) {
		const ms = new Map(contenders.map((fn) => [fn, []]));
		for (let run = 0; run < WARMUP + RUNS; run++) {
			for (const fn of contenders) {
				const t = time(fn, chunks, text);
				if (run >= WARMUP) ms.get(fn).push(t);
			}
		}
		const [a, b, f] = contenders.map((fn) => stats(ms.get(fn), stream.length));
		const show = (s) =>
			`${s.mbps.toFixed(0)} MB/s (${s.minMbps.toFixed(0)}–${s.maxMbps.toFixed(0)})`;
		console.log(`${name} (${chunks.length} chunks):`);
		console.log(`  ours                         ${show(a)}`);
		console.log(`  ours + onTextDelta           ${show(f)}`);
		console.log(`  eventsource-parser baseline  ${show(b)}`);
		console.log(
			`  ratio ours/baseline ${(a.mbps / b.mbps).toFixed(2)}× (target ≥ 1.5×), ` +
				`with forwarding ${(f.mbps / b.mbps).toFixed(2)}×`,
		);
	}
}

function memory() {
	if (typeof global.gc !== 'function') throw new Error('run with node --expose-gc');
	const total = 50 * MB;
	global.gc();
	const used = () => {
		const m = process.memoryUsage();
		return m.heapUsed + m.arrayBuffers;
	};
	const before = used();
	let peak = 0;
	let live = 0;
	let streamed = 0;
	let nextGc = 5 * MB;
	const aggregator = new ChatStreamAggregator();
	const events = deltaEvents(total, 43);
	let pending = [];
	let pendingLength = 0;
	const flush = () => {
		const chunk = new Uint8Array(pendingLength);
		let at = 0;
		for (const part of pending) {
			chunk.set(part, at);
			at += part.length;
		}
		aggregator.push(chunk);
		streamed += chunk.length;
		pending = [];
		pendingLength = 0;
		peak = Math.max(peak, used() - before);
		if (streamed >= nextGc) {
			// What the aggregator really holds, without the garbage waiting for the collector.
			nextGc += 5 * MB;
			global.gc();
			live = Math.max(live, used() - before);
		}
	};
	for (let step = events.next(); !step.done; step = events.next()) {
		pending.push(step.value);
		pendingLength += step.value.length;
		if (pendingLength >= 64 * 1024) flush();
	}
	flush();
	const answer = aggregator.finish();
	peak = Math.max(peak, used() - before);
	console.log(
		`memory: ${(streamed / MB).toFixed(1)} MB streamed in 64 KB chunks, ` +
			`${answer.text.length} characters of text; peak heap+buffers growth ` +
			`${(peak / MB).toFixed(1)} MB = ${(peak / streamed).toFixed(2)}× the stream (target ≤ 2×), ` +
			`of which live after GC at most ${(live / MB).toFixed(1)} MB`,
	);
}

if (process.argv.includes('--memory')) memory();
else throughput();
