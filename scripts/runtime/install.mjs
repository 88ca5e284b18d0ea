// Install n8n, each version once, on the Node it needs, cached under .n8n/.
//
// The pinned n8n (N8N_VERSION, on Node NODE_VERSION) lives in .n8n/runtime/; it is what `npm run
// demo`, `npm run dev`, the end-to-end and the queue-mode tests use. Any other version (the
// compatibility matrix, or N8N_RUNTIME_VERSION=<version> for any script) goes to
// .n8n/versions/<version>/, on the oldest Node line its `engines` allows (22, else 24), installed
// from the npm package `node-<platform>-<arch>` into .n8n/node/<node version>/. A stamp file per
// version records what was installed; a missing stamp (a failed or interrupted install) reinstalls.
//
// n8n is installed without install scripts (its dependency tree has many that download from the
// internet); only sqlite3, which n8n needs, is rebuilt for the chosen Node.
//
// Verified on linux-x64. Elsewhere the matching `node-<platform>-<arch>` package is tried; set
// N8N_RUNTIME_NODE to a Node 24 binary to run the pinned n8n on your own.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';
import { STATE_DIR } from './paths.mjs';
import { formatSeconds, log, run, UserError } from './processes.mjs';
import { spawn } from 'node:child_process';

export const N8N_VERSION = '2.41.1';
export const NODE_VERSION = '24.21.0';
/** Node versions for other n8n versions, oldest line first: the first one `engines` allows wins. */
export const NODE_CANDIDATES = ['22.23.5', NODE_VERSION];

export const RUNTIME_DIR = path.join(STATE_DIR, 'runtime');
const NODE_PACKAGE = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;

/**
 * n8n before 2.37 depends on xlsx as a tarball from cdn.sheetjs.com, outside the npm registry.
 * The registry's last xlsx stands in; only the Spreadsheet File nodes use it, none of ours does.
 */
const NPM_OVERRIDES = { xlsx: '0.18.5' };

function nodeBinIn(dir) {
	return path.join(dir, 'node_modules', NODE_PACKAGE, 'bin', 'node');
}

function readJson(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return undefined;
	}
}

/**
 * Where an n8n version lives and what it runs on: `{ n8nVersion, nodeVersion, nodeBin, n8nBin,
 * n8nDir (holds node_modules/n8n), installed }`. Without an argument: N8N_RUNTIME_VERSION when set,
 * else the pinned version. For an unpinned version not yet installed, nodeVersion is undefined
 * (chosen from n8n's engines during the install).
 */
export function runtimeFor(n8nVersion = process.env.N8N_RUNTIME_VERSION || N8N_VERSION) {
	const pinned = n8nVersion === N8N_VERSION;
	const dir = pinned ? RUNTIME_DIR : path.join(STATE_DIR, 'versions', n8nVersion);
	const n8nDir = pinned ? path.join(dir, 'n8n') : dir;
	const stampFile = path.join(dir, 'stamp.json');
	const stamp = readJson(stampFile);
	const nodeVersion = pinned ? NODE_VERSION : stamp?.node?.split('@')[1];
	const nodeDir = pinned
		? path.join(dir, 'node24')
		: nodeVersion && path.join(STATE_DIR, 'node', nodeVersion);
	const ownNode = pinned ? process.env.N8N_RUNTIME_NODE : undefined;
	const nodeBin = ownNode || (nodeDir && nodeBinIn(nodeDir));
	const n8nBin = path.join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n');
	const installed =
		stamp?.n8n === n8nVersion &&
		stamp?.node === `${NODE_PACKAGE}@${nodeVersion}` &&
		fs.existsSync(nodeBin) &&
		fs.existsSync(n8nBin);
	return {
		n8nVersion,
		nodeVersion,
		nodeBin,
		n8nBin,
		n8nDir,
		nodeDir,
		ownNode,
		stampFile,
		installed,
	};
}

/** The default runtime's n8n binary (see runtimeFor). */
export const N8N_BIN = runtimeFor().n8nBin;

/** Whether the default runtime (see runtimeFor) is installed. */
export function runtimeIsInstalled(runtime = runtimeFor()) {
	return runtime.installed;
}

/** PATH with the runtime's Node first, so n8n's children and native-addon rebuilds use it. */
export function pathWithNode(nodeBin) {
	return [path.dirname(nodeBin), process.env.PATH].join(path.delimiter);
}

/**
 * Install `runtime` (from runtimeFor) unless its stamp says it is there; resolves with the
 * installed runtime and `seconds` spent installing (0 when it was there).
 * Idempotent; prints progress; a failed install leaves no stamp, so the next run tries again.
 */
export async function ensureRuntime(runtime = runtimeFor()) {
	if (runtime.installed) return { ...runtime, seconds: 0 };
	if (!['linux', 'darwin', 'win32'].includes(process.platform)) {
		throw new UserError(
			`No Node package for platform ${process.platform}; set N8N_RUNTIME_NODE to a Node 24 binary.`,
		);
	}
	const started = Date.now();
	const { n8nVersion, n8nDir, stampFile } = runtime;
	log(`Installing n8n ${n8nVersion} once into ${path.relative(path.dirname(STATE_DIR), n8nDir)}/.`);
	log(
		'The first install downloads ~1 GB of packages and takes a few minutes; later runs reuse it.',
	);
	fs.rmSync(stampFile, { force: true });

	writeInstallPackage(n8nDir, 'n8n-nodes-vapi-runtime-n8n', { overrides: NPM_OVERRIDES });
	log(`[1/3] n8n ${n8nVersion} (without install scripts)`);
	await npmWithProgress(['install', '--ignore-scripts', `n8n@${n8nVersion}`], {
		cwd: n8nDir,
		label: `n8n ${n8nVersion}`,
	});

	const engines = readJson(path.join(n8nDir, 'node_modules', 'n8n', 'package.json'))?.engines?.node;
	const nodeVersion = runtime.nodeVersion ?? chooseNode(n8nDir, engines);
	const nodeDir = runtime.nodeDir ?? path.join(STATE_DIR, 'node', nodeVersion);
	const nodeBin = runtime.ownNode || nodeBinIn(nodeDir);
	if (!runtime.ownNode && !fs.existsSync(nodeBin)) {
		log(`[2/3] Node ${nodeVersion} (npm package ${NODE_PACKAGE}), for n8n's engines "${engines}"`);
		writeInstallPackage(nodeDir, 'n8n-nodes-vapi-runtime-node');
		await npmWithProgress(['install', '--ignore-scripts', `${NODE_PACKAGE}@${nodeVersion}`], {
			cwd: nodeDir,
			label: `Node ${nodeVersion}`,
		});
		if (!fs.existsSync(nodeBin))
			throw new UserError(`The Node package installed, but ${nodeBin} is missing.`);
	} else log(`[2/3] Node ${nodeVersion}: already installed`);

	log(`[3/3] rebuilding sqlite3 for Node ${nodeVersion}`);
	const env = { PATH: pathWithNode(nodeBin) };
	await npmWithProgress(
		[
			'rebuild',
			'sqlite3',
			'--ignore-scripts=false',
			`--nodedir=${path.resolve(path.dirname(nodeBin), '..')}`,
		],
		{ cwd: n8nDir, label: 'sqlite3 rebuild', env },
	);
	const check = await run(nodeBin, ['-e', "require('sqlite3'); console.log('sqlite3 ok')"], {
		cwd: n8nDir,
		quiet: true,
	});
	if (check.code !== 0)
		throw new UserError(
			`sqlite3 does not load under Node ${nodeVersion} after the rebuild:\n${check.output.slice(-2000)}`,
		);

	const seconds = Math.round((Date.now() - started) / 1000);
	const stamp = {
		n8n: n8nVersion,
		node: `${NODE_PACKAGE}@${nodeVersion}`,
		installedAt: new Date().toISOString(),
		seconds,
	};
	fs.writeFileSync(stampFile, JSON.stringify(stamp, null, '\t') + '\n');
	log(`n8n ${n8nVersion} on Node ${nodeVersion} ready in ${formatSeconds(Date.now() - started)}.`);
	return { ...runtimeFor(n8nVersion), seconds };
}

/** The first of NODE_CANDIDATES that n8n's engines range allows (checked with n8n's own semver). */
function chooseNode(n8nDir, engines) {
	if (!engines) return NODE_CANDIDATES[0];
	const semver = createRequire(path.join(n8nDir, 'node_modules', 'n8n', 'package.json'))('semver');
	const fit = NODE_CANDIDATES.find((version) => semver.satisfies(version, engines));
	if (!fit)
		throw new UserError(
			`None of the Node versions ${NODE_CANDIDATES.join(', ')} satisfies n8n's engines "${engines}".`,
		);
	return fit;
}

function writeInstallPackage(dir, name, extra = {}) {
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(
		path.join(dir, 'package.json'),
		JSON.stringify({ name, private: true, ...extra }, null, '\t') + '\n',
	);
	fs.writeFileSync(path.join(dir, '.npmrc'), 'ignore-scripts=true\nfund=false\naudit=false\n');
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
