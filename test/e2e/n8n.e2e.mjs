// End-to-end: the built package in real n8n 2.41.1 (Node 24) against the Vapi simulator.
//   1. every example workflow and three error workflows run with `n8n execute`; their outputs are
//      checked item by item, together with what reached the simulator;
//   2. the API key appears nowhere: not in any execution's data or n8n's output, not in plain
//      text in n8n's database;
//   3. the editor in Debian's chromium: log in, open a Vapi node, check its fields, run the step.
// Run: `npm run test:e2e` (node test/e2e/n8n.e2e.mjs [--skip-build]). Not a jest file.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import * as rt from '../../scripts/n8n-runtime.mjs';
import { runEditorChecks } from './editor.mjs';
import { BAD_KEY_CREDENTIAL, testWorkflows, UNKNOWN_ASSISTANT_ID } from './workflows.mjs';

const API_KEY = `sk-e2e-${crypto.randomBytes(12).toString('hex')}`;
const BAD_KEY = `sk-wrong-${crypto.randomBytes(12).toString('hex')}`;
const STEP_TIMEOUT = 180_000;

let sim;
let env;
const outputs = []; // every piece of text n8n printed, for the key check

/** Run a workflow with `n8n execute` and return its execution plus the Vapi requests it made. */
async function execute(id) {
	await sim.control('POST', '/__sim/reset');
	const result = await rt.executeWorkflow(env, id);
	outputs.push({ what: `n8n execute --id=${id}`, text: result.stdout + result.stderr });
	const requests = await sim.control('GET', '/__sim/requests');
	return {
		...result,
		requests,
		chatRequests: requests.filter((r) => r.method === 'POST' && r.path === '/chat/responses'),
	};
}

function succeeded(result) {
	assert.equal(
		result.execution?.status,
		'success',
		`execution failed:\n${(result.stdout + result.stderr).slice(-3000)}`,
	);
	return result.execution;
}

function failed(result) {
	assert.equal(result.code, 1, 'n8n execute should exit 1 for a failed run');
	const error = result.execution?.data?.resultData?.error;
	assert.ok(error, `no error in the execution:\n${(result.stdout + result.stderr).slice(-3000)}`);
	return error;
}

const quoted = (text) => `"${text}"`;

// Setup runs before any test is declared: when it fails (no runtime, a build error) the run stops
// with that one message instead of failing every test with it.
try {
	await rt.ensureRuntime();
	await rt.preparePackage({ build: !process.argv.includes('--skip-build') });
	sim = await rt.startSimulator({ apiKey: API_KEY });
	env = await rt.n8nEnv({ userFolder: rt.userFolder('e2e', { fresh: true }) });
	rt.log('Importing credentials and workflows into a fresh n8n (.n8n/e2e)…');
	await rt.importCredential(env, { apiKey: API_KEY, baseUrl: sim.url });
	await rt.importCredential(env, { apiKey: BAD_KEY, baseUrl: sim.url, ...BAD_KEY_CREDENTIAL });
	const examples = rt.exampleFiles().map((file) => rt.prepareWorkflow(file, { baseUrl: sim.url }));
	await rt.importWorkflows(env, [...examples, ...testWorkflows.map((w) => rt.prepareWorkflow(w))]);
} catch (error) {
	await rt.stopAll();
	process.stderr.write(
		`\n✖ end-to-end setup failed: ${error instanceof rt.UserError ? error.message : error.stack}\n`,
	);
	process.exit(1);
}

after(() => rt.stopAll());

describe('examples run in real n8n (n8n execute)', () => {
	it(
		'chained conversation: each turn continues the previous chat and the third answer quotes the first turn',
		{ timeout: STEP_TIMEOUT },
		async () => {
			const result = await execute('vapiChainedConv1');
			const execution = succeeded(result);
			const workflow = rt.prepareWorkflow(path.join(rt.EXAMPLES_DIR, 'chained-conversation.json'));
			const names = workflow.nodes
				.filter((n) => n.type === rt.CUSTOM_NODE_TYPE)
				.sort((a, b) => a.position[0] - b.position[0]);
			const inputs = names.map((n) => n.parameters.input);
			const turns = names.map((n) => rt.nodeOutput(execution, n.name));
			turns.forEach((items, i) =>
				assert.equal(items.length, 1, `turn ${i + 1} should output one item`),
			);
			const [t1, t2, t3] = turns.map((items) => items[0]);
			for (const t of [t1, t2, t3]) {
				assert.deepEqual(Object.keys(t).sort(), ['chatId', 'output', 'status', 'text']);
				assert.equal(t.status, 'completed');
			}
			assert.equal(new Set([t1.chatId, t2.chatId, t3.chatId]).size, 3, 'three different chat ids');

			assert.equal(result.chatRequests.length, 3);
			const bodies = result.chatRequests.map((r) => r.body);
			assert.equal(bodies[0].previousChatId, undefined);
			assert.equal(bodies[1].previousChatId, t1.chatId, 'turn 2 continues turn 1');
			assert.equal(bodies[2].previousChatId, t2.chatId, 'turn 3 continues turn 2');
			assert.deepEqual(
				bodies.map((b) => b.input),
				inputs,
			);
			assert.ok(
				bodies.every((b) => b.stream === true && b.assistantId === rt.EXAMPLE_ASSISTANT_ID),
			);
			assert.equal(result.chatRequests[0].headers.authorization, `Bearer ${API_KEY}`);

			assert.ok(t3.text.includes(`You said: ${quoted(inputs[2])}`), t3.text);
			assert.ok(
				t3.text.includes(`Earlier you said: ${quoted(inputs[0])}, ${quoted(inputs[1])}`),
				t3.text,
			);
		},
	);

	it(
		'scheduled bulk run: one answer per item, each with its own customer variable',
		{ timeout: STEP_TIMEOUT },
		async () => {
			const result = await execute('vapiBulkRun00001');
			const execution = succeeded(result);
			const answers = rt.nodeOutput(execution, 'Answers');
			assert.deepEqual(
				answers.map((a) => a.customer),
				['Ada', 'Grace', 'Linus', 'Margaret'],
			);
			for (const answer of answers) {
				assert.ok(answer.answer.includes(`customerName="${answer.customer}"`), answer.answer);
				assert.ok(answer.answer.includes(`You said: ${quoted(answer.question)}`), answer.answer);
				assert.ok(!answer.answer.includes('Earlier you said'), 'items are separate conversations');
			}
			assert.equal(new Set(answers.map((a) => a.chatId)).size, 4);
			assert.deepEqual(
				result.chatRequests
					.map((r) => [r.body.name, r.body.assistantOverrides?.variableValues?.customerName])
					.sort(),
				answers.map((a) => [`Daily FAQ: ${a.customer}`, a.customer]).sort(),
			);
		},
	);

	it(
		'session conversation: every message goes to the session, which keeps the earlier ones',
		{ timeout: STEP_TIMEOUT },
		async () => {
			const result = await execute('vapiSessionConv1');
			const execution = succeeded(result);
			const [session] = rt.nodeOutput(execution, 'Start a Vapi session');
			assert.match(session.id, /^[0-9a-f-]{36}$/);
			const sessionRequests = result.requests.filter((r) => r.path === '/session');
			assert.equal(sessionRequests.length, 1);
			assert.equal(
				sessionRequests[0].headers.authorization,
				`Bearer ${API_KEY}`,
				'HTTP Request used the Vapi credential',
			);
			assert.equal(result.chatRequests.length, 3);
			for (const { body } of result.chatRequests) {
				assert.equal(body.sessionId, session.id);
				assert.equal(body.assistantId, undefined);
				assert.equal(body.previousChatId, undefined);
			}
			const inputs = result.chatRequests.map((r) => r.body.input);
			const [third] = rt.nodeOutput(execution, 'Message 3');
			assert.ok(
				third.text.includes(`Earlier you said: ${quoted(inputs[0])}, ${quoted(inputs[1])}`),
				third.text,
			);
		},
	);

	it(
		'error handling: failed items go to the error output with a clear message, the others are answered',
		{ timeout: STEP_TIMEOUT },
		async () => {
			const result = await execute('vapiErrorHandle1');
			const execution = succeeded(result);
			const answered = rt.nodeOutput(execution, 'Answered');
			const failedItems = rt.nodeOutput(execution, 'Needs a human');
			assert.deepEqual(
				answered.map((a) => a.customer),
				['Ada', 'Margaret'],
			);
			assert.ok(answered.every((a) => a.answer.startsWith('Support Bot — You said:')));
			assert.deepEqual(
				failedItems.map((f) => f.customer),
				['Grace', 'Linus'],
			);
			assert.match(failedItems[0].problem, /Assistant not found/);
			assert.match(failedItems[1].problem, /message|input/i);
			// the empty question was refused before any request: only three chats reached Vapi
			assert.equal(result.chatRequests.length, 3);
			assert.ok(result.chatRequests.some((r) => r.body.assistantId === UNKNOWN_ASSISTANT_ID));
		},
	);
});

describe('the package as n8n loads it', () => {
	it('requires nothing but n8n-workflow (a community install has no other dependency)', () => {
		assert.deepEqual(
			rt.packageRequires().filter((name) => !name.startsWith('node:')),
			['n8n-workflow'],
		);
	});
});

describe('errors in real n8n', () => {
	it(
		"a Vapi error stops the run with a NodeApiError carrying Vapi's message and status",
		{ timeout: STEP_TIMEOUT },
		async () => {
			const error = failed(await execute('e2eStopOnError01'));
			assert.equal(error.name, 'NodeApiError');
			assert.match(error.message, /Assistant not found/);
			assert.equal(String(error.httpCode), '404');
			assert.equal(error.node?.name, 'Ask unknown assistant');
		},
	);

	it(
		"a wrong API key gives Vapi's 401 message and a hint, never the key",
		{ timeout: STEP_TIMEOUT },
		async () => {
			const result = await execute('e2eBadKey0000001');
			const error = failed(result);
			assert.equal(error.name, 'NodeApiError');
			assert.match(error.message, /Invalid Key/);
			assert.equal(String(error.httpCode), '401');
			assert.ok(error.description, 'a hint for the user');
			assert.equal(result.chatRequests[0].headers.authorization, `Bearer ${BAD_KEY}`);
		},
	);

	it(
		'continue-on-fail (regular output) keeps every item in order, a failed one as { error }',
		{ timeout: STEP_TIMEOUT },
		async () => {
			const execution = succeeded(await execute('e2eContinueReg01'));
			const runs = execution.data.resultData.runData['Ask each'][0].data.main[0];
			assert.deepEqual(
				runs.map((item) => item.pairedItem),
				[{ item: 0 }, { item: 1 }, { item: 2 }],
			);
			const [first, second, third] = runs.map((item) => item.json);
			assert.match(first.text, /You said: "first question"/);
			assert.deepEqual(Object.keys(second), ['error']);
			assert.match(second.error, /Assistant not found/);
			assert.match(third.text, /You said: "third question"/);
		},
	);
});

describe('the editor in a real browser (Debian chromium)', () => {
	it(
		'logs in, opens the Vapi node, shows the Send Message fields, runs the step and shows the answer',
		{ timeout: 600_000 },
		async () => {
			const port = await rt.freePort();
			const serverEnv = await rt.n8nEnv({
				userFolder: env.N8N_USER_FOLDER,
				port,
				logLevel: 'info',
			});
			const server = await rt.startN8n(serverEnv);
			try {
				await rt.ensureOwner(server.url);
				await runEditorChecks({ url: server.url, owner: rt.OWNER, log: (m) => rt.log(m) });
			} finally {
				await server.stop();
				outputs.push({ what: 'n8n start', text: server.output() });
			}
		},
	);
});

describe('the API key stays secret', () => {
	it("appears in no execution data, no output of n8n (CLI or server), not in plain text in n8n's database", () => {
		assert.ok(outputs.length >= 7, 'the workflows ran first');
		for (const { what, text } of outputs) {
			assert.ok(
				!text.includes(API_KEY) && !text.includes(BAD_KEY),
				`a key appears in the output of ${what}`,
			);
		}
		const n8nDir = path.join(env.N8N_USER_FOLDER, '.n8n');
		for (const file of fs.readdirSync(n8nDir).filter((f) => f.startsWith('database.sqlite'))) {
			const bytes = fs.readFileSync(path.join(n8nDir, file));
			assert.ok(
				!bytes.includes(API_KEY) && !bytes.includes(BAD_KEY),
				`a key is stored in plain text in ${file}`,
			);
		}
	});
});
