// The Vapi simulator in a child process: its own CPU core and heap, like a remote API, so its work
// (building and writing the streams) neither shares the event loop nor the memory being measured.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../simulator/cli.js', import.meta.url));

export async function startSimulatorProcess(options = {}) {
	const args = ['--seed', 'bench'];
	if (options.latencyMs !== undefined) args.push('--latency-ms', String(options.latencyMs));
	const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
	const line = await new Promise((resolve, reject) => {
		let out = '';
		child.once('error', reject);
		child.once('exit', (code) => reject(new Error(`simulator exited early (${code})`)));
		child.stdout.on('data', (data) => {
			out += data;
			if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
		});
	});
	child.removeAllListeners('exit');
	// Never leave it running: not when this process crashes, nor when it is interrupted.
	const kill = () => child.exitCode === null && child.kill('SIGTERM');
	const onSignal = (signal) => {
		kill();
		process.exit(signal === 'SIGINT' ? 130 : 143);
	};
	process.once('exit', kill);
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	const { url, apiKey } = JSON.parse(line);
	if (!new URL(url).hostname.startsWith('127.'))
		throw new Error(`simulator not on loopback: ${url}`);
	// Control calls on a fresh connection each: a kept-alive socket may be closed by the server
	// (its keep-alive timeout) just as it is reused, after a long measurement.
	const control = (method, path, body) =>
		new Promise((resolve, reject) => {
			const payload = body === undefined ? undefined : JSON.stringify(body);
			const request = http.request(
				`${url}/__sim/${path}`,
				{
					method,
					agent: false,
					headers: payload
						? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
						: {},
				},
				(response) => {
					const parts = [];
					response.on('data', (part) => parts.push(part));
					response.on('end', () => {
						const text = Buffer.concat(parts).toString('utf8');
						if (response.statusCode >= 400)
							reject(new Error(`simulator ${method} ${path}: ${response.statusCode} ${text}`));
						else resolve(text ? JSON.parse(text) : undefined);
					});
					response.on('error', reject);
				},
			);
			request.on('error', reject);
			request.end(payload);
		});
	return {
		url,
		apiKey,
		pid: child.pid,
		reset: () => control('POST', 'reset'),
		setOptions: (value) => control('POST', 'options', value),
		requests: () => control('GET', 'requests'),
		close: () =>
			new Promise((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				process.off('exit', kill);
				process.off('SIGINT', onSignal);
				process.off('SIGTERM', onSignal);
				child.kill('SIGTERM');
			}),
	};
}
