'use strict';

/**
 * The simulator in a child process: the one way the demo, `npm run dev`, the end-to-end tests and
 * the benchmark start it. In its own process it has its own CPU core and heap, like a remote API:
 * its work (building and writing streams) shares neither the caller's event loop nor the memory a
 * benchmark measures, and a real n8n in a third process can reach it.
 *
 *   const { startSimulatorProcess } = require('./simulator/process');
 *   const sim = await startSimulatorProcess({ apiKey, frameDelayMs, seed, … });
 *   await sim.setOptions({ latencyMs: 50 });  await sim.reset();  (await sim.requests()).length;
 *   await sim.close();
 *
 * The options are the CLI's (cli.js): apiKey, port, latencyMs, frameDelayMs, maxConcurrentChats,
 * retryAfterSeconds, seed; plus startTimeoutMs. It never outlives the caller: it stops when its
 * stdin pipe closes, which happens however the caller ends (exit, crash, signal).
 */

const { spawn } = require('node:child_process');
const http = require('node:http');
const path = require('node:path');

const CLI = path.join(__dirname, 'cli.js');

const FLAGS = {
	apiKey: '--api-key',
	port: '--port',
	latencyMs: '--latency-ms',
	frameDelayMs: '--frame-delay-ms',
	maxConcurrentChats: '--max-concurrent-chats',
	retryAfterSeconds: '--retry-after-seconds',
	seed: '--seed',
};

/** The CLI arguments for `options` (undefined ones left to the simulator's defaults). */
function cliArgs(options) {
	const args = ['--stop-when-stdin-closes'];
	for (const [key, value] of Object.entries(options)) {
		if (value === undefined) continue;
		if (!FLAGS[key]) throw new TypeError(`unknown simulator process option: ${key}`);
		args.push(FLAGS[key], String(value));
	}
	return args;
}

/** Resolves with the simulator's first stdout line, parsed: { url, apiKey }. */
function readyLine(child, stderr, timeoutMs) {
	return new Promise((resolve, reject) => {
		const fail = (message) => {
			clearTimeout(timer);
			reject(new Error(`${message}${stderr.text ? `\n${stderr.text}` : ''}`));
		};
		const timer = setTimeout(
			() => fail(`The Vapi simulator did not start within ${timeoutMs / 1000}s.`),
			timeoutMs,
		);
		let out = '';
		const onData = (data) => {
			out += data;
			const end = out.indexOf('\n');
			if (end === -1) return;
			child.stdout.off('data', onData);
			child.off('exit', onExit);
			clearTimeout(timer);
			try {
				resolve(JSON.parse(out.slice(0, end)));
			} catch {
				fail(`The Vapi simulator printed an unexpected first line: ${out.slice(0, end)}`);
			}
		};
		const onExit = (code) => fail(`The Vapi simulator exited (code ${code}) before listening.`);
		child.stdout.on('data', onData);
		child.once('exit', onExit);
		child.once('error', (error) => fail(`The Vapi simulator could not start: ${error.message}`));
	});
}

/**
 * A control-API call (control-api.js), e.g. control('POST', '/__sim/reset'); resolves with the JSON
 * answer. A fresh connection each time: a kept-alive socket may be closed by the server (its
 * keep-alive timeout) just as it is reused, after a long measurement.
 */
function controlRequest(url, method, pathName, body) {
	return new Promise((resolve, reject) => {
		const payload = body === undefined ? undefined : JSON.stringify(body);
		const headers = payload
			? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
			: {};
		const request = http.request(`${url}${pathName}`, { method, agent: false, headers }, (res) => {
			const parts = [];
			res.on('data', (part) => parts.push(part));
			res.on('error', reject);
			res.on('end', () => {
				const text = Buffer.concat(parts).toString('utf8');
				if (res.statusCode >= 400)
					reject(new Error(`simulator ${method} ${pathName} → ${res.statusCode}: ${text}`));
				else resolve(text ? JSON.parse(text) : undefined);
			});
		});
		request.on('error', reject);
		request.end(payload);
	});
}

/** SIGTERM, then SIGKILL if it has not exited after `timeoutMs`. Resolves once it has exited. */
function stopChild(child, timeoutMs = 10_000) {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve();
		});
		child.kill('SIGTERM');
	});
}

async function startSimulatorProcess({ startTimeoutMs = 15_000, ...options } = {}) {
	const child = spawn(process.execPath, [CLI, ...cliArgs(options)], {
		stdio: ['pipe', 'pipe', 'pipe'],
	});
	// Kept for error messages (the last few KB: the simulator writes nothing there unless it fails).
	const stderr = { text: '' };
	child.stderr.setEncoding('utf8');
	child.stderr.on('data', (chunk) => (stderr.text = (stderr.text + chunk).slice(-4096)));
	let ready;
	try {
		ready = await readyLine(child, stderr, startTimeoutMs);
		if (!new URL(ready.url).hostname.startsWith('127.'))
			throw new Error(`The Vapi simulator is not on loopback: ${ready.url}`);
	} catch (error) {
		await stopChild(child);
		throw error;
	}
	const { url } = ready;
	const control = (method, pathName, body) => controlRequest(url, method, pathName, body);
	return {
		url,
		apiKey: ready.apiKey,
		pid: child.pid,
		child,
		control,
		reset: () => control('POST', '/__sim/reset'),
		setOptions: (changes) => control('POST', '/__sim/options', changes),
		requests: () => control('GET', '/__sim/requests'),
		addFault: (rule) => control('POST', '/__sim/faults', rule),
		clearFaults: () => control('DELETE', '/__sim/faults'),
		stderr: () => stderr.text,
		close: () => stopChild(child),
	};
}

module.exports = { startSimulatorProcess };
