'use strict';

// maskedBody (nodes/Vapi/http/responseBody.ts): the body n8n delivered, in the same shape, with the
// API key masked — what every step after the boundary reads. A streamed body is masked chunk by
// chunk, so a key cut across two network reads is masked too.
const { maskedBody, readBodyText } = require('../../dist/nodes/Vapi/http/responseBody.js');
const { SecretMask } = require('../../dist/nodes/Vapi/http/maskSecret.js');

const KEY = '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const mask = new SecretMask(KEY);
const encoder = new TextEncoder();

/** A stream of the given byte chunks, recording destroy(). */
function byteStream(chunks) {
	const stream = {
		destroyed: undefined,
		async *[Symbol.asyncIterator]() {
			for (const chunk of chunks) yield chunk;
		},
		destroy(error) {
			stream.destroyed = error ?? true;
		},
	};
	return stream;
}

async function readAll(body) {
	const chunks = [];
	for await (const chunk of body) chunks.push(new TextDecoder().decode(chunk));
	return chunks;
}

const text = `{"error":"refused Authorization: Bearer ${KEY}", "note":"naïve — ok"}`;
const bytes = encoder.encode(text);

test.each(Array.from({ length: bytes.length - 1 }, (_, cut) => cut + 1))(
	'a streamed body cut into two reads at byte %i comes out masked, multi-byte characters intact',
	async (cut) => {
		const body = maskedBody(byteStream([bytes.subarray(0, cut), bytes.subarray(cut)]), mask);
		expect((await readAll(body)).join('')).toBe(mask.text(text));
	},
);

test('a streamed body one byte at a time: nothing of the key is handed on before it is masked', async () => {
	const chunks = await readAll(
		maskedBody(byteStream([...bytes].map((b) => Uint8Array.of(b))), mask),
	);
	expect(chunks.join('')).toBe(mask.text(text));
	expect(chunks.every((chunk) => !chunk.includes(KEY.slice(0, 2)))).toBe(true);
});

test('destroy() reaches the stream n8n delivered (the idle watchdog and early closes rely on it)', () => {
	const source = byteStream([]);
	const failure = new Error('idle');
	maskedBody(source, mask).destroy(failure);
	expect(source.destroyed).toBe(failure);
});

test('readBodyText of a masked stream is the masked text', async () => {
	expect(
		await readBodyText(maskedBody(byteStream([bytes.subarray(0, 50), bytes.subarray(50)]), mask)),
	).toBe(mask.text(text));
});

test.each([
	['text', text, mask.text(text)],
	['parsed JSON', { error: `Bearer ${KEY}` }, { error: 'Bearer ***' }],
	['nothing', undefined, undefined],
])('a body read whole (%s) comes out masked in the same shape', (_case, body, expected) => {
	expect(maskedBody(body, mask)).toEqual(expected);
});

test('bytes come out as the masked text’s bytes', () => {
	expect(new TextDecoder().decode(maskedBody(Buffer.from(text), mask))).toBe(mask.text(text));
});
