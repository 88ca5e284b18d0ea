// What npm run bench reports: the targets, met or not (checksOf), and the Markdown tables
// (tablesOf), from the results of bench/run.mjs. See bench/README.md.
import { MB } from './lib/stream.mjs';

export const TARGETS = {
	// Floors for the stream reader (issue 11): plain code may be a little slower than the baseline
	// (≥ 0.9×), and it never holds much more than the stream (≤ 2×).
	throughputRatio: 0.9,
	memoryRatio: 2,
	// Against the peer (issue 12): n8n's HTTP Request node + a Code node's split-and-join.
	cpuToPeer: 1,
	firstRequestToPeer: 1,
	rssToPeer: 1,
	runDataToPeer: 0.5,
	// "Flat": the cost per item at 10,000 items at most this many times the cost at 1,000.
	flatGrowth: 1.25,
	// Under a rate limit, against the ideal ceil(items / admitted) × time per chat.
	rateLimitNoOptions: 1.15,
	rateLimitKnownLimit: 1.05,
};

const check = (figure, value, target, met) => ({ figure, value, target, met });
const atMost = (figure, value, limit) => check(figure, value, `≤ ${limit}`, value <= limit);

export function checksOf(results) {
	const checks = [];
	for (const c of results.throughput?.cases ?? []) {
		checks.push(
			check(
				`throughput, ${c.label}: ours / baseline`,
				c.ratio,
				`≥ ${TARGETS.throughputRatio}`,
				c.ratio >= TARGETS.throughputRatio,
			),
		);
	}
	for (const [key, label] of [
		['aggregator', 'aggregator alone'],
		['engine', 'node through the engine'],
	]) {
		const m = results.memory?.[key];
		if (!m) continue;
		for (const [measure, name] of [
			['rss', 'RSS'],
			['heapExternal', 'heap + buffers'],
		]) {
			checks.push(
				atMost(
					`memory, ${label}: peak ${name} growth / stream`,
					m[measure].ratio,
					TARGETS.memoryRatio,
				),
			);
		}
	}
	const peer = results.peer;
	for (const c of peer?.cases ?? []) {
		checks.push(
			atMost(
				`peer, ${c.latencyMs} ms per chat: CPU per item, node / peer`,
				c.cpu.ratio,
				TARGETS.cpuToPeer,
			),
			atMost(
				`peer, ${c.latencyMs} ms per chat: time until the first request, node / peer`,
				c.firstRequest.ratio,
				TARGETS.firstRequestToPeer,
			),
		);
	}
	if (peer?.cases?.length) {
		checks.push(
			atMost(
				'peer: run data stored per item, node / peer',
				peer.cases[0].runData.ratio,
				TARGETS.runDataToPeer,
			),
		);
	}
	const growth = results.growth;
	if (growth?.rssToPeerAt5000 !== undefined) {
		checks.push(
			atMost(
				'growth: peak RSS per item at 5,000 items, node / peer',
				growth.rssToPeerAt5000,
				TARGETS.rssToPeer,
			),
		);
	}
	if (growth?.flat) {
		checks.push(
			atMost(
				'growth: time per item, 10,000 / 1,000 items',
				growth.flat.msPerItem,
				TARGETS.flatGrowth,
			),
			atMost(
				'growth: peak RSS per item, 10,000 / 1,000 items',
				growth.flat.rssPerItem,
				TARGETS.flatGrowth,
			),
		);
	}
	for (const c of results.rateLimit?.cases ?? []) {
		checks.push(atMost(`rate limit, ${c.label}: time / ideal`, c.toIdeal, c.target));
		checks.push(
			check(
				`rate limit, ${c.label}: every chat created once`,
				c.everyChatCreatedOnce,
				'true',
				c.everyChatCreatedOnce,
			),
		);
	}
	return checks;
}

const num = (v, d = 0) =>
	v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const mark = (met) => (met ? 'yes' : '**no**');
const range = (f, d = 0, unit = '') =>
	`${num(f.median, d)}${unit} (${num(f.min, d)}–${num(f.max, d)})`;
const times = (r, d = 2) => `${num(r.ratio, d)}× (${num(r.min, d)}–${num(r.max, d)})`;

function throughputTable(t) {
	return [
		`**1. Stream aggregation** — ${num(t.streamBytes / MB, 1)} MB in-memory SSE, ${num(t.events)} events; ` +
			`median of ${t.runs} runs after ${t.warmup} warm-up (min–max)`,
		'',
		'| chunking | ChatStreamAggregator MB/s | eventsource-parser + JSON.parse + concat MB/s | ratio | floor | met |',
		'|---|---|---|---|---|---|',
		...t.cases.map(
			(c) =>
				`| ${c.label} (${num(c.chunks)}) | ${num(c.ours.mbps)} (${num(c.ours.minMbps)}–${num(c.ours.maxMbps)}) | ` +
				`${num(c.baseline.mbps)} (${num(c.baseline.minMbps)}–${num(c.baseline.maxMbps)}) | ` +
				`${num(c.ratio, 2)}× (${num(c.ratioMin, 2)}–${num(c.ratioMax, 2)}) | ≥ ${TARGETS.throughputRatio}× | ${mark(c.ratio >= TARGETS.throughputRatio)} |`,
		),
		'',
		`With onTextDelta (live forwarding on): ${t.cases.map((c) => `${c.label} ${num(c.oursForwarding.mbps)} MB/s = ${num(c.forwardingRatio, 2)}×`).join(', ')}.`,
		'',
	];
}

function engineTable(e) {
	return [
		`**2. ${e.items} items through n8n's engine against undici** (information) — simulator ${e.latencyMs} ms per chat, streaming on; ` +
			`wall ms, median of ${e.runs} runs after ${e.warmup} warm-up (min–max)`,
		'',
		'| concurrency | limit | node (n8n engine) | undici + baseline | node / limit | node / undici | undici / limit | node: first request after |',
		'|---|---|---|---|---|---|---|---|',
		...e.cases.map((c) => {
			const label =
				c.maxConcurrency === 0 ? `${c.concurrency} (unlimited, 0)` : String(c.concurrency);
			return (
				`| ${label} | ${c.limitMs} | ${num(c.node.medianMs)} (${num(c.node.minMs)}–${num(c.node.maxMs)}) | ` +
				`${num(c.undici.medianMs)} (${num(c.undici.minMs)}–${num(c.undici.maxMs)}) | ` +
				`${num(c.nodeToLimit, 2)}× | ${num(c.nodeToUndici, 2)}× | ${num(c.undiciToLimit, 2)}× | ${num(c.nodeFirstRequestMs)} ms |`
			);
		}),
		'',
		'Limit: ceil(items / concurrency) × the time per chat, with no client CPU at all. undici is not what an n8n user can pick: ' +
			'these are information lines; the peer below is the comparison that counts.',
		'',
	];
}

function memoryTable(m) {
	const rows = [
		['aggregator', 'ChatStreamAggregator alone, 1 B–64 KB chunks'],
		['engine', "the node through n8n's engine (simulator, `bench:` input)"],
	].map(([key, label]) => {
		const r = m[key];
		const cell = (x) =>
			`${num(x.growthMB, 1)} MB = ${num(x.ratio, 2)}× (${num(x.min, 2)}–${num(x.max, 2)})`;
		const met = r.rss.ratio <= m.target && r.heapExternal.ratio <= m.target;
		return `| ${label} | ${num(r.streamBytes / MB, 1)} MB, ${num(r.chunks)} chunks | ${cell(r.rss)} | ${cell(r.heapUsed)} | ${cell(r.heapExternal)} | ≤ ${m.target}× | ${mark(met)} |`;
	});
	return [
		`**3. Memory while one item aggregates a 50 MB stream** — peak growth over a GC'd baseline, fresh process per run, median of ${m.runs} (min–max)`,
		'',
		'| what | stream | peak RSS growth | peak heap growth | peak heap + buffers growth | floor | met |',
		'|---|---|---|---|---|---|---|',
		...rows,
		'',
	];
}

function peerTable(p) {
	const rows = [];
	for (const c of p.cases) {
		const cpuMet = c.cpu.ratio <= TARGETS.cpuToPeer;
		const firstMet = c.firstRequest.ratio <= TARGETS.firstRequestToPeer;
		rows.push(
			`| ${c.latencyMs} ms | CPU per item | ${range(c.node.cpuMsPerItem, 2, ' ms')} | ${range(c.peer.cpuMsPerItem, 2, ' ms')} | ${times(c.cpu)} | ≤ ${TARGETS.cpuToPeer}× | ${mark(cpuMet)} |`,
			`| ${c.latencyMs} ms | time until the first request | ${range(c.node.firstRequestMs, 0, ' ms')} | ${range(c.peer.firstRequestMs, 0, ' ms')} | ${times(c.firstRequest)} | ≤ ${TARGETS.firstRequestToPeer}× | ${mark(firstMet)} |`,
			`| ${c.latencyMs} ms | wall time | ${range(c.node.wallMs, 0, ' ms')} | ${range(c.peer.wallMs, 0, ' ms')} | ${times(c.wall)} | | |`,
		);
	}
	const c0 = p.cases[0];
	rows.push(
		`| — | run data stored per item | ${num(c0.node.runDataBytesPerItem.median)} B | ${num(c0.peer.runDataBytesPerItem.median)} B | ${num(c0.runData.ratio, 2)}× | ≤ ${TARGETS.runDataToPeer}× | ${mark(c0.runData.ratio <= TARGETS.runDataToPeer)} |`,
		`| — | credential decryptions per item | ${num(c0.node.decryptionsPerItem, 2)} | ${num(c0.peer.decryptionsPerItem, 2)} | | | |`,
	);
	return [
		`**4. Against the peer: n8n's HTTP Request node + a Code node's split-and-join** — ${p.items} items through n8n's engine, streaming on; ` +
			`median of ${p.runs} runs after ${p.warmup} warm-up, node and peer alternating (min–max; ratio: of the medians, range run by run)`,
		'',
		'| simulator | measure | node | peer | node / peer | target | met |',
		'|---|---|---|---|---|---|---|',
		...rows,
		'',
		'CPU: user + system time of the n8n process (the simulator runs in its own). The peer: HTTP Request (Header Auth credential, JSON body from one expression, ' +
			"response format autodetect) + the Code node's code in a minimal node (no task runner in-process; see bench/README.md). Both give the same answers.",
		'',
	];
}

function growthTable(g) {
	const row = (r) =>
		`| ${r.who} | ${num(r.items)} | ${num(r.wallMs)} ms | ${num(r.msPerItem, 2)} ms | ${num(r.cpuMsPerItem, 2)} ms | ${num(r.firstRequestMs)} ms | ${num(r.rssKBPerItem, 1)} KB | ${num(r.heapKBPerItem, 1)} KB |`;
	const lines = [
		`**5. Cost per item as the items grow** — one run per row in a fresh process with its own simulator (${g.latencyMs} ms per chat), after a 100-item warm-up`,
		'',
		'| workflow | items | wall | time per item | CPU per item | first request after | peak RSS growth per item | peak heap growth per item |',
		'|---|---|---|---|---|---|---|---|',
		...g.node.map(row),
		...g.peer.map(row),
		'',
	];
	const facts = [];
	if (g.flat) {
		facts.push(
			`10,000 against 1,000 items: time per item ${num(g.flat.msPerItem, 2)}× (${mark(g.flat.msPerItem <= TARGETS.flatGrowth)}), ` +
				`CPU per item ${num(g.flat.cpuMsPerItem, 2)}×, peak RSS per item ${num(g.flat.rssPerItem, 2)}× (${mark(g.flat.rssPerItem <= TARGETS.flatGrowth)}); flat = ≤ ${TARGETS.flatGrowth}×.`,
		);
	}
	if (g.rssToPeerAt5000 !== undefined) {
		facts.push(
			`Peak RSS per item at 5,000 items, node / peer: ${num(g.rssToPeerAt5000, 2)}× (target ≤ ${TARGETS.rssToPeer}×: ${mark(g.rssToPeerAt5000 <= TARGETS.rssToPeer)}).`,
		);
	}
	return [...lines, ...(facts.length ? [facts.join(' '), ''] : [])];
}

function rateLimitTable(r) {
	return [
		`**6. Under a rate limit** — ${r.items} items; the simulator admits ${r.concurrentChats} chats at a time, answers 429 + Retry-After ${r.retryAfterSeconds} s beyond, ` +
			`${r.latencyMs} ms per chat; ideal ceil(${r.items} / ${r.concurrentChats}) × ${r.latencyMs} ms = ${num(r.idealMs)} ms; median of ${r.runs} runs (min–max)`,
		'',
		'| options | wall | time / ideal | target | met | 429s | every chat created once |',
		'|---|---|---|---|---|---|---|',
		...r.cases.map(
			(c) =>
				`| ${c.label} | ${range(c.wallMs, 0, ' ms')} | ${num(c.toIdeal, 2)}× (${num(c.toIdealMin, 2)}–${num(c.toIdealMax, 2)}) | ≤ ${c.target}× | ${mark(c.toIdeal <= c.target)} | ${num(c.rateLimitedMedian)} | ${c.everyChatCreatedOnce ? 'yes' : '**no**'} |`,
		),
		'',
	];
}

export function tablesOf(results, checks, resultsPath) {
	const { machine } = results;
	const out = [
		`n8n-nodes-vapi benchmark · ${machine.date.slice(0, 16).replace('T', ' ')} UTC · Node ${machine.node} · ` +
			`${machine.cpu}, ${machine.cores} cores, ${num(machine.memoryBytes / 1024 ** 3, 1)} GB · ` +
			`CPU idle before start ${machine.cpuIdlePercentBeforeStart ?? '?'}%, load ${machine.loadAverageAtStart[0]} → ${machine.loadAverageAtEnd[0]} · ${machine.durationSeconds} s`,
		'',
	];
	if (results.throughput) out.push(...throughputTable(results.throughput));
	if (results.engine) out.push(...engineTable(results.engine));
	if (results.memory) out.push(...memoryTable(results.memory));
	if (results.peer) out.push(...peerTable(results.peer));
	if (results.growth) out.push(...growthTable(results.growth));
	if (results.rateLimit) out.push(...rateLimitTable(results.rateLimit));
	const missed = checks.filter((c) => !c.met);
	out.push(
		missed.length === 0
			? `All ${checks.length} targets met.`
			: `Targets missed (${missed.length} of ${checks.length}): ${missed.map((c) => `${c.figure} = ${c.value} (target ${c.target})`).join('; ')}.`,
		`Results: ${resultsPath}`,
	);
	return out.join('\n');
}
