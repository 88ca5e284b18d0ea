#!/usr/bin/env node
'use strict';

/**
 * Starts the simulator from a shell (demo, end-to-end tests, benchmark):
 *   node simulator/cli.js [--port N] [--api-key K] [--latency-ms N] [--frame-delay-ms N]
 *                              [--max-concurrent-chats N] [--retry-after-seconds N] [--seed S]
 *                              [--stop-when-stdin-closes]
 * Prints one JSON line {"url": ..., "apiKey": ...} once listening; closes on SIGINT/SIGTERM, and with
 * --stop-when-stdin-closes also when its stdin ends: a parent that gives it a pipe (process.js) never
 * leaves it running, however the parent ends (crash, signal, kill -9).
 */

const { startSimulator } = require('./index');

const FLAGS = {
	'--port': ['port', Number],
	'--api-key': ['apiKey', String],
	'--latency-ms': ['latencyMs', Number],
	'--frame-delay-ms': ['frameDelayMs', Number],
	'--max-concurrent-chats': ['maxConcurrentChats', Number],
	'--retry-after-seconds': ['retryAfterSeconds', Number],
	'--seed': ['seed', String],
};
const STOP_WHEN_STDIN_CLOSES = '--stop-when-stdin-closes';

function parseArgs(argv) {
	const options = {};
	let stopWhenStdinCloses = false;
	for (let i = 0; i < argv.length; i++) {
		const [flag, inlineValue] = argv[i].split(/=(.*)/s);
		if (flag === STOP_WHEN_STDIN_CLOSES && inlineValue === undefined) {
			stopWhenStdinCloses = true;
			continue;
		}
		const spec = FLAGS[flag];
		if (!spec) {
			const known = [...Object.keys(FLAGS), STOP_WHEN_STDIN_CLOSES].join(', ');
			throw new Error(`unknown option ${flag} (known: ${known})`);
		}
		const value = inlineValue ?? argv[++i];
		if (value === undefined) throw new Error(`${flag} needs a value`);
		const [key, convert] = spec;
		options[key] = convert(value);
		if (Number.isNaN(options[key])) throw new Error(`${flag} needs a number`);
	}
	return { options, stopWhenStdinCloses };
}

async function main() {
	const { options, stopWhenStdinCloses } = parseArgs(process.argv.slice(2));
	const sim = await startSimulator(options);
	process.stdout.write(`${JSON.stringify({ url: sim.url, apiKey: sim.apiKey })}\n`);
	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		await sim.close();
		process.exit(0);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
	if (stopWhenStdinCloses) {
		process.stdin.once('end', stop);
		process.stdin.once('error', stop);
		process.stdin.resume();
	}
}

main().catch((error) => {
	process.stderr.write(`vapi simulator: ${error.message}\n`);
	process.exit(1);
});
