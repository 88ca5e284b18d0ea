// On an n8n without live answers for declarative nodes (before 2.37), what the README promises:
// the node sees it cannot stream, sends no chunks and outputs the whole answer, and the fallback
// it recommends — the Chat Trigger's Response Mode "When Last Node Finishes" with an Edit Fields
// node that sets `output` — gives the chat the answer. Run by `npm run test:compat` for those
// versions (N8N_RUNTIME_VERSION), after the build.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as rt from '../../scripts/n8n-runtime.mjs';
import { postAndReadStream, withoutKeepalives } from '../e2e/live.mjs';
import { LIVE_WEBHOOK_PATH, liveWebhook } from '../e2e/workflows.mjs';

const API_KEY = `sk-compat-${crypto.randomBytes(12).toString('hex')}`;
const STEP_TIMEOUT = 240_000;

/** The chat example answering when its last node finishes, through an Edit Fields node. */
function chatWhenLastNodeFinishes() {
	const workflow = rt.prepareWorkflow(path.join(rt.EXAMPLES_DIR, 'chat-with-vapi-assistant.json'));
	workflow.id = 'compatChatLast01';
	workflow.name = 'compat: chat example answering when the last node finishes';
	const trigger = workflow.nodes.find((n) => n.type.endsWith('.chatTrigger'));
	trigger.parameters.options.responseMode = 'lastNode';
	trigger.webhookId = '6d1c8f0a-2b7e-4c55-9a05-00000000c0a7';
	workflow.nodes.push({
		parameters: {
			assignments: {
				assignments: [{ id: 'answer', name: 'output', value: '={{ $json.text }}', type: 'string' }],
			},
			options: {},
		},
		name: 'Answer for the chat',
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: [1200, 0],
	});
	workflow.connections['Ask the Vapi assistant'] = {
		main: [[{ node: 'Answer for the chat', type: 'main', index: 0 }]],
	};
	return { workflow, webhook: `${trigger.webhookId}/chat` };
}

describe('without live answers (n8n before 2.37)', () => {
	let sim;
	let server;
	let rest;
	let runtime;
	const chat = chatWhenLastNodeFinishes();

	before(
		async () => {
			runtime = await rt.ensureRuntime();
			rt.stagePackage({ runtime });
			sim = await rt.startSimulator({ apiKey: API_KEY, frameDelayMs: 20 });
			const env = await rt.n8nEnv({
				userFolder: rt.userFolder(`compat-${runtime.n8nVersion}`, { fresh: true }),
				port: await rt.freePort(),
				logLevel: 'info',
				runtime,
			});
			await rt.importCredential(env, { apiKey: API_KEY, baseUrl: sim.url });
			await rt.importWorkflows(env, [rt.prepareWorkflow(liveWebhook), chat.workflow]);
			server = await rt.startN8n(env);
			await rt.ensureOwner(server.url);
			rest = await rt.n8nRest(server.url);
			await rt.publishWorkflow(server.url, rest, liveWebhook.id, { webhooks: [LIVE_WEBHOOK_PATH] });
			await rt.publishWorkflow(server.url, rest, chat.workflow.id, { webhooks: [chat.webhook] });
		},
		{ timeout: STEP_TIMEOUT },
	);

	after(async () => {
		if (server) assert.ok(!server.output().includes(API_KEY), 'the key is not in the log');
		await rt.stopAll();
		if (runtime) rt.removeEditorCache(rt.userFolder(`compat-${runtime.n8nVersion}`));
	});

	it(
		'Webhook (Streaming) → Send Message: no chunks from the node, the whole answer in its output',
		{ timeout: STEP_TIMEOUT },
		async () => {
			await sim.control('POST', '/__sim/reset');
			const response = await postAndReadStream(`${server.url}/webhook/${LIVE_WEBHOOK_PATH}`, {
				message: 'no live answer here',
			});
			assert.equal(response.status, 200);
			assert.deepEqual(
				withoutKeepalives(response.chunks).filter((c) => c.metadata?.nodeName === 'Ask Vapi'),
				[],
			);
			const execution = await rt.latestExecution(rest, liveWebhook.id, { runtime });
			assert.equal(execution.status, 'success');
			const [item] = rt.nodeOutput(execution, 'Ask Vapi');
			assert.equal(item.text, 'Support Bot — You said: "no live answer here".');
			const [request] = (await sim.control('GET', '/__sim/requests')).filter(
				(r) => r.path === '/chat/responses',
			);
			assert.equal(request.body.stream, true, 'Vapi still streamed to the node');
			assert.equal(request.outcome, 'ok');
			assert.ok(!response.text.includes(API_KEY));
		},
	);

	it(
		'the chat example with When Last Node Finishes + Edit Fields: the chat gets each whole answer, the second quotes the first',
		{ timeout: STEP_TIMEOUT },
		async () => {
			await sim.control('POST', '/__sim/reset');
			const sessionId = crypto.randomUUID();
			const say = async (chatInput) => {
				const response = await fetch(`${server.url}/webhook/${chat.webhook}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ action: 'sendMessage', sessionId, chatInput }),
				});
				const text = await response.text();
				assert.equal(response.status, 200, text);
				assert.ok(!text.includes(API_KEY));
				return JSON.parse(text).output;
			};
			const first = "Hi! I'm Ada.";
			assert.equal(await say(first), `Support Bot — You said: "${first}".`);
			const second = await say('What is my name?');
			assert.ok(second.includes(`Earlier you said: "${first}"`), second);
		},
	);
});
