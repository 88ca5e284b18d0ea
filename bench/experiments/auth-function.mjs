// Experiment (not part of npm run bench): what the node would gain if the credential set the
// Authorization header and the base URL in a function `authenticate` and requestDefaults.baseURL
// were a literal — 3 fewer n8n expression evaluations per item. Swaps them on the loaded node
// type in-process and alternates with the node as built. Needs a build.
//   node bench/experiments/auth-function.mjs [concurrencies=0,10] [runs=11]
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { loadPackage } = require('../../test/harness');
const { startSimulatorProcess } = await import('../../simulator/process.js');
const { nodeRun, inputItems } = await import('../engine.mjs');
const { summarize } = await import('../lib/stats.mjs');
const sim = await startSimulatorProcess({ seed: 'bench' });
const pkg = await loadPackage();
const desc = pkg.nodeTypes.getByName('n8n-nodes-vapi.vapi').description;
const cred = pkg.credentialTypes.getByName('vapiApi');
const orig = { base: desc.requestDefaults.baseURL, auth: cred.authenticate };
const fnAuth = async (c, o) => {
	o.baseURL = String(c.baseUrl || 'https://api.vapi.ai').replace(/\/+$/, '');
	o.headers = { ...o.headers, Authorization: `Bearer ${c.apiKey}` };
	return o;
};
const variants = {
	asIs: () => {
		desc.requestDefaults.baseURL = orig.base;
		cred.authenticate = orig.auth;
	},
	fnAuth: () => {
		desc.requestDefaults.baseURL = 'https://api.vapi.ai';
		cred.authenticate = fnAuth;
	},
};
await sim.setOptions({ latencyMs: 50 });
const items = inputItems();
for (const conc of (process.argv[2] ?? '0,10').split(',').map(Number)) {
	const res = {};
	for (let rep = 0; rep < Number(process.argv[3] ?? 9); rep++)
		for (const [name, apply] of rep % 2
			? Object.entries(variants).reverse()
			: Object.entries(variants)) {
			apply();
			const r = await nodeRun(sim, items, conc);
			if (rep === 0) continue;
			(res[name] ??= { wall: [], first: [] }).wall.push(r.wallMs);
			res[name].first.push(r.firstRequestMs);
		}
	for (const [k, v] of Object.entries(res)) {
		const w = summarize(v.wall);
		console.log(
			`conc ${conc} ${k.padEnd(8)} wall ${w.median.toFixed(0)} (${w.min.toFixed(0)}–${w.max.toFixed(0)}) first request ${summarize(v.first).median}`,
		);
	}
}
await sim.close();
