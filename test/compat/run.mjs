#!/usr/bin/env node
// `npm run test:compat`: the end-to-end tests (all but the browser check) on every n8n version of
// the matrix, each installed once under .n8n/versions/ on the Node it needs; on versions without
// live answers also ./live-fallback.test.mjs. Prints what works where (the README's Compatibility
// table) with the time each version took, and fails when a version does better or worse than the
// matrix says.
//
//   npm run test:compat                               every version of the matrix
//   npm run test:compat -- --versions oldest,newest   the oldest supported and the newest (CI)
//   npm run test:compat -- --versions 1.123.81,2.37.4 --skip-build
//   (a version outside the matrix is expected to have what n8n's release notes say, see matrix.mjs)

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as rt from '../../scripts/n8n-runtime.mjs';
import { E2E_TEST_PATTERNS, expectationsFor, FEATURES, MATRIX } from './matrix.mjs';

const HERE = path.join(rt.REPO, 'test', 'compat');
const RESULTS_DIR = path.join(rt.STATE_DIR, 'compat');

function chooseVersions(argv) {
	const index = argv.indexOf('--versions');
	const wanted = index >= 0 ? argv[index + 1].split(',') : ['all'];
	const chosen = wanted.flatMap((name) => {
		if (name === 'all') return MATRIX;
		if (name === 'oldest') return [MATRIX[0]];
		if (name === 'newest') return [MATRIX.at(-1)];
		return [expectationsFor(name)];
	});
	return [...new Map(chosen.map((v) => [v.n8n, v])).values()];
}

/** Run a node:test file on an n8n version; resolves with the reporter's results. */
function runTests(file, version, { patterns = [], label }) {
	const resultsFile = path.join(RESULTS_DIR, `${version}-${label}.jsonl`);
	fs.rmSync(resultsFile, { force: true });
	const args = [
		'--test-reporter=spec',
		'--test-reporter-destination=stdout',
		`--test-reporter=${path.join(HERE, 'results-reporter.mjs')}`,
		`--test-reporter-destination=${resultsFile}`,
		...patterns.map((p) => `--test-name-pattern=${p}`),
		file,
		'--skip-build',
	];
	return new Promise((resolve) => {
		const child = spawn(process.execPath, args, {
			cwd: rt.REPO,
			env: { ...process.env, N8N_RUNTIME_VERSION: version },
			stdio: ['ignore', 'inherit', 'inherit'],
		});
		child.on('close', () => {
			const lines = fs.existsSync(resultsFile)
				? fs.readFileSync(resultsFile, 'utf8').split('\n').filter(Boolean)
				: [];
			resolve(lines.map((line) => JSON.parse(line)));
		});
	});
}

/** Each test with the suite it belongs to (a suite's event comes after its tests'). */
function withSuites(results) {
	const tests = [];
	let pending = [];
	for (const result of results) {
		if (result.type === 'suite' && result.nesting === 0) {
			tests.push(...pending.map((t) => ({ ...t, suite: result.name })));
			pending = [];
		} else if (result.type !== 'suite') pending.push(result);
	}
	return [...tests, ...pending.map((t) => ({ ...t, suite: '' }))];
}

function belongsTo(feature, test) {
	return feature.tests.some(
		(selector) =>
			selector.suite.test(test.suite) && (!selector.test || selector.test.test(test.name)),
	);
}

/**
 * Per feature: what ran, and whether that is what the matrix expects. Tests no feature names (the
 * browser check, cancelled with its suite when the suite's setup fails) are not counted.
 */
function judge(version, tests) {
	const ran = tests.filter((t) => t.outcome !== 'skipped');
	return FEATURES.filter((f) => f.runs?.(version) ?? true).map((feature) => {
		const mine = ran.filter((t) => belongsTo(feature, t));
		const passed = mine.filter((t) => t.outcome === 'passed').length;
		const works = mine.length > 0 && passed === mine.length;
		const expected = feature.expected?.(version) ?? true;
		const asExpected = expected ? works : mine.length > 0 && passed === 0;
		return {
			feature: feature.feature,
			works,
			expected,
			passed,
			total: mine.length,
			asExpected,
			tests: mine,
		};
	});
}

async function main() {
	const versions = chooseVersions(process.argv);
	fs.mkdirSync(RESULTS_DIR, { recursive: true });
	if (!process.argv.includes('--skip-build')) await rt.buildPackage();
	const report = [];
	for (const version of versions) {
		rt.log(`── n8n ${version.n8n} ──`);
		const installStarted = Date.now();
		let runtime;
		try {
			runtime = await rt.ensureRuntime(rt.runtimeFor(version.n8n));
		} catch (error) {
			report.push({ version, error: `install failed: ${error.message}`, rows: [] });
			continue;
		}
		const installMs = Date.now() - installStarted;
		const runStarted = Date.now();
		const results = await runTests(path.join(rt.REPO, 'test', 'e2e', 'n8n.e2e.mjs'), version.n8n, {
			patterns: E2E_TEST_PATTERNS,
			label: 'e2e',
		});
		if (!version.liveAnswers)
			results.push(
				...(await runTests(path.join(HERE, 'live-fallback.test.mjs'), version.n8n, {
					label: 'fallback',
				})),
			);
		rt.removeEditorCache(path.join(rt.STATE_DIR, 'e2e'));
		const rows = judge(version, withSuites(results));
		report.push({
			version,
			node: runtime.nodeVersion,
			installMs,
			runMs: Date.now() - runStarted,
			rows,
		});
	}
	fs.writeFileSync(path.join(RESULTS_DIR, 'report.json'), JSON.stringify(report, null, '\t'));
	return printReport(report);
}

/** The report as the README's table: a row per version, a column per feature. */
function markdownTable(report) {
	const header = ['n8n', 'Node', ...FEATURES.map((f) => f.feature)];
	const lines = [header, header.map(() => '---')];
	for (const entry of report.filter((e) => !e.error)) {
		const cells = FEATURES.map((f) => {
			const row = entry.rows.find((r) => r.feature === f.feature);
			return row ? (row.works ? '✔' : '✖') : '–';
		});
		lines.push([entry.version.n8n, entry.node.split('.')[0], ...cells]);
	}
	return lines.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

function printReport(report) {
	let ok = true;
	process.stdout.write(
		'\nCompatibility (✔ works, ✖ does not; ! = not what test/compat/matrix.mjs expects)\n',
	);
	for (const entry of report) {
		const { version } = entry;
		if (entry.error) {
			ok = false;
			process.stdout.write(`\n! n8n ${version.n8n}: ${entry.error}\n`);
			continue;
		}
		process.stdout.write(
			`\nn8n ${version.n8n} on Node ${entry.node}: install ${rt.formatSeconds(entry.installMs)}` +
				`${entry.installMs < 2000 ? ' (cached)' : ''}, tests ${rt.formatSeconds(entry.runMs)}\n`,
		);
		if (entry.rows.every((row) => row.total === 0)) {
			ok = false;
			process.stdout.write('  ! no test ran (the setup failed: see the output above)\n');
			continue;
		}
		for (const row of entry.rows) {
			if (!row.asExpected) ok = false;
			process.stdout.write(
				`  ${row.asExpected ? ' ' : '!'} ${row.works ? '✔' : '✖'} ${row.feature} (${row.passed}/${row.total})\n`,
			);
			if (!row.asExpected)
				for (const t of row.tests.filter((t) => t.outcome === 'failed'))
					process.stdout.write(`        ✖ ${t.name}: ${t.error}\n`);
		}
	}
	const table = markdownTable(report);
	fs.writeFileSync(path.join(RESULTS_DIR, 'table.md'), table + '\n');
	process.stdout.write(`\n${table}\n`);
	process.stdout.write(
		`\n${ok ? '✔ every version works as the matrix says' : '✖ see the ! lines above'}\n`,
	);
	return ok ? 0 : 1;
}

rt.runMain(main);
