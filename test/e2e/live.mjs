// Live answers in real n8n: a client of a streaming workflow (Webhook or Chat Trigger with response
// mode Streaming) reads n8n's newline-delimited JSON chunks as they arrive, with the time each one
// came, so a test can show the answer reached the caller while Vapi was still streaming it.
import assert from 'node:assert/strict';

/**
 * POST `body` as JSON to `url` and read the answer incrementally. Resolves with
 * `{ status, headers, text, chunks, startedAt, endedAt, reads }`: `chunks` are the parsed lines
 * (n8n 2.41: `{ type: 'begin'|'item'|'end'|'error', content?, metadata: { nodeId, nodeName,
 * itemIndex, runIndex, timestamp? } }`, plus `{ type: 'keepalive' }` every 30 s), each with `at`, the
 * client's clock (ms epoch) when the network read that completed it arrived; `reads` counts reads.
 */
export async function postAndReadStream(url, body, { timeoutMs = 60_000 } = {}) {
	const startedAt = Date.now();
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(timeoutMs),
	});
	const decoder = new TextDecoder();
	const chunks = [];
	let text = '';
	let partial = '';
	let reads = 0;
	for await (const bytes of response.body) {
		const at = Date.now();
		reads++;
		const piece = decoder.decode(bytes, { stream: true });
		text += piece;
		const lines = (partial + piece).split('\n');
		partial = lines.pop();
		for (const line of lines) if (line.trim()) chunks.push({ ...parseLine(line), at });
	}
	const endedAt = Date.now();
	text += decoder.decode();
	if (partial.trim()) chunks.push({ ...parseLine(partial), at: endedAt });
	return {
		status: response.status,
		headers: Object.fromEntries(response.headers),
		text,
		chunks,
		startedAt,
		endedAt,
		reads,
	};
}

function parseLine(line) {
	try {
		return JSON.parse(line);
	} catch {
		assert.fail(`n8n streamed a line that is not JSON: ${JSON.stringify(line.slice(0, 300))}`);
	}
}

/** The chunks without n8n's keep-alives (sent every 30 s while an execution streams). */
export const withoutKeepalives = (chunks) => chunks.filter((c) => c.type !== 'keepalive');

/**
 * Assert the chunks are one live answer of `nodeName` for item 0 — begin, item…, end — and return
 * `{ text, items, firstItemAt, lastItemAt }` (the concatenated item contents).
 */
export function assertOneLiveAnswer(chunks, nodeName, { minItems = 1 } = {}) {
	const seen = withoutKeepalives(chunks);
	const types = seen.map((c) => c.type);
	assert.equal(types[0], 'begin', `the first chunk is begin: ${types.join(',')}`);
	assert.equal(types.at(-1), 'end', `the last chunk is end: ${types.join(',')}`);
	const items = seen.filter((c) => c.type === 'item');
	assert.equal(items.length, types.length - 2, `only item chunks between begin and end: ${types}`);
	assert.ok(items.length >= minItems, `at least ${minItems} item chunks, got ${items.length}`);
	for (const chunk of seen) {
		assert.equal(chunk.metadata?.nodeName, nodeName, 'every chunk comes from the Vapi node');
		assert.equal(chunk.metadata.itemIndex, 0);
		assert.equal(chunk.metadata.runIndex, 0);
		assert.equal(typeof chunk.metadata.nodeId, 'string');
	}
	for (const item of items) assert.equal(typeof item.content, 'string');
	return {
		text: items.map((c) => c.content).join(''),
		items,
		firstItemAt: items[0]?.at,
		lastItemAt: items.at(-1)?.at,
	};
}
