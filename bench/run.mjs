// npm run bench — speed and memory of n8n-nodes-vapi as ratios against baselines measured in the
// same run: the stream reader, n8n's engine, and the peer a user would build instead (n8n's HTTP
// Request node + a Code node). Needs a build (dist/) and node --expose-gc. Prints the tables,
// writes bench/results.json. See bench/README.md.
//   node --expose-gc bench/run.mjs [--only=throughput,engine,memory,peer,growth,ratelimit] [--quick]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { runEngine } from './engine.mjs';
import { startSimulatorProcess } from '../simulator/process.js';
import { runGrowth } from './growth.mjs';
import { runMemory } from './memory.mjs';
import { runPeer } from './peer.mjs';
import { runRateLimit } from './ratelimit.mjs';
import { checksOf, tablesOf, TARGETS } from './report.mjs';
import { runThroughput } from './throughput.mjs';

// One n8n user folder for every run (the harness would make a new one per process).
process.env.N8N_USER_FOLDER ??= join(os.tmpdir(), 'n8n-nodes-vapi-bench');

const RESULTS = fileURLToPath(new URL('./results.json', import.meta.url));
const FIGURES = ['throughput', 'engine', 'memory', 'peer', 'growth', 'ratelimit'];

const args = process.argv.slice(2);
const only = (args.find((a) => a.startsWith('--only='))?.slice(7) ?? FIGURES.join(',')).split(',');
const unknown = only.filter((o) => !FIGURES.includes(o));
if (unknown.length > 0) {
	process.stderr.write(`bench: unknown figure ${unknown.join(', ')} (${FIGURES.join(', ')})\n`);
	process.exit(2);
}
const quick = args.includes('--quick');
const say = (line) => process.stderr.write(`${line}\n`);

if (typeof globalThis.gc !== 'function') {
	say('bench: run with node --expose-gc (npm run bench does)');
	process.exit(2);
}

/** Share of CPU time the whole machine spent idle over `ms` (Linux /proc/stat), or undefined. */
async function cpuIdlePercent(ms) {
	const read = () => {
		const fields = readFileSync('/proc/stat', 'utf8')
			.split('\n')[0]
			.trim()
			.split(/\s+/)
			.slice(1)
			.map(Number);
		return { idle: fields[3] + (fields[4] ?? 0), total: fields.reduce((a, b) => a + b, 0) };
	};
	try {
		const a = read();
		await new Promise((resolve) => setTimeout(resolve, ms));
		const b = read();
		return Math.round((100 * (b.idle - a.idle)) / (b.total - a.total));
	} catch {
		return undefined;
	}
}

const idleBeforeStart = await cpuIdlePercent(2000);
const started = performance.now();
const machine = {
	date: new Date().toISOString(),
	node: process.version,
	v8: process.versions.v8,
	platform: `${os.type()} ${os.release()} ${process.arch}`,
	cpu: os.cpus()[0]?.model?.trim() ?? 'unknown',
	cores: os.cpus().length,
	memoryBytes: os.totalmem(),
	loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
	// Other processes compete for the cores: the share of CPU idle over the 2 s before the start.
	cpuIdlePercentBeforeStart: idleBeforeStart,
};
// Which code was measured: the commit (and whether the tree had changes) and the built aggregator.
const git = (...a) => {
	try {
		return execFileSync('git', a, {
			cwd: fileURLToPath(new URL('..', import.meta.url)),
			stdio: ['ignore', 'pipe', 'ignore'],
		})
			.toString()
			.trim();
	} catch {
		return undefined;
	}
};
const gitStatus = git('status', '--porcelain');
const build = {
	commit: git('rev-parse', '--short', 'HEAD'),
	uncommittedChanges: gitStatus === undefined ? undefined : gitStatus !== '',
	aggregatorSha256: createHash('sha256')
		.update(readFileSync(new URL('../dist/nodes/Vapi/stream/aggregate.js', import.meta.url)))
		.digest('hex')
		.slice(0, 16),
};
say(
	`bench: ${machine.cpu} × ${machine.cores}, Node ${machine.node}, load ${machine.loadAverageAtStart.join(' ')}, ` +
		`CPU idle before start ${idleBeforeStart ?? '?'}%`,
);
if (idleBeforeStart !== undefined && idleBeforeStart < 80) {
	say('bench: warning — the machine is busy; figures will be noisy and slower than they should be');
}

const results = { machine, build, targets: TARGETS };
// growth starts a simulator per fresh process; the other figures share this one.
const sim = only.some((o) => !['throughput', 'growth'].includes(o))
	? await startSimulatorProcess({ seed: 'bench' })
	: undefined;
try {
	if (only.includes('throughput')) {
		say('1/6 stream aggregation throughput…');
		results.throughput = runThroughput({ warmup: quick ? 1 : 3, runs: quick ? 3 : 15, log: say });
	}
	if (only.includes('engine')) {
		say('2/6 200 items through n8n’s engine, against undici…');
		results.engine = await runEngine(sim, { warmup: 1, runs: quick ? 2 : 5, log: say });
	}
	if (only.includes('memory')) {
		say('3/6 memory while one item aggregates 50 MB…');
		results.memory = await runMemory(sim, { runs: quick ? 1 : 3, log: say });
	}
	if (only.includes('peer')) {
		say('4/6 against the peer (HTTP Request + Code), 200 items…');
		results.peer = await runPeer(sim, { warmup: 1, runs: quick ? 2 : 5, log: say });
	}
	if (only.includes('growth')) {
		say('5/6 cost per item at 100 to 10,000 items, fresh processes…');
		results.growth = await runGrowth({ log: say });
	}
	if (only.includes('ratelimit')) {
		say('6/6 200 items under a rate limit…');
		results.rateLimit = await runRateLimit(sim, { runs: quick ? 1 : 3, log: say });
	}
} finally {
	await sim?.close();
}
machine.loadAverageAtEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);
machine.durationSeconds = Math.round((performance.now() - started) / 100) / 10;

const checks = checksOf(results);
results.checks = checks;
results.allTargetsMet = checks.every((c) => c.met);
writeFileSync(RESULTS, `${JSON.stringify(results, null, '\t')}\n`);
process.stdout.write(`${tablesOf(results, checks, RESULTS)}\n`);
