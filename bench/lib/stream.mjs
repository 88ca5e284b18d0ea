// In-memory SSE streams shaped exactly like the simulator's (and Vapi's) POST /chat/responses
// answer: `data: <json>\n\n` frames of response.output_text.delta events (10–40-byte deltas cut at
// word boundaries), then response.output_text.done (the whole text) and response.completed (the
// ResponseObject, the whole text again). The text mixes ASCII words with newlines, quotes and
// non-ASCII characters, so both parsers meet JSON escapes and multi-byte UTF-8.

import { seededRandom } from '../../simulator/seeded-random.js';

export const MB = 1024 * 1024;

// Mostly short English words, as a model writes them; a few carry \n, quotes or non-ASCII text.
const WORDS = [
	'the',
	'a',
	'to',
	'of',
	'and',
	'you',
	'is',
	'can',
	'help',
	'with',
	'your',
	'order',
	'today,',
	'I',
	'We',
	'appointment',
	'Thursday',
	'at',
	'3',
	'pm.',
	'please',
	'confirm',
	'the',
	'number',
	'account',
	'thanks',
	'for',
	'calling!',
	'booking',
	'is',
	'set.\n\n-',
	'"quoted"',
	'café',
	'—',
	'東京',
	'🙂',
	'naïve',
	'résumé',
	'it',
	'will',
	'be',
	'there',
	'in',
	'time.\n',
];

const CHAT_ID = '3f9a7c2e-5b1d-4e8f-9a6c-0d2b7e4f1a53';
const ITEM_ID = `msg_${CHAT_ID.replace(/-/g, '')}`;
const POSITION = { item_id: ITEM_ID, output_index: 0, content_index: 0 };
const encoder = new TextEncoder();
const frame = (event) => `data: ${JSON.stringify(event)}\n\n`;

/**
 * The deltas of a stream about `totalBytes` long (its delta, done and completed frames together),
 * drawn from a seeded random generator: the same seed gives the same stream.
 */
export function makeDeltas(totalBytes, seed) {
	const random = seededRandom(seed);
	const deltas = [];
	// done and completed carry the text (JSON-escaped) once each, in ~450 bytes of other JSON.
	let size = 450;
	let delta = '';
	while (size < totalBytes) {
		const word = WORDS[Math.floor(random() * WORDS.length)];
		delta += word.endsWith('\n') ? word : `${word} `;
		if (Buffer.byteLength(delta) < 10) continue;
		deltas.push(delta);
		const escaped = Buffer.byteLength(JSON.stringify(delta)) - 2;
		size += DELTA_FRAME_OVERHEAD + escaped + 2 * escaped;
		delta = '';
	}
	return deltas;
}

const DELTA_FRAME_OVERHEAD = Buffer.byteLength(
	frame({ type: 'response.output_text.delta', ...POSITION, delta: '' }),
);

/** The stream's frames as byte arrays: one per delta, then done and completed. */
export function* sseFrames(deltas, text = deltas.join('')) {
	for (const delta of deltas) {
		yield encoder.encode(frame({ type: 'response.output_text.delta', ...POSITION, delta }));
	}
	yield encoder.encode(frame({ type: 'response.output_text.done', ...POSITION, text }));
	yield encoder.encode(
		frame({
			type: 'response.completed',
			response: {
				id: CHAT_ID,
				object: 'response',
				created_at: 1764000000,
				status: 'completed',
				error: null,
				output: [
					{
						id: ITEM_ID,
						type: 'message',
						role: 'assistant',
						status: 'completed',
						content: [{ type: 'output_text', text, annotations: [] }],
					},
				],
			},
		}),
	);
}

/** The whole stream in one buffer, about `totalBytes` long, and its text. */
export function buildStream(totalBytes, seed = 42) {
	const deltas = makeDeltas(totalBytes, seed);
	const text = deltas.join('');
	return { ...materialize(sseFrames(deltas, text)), text };
}

/**
 * Cuts frames into fresh chunks of seeded random sizes minSize…maxSize (a socket's reads: each
 * a new buffer, cutting through frames and UTF-8 characters), without holding the whole stream.
 */
export function* freshChunks(frames, seed, minSize, maxSize) {
	const random = seededRandom(seed);
	const nextSize = () => minSize + Math.floor(random() * (maxSize - minSize + 1));
	let chunk = new Uint8Array(nextSize());
	let filled = 0;
	for (const bytes of frames) {
		for (let at = 0; at < bytes.length; ) {
			const n = Math.min(chunk.length - filled, bytes.length - at);
			chunk.set(bytes.subarray(at, at + n), filled);
			filled += n;
			at += n;
			if (filled === chunk.length) {
				yield chunk;
				chunk = new Uint8Array(nextSize());
				filled = 0;
			}
		}
	}
	if (filled > 0) yield chunk.subarray(0, filled);
}

function materialize(frames) {
	const parts = [];
	let length = 0;
	for (const part of frames) {
		parts.push(part);
		length += part.length;
	}
	const bytes = new Uint8Array(length);
	let at = 0;
	for (const part of parts) {
		bytes.set(part, at);
		at += part.length;
	}
	return { bytes, events: parts.length };
}

/** Views of `bytes` in seeded random sizes minSize…maxSize (the last one may be shorter). */
export function randomChunks(bytes, seed, minSize, maxSize) {
	const random = seededRandom(seed);
	const chunks = [];
	for (let at = 0; at < bytes.length; ) {
		const size = minSize + Math.floor(random() * (maxSize - minSize + 1));
		chunks.push(bytes.subarray(at, at + size));
		at += size;
	}
	return chunks;
}
