// End-to-end: the built package in real n8n 2.41.1 (Node 24) against the Vapi simulator.
//   1. every example workflow and three error workflows run with `n8n execute`; their outputs are
//      checked item by item, together with what reached the simulator;
//   2. the API key appears nowhere: not in any execution's data or n8n's output, not in plain
//      text in n8n's database;
//   3. with `n8n start`: live answers — a Webhook and the chat example's Chat Trigger in response
//      mode Streaming, published, called over HTTP; the caller reads the answer as n8n's
//      newline-delimited JSON chunks while the simulator is still streaming it;
//   4. the credential's Base URL: trimmed, a proxy with a path, the EU region (through a local proxy
//      that refuses the CONNECT), n8n's Allowed HTTP Request Domains, an unusable one refused;
//   5. the editor in Debian's chromium: log in, open a saved (version-1) Vapi node, check its
//      fields, run the step; the chat example opens with its nodes known; then a user's first five
//      minutes: "vapi" in the node panel finds the node first (new workflow, after a trigger, the
//      AI Agent's tools), Send Message version 2's Conversation shows only the fields and Send To
//      options valid with it and runs, and the credential dialog shows the test's hints.
// Run: `npm run test:e2e` (node test/e2e/n8n.e2e.mjs [--skip-build]). Not a jest file.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as rt from '../../scripts/n8n-runtime.mjs';
import {
	checkAddNodeByName,
	checkAgentToolList,
	checkChatExample,
	checkConversationChoice,
	checkCredentialHints,
	checkSendMessagePanel,
	withEditor,
} from './editor.mjs';
import {
	importVapiCredential,
	sendMessageWorkflow,
	startPathProxy,
	startRefusingProxy,
} from './base-url.mjs';
import { assertOneLiveAnswer, postAndReadStream, withoutKeepalives } from './live.mjs';
import {
	BAD_KEY_CREDENTIAL,
	LIVE_WEBHOOK_PATH,
	liveWebhook,
	testWorkflows,
	UNKNOWN_ASSISTANT_ID,
} from './workflows.mjs';

const API_KEY = `sk-e2e-${crypto.randomBytes(12).toString('hex')}`;
const BAD_KEY = `sk-wrong-${crypto.randomBytes(12).toString('hex')}`;
const STEP_TIMEOUT = 180_000;
/** The simulator's pause between SSE frames while the live-answer tests run (0 otherwise). */
const FRAME_DELAY_MS = 50;
const CHAT_EXAMPLE_ID = 'vapiChatAssist01';

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
				assert.deepEqual(Object.keys(t).sort(), ['chatId', 'status', 'text']);
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
			assert.equal(sessionRequests[0].method, 'POST', 'the Vapi node (Session → Create) made it');
			assert.deepEqual(sessionRequests[0].body, {
				assistantId: rt.EXAMPLE_ASSISTANT_ID,
				name: 'n8n session example',
				expirationSeconds: 3600,
			});
			assert.equal(sessionRequests[0].headers.authorization, `Bearer ${API_KEY}`);
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

describe("the credential's Base URL in real n8n", () => {
	let pathProxy;
	let refusingProxy;
	const credentials = {
		proxy: { id: 'vapiProxyCred001', baseUrl: () => `  ${pathProxy.url}/vapi/  ` },
		eu: { id: 'vapiEuCred000001', baseUrl: () => 'https://api.eu.vapi.ai/' },
		broken: { id: 'vapiBrokenCred01', baseUrl: () => 'api.vapi.ai' },
	};
	const workflowOf = (key) => `e2eBaseUrl${key.padEnd(6, '0')}`;

	before(
		async () => {
			pathProxy = await startPathProxy(sim.url);
			refusingProxy = await startRefusingProxy();
			for (const [key, { id, baseUrl }] of Object.entries(credentials)) {
				await importVapiCredential(env, {
					id,
					name: id,
					// Restricted to a domain that is none of these: n8n lets a node reach its own endpoint.
					data: {
						apiKey: API_KEY,
						baseUrl: baseUrl(),
						allowedHttpRequestDomains: 'domains',
						allowedDomains: 'example.com',
					},
				});
				await rt.importWorkflows(env, [
					rt.prepareWorkflow(sendMessageWorkflow(workflowOf(key), id)),
				]);
			}
		},
		{ timeout: STEP_TIMEOUT },
	);

	after(async () => {
		await pathProxy?.close();
		await refusingProxy?.close();
	});

	it(
		'a proxy with a path, written with spaces and a slash: the request goes through it',
		{ timeout: STEP_TIMEOUT },
		async () => {
			const execution = succeeded(await execute(workflowOf('proxy')));
			const [item] = rt.nodeOutput(execution, 'Ask Vapi');
			assert.match(item.text, /You said: "Hello"/);
			assert.deepEqual(
				pathProxy.seen.map((request) => `${request.method} ${request.url}`),
				['POST /vapi/chat/responses'],
			);
		},
	);

	it(
		'the EU region: n8n asks for api.eu.vapi.ai (the local proxy refuses; nothing leaves)',
		{ timeout: STEP_TIMEOUT },
		async () => {
			await sim.control('POST', '/__sim/reset');
			const result = await rt.executeWorkflow(
				{ ...env, HTTPS_PROXY: refusingProxy.url, NO_PROXY: '127.0.0.1,localhost,::1' },
				workflowOf('eu'),
			);
			outputs.push({ what: 'n8n execute (EU)', text: result.stdout + result.stderr });
			assert.ok(
				refusingProxy.connects.includes('api.eu.vapi.ai:443'),
				`CONNECTs: ${refusingProxy.connects.join(', ')}`,
			);
			const error = failed(result);
			assert.doesNotMatch(error.message, /Domain not allowed|Nothing was sent/);
		},
	);

	it(
		'an unusable Base URL is refused before anything is sent',
		{ timeout: STEP_TIMEOUT },
		async () => {
			const result = await execute(workflowOf('broken'));
			const error = failed(result);
			assert.equal(
				error.message,
				'Nothing was sent: Base URL in the Vapi credential must start with https://',
			);
			assert.deepEqual(result.requests, []);
		},
	);
});

describe('n8n start: live answers and the editor', () => {
	let server;
	let rest;
	let chatExample;
	const received = (what, response) =>
		outputs.push({ what, text: `${JSON.stringify(response.headers)}\n${response.text}` });

	before(
		async () => {
			const port = await rt.freePort();
			const serverEnv = await rt.n8nEnv({
				userFolder: env.N8N_USER_FOLDER,
				port,
				logLevel: 'info',
			});
			server = await rt.startN8n(serverEnv);
			await rt.ensureOwner(server.url);
			rest = await rt.n8nRest(server.url);
			chatExample = rt.prepareWorkflow(path.join(rt.EXAMPLES_DIR, 'chat-with-vapi-assistant.json'));
			const chatTrigger = chatExample.nodes.find((n) => n.type.endsWith('.chatTrigger'));
			chatExample.url = `${server.url}/webhook/${chatTrigger.webhookId}/chat`;
			// Published as a user does with the editor's Publish button; then the webhooks are live.
			await rt.publishWorkflow(server.url, rest, liveWebhook.id, { webhooks: [LIVE_WEBHOOK_PATH] });
			await rt.publishWorkflow(server.url, rest, CHAT_EXAMPLE_ID, {
				webhooks: [`${chatTrigger.webhookId}/chat`],
			});
			await sim.control('POST', '/__sim/options', { frameDelayMs: FRAME_DELAY_MS });
		},
		{ timeout: STEP_TIMEOUT },
	);

	after(async () => {
		await sim?.control('POST', '/__sim/options', { frameDelayMs: 0 }).catch(() => {});
		if (server) {
			await server.stop();
			outputs.push({ what: 'n8n start', text: server.output() });
		}
	});

	const liveUrl = () => `${server.url}/webhook/${LIVE_WEBHOOK_PATH}`;
	/** The live webhook's newest execution so far (undefined before the first): the next is newer. */
	const lastExecutionSoFar = () =>
		rt.latestExecution(rest, liveWebhook.id, { timeoutMs: 0 }).catch(() => undefined);

	it(
		'Webhook (Streaming) → Send Message: the caller reads the answer as NDJSON chunks while Vapi is still streaming it',
		{ timeout: STEP_TIMEOUT },
		async () => {
			await sim.control('POST', '/__sim/reset');
			const before = await lastExecutionSoFar();
			const response = await postAndReadStream(liveUrl(), { message: 'bench:600' });
			received('the live webhook', response);
			assert.equal(response.status, 200);
			assert.match(response.headers['content-type'], /^application\/json/);
			assert.equal(response.headers['transfer-encoding'], 'chunked');
			assert.ok(response.text.endsWith('\n'), 'newline-delimited');

			const live = assertOneLiveAnswer(response.chunks, 'Ask Vapi', { minItems: 10 });
			const [chat] = (await sim.control('GET', '/__sim/requests')).filter(
				(r) => r.method === 'POST' && r.path === '/chat/responses',
			);
			assert.equal(chat.body.stream, true);
			assert.equal(chat.outcome, 'ok');

			// Timing: the first delta reached the caller long before Vapi (the simulator) finished.
			const margin = chat.finishedAt - live.firstItemAt;
			rt.log(
				`  live answer: ${live.items.length} item chunks in ${response.reads} reads; first item ` +
					`${live.firstItemAt - chat.startedAt} ms after Vapi started answering, ${margin} ms before it ` +
					`finished (stream ${chat.finishedAt - chat.startedAt} ms, ${FRAME_DELAY_MS} ms/frame); ` +
					`response ended ${response.endedAt - chat.finishedAt} ms after it`,
			);
			assert.ok(
				margin >= 5 * FRAME_DELAY_MS,
				`the first item arrived ${margin} ms before the simulator finished the stream`,
			);
			assert.ok(
				live.firstItemAt < response.endedAt,
				'the first item came before the response ended',
			);
			assert.ok(
				live.lastItemAt - live.firstItemAt >= (live.items.length / 2) * FRAME_DELAY_MS,
				'the items arrived spread over the stream, not in one burst at the end',
			);
			assert.ok(new Set(live.items.map((c) => c.at)).size >= 5, 'items came in separate reads');

			// The deltas make up the answer: the node's output item, and what Vapi sent.
			const execution = await rt.latestExecution(rest, liveWebhook.id, { newerThan: before?.id });
			assert.equal(execution.status, 'success');
			assert.equal(execution.mode, 'webhook');
			const [item] = rt.nodeOutput(execution, 'Ask Vapi');
			assert.deepEqual(Object.keys(item).sort(), ['chatId', 'status', 'text']);
			assert.equal(item.chatId, chat.chatId);
			assert.equal(live.text, item.text, 'the concatenated item chunks are the output text');
			assert.equal(Buffer.byteLength(live.text), 600, 'bench:600 answers 600 bytes');

			assert.ok(!response.text.includes(API_KEY), 'the key is not in the streamed body');
			assert.ok(!JSON.stringify(response.headers).includes(API_KEY));
		},
	);

	it(
		'Stream Answer to Caller off: nothing is streamed, the item is output as before',
		{ timeout: STEP_TIMEOUT },
		async () => {
			await sim.control('POST', '/__sim/reset');
			const before = await lastExecutionSoFar();
			const response = await postAndReadStream(liveUrl(), {
				message: 'quiet please',
				forward: false,
			});
			received('the live webhook, forwarding off', response);
			assert.equal(response.status, 200);
			assert.deepEqual(withoutKeepalives(response.chunks), []);
			const execution = await rt.latestExecution(rest, liveWebhook.id, { newerThan: before?.id });
			assert.equal(execution.status, 'success');
			const [item] = rt.nodeOutput(execution, 'Ask Vapi');
			assert.match(item.text, /You said: "quiet please"/);
		},
	);

	it(
		"an error mid-stream: the caller gets the deltas so far, then an error chunk with Vapi's message",
		{ timeout: STEP_TIMEOUT },
		async () => {
			await sim.control('POST', '/__sim/reset');
			await sim.control('POST', '/__sim/faults', {
				when: { path: '/chat/responses' },
				times: 1,
				fault: { errorEvent: { afterFrames: 3, message: 'The model provider failed mid-answer' } },
			});
			const before = await lastExecutionSoFar();
			const response = await postAndReadStream(liveUrl(), { message: 'this one fails' });
			received('the live webhook, error mid-stream', response);
			assert.equal(response.status, 200, 'the stream had started: the status is sent');
			const chunks = withoutKeepalives(response.chunks);
			assert.equal(chunks[0].type, 'begin');
			assert.ok(!chunks.some((c) => c.type === 'end'), 'no end after a failure');
			const items = chunks.filter((c) => c.type === 'item');
			assert.ok(
				'Support Bot — You said: "this one fails".'.startsWith(
					items.map((c) => c.content).join(''),
				),
				'the items are the start of the answer',
			);
			const errors = chunks.filter((c) => c.type === 'error');
			assert.ok(errors.length >= 1, 'an error chunk');
			// The node's own chunk carries Vapi's message; n8n adds one with the error's description.
			assert.equal(errors[0].content, 'The model provider failed mid-answer');
			assert.equal(errors[0].metadata.nodeName, 'Ask Vapi');
			assert.ok(chunks.indexOf(errors[0]) > chunks.indexOf(items.at(-1) ?? chunks[0]));
			const execution = await rt.latestExecution(rest, liveWebhook.id, { newerThan: before?.id });
			assert.equal(execution.status, 'error');
			const error = execution.data.resultData.error;
			assert.equal(error.name, 'NodeApiError');
			assert.match(error.message, /The model provider failed mid-answer/);
			assert.ok(!response.text.includes(API_KEY));
		},
	);

	it(
		'the chat example: one Vapi session per chat session, answers streamed live, the second answer quotes the first',
		{ timeout: STEP_TIMEOUT },
		async () => {
			await sim.control('POST', '/__sim/reset');
			const chatSession = crypto.randomUUID(); // n8n's chat window uses a UUID (36 characters)
			const say = async (sessionId, chatInput) => {
				const response = await postAndReadStream(chatExample.url, {
					action: 'sendMessage',
					sessionId,
					chatInput,
				});
				received(`the chat example (${chatInput})`, response);
				assert.equal(response.status, 200);
				return { response, ...assertOneLiveAnswer(response.chunks, 'Ask the Vapi assistant') };
			};
			const first = "Hi! I'm Ada and I'm planning a trip to Lisbon in May.";
			const second = 'Remind me: what is my name, and where am I going?';
			const turn1 = await say(chatSession, first);
			const turn2 = await say(chatSession, second);
			assert.equal(turn1.text, `Support Bot — You said: "${first}".`);
			assert.ok(turn2.text.includes(`You said: "${second}"`), turn2.text);
			assert.ok(turn2.text.includes(`Earlier you said: "${first}"`), turn2.text);

			// Another chat session gets its own Vapi session; a long client session id is hashed to
			// a 40-character name (Vapi's limit).
			const otherSession = `support-widget:${crypto.randomUUID()}:${crypto.randomUUID()}`;
			const turn3 = await say(otherSession, 'Is this a new conversation?');
			assert.ok(!turn3.text.includes('Earlier you said'), turn3.text);

			const requests = await sim.control('GET', '/__sim/requests');
			const lookups = requests.filter((r) => r.method === 'GET' && r.path === '/session');
			const creates = requests.filter((r) => r.method === 'POST' && r.path === '/session');
			const chats = requests.filter((r) => r.method === 'POST' && r.path === '/chat/responses');
			assert.deepEqual(
				lookups.map((r) => [r.query.name, r.query.limit]),
				[
					[chatSession, '1'],
					[chatSession, '1'],
					[creates[1]?.body.name, '1'],
				],
			);
			assert.equal(creates.length, 2, 'one Vapi session per chat session');
			assert.deepEqual(creates[0].body, {
				assistantId: rt.EXAMPLE_ASSISTANT_ID,
				name: chatSession,
				expirationSeconds: 86400,
			});
			assert.match(creates[1].body.name, /^[0-9a-f]{40}$/);
			const [session1, session2] = creates.map(
				(c) => requests.find((r) => r.seq > c.seq && r.path === '/chat/responses').body.sessionId,
			);
			assert.deepEqual(
				chats.map((r) => [r.body.sessionId, r.body.input, r.body.assistantId]),
				[
					[session1, first, undefined],
					[session1, second, undefined],
					[session2, 'Is this a new conversation?', undefined],
				],
			);
			assert.notEqual(session1, session2);
			// Live: the first delta of the second answer came before Vapi finished it.
			assert.ok(turn2.firstItemAt < chats[1].finishedAt, 'the second answer streamed live');
			for (const { response } of [turn1, turn2, turn3]) assert.ok(!response.text.includes(API_KEY));
		},
	);

	it(
		"the editor (Debian chromium): the Vapi node's fields and a step run; the chat example answers live in n8n's chat window",
		{ timeout: 600_000 },
		async () => {
			const first = "Hi! I'm Grace and my router blinks red.";
			const second = 'What did I tell you about my router?';
			const answer1 = `Support Bot — You said: "${first}".`;
			const answer2 = `Support Bot — You said: "${second}". Earlier you said: "${first}".`;
			const chat = await withEditor(
				{ url: server.url, owner: rt.OWNER, log: (m) => rt.log(m) },
				async (page, shot) => {
					await sim.control('POST', '/__sim/options', { frameDelayMs: 0 });
					await checkSendMessagePanel(page, shot, server.url);
					// The canvas chat: slow frames, so the answer visibly grows in the chat window.
					await sim.control('POST', '/__sim/reset');
					await sim.control('POST', '/__sim/options', { frameDelayMs: 2 * FRAME_DELAY_MS });
					return await checkChatExample(page, shot, server.url, {
						messages: [
							{ text: first, answerIncludes: answer1 },
							{ text: second, answerIncludes: 'Earlier you said:' },
						],
					});
				},
			);
			assert.ok(chat.answers[1].includes(answer2), chat.answers[1]);
			// Seen in the chat window before the first answer was complete: a part of it.
			const partials = [
				...new Set(
					chat.texts
						.filter((t) => t.includes('Support Bot') && !t.includes(answer1))
						.map((t) => t.slice(t.indexOf('Support Bot')).trim()),
				),
			];
			assert.ok(
				partials.length > 0,
				`the chat window showed the answer growing:\n${chat.texts.join('\n---\n')}`,
			);
			rt.log(
				`  the chat window showed, before the first answer was complete: ${JSON.stringify(partials)}`,
			);

			// One Vapi session for the editor's chat session, named after its id, kept for turn 2.
			const requests = await sim.control('GET', '/__sim/requests');
			const creates = requests.filter((r) => r.method === 'POST' && r.path === '/session');
			assert.equal(creates.length, 1);
			const chatSessionId = creates[0].body.name;
			assert.ok(chatSessionId.length <= 40, `the editor's chat session id: ${chatSessionId}`);
			assert.deepEqual(
				requests
					.filter((r) => r.path === '/session' && r.method === 'GET')
					.map((r) => r.query.name),
				[chatSessionId, chatSessionId],
			);
			const chats = requests.filter((r) => r.path === '/chat/responses');
			assert.deepEqual(
				chats.map((r) => r.body.input),
				[first, second],
			);
			assert.equal(chats[0].body.sessionId, chats[1].body.sessionId);
		},
	);

	it(
		'the editor (Debian chromium), the first five minutes: "vapi" finds the node first (new workflow, after a trigger, AI Agent tools); the credential test says what to change; Send Message version 2 shows only what each conversation needs, and runs',
		{ timeout: 600_000 },
		async () => {
			await sim.control('POST', '/__sim/reset');
			await sim.control('POST', '/__sim/options', { frameDelayMs: 0 });
			await withEditor(
				{ url: server.url, owner: rt.OWNER, log: (m) => rt.log(m) },
				async (page, shot) => {
					await checkAddNodeByName(page, shot, server.url);
					await checkConversationChoice(page, shot, { credentialName: rt.CREDENTIAL_NAME });
					await checkAgentToolList(page, shot);
					await checkCredentialHints(page, shot, server.url, { baseUrl: sim.url });
				},
			);
			// The version-2 node sent what version 1 sends: the blank message never left n8n.
			const chats = (await sim.control('GET', '/__sim/requests')).filter(
				(r) => r.method === 'POST' && r.path === '/chat/responses',
			);
			assert.deepEqual(
				chats.map((r) => r.body),
				[
					{ input: 'Hello from version 2', assistantId: rt.EXAMPLE_ASSISTANT_ID, stream: true },
					{
						input: 'Hello from version 2',
						assistantId: '00000000-0000-4000-8000-000000000000',
						stream: true,
					},
				],
			);
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
