// `gulp dev` (npm run dev): a change under nodes/ rebuilds the package and restarts the dev n8n on
// the new build; stopping gulp stops n8n and the simulator. Runs `gulp dev` for real, in its own
// n8n folder (.n8n/dev-gulp-test, N8N_DEV_FOLDER) on a free port; the change is a new mtime on a
// source file (its content stays as it is). Linux: n8n's process is found through /proc.
// Run: `npm run test:dev` (node test/package/gulp-dev.test.mjs). Not a jest file.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as rt from '../../scripts/n8n-runtime.mjs';

const GULP = path.join(rt.REPO, 'node_modules', 'gulp', 'bin', 'gulp.js');
const SOURCE = path.join(rt.REPO, 'nodes', 'Vapi', 'Vapi.node.ts');
const STAGED_NODE = path.join(rt.STAGED_PACKAGE_DIR, 'dist', 'nodes', 'Vapi', 'Vapi.node.js');
const BUILT_NODE = path.join(rt.REPO, 'dist', 'nodes', 'Vapi', 'Vapi.node.js');

/** Child process ids of `pid`, and theirs (Linux /proc). */
function descendants(pid) {
	let children = [];
	try {
		children = fs
			.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
			.trim()
			.split(/\s+/)
			.filter(Boolean)
			.map(Number);
	} catch {
		return [];
	}
	return children.flatMap((child) => [child, ...descendants(child)]);
}

const commandLine = (pid) => {
	try {
		return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
	} catch {
		return [];
	}
};
const isAlive = (pid) => fs.existsSync(`/proc/${pid}`);

/** The `n8n start` process under gulp. */
function n8nPid(gulpPid) {
	const pids = descendants(gulpPid).filter((pid) => {
		const args = commandLine(pid);
		return args.includes(rt.N8N_BIN) && args.includes('start');
	});
	assert.equal(pids.length, 1, `one n8n start process under gulp (found ${pids.length})`);
	return pids[0];
}

let gulp;
let output = '';
let exit;

/** Resolves once gulp's output matches `pattern` (after `from`), or rejects after `timeoutMs`. */
function waitForOutput(pattern, { from = 0, timeoutMs = 300_000 } = {}) {
	return new Promise((resolve, reject) => {
		const check = () => {
			const match = pattern.exec(output.slice(from));
			if (match) {
				clearInterval(timer);
				resolve(match);
			} else if (exit || Date.now() > deadline) {
				clearInterval(timer);
				reject(new Error(`gulp dev never printed ${pattern}:\n${output.slice(-3000)}`));
			}
		};
		const deadline = Date.now() + timeoutMs;
		const timer = setInterval(check, 200);
	});
}

describe('gulp dev', () => {
	let url;
	let firstN8n;

	before(
		async () => {
			await rt.ensureRuntime();
			const port = await rt.freePort();
			gulp = spawn(process.execPath, [GULP, 'dev'], {
				cwd: rt.REPO,
				env: {
					...process.env,
					N8N_PORT: String(port),
					N8N_DEV_FOLDER: 'dev-gulp-test',
					VAPI_SIM_FRAME_DELAY_MS: '0',
				},
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			gulp.stdout.on('data', (chunk) => (output += chunk));
			gulp.stderr.on('data', (chunk) => (output += chunk));
			exit = undefined;
			gulp.on('exit', (code, signal) => (exit = { code, signal }));
			[, url] = await waitForOutput(/n8n is ready in \S+: (http:\/\/127\.0\.0\.1:\d+)/);
		},
		{ timeout: 600_000 },
	);

	after(() => {
		if (gulp && !exit) gulp.kill('SIGKILL');
	});

	it('builds, then starts the dev n8n on the build', async () => {
		assert.match(output, /Starting 'build'/);
		assert.match(output, /\[gulp\] built dist\/ in/);
		firstN8n = n8nPid(gulp.pid);
		const response = await fetch(`${url}/healthz/readiness`);
		assert.equal(response.status, 200);
		assert.ok(fs.statSync(STAGED_NODE).mtimeMs >= fs.statSync(BUILT_NODE).mtimeMs - 1000);
	});

	it(
		'a change in nodes/ rebuilds dist/ and restarts n8n on the new build',
		{ timeout: 600_000 },
		async () => {
			const before = { built: fs.statSync(BUILT_NODE).mtimeMs, output: output.length };
			const now = new Date();
			fs.utimesSync(SOURCE, now, now);

			await waitForOutput(/n8n restarted on the new build in \S+: (http\S+)/, {
				from: before.output,
			});
			const since = output.slice(before.output);
			assert.match(since, /change seen: rebuilding/);
			const [, buildTime] = /\[gulp\] built dist\/ in (\S+)/.exec(since) ?? [];
			assert.ok(buildTime, 'gulp rebuilt');
			const [, restartTime] = /n8n restarted on the new build in (\S+):/.exec(since);
			rt.log(`  change → rebuilt in ${buildTime}, n8n restarted in ${restartTime}`);
			assert.ok(fs.statSync(BUILT_NODE).mtimeMs > before.built, 'dist/ was rebuilt');
			assert.ok(
				fs.statSync(STAGED_NODE).mtimeMs >= fs.statSync(BUILT_NODE).mtimeMs,
				'n8n got the new build',
			);
			assert.ok(!isAlive(firstN8n), 'the first n8n stopped');
			const secondN8n = n8nPid(gulp.pid);
			assert.notEqual(secondN8n, firstN8n);
			const response = await fetch(`${url}/healthz/readiness`);
			assert.equal(response.status, 200, 'the restarted n8n answers on the same URL');
			const rest = await rt.n8nRest(url);
			const workflows = await rest.get('/rest/workflows');
			assert.ok(workflows.count > 0 || workflows.length > 0, 'same user folder: the examples');
		},
	);

	it('stopping gulp stops n8n and the simulator', { timeout: 60_000 }, async () => {
		const started = descendants(gulp.pid);
		assert.ok(started.length >= 2, 'dev script, simulator and n8n run under gulp');
		gulp.kill('SIGTERM');
		await new Promise((resolve) => (exit ? resolve() : gulp.once('exit', resolve)));
		assert.equal(exit.code, 0, output.slice(-2000));
		await new Promise((r) => setTimeout(r, 500));
		assert.deepEqual(started.filter(isAlive), [], 'nothing gulp started is left running');
	});
});
