// Experiment (not part of npm run bench): figure 6's hand-over from one chat to the next, step by
// step, per item. The simulator's log gives when each chat arrived (body received) and ended (its
// socket side closed); in this process, without changing the package:
//   - sendWithRetries is wrapped (before the package loads) to time the gate: `this.makeRoutingRequest`
//     starts when the gate admitted the item and returns when it releases its slot;
//   - diagnostics_channel's net.client.socket times n8n's request at its socket (n8n opens one per
//     request): created, connected, the request's bytes handed to it, the answer's last bytes, closed.
// Per hand-over (after the first round; the one across a Retry-After pause left out), medians over
// the chats of all runs: the previous chat's end at the simulator → its last byte here → its slot
// released → the next item's makeRoutingRequest → its socket → connected → its arrival at the
// simulator. Also: CPU per chat in the steady state, when the items reach sendWithRetries and the
// first request leaves, and (no options) when the 429s were read and the first retry went.
// ROUNDS=1 prints the first 12 rounds (arrival–end at the simulator) of each run.
// STAGGER=<ms>: the first round's 5 chats leave <ms> apart (held after the gate admitted them), to
// see whether rounds that do not end in the same millisecond stay apart (they do not: see README).
// PROFILE=1: a CPU profile of the steady state of the last run (from the first admission after the
// first round to the end) in bench/profiles/ratelimit-steady.cpuprofile, summarized, and its self
// time per chat by owner (ours, n8n-core, axios, Node's net/http, TCP connect, crypto …).
//   node --expose-gc bench/experiments/ratelimit-trace.mjs [runs=3] [maxConcurrency=5; 0 = none]
import { createRequire } from 'node:module';
import diagnostics from 'node:diagnostics_channel';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { startSimulatorProcess } from '../../simulator/process.js';
import { summarize } from '../lib/stats.mjs';
import { checkAnswers, inputItems, runOnce } from '../lib/workflows.mjs';
import { LIMIT, limitSimulator } from '../ratelimit.mjs';

const require = createRequire(import.meta.url);
const [runsArg = '3', concurrencyArg = '5'] = process.argv.slice(2);
const maxConcurrency = Number(concurrencyArg) || undefined;
// The simulator's times are Date.now() (whole ms, floored) in another process: this process's clock
// is aligned to Date.now() at a tick, and the simulator's times get +0.5 ms (the mean flooring).
const tick = Date.now();
while (Date.now() === tick);
const offset = Date.now() - performance.now();
const now = () => offset + performance.now();
const simTime = (ms) => ms + 0.5;

/** Per message: timings of its attempts (the last one is the admitted chat). */
let trace = new Map();
const attemptsOf = (input) => {
	if (!trace.has(input)) trace.set(input, []);
	return trace.get(input);
};
const messageOf = (text) => /"input":"([^"]*)"/.exec(text)?.[1];

const pipeline = require('../../dist/nodes/Vapi/hooks/pipeline/sendWithRetries.js');
const original = pipeline.sendWithRetries;
let entered = [];
pipeline.sendWithRetries = async function (requestData) {
	// Our prepare steps ran before (runItem): when each item reached the gate.
	entered.push(now());
	// The body goes as JSON text (buildChatRequest).
	const input = messageOf(String(requestData.options.body));
	const ctx = Object.create(this);
	// n8n's context has it read-only: a property of the wrapper's own.
	const timed = async (data) => {
		const attempt = { admitted: now() };
		admissions++;
		// CPU from the first admission after the first round: the steady state, preparation excluded.
		if (admissions === LIMIT.concurrentChats + 1) {
			steadyCpu = process.cpuUsage();
			if (profiling) profiling.post('Profiler.start');
		}
		attemptsOf(input).push(attempt);
		// STAGGER=ms: the first round's k-th chat leaves k × ms later (an experiment on the lockstep).
		const stagger = Number(process.env.STAGGER ?? 0);
		if (stagger > 0 && admissions <= LIMIT.concurrentChats) {
			await new Promise((resolve) => setTimeout(resolve, (admissions - 1) * stagger));
		}
		try {
			return await this.makeRoutingRequest(data);
		} finally {
			attempt.released = now();
		}
	};
	Object.defineProperty(ctx, 'makeRoutingRequest', { value: timed });
	return await original.call(ctx, requestData);
};

// n8n's request helper opens a socket per request (no keep-alive across requests): traced at the
// socket, which sees the request's bytes leave and the answer's arrive.
let sockets = 0;
let socketTimes = [];
let admissions = 0;
let steadyCpu;
let profiling;
diagnostics.subscribe('net.client.socket', ({ socket }) => {
	sockets++;
	const http = { created: now() };
	socketTimes.push(http.created);
	let sent = '';
	socket.once('connect', () => (http.connected = now()));
	// Node's HTTP client writes corked (writev): every write passes _writeGeneric.
	const writeGeneric = socket._writeGeneric;
	socket._writeGeneric = function (writev, data, ...rest) {
		if (http.input === undefined) {
			const parts = writev ? data.map((entry) => entry.chunk) : [data];
			sent += parts.map(String).join('');
			const input = messageOf(sent);
			if (input !== undefined) {
				http.input = input;
				http.written = now();
				const attempts = attemptsOf(input);
				if (attempts.length) attempts[attempts.length - 1].http = http;
			}
		}
		return writeGeneric.call(this, writev, data, ...rest);
	};
	socket.on('data', () => (http.lastData = now()));
	socket.on('close', () => (http.closed = now()));
});

/** Self time of a profile by who owns the code, per chat (the profiler's own start excluded). */
function byOwner(profile, chats) {
	const owners = [
		['ours (dist/nodes/Vapi)', /\/dist\/nodes\/Vapi\//],
		['this experiment (tracing)', /bench\/experiments\//],
		['n8n-core', /n8n-core\//],
		['n8n-workflow', /n8n-workflow\//],
		['@n8n/backend-network', /backend-network\//],
		['axios', /axios\//],
		['test harness', /test\/harness\//],
		['other node_modules', /node_modules\//],
		['Node.js (net, http, streams, timers)', /^node:/],
	];
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const totals = new Map();
	profile.samples.forEach((id, i) => {
		const { functionName, url } = byId.get(id).callFrame;
		if (functionName === '(idle)' || functionName === 'dispatch') return;
		let owner = owners.find(([, pattern]) => pattern.test(url))?.[0];
		if (!owner) {
			if (functionName === '(garbage collector)') owner = 'garbage collector';
			else if (functionName === 'connect') owner = 'native: TCP connect';
			else if (/^(init|initiv|update|final|run|createSecretKey)$/.test(functionName))
				owner = 'native: crypto (credential decryption)';
			else owner = `native/other`;
		}
		totals.set(owner, (totals.get(owner) ?? 0) + (profile.timeDeltas[i] ?? 0));
	});
	const all = [...totals.values()].reduce((a, b) => a + b, 0);
	const rows = [...totals].sort((a, b) => b[1] - a[1]);
	return [
		`steady state, self time per chat (${chats} chats): ${(all / 1000 / chats).toFixed(2)} ms`,
		...rows.map(([owner, t]) => `  ${(t / 1000 / chats).toFixed(3)} ms  ${owner}`),
	].join('\n');
}

const steps = {
	'previous end (sim) → its last byte here': [],
	'its last byte → its slot released (output steps)': [],
	'its slot released → its socket closed': [],
	'slot released → next makeRoutingRequest': [],
	'makeRoutingRequest → socket created (n8n request helper)': [],
	'socket created → request queued on it': [],
	'socket created → connected': [],
	'connected → arrival (sim: body received)': [],
	'previous end (sim) → next arrival (sim)': [],
};
const whole = {
	'chat at the sim (arrival → end)': [],
	'new TCP connections per chat': [],
	'CPU per chat, steady state': [],
	'start → the first item reaches sendWithRetries': [],
	'start → the last item reaches sendWithRetries': [],
	'start → the first socket (request) is created': [],
	'start → the first chat arrives (sim)': [],
	'429s: the first one released (ms after start)': [],
	[`429s: the ${LIMIT.concurrentChats}th one released`]: [],
	'429s: the last one released': [],
	'first retry admitted (ms after start)': [],
};

const items = inputItems(LIMIT.items);
const sim = await startSimulatorProcess({ seed: 'bench' });
try {
	await limitSimulator(sim);
	for (let run = 0; run < Number(runsArg); run++) {
		trace = new Map();
		entered = [];
		socketTimes = [];
		sockets = 0;
		admissions = 0;
		if (process.env.PROFILE && run === Number(runsArg) - 1) {
			profiling = new Session();
			profiling.connect();
			await profiling.post('Profiler.enable');
			await profiling.post('Profiler.setSamplingInterval', { interval: 200 });
		}
		const r = await runOnce(sim, 'node', items, { maxConcurrency, checkLog: false });
		const steadyCpuMs = process.cpuUsage(steadyCpu);
		if (profiling) {
			const { profile } = await profiling.post('Profiler.stop');
			const dir = new URL('../profiles/', import.meta.url);
			mkdirSync(dir, { recursive: true });
			const file = new URL('ratelimit-steady.cpuprofile', dir);
			writeFileSync(file, JSON.stringify(profile));
			const profileScript = new URL('../profile.mjs', import.meta.url).pathname;
			spawnSync(process.execPath, [profileScript, 'summary', file.pathname], { stdio: 'inherit' });
			console.log(byOwner(profile, admissions - LIMIT.concurrentChats));
			profiling.disconnect();
			profiling = undefined;
		}
		checkAnswers('node', r.answers, items);
		whole['CPU per chat, steady state'].push(
			(steadyCpuMs.user + steadyCpuMs.system) / 1000 / (admissions - LIMIT.concurrentChats),
		);
		const log = (await sim.requests()).filter(
			(e) => e.path === '/chat/responses' && e.outcome === 'ok',
		);
		const chats = log
			.map((e) => {
				const attempts = trace.get(e.body.input) ?? [];
				return { sim: e, own: attempts[attempts.length - 1] };
			})
			.sort((a, b) => a.sim.startedAt - b.sim.startedAt);
		if (process.env.ROUNDS) {
			// Arrival–end at the simulator of the first rounds, ms after the first arrival.
			const t0 = chats[0].sim.startedAt;
			for (let k = 0; k < 12 * LIMIT.concurrentChats; k += LIMIT.concurrentChats) {
				const round = chats.slice(k, k + LIMIT.concurrentChats);
				console.log(
					round.map((c) => `${c.sim.startedAt - t0}–${c.sim.finishedAt - t0}`).join('  '),
				);
			}
		}
		const ends = [...chats].sort((a, b) => a.sim.finishedAt - b.sim.finishedAt);
		const limit = LIMIT.concurrentChats;
		for (let k = limit; k < chats.length; k++) {
			const next = chats[k];
			const previous = ends[k - limit];
			// Skip the hand-over across the Retry-After pause.
			if (next.sim.startedAt - previous.sim.finishedAt > 500) continue;
			const p = previous.own;
			const n = next.own;
			if (!p?.http?.lastData || !n?.http?.written) continue;
			steps['previous end (sim) → its last byte here'].push(
				p.http.lastData - simTime(previous.sim.finishedAt),
			);
			steps['its last byte → its slot released (output steps)'].push(p.released - p.http.lastData);
			steps['its slot released → its socket closed'].push(p.http.closed - p.released);
			steps['slot released → next makeRoutingRequest'].push(n.admitted - p.released);
			steps['makeRoutingRequest → socket created (n8n request helper)'].push(
				n.http.created - n.admitted,
			);
			steps['socket created → request queued on it'].push(n.http.written - n.http.created);
			steps['socket created → connected'].push(n.http.connected - n.http.created);
			steps['connected → arrival (sim: body received)'].push(
				simTime(next.sim.startedAt) - n.http.connected,
			);
			steps['previous end (sim) → next arrival (sim)'].push(
				next.sim.startedAt - previous.sim.finishedAt,
			);
		}
		// Before the first request: RoutingNode prepares every item, then our prepare steps run
		// (runItem), then sendWithRetries, the gate, n8n's request helper, the socket.
		const firstArrival = Math.min(...log.map((e) => simTime(e.startedAt)));
		whole['start → the first item reaches sendWithRetries'].push(entered[0] - r.epoch);
		whole['start → the last item reaches sendWithRetries'].push(
			entered[entered.length - 1] - r.epoch,
		);
		whole['start → the first socket (request) is created'].push(
			Math.min(...socketTimes.filter((t) => t > r.epoch)) - r.epoch,
		);
		whole['start → the first chat arrives (sim)'].push(firstArrival - r.epoch);
		// The 429s as this process saw them: when the gate got each one (release), from the start.
		const released429 = [...trace.values()]
			.flatMap((attempts) => attempts.slice(0, -1).map((a) => a.released - r.epoch))
			.sort((a, b) => a - b);
		if (released429.length >= limit) {
			whole['429s: the first one released (ms after start)'].push(released429[0]);
			whole[`429s: the ${limit}th one released`].push(released429[limit - 1]);
			whole['429s: the last one released'].push(released429[released429.length - 1]);
			const resume = Math.min(
				...[...trace.values()]
					.filter((attempts) => attempts.length > 1)
					.map((attempts) => attempts[attempts.length - 1].admitted - r.epoch),
			);
			whole['first retry admitted (ms after start)'].push(resume);
		}
		for (const c of chats)
			whole['chat at the sim (arrival → end)'].push(c.sim.finishedAt - c.sim.startedAt);
		whole['new TCP connections per chat'].push(sockets / r.answers.length);
		console.log(
			`run ${run + 1}: wall ${Math.round(r.wallMs)} ms, first arrival ${Math.min(...log.map((e) => e.startedAt)) - r.epoch} ms, ${sockets} sockets opened`,
		);
	}
} finally {
	await sim.setOptions({ maxConcurrentChats: null });
	await sim.close();
}
const fmt = (values) => {
	const s = summarize(values);
	return `median ${s.median.toFixed(1)} ms (min ${s.min.toFixed(1)}, max ${s.max.toFixed(1)}, n ${s.runs})`;
};
console.log(`\nMax Concurrent Requests = ${maxConcurrency ?? 'none'}; per hand-over:`);
for (const [label, values] of Object.entries(steps))
	console.log(`  ${label.padEnd(50)} ${fmt(values)}`);
for (const [label, values] of Object.entries(whole))
	if (values.length) console.log(`  ${label.padEnd(50)} ${fmt(values)}`);
