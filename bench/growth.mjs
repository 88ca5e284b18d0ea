// Figure 5: how the cost per item grows with the number of items. Each measurement runs in a fresh
// process (growth-child.mjs, with its own simulator): the node at N = 100, 1,000, 5,000 and 10,000
// items, the peer at N = 5,000 for the peak-RSS comparison. 0 ms per chat: what is measured is the
// client's own cost.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { round } from './lib/stats.mjs';

const run = promisify(execFile);
const CHILD = fileURLToPath(new URL('./growth-child.mjs', import.meta.url));

async function child(who, items) {
	const { stdout } = await run(process.execPath, ['--expose-gc', CHILD, who, String(items)], {
		maxBuffer: 1 << 20,
		env: { ...process.env, N8N_LOG_LEVEL: 'silent' },
	});
	return JSON.parse(stdout.trim().split('\n').pop());
}

const rounded = (r) => ({
	who: r.who,
	items: r.items,
	wallMs: round(r.wallMs, 0),
	msPerItem: round(r.msPerItem, 2),
	cpuMsPerItem: round(r.cpuMsPerItem, 2),
	firstRequestMs: r.firstRequestMs,
	rssKBPerItem: round(r.rssBytesPerItem / 1024, 1),
	heapKBPerItem: round(r.heapBytesPerItem / 1024, 1),
	baselineRssMB: round(r.baselineRss / 2 ** 20, 0),
});

export async function runGrowth({
	nodeCounts = [100, 1000, 5000, 10000],
	peerCounts = [5000],
	log = () => {},
} = {}) {
	const node = [];
	const peer = [];
	for (const items of nodeCounts) {
		node.push(rounded(await child('node', items)));
		log(
			`  node, ${items} items: ${node.at(-1).msPerItem} ms, ${node.at(-1).rssKBPerItem} KB RSS per item`,
		);
		if (peerCounts.includes(items)) {
			peer.push(rounded(await child('peer', items)));
			log(
				`  peer, ${items} items: ${peer.at(-1).msPerItem} ms, ${peer.at(-1).rssKBPerItem} KB RSS per item`,
			);
		}
	}
	const at = (list, items) => list.find((r) => r.items === items);
	const from = at(node, 1000);
	const to = at(node, 10000);
	const flat =
		from && to
			? {
					msPerItem: round(to.msPerItem / from.msPerItem, 2),
					cpuMsPerItem: round(to.cpuMsPerItem / from.cpuMsPerItem, 2),
					rssPerItem: round(to.rssKBPerItem / from.rssKBPerItem, 2),
				}
			: undefined;
	const nodeAt5000 = at(node, 5000);
	const peerAt5000 = at(peer, 5000);
	const rssToPeer =
		nodeAt5000 && peerAt5000
			? round(nodeAt5000.rssKBPerItem / peerAt5000.rssKBPerItem, 2)
			: undefined;
	return { latencyMs: 0, node, peer, flat, rssToPeerAt5000: rssToPeer };
}
