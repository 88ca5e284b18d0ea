// The package as a user gets it: the tarball `npm run pack` makes, unpacked or installed into a
// fresh real n8n's nodes folder (~/.n8n/nodes, where Settings → Community Nodes installs). Used by
// the tarball test, the scan and the AI Agent end-to-end test.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as rt from '../../scripts/n8n-runtime.mjs';

const PACKAGE_JSON = JSON.parse(fs.readFileSync(path.join(rt.REPO, 'package.json'), 'utf8'));
export const PACKAGE_NAME = PACKAGE_JSON.name;
export const TARBALL = path.join(rt.REPO, `${PACKAGE_NAME}-${PACKAGE_JSON.version}.tgz`);

/** Run a command to completion (output collected, not echoed); resolves with code and output. */
export function runQuiet(command, args, { cwd = rt.REPO, env = process.env } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, output }));
	});
}

/** npm: the one running this script (`npm run …`), else npm on PATH. */
export function npm(args, options) {
	const npmCli = process.env.npm_execpath;
	return npmCli && /npm-cli\.js$/.test(npmCli)
		? runQuiet(process.execPath, [npmCli, ...args], options)
		: runQuiet(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, options);
}

/** `npm run pack` (build, then npm pack); resolves with the tarball's path. */
export async function packPackage() {
	const started = Date.now();
	rt.log('npm run pack (build, then npm pack)…');
	const { code, output } = await npm(['run', 'pack']);
	if (code !== 0 || !fs.existsSync(TARBALL))
		throw new rt.UserError(`npm run pack failed (exit ${code}):\n${output.slice(-4000)}`);
	rt.log(`Packed ${path.basename(TARBALL)} in ${rt.formatSeconds(Date.now() - started)}.`);
	return TARBALL;
}

/** `--tarball=<file>` from the command line (a tarball packed before), else a new `npm run pack`. */
export async function tarballFromArgs(argv = process.argv) {
	const given = argv.find((arg) => arg.startsWith('--tarball='))?.slice('--tarball='.length);
	if (!given) return packPackage();
	const file = path.resolve(given);
	if (!fs.existsSync(file)) throw new rt.UserError(`--tarball: ${file} does not exist.`);
	return file;
}

/** The tarball's entries, without npm's `package/` prefix. */
export async function tarballEntries(tarball) {
	const { code, output } = await runQuiet('tar', ['-tzf', tarball]);
	if (code !== 0) throw new Error(`tar -tzf ${tarball} failed:\n${output}`);
	return output
		.split('\n')
		.filter(Boolean)
		.map((entry) => entry.replace(/^package\//, ''));
}

/** Unpack the tarball into a new empty `dir` (as `npm pack` + `tar` in n8n's own installer). */
export async function unpack(tarball, dir) {
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	const { code, output } = await runQuiet('tar', [
		'-xzf',
		tarball,
		'-C',
		dir,
		'--strip-components=1',
	]);
	if (code !== 0) throw new Error(`tar -xzf ${tarball} failed:\n${output}`);
	return dir;
}

/**
 * Install the tarball into `<userFolder>/.n8n/nodes` the way a user does by hand (`npm install
 * <tgz>` there), which leaves what Settings → Community Nodes leaves: the package in
 * nodes/node_modules/, named in nodes/package.json, and no copy of its peer n8n-workflow (n8n
 * strips peerDependencies before it installs; `--legacy-peer-deps` does the same for npm).
 * nodes/package.json is written first, as n8n does: without it npm would climb to a parent
 * folder's package.json (this repository's) and install there.
 */
export async function installIntoNodesFolder(tarball, userFolder) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	const manifest = path.join(nodesDir, 'package.json');
	if (!fs.existsSync(manifest))
		fs.writeFileSync(
			manifest,
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2),
		);
	const { code, output } = await npm(
		[
			'install',
			'--legacy-peer-deps',
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
			'--no-update-notifier',
			tarball,
		],
		{ cwd: nodesDir },
	);
	if (code !== 0)
		throw new rt.UserError(`npm install ${tarball} in ${nodesDir} failed:\n${output.slice(-3000)}`);
	return { nodesDir, packageDir: path.join(nodesDir, 'node_modules', PACKAGE_NAME) };
}

/**
 * n8n's environment for a user folder where the package is installed as a community package:
 * rt.n8nEnv() without the custom-extension folder, so the only copy n8n can load is the installed
 * one (node types `n8n-nodes-vapi.vapi` / `n8n-nodes-vapi.vapiTool`, as in the examples).
 */
export async function installedPackageEnv(userFolder, options = {}) {
	const env = await rt.n8nEnv({ userFolder, ...options });
	delete env.N8N_CUSTOM_EXTENSIONS;
	return env;
}

/** A fresh n8n user folder under .n8n/ with the tarball installed; resolves with its env. */
export async function freshN8nWithPackage(tarball, name, options = {}) {
	const userFolder = rt.userFolder(name, { fresh: true });
	const installed = await installIntoNodesFolder(tarball, userFolder);
	return { userFolder, ...installed, env: await installedPackageEnv(userFolder, options) };
}
