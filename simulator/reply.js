'use strict';

/**
 * The simulated model. Replies are deterministic and prove what reached the "model": every user
 * turn of the conversation is quoted (latest first, then the earlier ones in order) and every
 * template variable of the system prompt is shown with the value it was given. Each reply holds a
 * non-ASCII character (the em dash) so clients meet multi-byte UTF-8 split across chunks.
 */

const BENCH_PATTERN = /^bench:(\d+)$/;
const QUOTE_MAX = 120;
// Bench text words: a few are non-ASCII so byte and character counts differ.
const BENCH_WORDS = [
	'vapi',
	'stream',
	'delta',
	'café',
	'frame',
	'naïve',
	'token',
	'résumé',
	'chunk',
	'voilà',
	'reply',
	'bytes',
];
const BENCH_MAX_BYTES = 10 * 1024 * 1024;

const quote = (text) =>
	`"${[...text].length > QUOTE_MAX ? `${[...text].slice(0, QUOTE_MAX - 1).join('')}…` : text}"`;

/**
 * `Support Bot — Variables: customerName="Ada". You said: "third". Earlier you said: "first", "second".`
 */
function composeReply({ speakerName, variablesUsed, userTurns }) {
	const variables = variablesUsed.length
		? `Variables: ${variablesUsed.map(([key, value]) => `${key}=${JSON.stringify(value)}`).join(', ')}. `
		: '';
	if (userTurns.length === 0) return `${speakerName} — ${variables}You said nothing yet.`;
	const latest = userTurns[userTurns.length - 1];
	const earlier = userTurns.slice(0, -1);
	const earlierPart = earlier.length ? ` Earlier you said: ${earlier.map(quote).join(', ')}.` : '';
	return `${speakerName} — ${variables}You said: ${quote(latest)}.${earlierPart}`;
}

/** `bench:N` asks for exactly N bytes (UTF-8) of words, for throughput measurements. */
function benchReplyBytes(latestUserTurn) {
	const match = BENCH_PATTERN.exec(latestUserTurn ?? '');
	return match ? Math.min(Number(match[1]), BENCH_MAX_BYTES) : null;
}

function benchText(byteCount) {
	const parts = [];
	let bytes = 0;
	for (let i = 0; ; i++) {
		const word = `${BENCH_WORDS[i % BENCH_WORDS.length]} `;
		const size = Buffer.byteLength(word);
		if (bytes + size > byteCount) break;
		parts.push(word);
		bytes += size;
	}
	// Fill the last few bytes with ASCII so the total is exact.
	return parts.join('') + 'x'.repeat(byteCount - bytes);
}

/**
 * Cuts text into stream deltas of roughly 10–40 bytes at word boundaries, never inside a character
 * (a JSON delta is a string; splitting bytes is the `chunkSize` fault's job).
 */
function splitIntoDeltas(text) {
	const deltas = [];
	let current = '';
	for (const token of text.match(/\S+\s*|\s+/g) ?? []) {
		for (const piece of splitLongToken(token)) {
			current += piece;
			if (Buffer.byteLength(current) >= 10) {
				deltas.push(current);
				current = '';
			}
		}
	}
	if (current) deltas.push(current);
	return deltas;
}

function splitLongToken(token) {
	if (Buffer.byteLength(token) <= 30) return [token];
	const pieces = [];
	let piece = '';
	for (const ch of token) {
		if (Buffer.byteLength(piece + ch) > 24) {
			pieces.push(piece);
			piece = '';
		}
		piece += ch;
	}
	return piece ? [...pieces, piece] : pieces;
}

/**
 * Replaces `{{ name }}` (Liquid filters ignored) with its value; a variable without a value becomes ''
 * as in Liquid. `variablesUsed` lists the variables that got a value, for the reply to show.
 */
function substituteVariables(template, variables) {
	const used = new Map();
	const text = template.replace(/\{\{\s*([\w.-]+)\s*(?:\|[^}]*)?\}\}/g, (_, key) => {
		const value = variables?.[key];
		if (value === undefined || value === null) return '';
		const rendered = typeof value === 'string' ? value : JSON.stringify(value);
		if (!used.has(key)) used.set(key, rendered);
		return rendered;
	});
	return { text, variablesUsed: [...used.entries()] };
}

module.exports = { composeReply, benchReplyBytes, benchText, splitIntoDeltas, substituteVariables };
