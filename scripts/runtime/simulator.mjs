// The Vapi simulator in a child process, for the scripts and the real-n8n tests.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { REPO } from './paths.mjs';
import { startProcess, UserError } from './processes.mjs';

export const SIMULATOR_CLI = path.join(REPO, 'simulator', 'cli.js');

/**
 * Start the simulator on a free port; resolves with { url, apiKey, child, control(), stop() }.
 * `frameDelayMs` spaces its SSE frames (a live answer you can watch arrive); it can also be changed
 * later with `control('POST', '/__sim/options', { frameDelayMs })`. `options` are more of its
 * command-line switches, e.g. `{ 'max-concurrent-chats': 8 }`.
 */
export async function startSimulator({
	apiKey = 'sim-local-key',
	frameDelayMs,
	options = {},
} = {}) {
	if (!fs.existsSync(SIMULATOR_CLI))
		throw new UserError(`The Vapi simulator is missing: ${path.relative(REPO, SIMULATOR_CLI)}.`);
	const args = [SIMULATOR_CLI, '--port', '0', '--api-key', apiKey];
	if (frameDelayMs !== undefined) args.push('--frame-delay-ms', String(frameDelayMs));
	for (const [name, value] of Object.entries(options)) args.push(`--${name}`, String(value));
	const sim = startProcess(process.execPath, args);
	const { child } = sim;
	const ready = await new Promise((resolve, reject) => {
		const timer = setTimeout(
			() => reject(new UserError(`The Vapi simulator did not start within 15s.\n${sim.output()}`)),
			15_000,
		);
		readline.createInterface({ input: child.stdout }).once('line', (line) => {
			clearTimeout(timer);
			try {
				resolve(JSON.parse(line));
			} catch {
				reject(new UserError(`The Vapi simulator printed an unexpected first line: ${line}`));
			}
		});
		child.once('close', (code) => {
			clearTimeout(timer);
			reject(
				new UserError(
					`The Vapi simulator exited (code ${code}) before listening.\n${sim.output()}`,
				),
			);
		});
	});
	const control = async (method, pathName, body) => {
		const response = await fetch(`${ready.url}${pathName}`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		if (!response.ok)
			throw new Error(
				`simulator ${method} ${pathName} → ${response.status}: ${await response.text()}`,
			);
		return response.json();
	};
	return { url: ready.url, apiKey: ready.apiKey ?? apiKey, child, control, stop: sim.stop };
}
