#!/usr/bin/env node
// `npm run demo`: the package in real n8n, one command. Builds the package, installs n8n once,
// starts the Vapi simulator (or uses real Vapi when VAPI_API_KEY is set), imports a credential and
// examples/chained-conversation.json into a fresh n8n user folder, runs it with `n8n execute`, and
// prints the conversation. Exit code 0 when the third answer shows the first turn was remembered.
//
//   npm run demo                      against the local Vapi simulator
//   VAPI_API_KEY=… VAPI_ASSISTANT_ID=… [VAPI_BASE_URL=https://api.eu.vapi.ai] npm run demo
//   npm run demo -- --skip-build      reuse dist/ as it is

import path from 'node:path';
import * as rt from './n8n-runtime.mjs';

const WORKFLOW_FILE = path.join(rt.EXAMPLES_DIR, 'chained-conversation.json');
const WIDTH = 100;

async function chooseVapi() {
	const apiKey = process.env.VAPI_API_KEY;
	if (!apiKey) {
		const sim = await rt.startSimulator();
		rt.log(
			`Vapi: the local simulator at ${sim.url} (set VAPI_API_KEY and VAPI_ASSISTANT_ID to talk to real Vapi).`,
		);
		return { apiKey: sim.apiKey, baseUrl: sim.url, label: 'the local Vapi simulator' };
	}
	const assistantId = process.env.VAPI_ASSISTANT_ID;
	if (!assistantId) {
		throw new rt.UserError(
			'VAPI_API_KEY is set, so the demo talks to real Vapi, but VAPI_ASSISTANT_ID is not: set it to the id of one of your assistants (Vapi dashboard → Assistants).',
		);
	}
	const baseUrl = (process.env.VAPI_BASE_URL || 'https://api.vapi.ai').replace(/\/+$/, '');
	rt.log(
		`Vapi: real Vapi at ${baseUrl}, assistant ${assistantId} (this creates 3 chats in your Vapi organisation).`,
	);
	return { apiKey, baseUrl, assistantId, label: `Vapi (${baseUrl})` };
}

/** Wrap `text` to WIDTH columns, every line after the first indented by `indent`. */
function wrap(text, indent) {
	const words = String(text).split(/\s+/);
	const lines = [];
	let line = '';
	for (const word of words) {
		if (line && indent.length + line.length + 1 + word.length > WIDTH) {
			lines.push(line);
			line = word;
		} else line = line ? `${line} ${word}` : word;
	}
	lines.push(line);
	return lines.join(`\n${indent}`);
}

/** The Vapi nodes of the workflow in the order they run (left to right on the canvas). */
function turnNodes(workflow) {
	return workflow.nodes
		.filter((node) => node.type === rt.CUSTOM_NODE_TYPE)
		.sort((a, b) => a.position[0] - b.position[0]);
}

function describeFailure(result) {
	const error = result.execution?.data?.resultData?.error;
	if (error) {
		const node = error.node?.name ?? result.execution.data.resultData.lastNodeExecuted;
		return `The workflow failed${node ? ` in node "${node}"` : ''}: ${error.message}${error.description ? `\n  ${error.description}` : ''}`;
	}
	const lines = `${result.stdout}\n${result.stderr}`
		.split('\n')
		.filter(
			(line) =>
				line.trim() &&
				!/Python task runner|license SDK|Task Broker ready|Legacy aes-256-cbc/.test(line),
		);
	return `n8n execute failed (exit ${result.code}):\n${lines.slice(-25).join('\n')}`;
}

async function main() {
	const started = Date.now();
	const skipBuild = process.argv.includes('--skip-build');
	process.on('SIGINT', () => rt.stopAll().then(() => process.exit(130)));

	const runtime = await rt.ensureRuntime();
	await rt.preparePackage({ build: !skipBuild });
	const vapi = await chooseVapi();

	try {
		const env = await rt.n8nEnv({ userFolder: rt.userFolder('demo', { fresh: true }) });
		rt.log('Importing the Vapi credential and the example workflow into n8n…');
		const workflow = rt.prepareWorkflow(WORKFLOW_FILE, {
			assistantId: vapi.assistantId,
			baseUrl: vapi.baseUrl,
		});
		await rt.importCredential(env, { apiKey: vapi.apiKey, baseUrl: vapi.baseUrl });
		await rt.importWorkflows(env, [workflow]);

		rt.log(`Running "${workflow.name}" with n8n execute…`);
		const result = await rt.executeWorkflow(env, workflow.id);
		if (result.code !== 0 || result.execution?.status !== 'success')
			throw new rt.UserError(describeFailure(result));

		const turns = turnNodes(workflow).map((node) => {
			const [item] = rt.nodeOutput(result.execution, node.name) ?? [];
			if (!item) throw new rt.UserError(`Node "${node.name}" produced no item.`);
			return {
				node: node.name,
				input: node.parameters.input,
				answer: item.text,
				chatId: item.chatId,
			};
		});

		process.stdout.write(
			`\nConversation in real n8n ${runtime.n8nVersion} with ${vapi.label}\n${'─'.repeat(WIDTH)}\n`,
		);
		turns.forEach((turn, i) => {
			const link = i === 0 ? 'a new conversation' : `previousChatId = turn ${i}'s chat id`;
			process.stdout.write(`Turn ${i + 1}  You:        ${wrap(turn.input, ' '.repeat(20))}\n`);
			process.stdout.write(`        Assistant:  ${wrap(turn.answer, ' '.repeat(20))}\n`);
			process.stdout.write(`        Chat ID:    ${turn.chatId}  (${link})\n\n`);
		});

		const ids = turns.map((turn) => turn.chatId);
		if (ids.some((id) => !id) || new Set(ids).size !== ids.length) {
			throw new rt.UserError(`Expected a new chat id for every turn, got: ${ids.join(', ')}`);
		}
		const last = turns.at(-1).answer;
		const remembered = ['Ada', 'Lisbon'].filter((fact) =>
			last.toLowerCase().includes(fact.toLowerCase()),
		);
		if (remembered.length === 0) {
			throw new rt.UserError(
				'The last answer mentions neither "Ada" nor "Lisbon" from turn 1: the assistant did not get the earlier turns.',
			);
		}
		rt.log(
			`✔ The last answer recalls ${remembered.map((fact) => `"${fact}"`).join(' and ')} from turn 1: the conversation was carried by previousChatId.`,
		);
		rt.log(`Done in ${rt.formatSeconds(Date.now() - started)}.`);
		return 0;
	} finally {
		await rt.stopAll();
	}
}

rt.runMain(main);
