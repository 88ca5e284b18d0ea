// Experiment (not part of npm run bench): the cheapest declarative node n8n's RoutingNode can run
// for Send Message — one routed field (the message), a literal base URL, no preSend, one
// postReceive that reads the stream with our aggregator — against the node as built and the peer.
// What it costs beyond the peer is what any declarative node costs: the floor of figure 4. Also
// the same bare node with our Send Message routing (the item pipeline and its hooks, from dist/)
// on its one field: what our hooks add, apart from the size of our description.
//   node --expose-gc bench/experiments/declarative-floor.mjs [runs=10] [latencyMs=0] [items=200]
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { startSimulatorProcess } from '../../simulator/process.js';
import { bareNodeType } from '../lib/bare-node.mjs';
import { summarize } from '../lib/stats.mjs';
import {
	benchPackage,
	checkAnswers,
	checkSimulatorLog,
	inputItems,
	runOnce,
} from '../lib/workflows.mjs';

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
	const bare = async (withOurHooks) => {
		const type = withOurHooks ? HOOKS_TYPE : TYPE;
		await sim.reset();
		const epoch = Date.now();
		const cpu = process.cpuUsage();
		const start = performance.now();
		const run = await runWorkflow({
			package: pkg,
			nodes: [{ name: 'Bare', type, parameters: { input: '={{ $json.message }}' } }],
			localTypes: { [type]: bareNode(sim.url, { withOurHooks }) },
			credentials: { vapiApi: { apiKey: sim.apiKey, baseUrl: sim.url } },
			startItems: items,
		});
		const wallMs = performance.now() - start;
		const used = process.cpuUsage(cpu);
		const out = run.runData.Bare?.[0]?.data?.main?.[0] ?? [];
		checkAnswers(
			'bare',
			out.map((i) => i.json),
			items,
		);
		const { firstRequestMs } = await checkSimulatorLog(sim, 'bare', items.length, epoch);
		return { wallMs, cpuMs: (used.user + used.system) / 1000, firstRequestMs };
	};
	const variants = [
		['bare declarative', () => bare(false)],
		['bare + our hooks', () => bare(true)],
		['node as built', () => runOnce(sim, 'node', items)],
		['peer', () => runOnce(sim, 'peer', items)],
	];
	const measured = variants.map(() => ({ cpu: [], first: [] }));
	for (let run = 0; run <= Number(runsArg); run++) {
		for (let k = 0; k < variants.length; k++) {
			const index = (k + run) % variants.length;
			globalThis.gc?.();
			const r = await variants[index][1]();
			if (run === 0) continue;
			measured[index].cpu.push(r.cpuMs / items.length);
			measured[index].first.push(r.firstRequestMs);
		}
	}
	const peer = measured[3];
	const median = (values) => summarize(values).median;
	console.log(`${items.length} items, ${latencyArg} ms per chat, median of ${runsArg} runs`);
	for (const [index, [label]] of variants.entries()) {
		const m = measured[index];
		console.log(
			`${label.padEnd(18)} CPU ${median(m.cpu).toFixed(2)} ms/item (${(median(m.cpu) / median(peer.cpu)).toFixed(2)}× peer)  ` +
				`first request ${median(m.first).toFixed(0)} ms (${(median(m.first) / median(peer.first)).toFixed(2)}× peer)`,
		);
	}
} finally {
	await sim.close();
}
