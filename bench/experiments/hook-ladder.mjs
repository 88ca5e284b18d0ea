// Experiment (not part of npm run bench): what each of our Send Message hooks adds per item, on
// the bare declarative node of declarative-floor.mjs (one routed field, literal base URL): a
// ladder, each rung one more piece of the node's item pipeline (from dist/), alternating runs.
//   node --expose-gc bench/experiments/hook-ladder.mjs [runs=10] [latencyMs=0] [items=200] [rungs=all] [solo]
// rungs: a comma list of rung numbers to run; the node as built and the peer run too, unless
// `solo` (e.g. to count one rung's garbage: node --trace-gc … 10 0 200 0 solo).
import { createRequire } from 'node:module';
import { startSimulatorProcess } from '../../simulator/process.js';
import { bareNodeType, compareAlternating, nodeAndPeer, runBareNode } from '../lib/bare-node.mjs';
import { benchPackage, inputItems } from '../lib/workflows.mjs';

const require = createRequire(import.meta.url);
const { runWorkflow } = require('../../test/harness');
const { SEED_IDS } = require('../../simulator');
const dist = (path) => require(`../../dist/nodes/Vapi/${path}`);
const { ChatStreamAggregator } = dist('stream/aggregate.js');
const { itemPipeline } = dist('hooks/pipeline/itemPipeline.js');
const { buildChatRequest } = dist('hooks/preSend/buildChatRequest.js');
const { throwOnChatError } = dist('hooks/postReceive/httpErrors.js');
const { readChatAnswer } = dist('hooks/postReceive/readChatAnswer.js');
const { outputChatAnswer } = dist('hooks/postReceive/outputItems.js');
const { readSmsSessionId } = dist('hooks/postReceive/smsSession.js');

/** The bare node's reader: the aggregator on the body, nothing else. */
async function plainRead(_items, response) {
	const aggregator = new ChatStreamAggregator();
	for await (const chunk of response.body) aggregator.push(chunk);
	const { chatId, text } = aggregator.finish();
	return [{ json: { chatId, text } }];
}

const REQUEST = {
	method: 'POST',
	url: '/chat/responses',
	body: { stream: true, assistantId: SEED_IDS.assistants.supportBot },
	encoding: 'stream',
};

const rungs = [
	['bare declarative', null],
	['+ itemPipeline (base URL step, gate)', { output: [plainRead] }],
	['+ buildChatRequest', { prepare: [buildChatRequest], output: [plainRead] }],
	[
		'+ throwOnChatError (mask)',
		{ prepare: [buildChatRequest], output: [throwOnChatError, plainRead] },
	],
	['+ readChatAnswer', { prepare: [buildChatRequest], output: [throwOnChatError, readChatAnswer] }],
	[
		'+ outputChatAnswer, readSmsSessionId',
		{
			prepare: [buildChatRequest],
			output: [throwOnChatError, readChatAnswer, outputChatAnswer, readSmsSessionId],
		},
	],
];

function nodeType(name, baseURL, steps) {
	const routing = steps
		? itemPipeline({ request: REQUEST, ...steps })
		: { request: REQUEST, output: { postReceive: [plainRead] } };
	// 2, as the benchmark's node: Conversation "new" (its fallback) reads no Session.
	return bareNodeType({ name, version: 2, description: 'ladder', baseURL, routing });
}

const [runsArg = '10', latencyArg = '0', itemsArg = '200', rungsArg = 'all', soloArg] =
	process.argv.slice(2);
const chosen = rungsArg === 'all' ? rungs.map((_, i) => i) : rungsArg.split(',').map(Number);
const items = inputItems(Number(itemsArg));
const sim = await startSimulatorProcess({ seed: 'bench' });
try {
	await sim.setOptions({ latencyMs: Number(latencyArg) });
	const pkg = await benchPackage();
	const rungRun = (index) => {
		const type = `n8n-nodes-bench.ladder${index}`;
		const node = nodeType(type, sim.url, rungs[index][1]);
		return runBareNode(sim, { runWorkflow, pkg, items, type, node, label: rungs[index][0] });
	};
	const variants = [
		...chosen.map((index) => [rungs[index][0], () => rungRun(index)]),
		...(soloArg === 'solo' ? [] : nodeAndPeer(sim, items)),
	];
	await compareAlternating(variants, {
		runs: Number(runsArg),
		items: items.length,
		latencyMs: latencyArg,
		peerIndex: soloArg === 'solo' ? undefined : variants.length - 1,
		width: 38,
	});
} finally {
	await sim.close();
}
