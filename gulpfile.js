'use strict';

// The package's build tasks (`npm run build`, `npm run pack`, `npm run dev` call them):
//
//   gulp build   n8n-node build, then dist/ holds only the package: nodes/, credentials/, icons/
//   gulp pack    build, then `npm pack`: n8n-nodes-vapi-<version>.tgz in the repository root
//   gulp dev     build, start the dev n8n (scripts/dev.mjs), and on every change under nodes/,
//                credentials/ or icons/ rebuild and restart that n8n with the new build
//
// `npm pack` alone never builds: .npmrc sets ignore-scripts, which also skips npm's prepack hook.

const { spawn, fork } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { series, watch } = require('gulp');

const REPO = __dirname;
const DIST = path.join(REPO, 'dist');
const N8N_NODE_CLI = path.join(REPO, 'node_modules', '@n8n', 'node-cli', 'bin', 'n8n-node.mjs');
/** dist/'s top-level folders that belong to the package; the build's sources are the same three. */
const PACKAGE_FOLDERS = ['nodes', 'credentials', 'icons'];
const DEV_SCRIPT = path.join(REPO, 'scripts', 'dev.mjs');

function log(message) {
	process.stdout.write(`[gulp] ${message}\n`);
}

/** Run a command to completion; resolves with its exit code and output (not echoed). */
function capture(command, args) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, output }));
	});
}

/** npm itself: the one running this script (`npm run …`), else npm on PATH. */
function npmCommand(args) {
	const npmCli = process.env.npm_execpath;
	return npmCli && /npm-cli\.js$/.test(npmCli)
		? [process.execPath, [npmCli, ...args]]
		: [process.platform === 'win32' ? 'npm.cmd' : 'npm', args];
}

async function build() {
	const started = Date.now();
	const { code, output } = await capture(process.execPath, [N8N_NODE_CLI, 'build']);
	if (code !== 0) {
		// n8n-node build draws a spinner: keep tsc's messages, drop the terminal control sequences
		const text = output.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').trim();
		throw new Error(`n8n-node build failed:\n${text.slice(-4000)}`);
	}
	// n8n-node build copies every *.png and *.svg of the repository (outside dist/ and
	// node_modules/) into dist/, e.g. the e2e screenshots in test/screenshots/ → dist/test/.
	for (const entry of fs.readdirSync(DIST)) {
		if (PACKAGE_FOLDERS.includes(entry)) continue;
		fs.rmSync(path.join(DIST, entry), { recursive: true, force: true });
		log(`removed dist/${entry} (not part of the package)`);
	}
	log(`built dist/ in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}
build.description = 'n8n-node build; dist/ keeps only nodes/, credentials/ and icons/';

async function packTarball() {
	const [command, args] = npmCommand(['pack', '--json']);
	const { code, output } = await capture(command, args);
	if (code !== 0) throw new Error(`npm pack failed:\n${output.trim()}`);
	const [packed] = JSON.parse(output.slice(output.indexOf('[')));
	log(
		`packed ${packed.filename}: ${packed.entryCount} files, ${(packed.size / 1024).toFixed(1)} kB`,
	);
}

/**
 * The dev n8n (scripts/dev.mjs, started with --skip-build: this task builds) for as long as it
 * runs. After each rebuild the script is told to restart n8n; a failed build leaves n8n on the
 * last good one. Ctrl-C stops the script, which stops n8n and the simulator.
 */
function serve() {
	const passOn = process.argv.filter((arg) => arg === '--fresh');
	const dev = fork(DEV_SCRIPT, ['--skip-build', ...passOn], { cwd: REPO, stdio: 'inherit' });
	const restarted = () =>
		new Promise((resolve, reject) => {
			dev.once('message', (message) =>
				message === 'restarted' ? resolve() : reject(new Error('n8n did not restart')),
			);
		});

	const watcher = watch(
		PACKAGE_FOLDERS.map((folder) => `${folder}/**`),
		{ cwd: REPO },
		async function rebuildAndRestart() {
			log('change seen: rebuilding…');
			try {
				await build();
			} catch (error) {
				log(`${error.message}\nn8n keeps running the last good build.`);
				return;
			}
			log('restarting n8n with the new build…');
			const done = restarted();
			dev.send('restart');
			await done;
		},
	);

	// Ctrl-C reaches both processes; a SIGTERM to gulp alone is passed on. Either way gulp waits
	// for the dev script to stop everything it started.
	const passSignal = () => dev.kill('SIGTERM');
	process.on('SIGINT', () => {});
	process.on('SIGTERM', passSignal);
	return new Promise((resolve, reject) => {
		dev.on('exit', (code) => {
			watcher.close();
			process.off('SIGTERM', passSignal);
			if (code === 0 || code === null) resolve();
			else reject(new Error(`scripts/dev.mjs exited with code ${code}`));
		});
	});
}

exports.build = build;
exports.pack = series(build, packTarball);
exports.pack.description = 'build, then npm pack';
exports.dev = series(build, serve);
exports.dev.description = 'build, start the dev n8n, rebuild and restart it on every change';
