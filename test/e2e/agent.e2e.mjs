// End-to-end: n8n's own AI Agent uses the Vapi node as a tool, in real n8n 2.41.1 with the package
// installed from its tarball (nodes folder, as Settings → Community Nodes installs it).
// The example examples/ai-agent-tool.json runs as it is: Chat Trigger → AI Agent with the OpenAI
// Chat Model (its credential's Base URL points at the fake OpenAI-compatible model in
// simulator/openai-model.js), Simple Memory and the Vapi tool (`n8n-nodes-vapi.vapiTool`, its
// Message and Previous Chat ID from `$fromAI()`), against the Vapi simulator. Two chat turns:
//   1. the model calls the tool, Vapi gets the message, the answer quotes Vapi's reply and its chat id;
//   2. the same chat session: the model passes that chat id back, Vapi continues the same chat.
// Run: `npm run test:agent` (node test/e2e/agent.e2e.mjs [--tarball=<file>]). Not a jest file.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as rt from '../../scripts/n8n-runtime.mjs';
import { freshN8nWithPackage, tarballFromArgs } from '../package/install.mjs';

const { startOpenAiModel } = createRequire(import.meta.url)('../../simulator/openai-model.js');

const STEP_TIMEOUT = 180_000;
const EXAMPLE = path.join(rt.EXAMPLES_DIR, 'ai-agent-tool.json');
const VAPI_KEY = `sk-e2e-vapi-${crypto.randomBytes(12).toString('hex')}`;
const MODEL_KEY = `sk-e2e-model-${crypto.randomBytes(12).toString('hex')}`;
const TOOL_NODE = 'Ask the Vapi assistant';
const TOOL_NAME = 'Ask_the_Vapi_assistant'; // n8n's tool name for the node: its name, _ for spaces

/** Import an OpenAI credential (plain data in, encrypted by n8n) pointing at `url`. */
async function importOpenAiCredential(env, { id, name, apiKey, url }) {
	const file = path.join(env.N8N_USER_FOLDER, `openai-credential-${process.pid}.json`);
	fs.writeFileSync(file, JSON.stringify([{ id, name, type: 'openAiApi', data: { apiKey, url } }]), {
		mode: 0o600,
	});
	try {
		const result = await rt.n8n(['import:credentials', `--input=${file}`], { env });
		if (result.code !== 0)
			throw new rt.UserError(`Importing the OpenAI credential failed:\n${result.output}`);
	} finally {
		fs.rmSync(file, { force: true });
	}
}

/** Send one chat message to the published Chat Trigger (as n8n's chat widget does). */
async function say(chatUrl, sessionId, chatInput) {
	const response = await fetch(chatUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ action: 'sendMessage', sessionId, chatInput }),
	});
	const text = await response.text();
	assert.equal(response.status, 200, text);
	return { text, answer: JSON.parse(text).output };
}

let sim;
let model;
let server;
let chatUrl;
let example;
const outputs = [];

before(
	async () => {
		const tarball = await tarballFromArgs();
		await rt.ensureRuntime();
		sim = await rt.startSimulator({ apiKey: VAPI_KEY });
		model = await startOpenAiModel({ apiKey: MODEL_KEY });
		const { env } = await freshN8nWithPackage(tarball, 'agent', { port: await rt.freePort() });
		rt.log('Importing the credentials and the AI Agent example into a fresh n8n (.n8n/agent)…');
		await rt.importCredential(env, { apiKey: VAPI_KEY, baseUrl: sim.url });
		example = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8'));
		const { id, name } = example.nodes.find((n) => n.credentials?.openAiApi).credentials.openAiApi;
		await importOpenAiCredential(env, { id, name, apiKey: MODEL_KEY, url: model.url });
		await rt.importWorkflows(env, [example]);

		server = await rt.startN8n({ ...env, N8N_LOG_LEVEL: 'info' });
		await rt.ensureOwner(server.url);
		const rest = await rt.n8nRest(server.url);
		const trigger = example.nodes.find((n) => n.type.endsWith('.chatTrigger'));
		await rt.publishWorkflow(server.url, rest, example.id, {
			webhooks: [`${trigger.webhookId}/chat`],
		});
		chatUrl = `${server.url}/webhook/${trigger.webhookId}/chat`;
	},
	{ timeout: 600_000 },
);

after(async () => {
	if (server) {
		await server.stop();
		outputs.push(server.output());
	}
	await model?.close();
	await rt.stopAll();
});

describe("n8n's AI Agent with the Vapi node as a tool (examples/ai-agent-tool.json)", () => {
	const sessionId = crypto.randomUUID();
	const first = "Hi, I'm Ada. My order 4411 has not arrived.";
	const second = 'Which order number did I give you?';
	let turn1;

	it(
		'turn 1: the model calls the Vapi tool with $fromAI arguments, Vapi gets the message, the answer quotes its reply',
		{ timeout: STEP_TIMEOUT },
		async () => {
			turn1 = await say(chatUrl, sessionId, first);
			outputs.push(turn1.text);

			const chats = (await sim.control('GET', '/__sim/requests')).filter(
				(r) => r.method === 'POST' && r.path === '/chat/responses',
			);
			assert.equal(chats.length, 1, 'one message reached Vapi');
			assert.equal(chats[0].body.input, first);
			assert.equal(chats[0].body.assistantId, rt.EXAMPLE_ASSISTANT_ID);
			assert.equal(chats[0].body.previousChatId, undefined, 'a new conversation');
			assert.equal(chats[0].headers.authorization, `Bearer ${VAPI_KEY}`);

			const reply = `Support Bot — You said: "${first}".`;
			turn1.chatId = chats[0].chatId;
			assert.equal(
				turn1.answer,
				`Vapi's assistant answered: "${reply}" (Vapi chat ${turn1.chatId})`,
			);

			// What n8n asked the model: the tool offered under its node's name with the $fromAI
			// parameters as its schema; then, after the tool call, the tool's output as the observation.
			const [ask, observe] = model.completions();
			assert.equal(model.completions().length, 2);
			const tool = ask.body.tools.find((t) => t.function.name === TOOL_NAME);
			assert.ok(tool, `tools offered: ${ask.body.tools.map((t) => t.function.name)}`);
			assert.equal(
				tool.function.description,
				example.nodes.find((n) => n.name === TOOL_NODE).parameters.toolDescription,
			);
			assert.deepEqual(Object.keys(tool.function.parameters.properties).sort(), [
				'chatId',
				'message',
			]);
			assert.deepEqual(JSON.parse(ask.reply.toolCall.function.arguments), {
				chatId: '',
				message: first,
			});
			const observation = observe.body.messages.at(-1);
			assert.equal(observation.role, 'tool');
			assert.equal(observation.tool_call_id, ask.reply.toolCall.id);
			const [item] = [JSON.parse(observation.content)].flat();
			assert.equal(item.chatId, turn1.chatId);
			assert.equal(item.text, reply);
			assert.equal(observe.authorization, `Bearer ${MODEL_KEY}`);
		},
	);

	it(
		'turn 2 (same chat session): the model passes the returned chatId back and Vapi continues the same chat',
		{ timeout: STEP_TIMEOUT },
		async () => {
			assert.ok(turn1?.chatId, 'turn 1 ran');
			// (the simulator keeps its chats: a reset would forget the one to continue)
			const seenBefore = (await sim.control('GET', '/__sim/requests')).length;
			model.reset();
			const turn2 = await say(chatUrl, sessionId, second);
			outputs.push(turn2.text);

			// the agent's memory gave the model turn 1's answer, with its chat id
			const [ask] = model.completions();
			assert.ok(
				ask.body.messages.some(
					(m) => m.role === 'assistant' && String(m.content).includes(turn1.chatId),
				),
				'turn 1 is in the conversation the model sees',
			);
			assert.deepEqual(JSON.parse(ask.reply.toolCall.function.arguments), {
				chatId: turn1.chatId,
				message: second,
			});

			const chats = (await sim.control('GET', '/__sim/requests'))
				.slice(seenBefore)
				.filter((r) => r.method === 'POST' && r.path === '/chat/responses');
			assert.equal(chats.length, 1, 'one message reached Vapi');
			const [chat] = chats;
			assert.equal(chat.body.previousChatId, turn1.chatId);
			assert.equal(chat.body.input, second);
			assert.equal(
				turn2.answer,
				`Vapi's assistant answered: "Support Bot — You said: "${second}". Earlier you said: "${first}"." (Vapi chat ${chat.chatId})`,
			);
		},
	);

	it('the API keys appear in no answer and nowhere in n8n’s output', () => {
		assert.ok(outputs.length >= 2, 'the turns ran first');
		for (const text of [...outputs, server.output()]) {
			assert.ok(!text.includes(VAPI_KEY) && !text.includes(MODEL_KEY));
		}
	});
});
