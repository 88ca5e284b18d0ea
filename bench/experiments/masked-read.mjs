// Experiment (not part of npm run bench): the CPU an answer's body costs from the socket's chunks to
// the ChatStreamAggregator's answer — maskedBody (the key mask) + forEachChunk + the aggregator —
// for builds side by side in one process, passes alternating. Keep a copy of a build first:
//   mkdir -p .tmp/before && cp -r dist package.json .tmp/before/
//   SIZE=4096 node bench/experiments/masked-read.mjs .tmp/before .
// Prints, per build, the median µs of CPU per answer (60 passes of 200 answers, ~SIZE bytes each,
// in chunks of 200–1500 bytes).
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { summarize } from '../lib/stats.mjs';
import { buildStream, randomChunks } from '../lib/stream.mjs';

const require = createRequire(import.meta.url);
const load = (dir, path) => require(resolve(dir, 'dist/nodes/Vapi', path));
const builds = process.argv.slice(2).map((dir) => ({
	dir,
	body: load(dir, 'http/responseBody.js'),
	SecretMask: load(dir, 'http/maskSecret.js').SecretMask,
	Aggregator: load(dir, 'stream/aggregate.js').ChatStreamAggregator,
}));
const { bytes } = buildStream(Number(process.env.SIZE ?? 4096), 3);
const chunks = randomChunks(bytes, 5, 200, 1500);
const KEY = '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f';

async function readOnce({ body, SecretMask, Aggregator }) {
	const socket = {
		async *[Symbol.asyncIterator]() {
			for (const chunk of chunks) yield chunk;
		},
	};
	const aggregator = new Aggregator();
	const masked = body.maskedBody(socket, new SecretMask(KEY));
	await body.forEachChunk(masked, (chunk) => aggregator.push(chunk), { idleMs: 60_000 });
	return aggregator.finish();
}

const times = builds.map(() => []);
for (let pass = -5; pass < 60; pass++) {
	for (let k = 0; k < builds.length; k++) {
		const index = (k + pass + 5) % builds.length;
		const start = process.cpuUsage();
		for (let i = 0; i < 200; i++) await readOnce(builds[index]);
		const { user, system } = process.cpuUsage(start);
		if (pass >= 0) times[index].push((user + system) / 200);
	}
}
console.log(
	`${bytes.length} B in ${chunks.length} chunks: µs of CPU per answer (median of 60 × 200)`,
);
builds.forEach((build, i) =>
	console.log(`  ${build.dir.padEnd(24)} ${summarize(times[i]).median.toFixed(1)}`),
);
