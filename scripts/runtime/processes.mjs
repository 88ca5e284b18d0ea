// Output and child processes: every process the runtime starts is tracked, so stopAll() can end
// them on exit, Ctrl-C or a failed test.
import { spawn } from 'node:child_process';
import net from 'node:net';
import { REPO } from './paths.mjs';

export function log(message) {
	process.stdout.write(`[n8n-nodes-vapi] ${message}\n`);
}

/** An error whose message is all the user needs (no stack trace). */
export class UserError extends Error {}

/** Run a script's main(): a UserError prints its message only; anything else prints its stack. */
export function runMain(main) {
	main().then(
		(code) => process.exit(code ?? 0),
		(error) => {
			process.stderr.write(`\n✖ ${error instanceof UserError ? error.message : error.stack}\n`);
			process.exit(1);
		},
	);
}

export function formatSeconds(ms) {
	const s = Math.round(ms / 1000);
	return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

const children = new Set();
/** The signal that stops a child, when not SIGTERM. */
const stopSignals = new WeakMap();

/** Count a process started elsewhere among those stopAll() stops. */
export function trackProcess(child) {
	children.add(child);
	child.on('close', () => children.delete(child));
	return child;
}

/** Run a command to completion, collecting its output (also echoing it unless quiet). */
export function run(command, args, { cwd = REPO, env = process.env, quiet = false } = {}) {
	return new Promise((resolve, reject) => {
		const child = trackProcess(
			spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] }),
		);
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => {
			stdout += chunk;
			if (!quiet) process.stdout.write(chunk);
		});
		child.stderr.on('data', (chunk) => {
			stderr += chunk;
			if (!quiet) process.stderr.write(chunk);
		});
		child.on('error', reject);
		child.on('close', (code, signal) => {
			resolve({ code: code ?? (signal ? 1 : 0), stdout, stderr, output: stdout + stderr });
		});
	});
}

/**
 * Start a long-running process in the background. Its output (stdout and stderr together) is kept,
 * the last ~100 kB unless `keepAllOutput`, and handed to `onOutput` as it comes. `stop()` sends
 * `stopSignal` (PostgreSQL shuts down fast on SIGINT, waits for its clients on SIGTERM).
 * Returns `{ child, output(), isAlive(), stop() }` at once; `spawnOptions` go to spawn (uid…).
 */
export function startProcess(
	command,
	args,
	{
		cwd = REPO,
		env = process.env,
		onOutput,
		keepAllOutput = false,
		stopSignal = 'SIGTERM',
		spawnOptions = {},
	} = {},
) {
	const child = trackProcess(
		spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], ...spawnOptions }),
	);
	stopSignals.set(child, stopSignal);
	let output = '';
	const collect = (chunk) => {
		output += chunk;
		if (!keepAllOutput && output.length > 200_000) output = output.slice(-100_000);
		onOutput?.(String(chunk));
	};
	child.stdout.on('data', collect);
	child.stderr.on('data', collect);
	child.on('error', (error) => collect(`\n${command}: ${error.message}\n`));
	return {
		child,
		output: () => output,
		isAlive: () => child.exitCode === null && child.signalCode === null,
		stop: (timeoutMs) => stopProcess(child, timeoutMs, stopSignal),
	};
}

/** Stop every child process these helpers started (used on exit and Ctrl-C). */
export async function stopAll() {
	await Promise.all(
		[...children].map((child) => stopProcess(child, 10_000, stopSignals.get(child))),
	);
}

/** `signal` (SIGTERM), then SIGKILL after `timeoutMs`; resolves when the process has exited. */
export function stopProcess(child, timeoutMs = 10_000, signal = 'SIGTERM') {
	if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.once('close', () => {
			clearTimeout(timer);
			resolve();
		});
		child.kill(signal);
	});
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/**
 * Poll `url` until its answer satisfies `isReady({ status, text })` (default: a status < 500), or
 * throw after `timeoutMs`.
 */
export async function waitForHttp(
	url,
	{
		timeoutMs = 120_000,
		isAlive = () => true,
		what = url,
		isReady = ({ status }) => status < 500,
	} = {},
) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (!isAlive()) throw new UserError(`${what} exited before it was ready.`);
		try {
			const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
			if (isReady({ status: response.status, text: await response.text() })) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 300));
	}
	throw new UserError(`${what} did not answer within ${formatSeconds(timeoutMs)}.`);
}
