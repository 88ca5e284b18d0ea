#!/usr/bin/env node
'use strict';

/**
 * Starts the simulator from a shell (demo, end-to-end tests, benchmark):
 *   node simulator/cli.js [--port N] [--api-key K] [--latency-ms N] [--frame-delay-ms N]
 *                              [--max-concurrent-chats N] [--retry-after-seconds N] [--seed S]
 * Prints one JSON line {"url": ..., "apiKey": ...} once listening; closes on SIGINT/SIGTERM.
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

function parseArgs(argv) {
	const options = {};
	for (let i = 0; i < argv.length; i++) {
		const [flag, inlineValue] = argv[i].split(/=(.*)/s);
		const spec = FLAGS[flag];
		if (!spec) throw new Error(`unknown option ${flag} (known: ${Object.keys(FLAGS).join(', ')})`);
		const value = inlineValue ?? argv[++i];
		if (value === undefined) throw new Error(`${flag} needs a value`);
		const [key, convert] = spec;
		options[key] = convert(value);
		if (Number.isNaN(options[key])) throw new Error(`${flag} needs a number`);
	}
	return options;
}

async function main() {
	const sim = await startSimulator(parseArgs(process.argv.slice(2)));
	process.stdout.write(`${JSON.stringify({ url: sim.url, apiKey: sim.apiKey })}\n`);
	const stop = async () => {
		await sim.close();
		process.exit(0);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error) => {
	process.stderr.write(`vapi simulator: ${error.message}\n`);
	process.exit(1);
});
