// CPU profile of a benchmark figure, written to bench/profiles/ (git-ignored) and summarized:
//   node bench/profile.mjs engine [concurrency=0] [runs=6]   the node through n8n's engine (figure 2)
//   node bench/profile.mjs throughput [runs=20] [random|one] the aggregator, random 1 B–4 KB chunks or one chunk (figure 1)
//   node bench/profile.mjs workflow <node|peer> [items=200] [runs=6] [latencyMs=0] [packageDir]
//                                                            one side of the peer figure (packageDir: another build, as ab.mjs takes)
//   node bench/profile.mjs calls [items=200]                 per item: expressions, parameter reads, decryptions (node and peer)
//   node bench/profile.mjs summary <file.cpuprofile>         summarize an existing profile
// Open a profile in Chrome DevTools (Performance → Load profile) or speedscope for the flame graph.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const PROFILES = join(HERE, 'profiles');
const [what = 'engine', ...rest] = process.argv.slice(2);

// Functions whose inclusive time tells where a run goes (name, file fragment, what it is).
// (Like count-calls.mjs's CALLERS in shape only: profile areas here, stack callers there.)
const AREAS = [
	[
		'runNode',
		'routing-node.js',
		'n8n RoutingNode: prepares every item (parameters, routing) before any request',
	],
	[
		'resolveBaseUrl',
		'routing-node.js',
		'  of which: resolveBaseUrl (re-evaluates all parameters per item)',
	],
	[
		'resolveSimpleParameterValue',
		'workflow-expression.js',
		'n8n expression evaluations, data proxy included (all callers)',
	],
	['initializeGlobalContext', 'expression.js', '  of which: initializeGlobalContext (self)'],
	['now', 'luxon', '  of which: luxon DateTime.now ($now/$today per evaluation)'],
	[
		'httpRequestWithAuthentication',
		'authentication.js',
		'n8n request helper (credential, axios, socket)',
	],
	['authenticate', 'credentials.js', '  of which: credential authenticate (Bearer expression)'],
	['dispatchHttpRequest', 'axios', '  of which: axios dispatch'],
	['buildChatRequest', 'dist/nodes/Vapi', 'ours: buildChatRequest (preSend)'],
	['sendWithRetries', 'dist/nodes/Vapi', 'ours: sendWithRetries (rate-limit gate)'],
	['readChatAnswer', 'dist/nodes/Vapi', 'ours: readChatAnswer (postReceive)'],
	['push', 'dist/nodes/Vapi/stream/aggregate.js', 'ours: ChatStreamAggregator.push'],
	['finish', 'dist/nodes/Vapi/stream/aggregate.js', 'ours: ChatStreamAggregator.finish'],
	['(garbage collector)', '', 'garbage collector'],
	['Module._load', 'node:internal/modules', 'module loading (first run only)'],
];

export function summarize(file, top = 25) {
	const profile = JSON.parse(readFileSync(file, 'utf8'));
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map();
	for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	const self = new Map();
	profile.samples.forEach((id, i) =>
		self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
	);
	const total = [...self.values()].reduce((a, b) => a + b, 0);
	const name = (n) => n.callFrame.functionName || '(anonymous)';
	const where = (n) =>
		`${n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(dist|test|bench)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
	const key = (n) => `${name(n)} ${where(n)}`;
	const selfBy = new Map();
	const inclusiveBy = new Map();
	let idle = 0;
	for (const [id, t] of self) {
		const n = byId.get(id);
		if (name(n) === '(idle)') idle += t;
		selfBy.set(key(n), (selfBy.get(key(n)) ?? 0) + t);
		const seen = new Set();
		for (let c = id; c !== undefined; c = parent.get(c)) {
			const k = key(byId.get(c));
			if (!seen.has(k)) {
				seen.add(k);
				inclusiveBy.set(k, (inclusiveBy.get(k) ?? 0) + t);
			}
		}
	}
	const busy = total - idle;
	const ms = (t) => `${(t / 1000).toFixed(0).padStart(6)} ms`;
	const pct = (t) => `${((100 * t) / busy).toFixed(1).padStart(5)}%`;
	const lines = [
		`${file}`,
		`busy ${ms(busy).trim()} (idle ${ms(idle).trim()} not counted)`,
		'',
		'where the busy time goes (inclusive):',
	];
	for (const [fn, fragment, label] of AREAS) {
		let t = 0;
		for (const [k, v] of inclusiveBy)
			if (k.startsWith(`${fn} `) && k.includes(fragment)) t = Math.max(t, v);
		if (t > 0) lines.push(`${ms(t)} ${pct(t)}  ${label}`);
	}
	lines.push('', `top ${top} functions by self time:`);
	for (const [k, t] of [...selfBy]
		.filter(([k]) => !k.startsWith('(idle)'))
		.sort((a, b) => b[1] - a[1])
		.slice(0, top)) {
		lines.push(`${ms(t)} ${pct(t)}  ${k}`);
	}
	return lines.join('\n');
}

async function engineWorkload(concurrency, runs) {
	const { startSimulatorProcess } = await import('../simulator/process.js');
	const { nodeRun, inputItems, LATENCY_MS } = await import('./engine.mjs');
	const sim = await startSimulatorProcess({ seed: 'bench' });
	try {
		await sim.setOptions({ latencyMs: LATENCY_MS });
		const items = inputItems();
		for (let run = 0; run < runs; run++) {
			const r = await nodeRun(sim, items, concurrency);
			process.stderr.write(
				`run ${run + 1}: ${r.wallMs.toFixed(0)} ms, first request after ${r.firstRequestMs} ms, last answer at ${r.lastAnswerMs} ms\n`,
			);
		}
	} finally {
		await sim.close();
	}
}

/** One side of figure 4 (lib/workflows.mjs): the node or the peer, `runs` times over `count` items. */
async function workflowWorkload(who, count, runs, latencyMs, packageDir) {
	const { startSimulatorProcess } = await import('../simulator/process.js');
	const { runOnce, inputItems } = await import('./lib/workflows.mjs');
	const sim = await startSimulatorProcess({ seed: 'bench' });
	try {
		await sim.setOptions({ latencyMs });
		const items = inputItems(count);
		for (let run = 0; run < runs; run++) {
			const r = await runOnce(sim, who, items, { packageDir });
			process.stderr.write(
				`run ${run + 1}: ${r.wallMs.toFixed(0)} ms, CPU ${(r.cpuMs / count).toFixed(2)} ms per item, first request after ${r.firstRequestMs} ms\n`,
			);
		}
	} finally {
		await sim.close();
	}
}

async function throughputWorkload(runs, chunking = 'random') {
	const { buildStream, randomChunks } = await import('./lib/stream.mjs');
	const require = createRequire(import.meta.url);
	const { ChatStreamAggregator } = require('../dist/nodes/Vapi/stream/aggregate.js');
	const { bytes, text } = buildStream(10 * 1024 * 1024, 42);
	const chunks = chunking === 'one' ? [bytes] : randomChunks(bytes, 7, 1, 4096);
	for (let run = 0; run < runs; run++) {
		const aggregator = new ChatStreamAggregator();
		for (const chunk of chunks) aggregator.push(chunk);
		if (aggregator.finish().text !== text) throw new Error('wrong text');
	}
}

/** What each workflow makes n8n do per item (no profile, no timing): see lib/count-calls.mjs. */
async function countWorkload(count) {
	const { startSimulatorProcess } = await import('../simulator/process.js');
	const { runOnce, inputItems, checkAnswers } = await import('./lib/workflows.mjs');
	const { countCalls } = await import('./lib/count-calls.mjs');
	const sim = await startSimulatorProcess({ seed: 'bench' });
	try {
		const items = inputItems(count);
		const counter = countCalls();
		for (const who of ['node', 'peer']) {
			await runOnce(sim, who, items); // warm-up, not counted
			counter.perItem(1, 0);
			const run = await runOnce(sim, who, items);
			checkAnswers(who, run.answers, items);
			const c = counter.perItem(count, run.decryptions);
			console.log(
				`\n${who}: ${c.expressionsPerItem} expression evaluations, ${c.parameterReadsPerItem} parameter reads, ${c.decryptionsPerItem} credential decryptions per item`,
			);
			for (const [title, rows] of [
				['expressions', c.expressions],
				['asked by', c.callers],
				['parameter reads', c.parameters],
			]) {
				console.log(`  ${title}:`);
				for (const row of rows) console.log(`    ${String(row.perItem).padStart(5)}  ${row.key}`);
			}
		}
	} finally {
		await sim.close();
	}
}

if (what === 'calls') {
	await countWorkload(Number(rest[0] ?? 200));
} else if (what === '--child') {
	const [workload, ...args] = rest;
	if (workload === 'engine') await engineWorkload(Number(args[0] ?? 0), Number(args[1] ?? 6));
	else if (workload === 'workflow')
		await workflowWorkload(
			args[0],
			Number(args[1] ?? 200),
			Number(args[2] ?? 6),
			Number(args[3] ?? 0),
			args[4],
		);
	else await throughputWorkload(Number(args[0] ?? 20), args[1]);
} else if (what === 'summary') {
	console.log(summarize(rest[0]));
} else {
	mkdirSync(PROFILES, { recursive: true });
	const name = `${what}-${rest.join('-') || 'default'}-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`;
	const result = spawnSync(
		process.execPath,
		[
			'--cpu-prof',
			`--cpu-prof-dir=${PROFILES}`,
			`--cpu-prof-name=${name}`,
			fileURLToPath(import.meta.url),
			'--child',
			what,
			...rest,
		],
		{ stdio: 'inherit' },
	);
	if (result.status !== 0) process.exit(result.status ?? 1);
	const file = join(PROFILES, name);
	statSync(file);
	console.log(summarize(file));
}
