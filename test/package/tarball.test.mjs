// The npm package as published: `npm run pack` on a tree with build leftovers, what the tarball
// holds, whether its package.json points at files it has, and the tarball installed into a fresh
// real n8n 2.41.1 (its nodes folder, as Settings → Community Nodes installs) running the chained
// example against the Vapi simulator.
// Run: `npm run test:package` (node test/package/tarball.test.mjs). Not a jest file.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as rt from '../../scripts/n8n-runtime.mjs';
import {
	freshN8nWithPackage,
	packPackage,
	PACKAGE_NAME,
	TARBALL,
	tarballEntries,
	unpack,
} from './install.mjs';

const STEP_TIMEOUT = 300_000;
const UNPACKED = path.join(rt.REPO, '.tmp', 'tarball-test', 'package');
/** Left where a build used to pick them up: an e2e screenshot and an incremental-build file. */
const SCREENSHOT_PROBE = path.join(rt.SCREENSHOTS_DIR, 'tarball-test-probe.png');
const STALE_BUILD_INFO = path.join(rt.REPO, 'dist', 'tsconfig.tsbuildinfo');

/** What the tarball may hold: the built package and npm's always-included files. */
const ALLOWED = [
	/^package\.json$/,
	/^README\.md$/,
	/^LICENSE$/,
	/^CHANGELOG\.md$/,
	/^dist\/nodes\/Vapi\/.+\.(js|d\.ts|js\.map|json)$/,
	/^dist\/credentials\/[^/]+\.credentials\.(js|d\.ts|js\.map)$/,
	/^dist\/icons\/[^/]+\.svg$/,
];

let entries;
let manifest;

describe('npm run pack', () => {
	before(
		async () => {
			fs.rmSync(TARBALL, { force: true });
			fs.mkdirSync(path.dirname(SCREENSHOT_PROBE), { recursive: true });
			fs.copyFileSync(path.join(rt.REPO, 'icons', 'vapi.svg'), SCREENSHOT_PROBE);
			fs.mkdirSync(path.dirname(STALE_BUILD_INFO), { recursive: true });
			fs.writeFileSync(STALE_BUILD_INFO, '{}');
			try {
				await packPackage();
			} finally {
				fs.rmSync(SCREENSHOT_PROBE, { force: true });
			}
			entries = await tarballEntries(TARBALL);
			await unpack(TARBALL, UNPACKED);
			manifest = JSON.parse(fs.readFileSync(path.join(UNPACKED, 'package.json'), 'utf8'));
		},
		{ timeout: STEP_TIMEOUT },
	);

	it('builds first: the tarball has the compiled node, credential, codex and icons', () => {
		for (const file of [
			'package.json',
			'README.md',
			'LICENSE',
			'CHANGELOG.md',
			'dist/nodes/Vapi/Vapi.node.js',
			'dist/nodes/Vapi/Vapi.node.json',
			'dist/credentials/VapiApi.credentials.js',
			'dist/icons/vapi.svg',
			'dist/icons/vapi.dark.svg',
		]) {
			assert.ok(entries.includes(file), `${file} is in the tarball`);
		}
	});

	it('holds nothing else: no tests, simulator, bench, scripts, screenshots or build leftovers', () => {
		const unexpected = entries.filter((entry) => !ALLOWED.some((pattern) => pattern.test(entry)));
		assert.deepEqual(unexpected, []);
		for (const folder of ['test/', 'simulator/', 'bench/', 'scripts/', 'dist/test/']) {
			assert.deepEqual(
				entries.filter((e) => e.startsWith(folder) || e.includes(`/${folder}`)),
				[],
				folder,
			);
		}
		assert.deepEqual(
			entries.filter((e) => /\.(png|tsbuildinfo|tgz|ts)$/.test(e) && !e.endsWith('.d.ts')),
			[],
		);
		// the build's own output, too: dist/ is the package and nothing more
		assert.ok(!fs.existsSync(path.join(rt.REPO, 'dist', 'test')), 'no dist/test/');
		assert.ok(!fs.existsSync(STALE_BUILD_INFO), 'no dist/tsconfig.tsbuildinfo');
	});

	it("package.json's files, main and n8n entries resolve inside the tarball", () => {
		assert.equal(manifest.name, PACKAGE_NAME);
		for (const entry of manifest.files) {
			assert.ok(fs.existsSync(path.join(UNPACKED, entry)), `files: ${entry}`);
		}
		if (manifest.main) assert.ok(fs.existsSync(path.join(UNPACKED, manifest.main)), 'main');
		const { nodes, credentials } = manifest.n8n;
		assert.ok(nodes.length > 0 && credentials.length > 0);
		for (const file of [...nodes, ...credentials]) {
			assert.ok(fs.existsSync(path.join(UNPACKED, file)), `n8n: ${file}`);
		}
		assert.deepEqual(manifest.peerDependencies, { 'n8n-workflow': '*' });
		assert.equal(manifest.dependencies, undefined, 'no runtime dependencies');
		assert.ok(manifest.keywords.includes('n8n-community-node-package'));
	});

	it('the node and credential load from the tarball, and their icons and codex are in it', () => {
		// n8n-workflow resolves from this repository's node_modules (a parent of .tmp/)
		const requireFromPackage = createRequire(path.join(UNPACKED, 'package.json'));
		for (const file of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) {
			const exports = requireFromPackage(`./${file}`);
			const [Type] = Object.values(exports);
			const instance = new Type();
			const icon = instance.description?.icon ?? instance.icon;
			for (const iconPath of Object.values(icon)) {
				const resolved = path.resolve(
					path.dirname(path.join(UNPACKED, file)),
					iconPath.replace(/^file:/, ''),
				);
				assert.ok(fs.existsSync(resolved), `${file}: icon ${iconPath}`);
			}
			if (file.endsWith('.node.js')) {
				const codex = path.join(UNPACKED, file.replace(/\.js$/, '.json'));
				assert.equal(
					JSON.parse(fs.readFileSync(codex, 'utf8')).node,
					`${PACKAGE_NAME}.${instance.description.name}`,
				);
			}
		}
	});
});

describe('installed into a fresh n8n (nodes folder, as Settings → Community Nodes does)', () => {
	let sim;
	let installed;

	before(
		async () => {
			await rt.ensureRuntime();
			sim = await rt.startSimulator();
			installed = await freshN8nWithPackage(TARBALL, 'package-install');
			await rt.importCredential(installed.env, { apiKey: sim.apiKey, baseUrl: sim.url });
			// the example as it is in the repository: node type n8n-nodes-vapi.vapi, no rewriting
			const example = JSON.parse(
				fs.readFileSync(path.join(rt.EXAMPLES_DIR, 'chained-conversation.json'), 'utf8'),
			);
			await rt.importWorkflows(installed.env, [example]);
		},
		{ timeout: STEP_TIMEOUT },
	);
	after(() => rt.stopAll());

	it('the nodes folder holds the package and no copy of n8n-workflow', () => {
		const modules = fs.readdirSync(path.join(installed.nodesDir, 'node_modules'));
		assert.deepEqual(
			modules.filter((name) => !name.startsWith('.')),
			[PACKAGE_NAME],
		);
		const nodesManifest = JSON.parse(
			fs.readFileSync(path.join(installed.nodesDir, 'package.json'), 'utf8'),
		);
		assert.ok(nodesManifest.dependencies[PACKAGE_NAME], 'named in nodes/package.json');
		assert.equal(installed.env.N8N_CUSTOM_EXTENSIONS, undefined);
	});

	it(
		'n8n loads the node and runs the chained example: three turns, one conversation',
		{ timeout: STEP_TIMEOUT },
		async () => {
			const result = await rt.executeWorkflow(installed.env, 'vapiChainedConv1');
			assert.equal(
				result.execution?.status,
				'success',
				`execution failed:\n${(result.stdout + result.stderr).slice(-3000)}`,
			);
			const turns = [
				'Turn 1: introduce yourself',
				'Turn 2: continue the chat',
				'Turn 3: ask what it remembers',
			].map((name) => rt.nodeOutput(result.execution, name)?.[0]);
			const chats = (await sim.control('GET', '/__sim/requests')).filter(
				(r) => r.method === 'POST' && r.path === '/chat/responses',
			);
			assert.equal(chats.length, 3);
			assert.equal(chats[0].body.previousChatId, undefined);
			assert.equal(chats[1].body.previousChatId, turns[0].chatId);
			assert.equal(chats[2].body.previousChatId, turns[1].chatId);
			const [first, second, third] = chats.map((r) => r.body.input);
			assert.ok(
				turns[2].text.includes(`You said: "${third}". Earlier you said: "${first}", "${second}"`),
				turns[2].text,
			);
		},
	);
});
