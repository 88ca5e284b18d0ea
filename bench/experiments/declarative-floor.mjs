// Experiment (not part of npm run bench): the cheapest declarative node n8n's RoutingNode can run
// for Send Message — one routed field (the message), a literal base URL, no preSend, one
// postReceive that reads the stream with our aggregator — against the node as built and the peer.
// What it costs beyond the peer is what any declarative node costs: the floor of figure 4. Also
// the same bare node with our Send Message routing (the item pipeline and its hooks, from dist/)
// on its one field: what our hooks add, apart from the size of our description.
//   node --expose-gc bench/experiments/declarative-floor.mjs [runs=10] [latencyMs=0] [items=200]
import { createRequire } from 'node:module';
import { startSimulatorProcess } from '../../simulator/process.js';
import { bareNodeType, compareAlternating, nodeAndPeer, runBareNode } from '../lib/bare-node.mjs';
import { benchPackage, inputItems } from '../lib/workflows.mjs';

const require = createRequire(import.meta.url);
const { runWorkflow } = require('../../test/harness');
const { SEED_IDS } = require('../../simulator');
const { ChatStreamAggregator } = require('../../dist/nodes/Vapi/stream/aggregate.js');

const TYPE = 'n8n-nodes-bench.bareDeclarative';
const HOOKS_TYPE = 'n8n-nodes-bench.bareWithOurHooks';

/** Our Send Message routing (itemPipeline: prepare, send with retries, output steps), as built. */
function ourRouting() {
	const { chatOperations } = require('../../dist/nodes/Vapi/resources/chat/index.js');
	return chatOperations.options.find((option) => option.value === 'sendMessage').routing;
}

function bareNode(baseURL, { withOurHooks = false } = {}) {
	const node = bareDescription(baseURL);
	if (withOurHooks) {
		const routing = ourRouting();
		const input = node.description.properties[0];
		input.routing = {
			...routing,
			request: {
				...routing.request,
				body: { ...routing.request.body, assistantId: SEED_IDS.assistants.supportBot },
			},
			send: { ...routing.send, type: 'body', property: 'input' },
		};
		node.description.name = HOOKS_TYPE;
	}
	return node;
}

function bareDescription(baseURL) {
	return bareNodeType({
		name: TYPE,
		displayName: 'Bare declarative',
		description: 'Send Message with nothing but routing',
		baseURL,
		routing: {
			request: {
				method: 'POST',
				url: '/chat/responses',
				body: { stream: true, assistantId: SEED_IDS.assistants.supportBot },
				encoding: 'stream',
			},
			output: {
				postReceive: [
					async function readAnswer(_items, response) {
						const aggregator = new ChatStreamAggregator();
						for await (const chunk of response.body) aggregator.push(chunk);
						const { chatId, text } = aggregator.finish();
						return [{ json: { chatId, text } }];
					},
				],
			},
		},
	});
}

const [runsArg = '10', latencyArg = '0', itemsArg = '200'] = process.argv.slice(2);
const items = inputItems(Number(itemsArg));
const sim = await startSimulatorProcess({ seed: 'bench' });
try {
	await sim.setOptions({ latencyMs: Number(latencyArg) });
	const pkg = await benchPackage();
	const bare = (withOurHooks) =>
		runBareNode(sim, {
			runWorkflow,
			pkg,
			items,
			type: withOurHooks ? HOOKS_TYPE : TYPE,
			node: bareNode(sim.url, { withOurHooks }),
			label: 'bare',
		});
	const variants = [
		['bare declarative', () => bare(false)],
		['bare + our hooks', () => bare(true)],
		...nodeAndPeer(sim, items),
	];
	await compareAlternating(variants, {
		runs: Number(runsArg),
		items: items.length,
		latencyMs: latencyArg,
		peerIndex: 3,
	});
} finally {
	await sim.close();
}
