// n8n's queue mode, for real: PostgreSQL and Redis (Debian's packages, our own throwaway servers),
// n8n main with EXECUTIONS_MODE=queue and two `n8n worker` processes, each with the package
// installed in its own user folder the way n8n installs a community package. Every execution runs
// in a worker (manual runs too: OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS=true); results are read back
// from main's REST API and PostgreSQL, and each worker's log says which executions it ran.
//
// Run: `npm run test:queue` (node test/queue/queue.test.mjs [--tarball=<file>]: a tarball packed
// before instead of `npm run pack`). Not a jest file.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import * as rt from '../../scripts/n8n-runtime.mjs';
import { assertOneLiveAnswer, postAndReadStream } from '../e2e/live.mjs';
import { continueRegular, LIVE_WEBHOOK_PATH, liveWebhook } from '../e2e/workflows.mjs';
import {
	installedPackageEnv,
	installIntoNodesFolder,
	tarballFromArgs,
} from '../package/install.mjs';
import { ensureServices, startPostgres, startRedis } from './services.mjs';
import { BULK_MAX_CONCURRENCY, BULK_WEBHOOK_PATH, bulkWebhook } from './workflows.mjs';

const API_KEY = `sk-queue-${crypto.randomBytes(12).toString('hex')}`;
const STEP_TIMEOUT = 300_000;
const WORKER_CONCURRENCY = 5;
const FRAME_DELAY_MS = 50;
const BULK_EXECUTIONS = 10;
const BULK_ITEMS_EACH = 50;
/**
 * Chats the simulator answers at once before it says 429: below one execution's Max Concurrent
 * Requests, far below what the fleet sends.
 */
const SIMULATOR_CHAT_LIMIT = 3;
const CHAT_EXAMPLE_ID = 'vapiChatAssist01';

const started = Date.now();
let stepStarted = started;
/** Log a finished setup step with the time it took. */
function step(message) {
	rt.log(`${message} (${rt.formatSeconds(Date.now() - stepStarted)})`);
	stepStarted = Date.now();
}
let sim;
let postgres;
let redis;
let main;
let rest;
let runtime;
const workers = [];
const responses = []; // every body n8n sent a caller, for the key check

/** Which worker ran an execution, from the workers' logs: its index, or -1 when none did. */
function workerOf(executionId) {
	const line = new RegExp(`Worker started execution ${executionId} \\(job`);
	const ran = workers.map((worker, index) => (line.test(worker.output()) ? index : -1));
	const found = ran.filter((index) => index >= 0);
	assert.ok(found.length <= 1, `execution ${executionId} ran in ${found.length} workers`);
	return found[0] ?? -1;
}

/** Wait for an execution to finish and read it back from main: `{ id, status, mode, data }`. */
async function finishedExecution(id, { timeoutMs = 120_000 } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const summary = await rest.get(`/rest/executions/${id}`);
		if (summary.stoppedAt && !['new', 'running', 'waiting'].includes(summary.status))
			return await rt.getExecution(rest, id, { runtime });
		if (Date.now() > deadline) throw new Error(`execution ${id} did not finish`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

/** Run a workflow as the editor's "Execute workflow" button does; main queues it for a worker. */
async function runManually(workflowId, triggerName) {
	const { executionId } = await rest.post(`/rest/workflows/${workflowId}/run`, {
		triggerToStartFrom: { name: triggerName },
	});
	assert.ok(executionId, 'main queued an execution');
	const execution = await finishedExecution(executionId);
	assert.equal(execution.status, 'success', JSON.stringify(execution.data?.resultData?.error));
	assert.equal(execution.mode, 'manual');
	assert.ok(workerOf(execution.id) >= 0, `execution ${execution.id} ran in a worker`);
	return execution;
}

/** The most requests that were being answered at the same moment. */
function mostAtOnce(requests) {
	const edges = requests.flatMap((r) => [
		[r.startedAt, 1],
		[r.finishedAt, -1],
	]);
	edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
	let now = 0;
	let most = 0;
	for (const [, change] of edges) most = Math.max(most, (now += change));
	return most;
}

async function chatRequests() {
	const requests = await sim.control('GET', '/__sim/requests');
	return requests.filter((r) => r.method === 'POST' && r.path === '/chat/responses');
}

// Setup runs before any test is declared: when it fails, the run stops with that one message.
try {
	runtime = await rt.ensureRuntime();
	const tarball = await tarballFromArgs();
	step(`n8n ${runtime.n8nVersion} installed, the package built and packed`);
	const services = await ensureServices();
	[postgres, redis] = await Promise.all([
		startPostgres(services.postgresBin),
		startRedis(services.redisServer),
	]);
	step(`PostgreSQL (:${postgres.port}) and Redis (:${redis.port}) started`);
	sim = await rt.startSimulator({ apiKey: API_KEY });
	const queueEnv = {
		...postgres.env,
		...redis.env,
		EXECUTIONS_MODE: 'queue',
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
	};
	/** Each process its own user folder with its own install of the package, as on separate hosts. */
	const envFor = async (name, port) => {
		const folder = rt.userFolder(path.join('queue', name), { fresh: true });
		await installIntoNodesFolder(tarball, folder);
		const env = await installedPackageEnv(folder, { port, logLevel: 'debug' });
		return { ...env, ...queueEnv };
	};
	const mainEnv = await envFor('main', await rt.freePort());
	await rt.importCredential(mainEnv, { apiKey: API_KEY, baseUrl: sim.url });
	const asInstalled = (workflow) =>
		rt.prepareWorkflow(workflow, { nodeType: rt.PACKAGE_NODE_TYPE });
	await rt.importWorkflows(mainEnv, [
		...rt.exampleFiles().map(asInstalled),
		...[continueRegular, liveWebhook, bulkWebhook].map(asInstalled),
	]);
	step('the credential and workflows imported into PostgreSQL');
	// The database is migrated by the imports: main and the workers can start together.
	const workerEnvs = [await envFor('worker-1'), await envFor('worker-2')];
	const [mainServer, ...workerServers] = await Promise.all([
		rt.startN8n(mainEnv, { keepAllOutput: true }),
		...workerEnvs.map((env, i) =>
			rt.startWorker(env, {
				concurrency: WORKER_CONCURRENCY,
				keepAllOutput: true,
				name: `worker ${i + 1}`,
			}),
		),
	]);
	main = mainServer;
	workers.push(...workerServers);
	step(`n8n main (EXECUTIONS_MODE=queue) on ${main.url} and ${workers.length} workers started`);
	await rt.ensureOwner(main.url);
	rest = await rt.n8nRest(main.url);
	const chatTrigger = asInstalled(
		path.join(rt.EXAMPLES_DIR, 'chat-with-vapi-assistant.json'),
	).nodes.find((n) => n.type.endsWith('.chatTrigger'));
	for (const [id, webhook] of [
		[liveWebhook.id, LIVE_WEBHOOK_PATH],
		[CHAT_EXAMPLE_ID, `${chatTrigger.webhookId}/chat`],
		[bulkWebhook.id, BULK_WEBHOOK_PATH],
	])
		await rt.publishWorkflow(main.url, rest, id, { webhooks: [webhook] });
	step('the webhook workflows published');
	rt.log(`Queue mode ready in ${rt.formatSeconds(Date.now() - started)}.`);
} catch (error) {
	await rt.stopAll();
	process.stderr.write(
		`\n✖ queue-mode setup failed: ${error instanceof rt.UserError ? error.message : error.stack}\n`,
	);
	process.exit(1);
}

after(async () => {
	// n8n first, then what it is connected to
	await Promise.all([main, ...workers].map((server) => server?.stop()));
	await Promise.all([postgres?.stop(), redis?.stop()]);
	await rt.stopAll();
	for (const name of ['main', 'worker-1', 'worker-2'])
		rt.removeEditorCache(path.join(rt.STATE_DIR, 'queue', name));
	rt.log(`test:queue took ${rt.formatSeconds(Date.now() - started)} in all.`);
});

describe('queue mode: the examples run in the workers', () => {
	it(
		'chained conversation: each turn continues the previous chat',
		{ timeout: STEP_TIMEOUT },
		async () => {
			await sim.control('POST', '/__sim/reset');
			const execution = await runManually('vapiChainedConv1', 'Start');
			const turns = [
				'Turn 1: introduce yourself',
				'Turn 2: continue the chat',
				'Turn 3: ask what it remembers',
			].map((name) => rt.nodeOutput(execution, name)[0]);
			const requests = await chatRequests();
			assert.deepEqual(
				requests.map((r) => r.body.previousChatId),
				[undefined, turns[0].chatId, turns[1].chatId],
				'turn 2 continues turn 1, turn 3 continues turn 2',
			);
			assert.deepEqual(
				requests.map((r) => r.chatId),
				turns.map((t) => t.chatId),
			);
			const [first, second] = requests.map((r) => `"${r.body.input}"`);
			assert.ok(turns[2].text.includes(`Earlier you said: ${first}, ${second}`), turns[2].text);
		},
	);

	it(
		'session conversation: the session keeps the earlier messages',
		{ timeout: STEP_TIMEOUT },
		async () => {
			await sim.control('POST', '/__sim/reset');
			const execution = await runManually('vapiSessionConv1', 'Start');
			const [session] = rt.nodeOutput(execution, 'Start a Vapi session');
			const requests = await chatRequests();
			assert.equal(requests.length, 3);
			assert.ok(requests.every((r) => r.body.sessionId === session.id));
			const [third] = rt.nodeOutput(execution, 'Message 3');
			const [first, second] = requests.map((r) => `"${r.body.input}"`);
			assert.ok(third.text.includes(`Earlier you said: ${first}, ${second}`), third.text);
		},
	);

	it(
		'continue-on-fail: a failing item becomes { error } in its place, the others are answered',
		{ timeout: STEP_TIMEOUT },
		async () => {
			await sim.control('POST', '/__sim/reset');
			const execution = await runManually(continueRegular.id, 'Start');
			const items = execution.data.resultData.runData['Ask each'][0].data.main[0];
			assert.deepEqual(
				items.map((item) => item.pairedItem),
				[{ item: 0 }, { item: 1 }, { item: 2 }],
			);
			assert.match(items[0].json.text, /You said: "first question"/);
			assert.deepEqual(Object.keys(items[1].json), ['error']);
			assert.match(items[1].json.error, /Assistant not found/);
			assert.match(items[2].json.text, /You said: "third question"/);
		},
	);

	it(
		'error handling example: failed items take the error output with their message',
		{ timeout: STEP_TIMEOUT },
		async () => {
			await sim.control('POST', '/__sim/reset');
			const execution = await runManually('vapiErrorHandle1', 'Start');
			assert.deepEqual(
				rt.nodeOutput(execution, 'Answered').map((a) => a.customer),
				['Ada', 'Margaret'],
			);
			const failed = rt.nodeOutput(execution, 'Needs a human');
			assert.deepEqual(
				failed.map((f) => f.customer),
				['Grace', 'Linus'],
			);
			assert.match(failed[0].problem, /Assistant not found/);
		},
	);
});

describe('queue mode: a bulk run shared by the workers', () => {
	it(
		`${BULK_EXECUTIONS} executions × ${BULK_ITEMS_EACH} items against a rate-limited Vapi: every item answered once, none sent twice, both workers busy`,
		{ timeout: STEP_TIMEOUT },
		async () => {
			await sim.control('POST', '/__sim/reset');
			await sim.control('POST', '/__sim/options', {
				maxConcurrentChats: SIMULATOR_CHAT_LIMIT,
				latencyMs: 20,
			});
			const batches = Array.from({ length: BULK_EXECUTIONS }, (_, b) =>
				Array.from({ length: BULK_ITEMS_EACH }, (_, i) => ({
					question: `Bulk question ${b * BULK_ITEMS_EACH + i + 1}`,
				})),
			);
			const before = (await rt.listExecutions(rest, bulkWebhook.id, { limit: 1 }))[0];
			const runStarted = Date.now();
			try {
				const answers = await Promise.all(
					batches.map((items) =>
						fetch(`${main.url}/webhook/${BULK_WEBHOOK_PATH}`, {
							method: 'POST',
							headers: { 'content-type': 'application/json' },
							body: JSON.stringify({ items }),
							signal: AbortSignal.timeout(STEP_TIMEOUT),
						}).then(async (response) => ({ status: response.status, text: await response.text() })),
					),
				);
				responses.push(...answers.map((a) => a.text));
				assert.deepEqual(
					answers.map((a) => a.status),
					batches.map(() => 200),
					answers.map((a) => a.text.slice(0, 300)).join('\n'),
				);
			} finally {
				await sim.control('POST', '/__sim/options', { maxConcurrentChats: null, latencyMs: 0 });
			}
			const seconds = (Date.now() - runStarted) / 1000;

			const summaries = (await rt.listExecutions(rest, bulkWebhook.id, { limit: 100 })).filter(
				(e) => before === undefined || Number(e.id) > Number(before.id),
			);
			assert.equal(summaries.length, BULK_EXECUTIONS, 'one execution per webhook call');
			const executions = await Promise.all(summaries.map((s) => finishedExecution(s.id)));
			const perWorker = workers.map(() => 0);
			const answered = new Map();
			for (const execution of executions) {
				assert.equal(execution.status, 'success');
				assert.equal(execution.mode, 'webhook');
				const worker = workerOf(execution.id);
				assert.ok(worker >= 0, `execution ${execution.id} ran in a worker`);
				perWorker[worker]++;
				for (const item of rt.nodeOutput(execution, 'Ask each')) {
					const question = /You said: "([^"]+)"/.exec(item.text)?.[1];
					assert.ok(question, item.text);
					answered.set(question, (answered.get(question) ?? 0) + 1);
				}
			}
			const questions = batches.flat().map((q) => q.question);
			assert.equal(answered.size, questions.length, 'every question has an answer');
			assert.ok(
				questions.every((q) => answered.get(q) === 1),
				'every question answered exactly once',
			);

			// What reached Vapi: each question accepted once; the rest of its tries were 429s.
			const requests = await chatRequests();
			const rateLimited = requests.filter((r) => r.outcome === 'rateLimited');
			const accepted = requests.filter((r) => r.outcome !== 'rateLimited');
			rt.log(
				`  bulk run: ${questions.length} items in ${BULK_EXECUTIONS} executions in ${seconds.toFixed(1)} s; ` +
					`executions per worker: ${perWorker.map((n, i) => `worker ${i + 1}: ${n}`).join(', ')}; ` +
					`${rateLimited.length} requests answered 429, at most ${mostAtOnce(accepted)} chats at once at Vapi ` +
					`(its limit ${SIMULATOR_CHAT_LIMIT}; Max Concurrent Requests ${BULK_MAX_CONCURRENCY} per execution, ` +
					`${WORKER_CONCURRENCY} executions at once per worker)`,
			);
			assert.ok(
				accepted.every((r) => r.outcome === 'ok'),
				'no request failed otherwise',
			);
			assert.deepEqual(
				accepted.map((r) => r.body.input).sort(),
				[...questions].sort(),
				'each question was sent (accepted) exactly once',
			);
			assert.ok(rateLimited.length > 0, 'the simulator rate-limited some requests');
			assert.ok(
				perWorker.every((count) => count > 0),
				`both workers ran executions: ${perWorker.join(' + ')}`,
			);
		},
	);
});

describe('queue mode: live answers relayed from the worker through main', () => {
	it(
		'Webhook (Streaming) → Send Message: the first chunk arrives before Vapi finished',
		{ timeout: STEP_TIMEOUT },
		async () => {
			await sim.control('POST', '/__sim/reset');
			await sim.control('POST', '/__sim/options', { frameDelayMs: FRAME_DELAY_MS });
			let response;
			try {
				response = await postAndReadStream(`${main.url}/webhook/${LIVE_WEBHOOK_PATH}`, {
					message: 'bench:600',
				});
			} finally {
				await sim.control('POST', '/__sim/options', { frameDelayMs: 0 });
			}
			responses.push(response.text);
			assert.equal(response.status, 200);
			const live = assertOneLiveAnswer(response.chunks, 'Ask Vapi', { minItems: 10 });
			const [chat] = await chatRequests();
			const margin = chat.finishedAt - live.firstItemAt;
			assert.ok(margin >= 5 * FRAME_DELAY_MS, `first chunk ${margin} ms before Vapi finished`);
			const execution = await rt.latestExecution(rest, liveWebhook.id, { runtime });
			assert.equal(execution.status, 'success');
			assert.ok(workerOf(execution.id) >= 0, 'a worker ran it');
			assert.equal(live.text, rt.nodeOutput(execution, 'Ask Vapi')[0].text);
			rt.log(
				`  live answer via worker ${workerOf(execution.id) + 1}: ${live.items.length} chunks, the first ${margin} ms before Vapi finished`,
			);
		},
	);

	it(
		'the chat example: answers stream live and the second quotes the first',
		{ timeout: STEP_TIMEOUT },
		async () => {
			await sim.control('POST', '/__sim/reset');
			await sim.control('POST', '/__sim/options', { frameDelayMs: FRAME_DELAY_MS });
			const workflow = rt.prepareWorkflow(
				path.join(rt.EXAMPLES_DIR, 'chat-with-vapi-assistant.json'),
			);
			const trigger = workflow.nodes.find((n) => n.type.endsWith('.chatTrigger'));
			const sessionId = crypto.randomUUID();
			const say = async (chatInput) => {
				const response = await postAndReadStream(`${main.url}/webhook/${trigger.webhookId}/chat`, {
					action: 'sendMessage',
					sessionId,
					chatInput,
				});
				responses.push(response.text);
				assert.equal(response.status, 200);
				return assertOneLiveAnswer(response.chunks, 'Ask the Vapi assistant');
			};
			let turns;
			try {
				turns = [await say("Hi! I'm Ada."), await say('What is my name?')];
			} finally {
				await sim.control('POST', '/__sim/options', { frameDelayMs: 0 });
			}
			assert.equal(turns[0].text, `Support Bot — You said: "Hi! I'm Ada.".`);
			assert.ok(turns[1].text.includes(`Earlier you said: "Hi! I'm Ada."`), turns[1].text);
			const chats = await chatRequests();
			assert.equal(chats.length, 2);
			chats.forEach((chat, i) =>
				assert.ok(turns[i].firstItemAt < chat.finishedAt, `turn ${i + 1} streamed live`),
			);
			const latest = await rt.latestExecution(rest, CHAT_EXAMPLE_ID, { runtime });
			assert.ok(workerOf(latest.id) >= 0, 'a worker ran it');
		},
	);
});

describe('queue mode: the API key stays secret', () => {
	it(
		'appears nowhere in PostgreSQL, Redis, the answers, nor the logs of main and the workers',
		{ timeout: STEP_TIMEOUT },
		async () => {
			const dump = await postgres.dump();
			assert.ok(dump.includes('Bulk question 500'), 'the dump holds the execution data');
			assert.ok(!dump.includes(API_KEY), 'the key is in the PostgreSQL dump');
			const snapshot = await redis.snapshot();
			assert.ok(!snapshot.includes(API_KEY), 'the key is in the Redis snapshot');
			assert.ok(responses.length >= BULK_EXECUTIONS + 3, 'the answers were collected');
			assert.ok(
				responses.every((text) => !text.includes(API_KEY)),
				'the key is in an answer',
			);
			const logs = [
				['main', main.output()],
				...workers.map((w, i) => [`worker ${i + 1}`, w.output()]),
			];
			for (const [name, text] of logs) {
				assert.match(text, /Vapi|vapi/, `${name}'s log is not empty`);
				assert.ok(!text.includes(API_KEY), `the key is in ${name}'s log`);
			}
			rt.log(
				`  checked: PostgreSQL dump ${Math.round(dump.length / 1024)} kB, Redis snapshot ${snapshot.length} B, ` +
					logs.map(([name, text]) => `${name} log ${Math.round(text.length / 1024)} kB`).join(', '),
			);
		},
	);
});
