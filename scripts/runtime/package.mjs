// The package as n8n gets it here: built into dist/ with the project's own build and staged as a
// custom extension (what demo, dev and the end-to-end tests load). The tarball, installed as a
// community package, is test/package/install.mjs's job.
import fs from 'node:fs';
import path from 'node:path';
import { runtimeFor } from './install.mjs';
import { REPO, STATE_DIR } from './paths.mjs';
import { formatSeconds, log, run, UserError } from './processes.mjs';

/** The node type of the package inside n8n: as a community package, and as a custom extension. */
export const PACKAGE_NODE_TYPE = 'n8n-nodes-vapi.vapi';
export const CUSTOM_NODE_TYPE = 'CUSTOM.vapi';

/** Where the built package is staged for n8n: a copy of dist/, see stagePackage(). */
export const EXTENSION_DIR = path.join(STATE_DIR, 'extension');
export const STAGED_PACKAGE_DIR = path.join(EXTENSION_DIR, 'n8n-nodes-vapi');

const builtNode = () => path.join(REPO, 'dist', 'nodes', 'Vapi', 'Vapi.node.js');

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
	if (!fs.existsSync(builtNode())) {
		throw new UserError('The build finished but dist/nodes/Vapi/Vapi.node.js is missing.');
	}
	log(`Built in ${formatSeconds(Date.now() - started)}.`);
}

function assertBuilt() {
	if (!fs.existsSync(builtNode()))
		throw new UserError('dist/ has no built node: run `npm run build` (or drop --skip-build).');
}

/**
 * Stage the built package for n8n (N8N_CUSTOM_EXTENSIONS): a copy of dist/ whose
 * `require('n8n-workflow')` finds the runtime's own copy. (Loaded straight from <repo>/dist it would
 * find the repo's dev copy in node_modules/ instead: a second n8n-workflow, so n8n's `instanceof
 * NodeApiError` checks fail and n8n re-wraps the node's errors, dropping e.g. their httpCode.
 * n8n installs community packages without their peer dependencies for this reason.)
 */
export function stagePackage({ runtime = runtimeFor() } = {}) {
	assertBuilt();
	fs.rmSync(STAGED_PACKAGE_DIR, { recursive: true, force: true });
	fs.mkdirSync(STAGED_PACKAGE_DIR, { recursive: true });
	fs.cpSync(path.join(REPO, 'dist'), path.join(STAGED_PACKAGE_DIR, 'dist'), { recursive: true });
	fs.copyFileSync(path.join(REPO, 'package.json'), path.join(STAGED_PACKAGE_DIR, 'package.json'));
	// node_modules beside (not inside) the folder n8n scans for *.node.js files
	const link = path.join(EXTENSION_DIR, 'node_modules', 'n8n-workflow');
	fs.mkdirSync(path.dirname(link), { recursive: true });
	fs.rmSync(link, { recursive: true, force: true });
	fs.symlinkSync(path.join(runtime.n8nDir, 'node_modules', 'n8n-workflow'), link, 'dir');
	return STAGED_PACKAGE_DIR;
}

/** Build (unless skipped) and stage the package for n8n. */
export async function preparePackage({ build = true, runtime } = {}) {
	if (build) await buildPackage();
	return stagePackage({ runtime });
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
