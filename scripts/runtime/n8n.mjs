// Run n8n: its environment, the CLI (`n8n import:…`, `n8n execute`), and `n8n start` / `n8n worker`
// in the background. Which n8n runs is the env's N8N_RUNTIME_VERSION (set by n8nEnv from the
// runtime it was given; see install.mjs).
import fs from 'node:fs';
import path from 'node:path';
import { N8N_VERSION, pathWithNode, runtimeFor } from './install.mjs';
import { STAGED_PACKAGE_DIR } from './package.mjs';
import { STATE_DIR } from './paths.mjs';
import { freePort, run, startProcess, UserError, waitForHttp } from './processes.mjs';

/** Used only for the throwaway local n8n user folders under .n8n/; real deployments set their own. */
export const ENCRYPTION_KEY = 'n8n-nodes-vapi-local-encryption-key';

/**
 * The environment for an n8n process: its own user folder, the package loaded as a custom
 * extension from the staged copy of dist/ (node type CUSTOM.vapi, see package.mjs), telemetry and
 * every outbound call we can switch off switched off, listening on 127.0.0.1 only. On `runtime`
 * (runtimeFor: the default n8n unless given).
 */
export async function n8nEnv({ userFolder, port, logLevel = 'warn', runtime = runtimeFor() } = {}) {
	const env = {
		...process.env,
		PATH: pathWithNode(runtime.nodeBin),
		HOME: userFolder,
		N8N_RUNTIME_VERSION: runtime.n8nVersion,
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
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_SECURE_COOKIE: 'false',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
	};
	// The MCP server registry (n8n ≥ 2.x) fetches api.n8n.io at start-up; nothing here needs it. An
	// n8n without that module refuses to start when told to disable it.
	if (hasModule(runtime, 'mcp-registry')) env.N8N_DISABLED_MODULES = 'mcp-registry';
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

/** Whether this n8n has a backend module of that name (n8n 1.x has fewer than 2.x). */
function hasModule(runtime, name) {
	return fs.existsSync(path.join(runtime.n8nDir, 'node_modules', 'n8n', 'dist', 'modules', name));
}

/** The runtime an env from n8nEnv is for. */
function runtimeOf(env) {
	const runtime = runtimeFor(env.N8N_RUNTIME_VERSION || N8N_VERSION);
	if (!runtime.installed)
		throw new UserError(`n8n ${runtime.n8nVersion} is not installed: call ensureRuntime first.`);
	return runtime;
}

/** A fresh (or reused) n8n user folder under .n8n/. */
export function userFolder(name, { fresh = false } = {}) {
	const dir = path.join(STATE_DIR, name);
	if (fresh) fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	return dir;
}

/**
 * Remove the editor's files n8n unpacks into <user folder>/.cache/ (n8n 1.x, and 2.x when it is not
 * stopped cleanly): megabytes of minified JavaScript that `npm run lint` (which walks the whole tree
 * but dist/) would otherwise lint.
 */
export function removeEditorCache(userFolder) {
	fs.rmSync(path.join(userFolder, '.cache'), { recursive: true, force: true });
}

/** Run `n8n <args>` to completion, on the env's runtime. */
export function n8n(args, { env, quiet = true } = {}) {
	const runtime = runtimeOf(env);
	return run(runtime.nodeBin, [runtime.n8nBin, ...args], { env, quiet });
}

/** Run `n8n <args>`; throw a UserError naming `what` with n8n's output when it fails. */
export async function n8nOrThrow(args, options, what) {
	const result = await n8n(args, options);
	if (result.code !== 0)
		throw new UserError(
			`${what} failed (n8n ${args[0]}, exit ${result.code}):\n${result.output.trim().slice(-3000)}`,
		);
	return result;
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
	const execution = parseRawOutput(result.stdout);
	// n8n 2.0's `execute` prints the run before it records its status ("running"); it exits 0 only
	// when the run succeeded.
	if (result.code === 0 && execution?.status === 'running' && !execution.data?.resultData?.error)
		execution.status = 'success';
	return {
		code: result.code,
		execution,
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

/**
 * Start `n8n start` in the background; resolves when its REST API answers, with
 * `{ url, child, output(), stop() }`. `onOutput` gets n8n's output as it comes.
 */
export async function startN8n(env, { onOutput, keepAllOutput } = {}) {
	const url = `http://127.0.0.1:${env.N8N_PORT}`;
	// Ready when the REST API gives its settings: n8n 1.x answers every path with 200 "n8n is
	// starting up" (and /healthz/readiness too) before its routes exist.
	const server = await startN8nProcess(env, ['start'], `${url}/rest/settings`, {
		onOutput,
		keepAllOutput,
		what: 'n8n start',
		isReady: ({ status, text }) => status === 200 && text.startsWith('{"data":'),
	});
	return { url, ...server };
}

/**
 * Start `n8n worker --concurrency=<n>` (queue mode: the env needs EXECUTIONS_MODE=queue, the
 * database and Redis of its main instance). Its health server listens on a free port; resolves
 * when it reports ready, with `{ child, output(), stop() }`.
 */
export async function startWorker(
	env,
	{ concurrency = 5, onOutput, keepAllOutput, name = 'worker' } = {},
) {
	const port = await freePort();
	const workerEnv = {
		...env,
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		QUEUE_HEALTH_CHECK_PORT: String(port),
		N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
	};
	return await startN8nProcess(
		workerEnv,
		['worker', `--concurrency=${concurrency}`],
		`http://127.0.0.1:${port}/healthz/readiness`,
		{ onOutput, keepAllOutput, what: `n8n ${name}` },
	);
}

async function startN8nProcess(env, args, readyUrl, { onOutput, keepAllOutput, what, isReady }) {
	const runtime = runtimeOf(env);
	const server = startProcess(runtime.nodeBin, [runtime.n8nBin, ...args], {
		env,
		onOutput,
		keepAllOutput,
	});
	try {
		await waitForHttp(readyUrl, { timeoutMs: 180_000, isAlive: server.isAlive, what, isReady });
	} catch (error) {
		await server.stop();
		throw new UserError(`${error.message}\nn8n's output:\n${server.output().slice(-4000)}`);
	}
	return { ...server, stop: () => server.stop(20_000) };
}
