// The two workflows the benchmark compares, run through n8n's real engine (test/harness):
//  - "node": our Vapi node, Send Message, each item mapping its own message, streaming on;
//  - "peer": what a user would build instead — n8n's HTTP Request node (n8n-nodes-base, the
//    version matching our n8n-core) with a Header Auth credential, a JSON body from one expression
//    and response format autodetect, followed by the split-and-join a user would write in a Code
//    node. The Code node needs n8n's task runner, which the in-process engine cannot start: the
//    same code runs in a minimal programmatic node instead (SPLIT_AND_JOIN below).
// Both run over one registry (our package + the HTTP Request node and Header Auth credential,
// loaded by n8n-core's own PackageDirectoryLoader), so they pay for the same engine alike.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);

export const NODE_NAME = 'Vapi';
export const HTTP_NAME = 'HTTP Request';
export const CODE_NAME = 'Code';

/** Send Message as the benchmark runs it: the message mapped per item, streaming on. */
export function nodeParameters(maxConcurrency, assistantId) {
	return {
		resource: 'chat',
		operation: 'sendMessage',
		target: 'assistantId',
		assistantId: { __rl: true, mode: 'id', value: assistantId },
		// Each item maps its own message, as workflows do.
		input: '={{ $json.message }}',
		options: maxConcurrency === undefined ? { stream: true } : { maxConcurrency, stream: true },
	};
}

export const inputItems = (count) =>
	Array.from({ length: count }, (_, i) => ({ json: { message: `Hello from item ${i + 1}` } }));

/**
 * The Code node's code ("Run Once for All Items"), as a user would write it: split the SSE text the
 * HTTP Request node output, parse each `data:` line, join the text deltas, keep the chat id.
 */
function splitAndJoin($input) {
	return $input.all().map((item) => {
		const deltas = [];
		let chatId;
		for (const line of item.json.data.split('\n')) {
			if (!line.startsWith('data: ')) continue;
			const event = JSON.parse(line.slice(6));
			if (event.type === 'response.output_text.delta') deltas.push(event.delta);
			if (event.type === 'response.completed') chatId = event.response.id;
		}
		return { json: { chatId, text: deltas.join('') } };
	});
}

const CODE_TYPE = 'n8n-nodes-bench.code';
/** Stands in for the Code node: runs SPLIT_AND_JOIN, pairing items as the Code node does. */
const codeNode = {
	description: {
		displayName: 'Code (bench stand-in)',
		name: CODE_TYPE,
		group: ['transform'],
		version: 1,
		description: 'Runs the split-and-join a user would write in a Code node',
		defaults: { name: CODE_NAME },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	},
	async execute() {
		const items = this.getInputData();
		const out = splitAndJoin({ all: () => items });
		return [out.map((item, index) => ({ ...item, pairedItem: { item: index } }))];
	},
};

const registries = new Map();
/**
 * Our package (this repository's build, or the package in `packageDir`: an experiment comparing
 * two builds) plus n8n-nodes-base's HTTP Request node and Header Auth credential.
 */
export async function benchPackage(packageDir) {
	if (registries.has(packageDir)) return registries.get(packageDir);
	const { loadPackage } = require('../../test/harness');
	const { NodeTypes } = require('../../test/harness/loader');
	const { core, workflow } = require('../../test/harness/runtime');
	const pkg = await loadPackage(packageDir ? { dir: packageDir } : undefined);
	const dir = dirname(require.resolve('n8n-nodes-base/package.json'));
	const base = new core.PackageDirectoryLoader(dir, [], ['n8n-nodes-base.httpRequest']);
	base.loadNodeFromFile('dist/nodes/HttpRequest/HttpRequest.node.js');
	base.loadCredentialFromFile('dist/credentials/HttpHeaderAuth.credentials.js');
	base.inferSupportedNodes();
	// As the CLI does for every credential type: the Allowed HTTP Request Domains fields.
	for (const { type } of Object.values(base.credentialTypes)) {
		type.properties = workflow.injectDomainRestrictionFields(type);
	}
	const nodeTypes = new NodeTypes([pkg.loader, base]);
	const registry = { ...pkg, nodeTypes, credentialTypes: nodeTypes.credentialTypes };
	registries.set(packageDir, registry);
	return registry;
}

function nodeWorkflow(sim, assistantId, maxConcurrency) {
	return {
		nodes: [
			{ name: NODE_NAME, type: 'vapi', parameters: nodeParameters(maxConcurrency, assistantId) },
		],
		connections: {},
		credentials: { vapiApi: { apiKey: sim.apiKey, baseUrl: sim.url } },
		localTypes: {},
	};
}

function peerWorkflow(sim, assistantId) {
	return {
		nodes: [
			{
				name: HTTP_NAME,
				type: 'n8n-nodes-base.httpRequest',
				parameters: {
					method: 'POST',
					url: `${sim.url}/chat/responses`,
					authentication: 'genericCredentialType',
					genericAuthType: 'httpHeaderAuth',
					sendBody: true,
					contentType: 'json',
					specifyBody: 'json',
					jsonBody: `={{ JSON.stringify({ assistantId: "${assistantId}", input: $json.message, stream: true }) }}`,
					options: {},
				},
				// A generic credential is not in the node type's list: the harness's stored id, named.
				credentials: {
					httpHeaderAuth: { id: 'harness-httpHeaderAuth', name: 'httpHeaderAuth (harness)' },
				},
			},
			{ name: CODE_NAME, type: CODE_TYPE },
		],
		connections: {
			[HTTP_NAME]: { main: [[{ node: CODE_NAME, type: 'main', index: 0 }]] },
		},
		credentials: { httpHeaderAuth: { name: 'Authorization', value: `Bearer ${sim.apiKey}` } },
		localTypes: { [CODE_TYPE]: codeNode },
	};
}

/** Bytes n8n would store for these nodes' run data (JSON, as it persists an execution). */
function runDataBytes(runData, names) {
	const { persisted } = require('../../test/harness');
	let bytes = 0;
	for (const name of names) bytes += Buffer.byteLength(JSON.stringify(persisted(runData[name])));
	return bytes;
}

/**
 * One run of `who` ('node' | 'peer') over `items` against the simulator: wall and CPU time of this
 * process (the simulator runs in its own), when the first chat reached the simulator, the answers
 * ({ chatId, text } per item, in item order) and the run data stored.
 */
export async function runOnce(
	sim,
	who,
	items,
	{ maxConcurrency, checkLog = true, packageDir } = {},
) {
	const { runWorkflow } = require('../../test/harness');
	const { SEED_IDS } = require('../../simulator');
	const pkg = await benchPackage(packageDir);
	const assistantId = SEED_IDS.assistants.supportBot;
	const spec =
		who === 'node'
			? nodeWorkflow(sim, assistantId, maxConcurrency)
			: peerWorkflow(sim, assistantId);
	await sim.reset();
	const epoch = Date.now();
	const cpuBefore = process.cpuUsage();
	const start = performance.now();
	const run = await runWorkflow({ ...spec, package: pkg, startItems: items });
	const wallMs = performance.now() - start;
	const cpu = process.cpuUsage(cpuBefore);
	const last = who === 'node' ? NODE_NAME : CODE_NAME;
	const output = run.runData[last]?.[0]?.data?.main?.[0] ?? [];
	if (run.status !== 'success' || output.length !== items.length) {
		throw new Error(
			`${who} run failed: ${run.error?.message ?? run.status} (${output.length} items)`,
		);
	}
	const result = {
		wallMs,
		cpuMs: (cpu.user + cpu.system) / 1000,
		answers: output.map((item) => ({ chatId: item.json.chatId, text: item.json.text })),
		runDataBytes: runDataBytes(run.runData, who === 'node' ? [NODE_NAME] : [HTTP_NAME, CODE_NAME]),
		decryptions: run.decryptions.length,
		epoch,
	};
	if (checkLog) Object.assign(result, await checkSimulatorLog(sim, who, items.length, epoch));
	return result;
}

/**
 * The simulator's log of a run started at `epoch`: every item answered once (200, no 429 left
 * over); when the first chat reached it, in ms after `epoch`.
 */
export async function checkSimulatorLog(sim, who, count, epoch) {
	const log = (await sim.requests()).filter((r) => r.path === '/chat/responses');
	const failed = log.find((r) => r.status !== 200 || r.outcome !== 'ok');
	if (log.length !== count || failed) {
		const example = failed ? `, one answered HTTP ${failed.status} (${failed.outcome})` : '';
		throw new Error(
			`${who}: expected ${count} answered chats, the simulator logged ${log.length}${example}`,
		);
	}
	return { firstRequestMs: Math.min(...log.map((r) => r.startedAt)) - epoch };
}

/** Every answer is the simulator's reply to its own item's message, with a chat id. */
export function checkAnswers(who, answers, items) {
	answers.forEach((answer, i) => {
		if (
			typeof answer.text !== 'string' ||
			!answer.text.includes(`"${items[i].json.message}"`) ||
			typeof answer.chatId !== 'string' ||
			answer.chatId === ''
		) {
			throw new Error(`${who}: item ${i + 1} has a wrong answer: ${JSON.stringify(answer)}`);
		}
	});
}
