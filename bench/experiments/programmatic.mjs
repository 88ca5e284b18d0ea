// Experiment (not part of npm run bench): the same chat request as a programmatic node (execute())
// instead of n8n's RoutingNode — each item's request starts as soon as that item is prepared and
// each parameter is evaluated once. A bare prototype (no validation, retries, error mapping or live
// forwarding: those cost ≈ 0.3 ms per item in the real node), run alternately with the real node.
//   node bench/experiments/programmatic.mjs [concurrencies=10,0]
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
const require = createRequire(import.meta.url);
const { runWorkflow } = require('../../test/harness');
const { SEED_IDS } = require('../../simulator');
const { ChatStreamAggregator } = require('../../dist/nodes/Vapi/stream/aggregate.js');
const { startSimulatorProcess } = await import('../../simulator/process.js');
const { nodeRun, inputItems } = await import('../engine.mjs');
const { summarize } = await import('../lib/stats.mjs');

const TYPE = 'n8n-nodes-bench.vapiExec';
const vapiExec = {
	description: {
		displayName: 'VapiExec',
		name: TYPE,
		group: ['transform'],
		version: 1,
		description: '',
		defaults: { name: 'VapiExec' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'vapiApi', required: true }],
		properties: [
			{ displayName: 'Input', name: 'input', type: 'string', default: '' },
			{ displayName: 'Max', name: 'maxConcurrency', type: 'number', default: 0 },
		],
	},
	async execute() {
		const items = this.getInputData();
		const creds = await this.getCredentials('vapiApi');
		const base = String(creds.baseUrl || 'https://api.vapi.ai').replace(/\/+$/, '');
		const limit = this.getNodeParameter('maxConcurrency', 0) || items.length;
		const out = new Array(items.length);
		let next = 0;
		const worker = async () => {
			while (next < items.length) {
				const i = next++;
				const input = this.getNodeParameter('input', i);
				const response = await this.helpers.httpRequestWithAuthentication.call(this, 'vapiApi', {
					method: 'POST',
					url: `${base}/chat/responses`,
					body: { stream: true, assistantId: SEED_IDS.assistants.supportBot, input },
					json: true,
					encoding: 'stream',
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					headers: {
						Accept: 'application/json, text/event-stream',
						'Content-Type': 'application/json',
					},
				});
				const agg = new ChatStreamAggregator();
				for await (const c of response.body) agg.push(c);
				const a = agg.finish();
				out[i] = {
					json: { chatId: a.chatId, text: a.text, status: a.status },
					pairedItem: { item: i },
				};
			}
		};
		await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
		return [out];
	},
};

const sim = await startSimulatorProcess({ seed: 'bench' });
await sim.setOptions({ latencyMs: 50 });
const items = inputItems();
const res = {};
for (const conc of (process.argv[2] ?? '10,0').split(',').map(Number)) {
	for (let rep = 0; rep < 6; rep++) {
		await sim.reset();
		const epoch = Date.now();
		const t = performance.now();
		const run = await runWorkflow({
			nodes: [
				{
					name: 'VapiExec',
					type: TYPE,
					parameters: { input: '={{ $json.message }}', maxConcurrency: conc },
				},
			],
			localTypes: { [TYPE]: vapiExec },
			credentials: { vapiApi: { apiKey: sim.apiKey, baseUrl: sim.url } },
			startItems: items,
		});
		const wall = performance.now() - t;
		const log = await sim.requests();
		const out = run.runData.VapiExec?.[0]?.data?.main?.[0];
		if (
			run.status !== 'success' ||
			out.length !== 200 ||
			!out[5].json.text.includes('"Hello from item 6"')
		)
			throw new Error('prototype failed ' + run.status + ' ' + run.error?.message);
		const first = Math.min(...log.map((r) => r.startedAt)) - epoch;
		const asIs = await nodeRun(sim, items, conc);
		if (rep === 0) continue;
		(res[conc] ??= { proto: [], first: [], asIs: [], asIsFirst: [] }).proto.push(wall);
		res[conc].first.push(first);
		res[conc].asIs.push(asIs.wallMs);
		res[conc].asIsFirst.push(asIs.firstRequestMs);
	}
	const r = res[conc];
	console.log(
		`conc ${conc}: programmatic ${summarize(r.proto).median.toFixed(0)} ms (first req ${summarize(r.first).median}), as-is ${summarize(r.asIs).median.toFixed(0)} ms (first ${summarize(r.asIsFirst).median})`,
	);
}
await sim.close();
