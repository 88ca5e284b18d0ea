'use strict';

// Property-based tests: whatever bytes arrive, in whatever chunks, aggregation ends in a ChatAnswer
// or in one of its two errors; a valid stream gives the same answer however it is chunked.
const { isDeepStrictEqual } = require('node:util');
const fc = require('fast-check');
const { createParser } = require('eventsource-parser');
const {
	ChatStreamAggregator,
	VapiStreamError,
	IncompleteStreamError,
} = require('../../dist/nodes/Vapi/stream/aggregate.js');
const { SseParser } = require('./support/sseParser');

const encoder = new TextEncoder();
const SEED = Number(process.env.FUZZ_SEED ?? 20250101);

/** Cuts bytes at the given points (each taken modulo the length). */
function split(bytes, cuts) {
	const points = [
		...new Set(cuts.map((c) => (bytes.length === 0 ? 0 : c % (bytes.length + 1)))),
	].sort((a, b) => a - b);
	const chunks = [];
	let from = 0;
	for (const at of points) {
		chunks.push(bytes.slice(from, at));
		from = at;
	}
	chunks.push(bytes.slice(from));
	return chunks;
}

/** Runs the aggregator; a result, one of the two errors, or the foreign exception rethrown. */
function run(chunks, options) {
	const aggregator = new ChatStreamAggregator(options);
	try {
		for (const chunk of chunks) aggregator.push(chunk);
		return { answer: aggregator.finish() };
	} catch (error) {
		if (error instanceof VapiStreamError || error instanceof IncompleteStreamError) {
			return {
				error: { name: error.name, message: error.message, reason: error.reason, code: error.code },
			};
		}
		throw error;
	}
}

// Pieces that make streams look like Vapi's, broken or not.
const FRAGMENTS = [
	'data: ',
	'data:',
	'data',
	'event: ',
	'event: error',
	'id: 1',
	'retry: 10',
	': ping',
	'\n',
	'\r',
	'\r\n',
	'\n\n',
	'[DONE]',
	'{',
	'}',
	'[',
	']',
	'"',
	',',
	':',
	'\\',
	'\\u',
	'\\ud83d',
	'\\ude00',
	'é',
	'😀',
	'東',
	'\ufeff',
	' ',
	'0',
	'-1',
	'1e3',
	'null',
	'true',
	'{"type":"response.output_text.delta","item_id":"msg_1","output_index":0,"content_index":0,"delta":"hi"}',
	'{"type":"response.output_text.delta","output_index":1,"content_index":0,"delta":"\\u00e9\\n"}',
	'{"type":"response.output_text.done","item_id":"msg_1","output_index":0,"content_index":0,"text":"hi"}',
	'{"type":"response.completed","response":{"id":"chat_1","status":"completed","output":[]}}',
	'{"type":"response.completed","response":{"id":"chat_1","status":"failed","error":"x"}}',
	'{"type":"response.completed","response":null}',
	'{"type":"error","code":"e","message":"boom","sequence_number":1}',
	'{"id":"chat_n","path":"chat.output[0].content","delta":"n"}',
	'{"id":"chat_n","path":7,"delta":"n"}',
	'"type":"response.output_text.delta"',
	'"delta":',
	'"output_index":',
	'"item_id":"m"',
];

const fragmentStream = fc
	.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 4 })), { maxLength: 40 })
	.map((parts) => encoder.encode(parts.join('')));

const cuts = fc.array(fc.nat(), { maxLength: 8 });

/** A random text: any UTF-16 code units (lone surrogates too) and the characters that need care. */
const text = fc
	.array(
		fc.oneof(
			fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
			fc.constantFrom(
				'a',
				' ',
				'é',
				'—',
				'東',
				'😀',
				'\n',
				'\r',
				'"',
				'\\',
				'/',
				'\u2028',
				'\ufeff',
				'\u0000',
			),
		),
		{ maxLength: 12 },
	)
	.map((chars) => chars.join(''));

/** JSON string literal for s, writing the code points chosen by `escapeMask` as \uXXXX escapes. */
function jsonString(s, escapeMask) {
	let out = '"';
	let i = 0;
	for (const cp of s) {
		if ((escapeMask >> i++ % 31) & 1) {
			for (let k = 0; k < cp.length; k++)
				out += `\\u${cp.charCodeAt(k).toString(16).padStart(4, '0')}`;
		} else {
			out += JSON.stringify(cp).slice(1, -1);
		}
	}
	return `${out}"`;
}

/** A valid stream, its expected text, and how its framing varies. */
const validStream = fc
	.record({
		deltas: fc.array(
			fc.record({ text, output: fc.nat(2), content: fc.nat(1), escapes: fc.nat() }),
			{
				maxLength: 12,
			},
		),
		eventLines: fc.boolean(),
		lineEnd: fc.constantFrom('\n', '\r\n', '\r'),
		comments: fc.boolean(),
		pretty: fc.boolean(),
		withDone: fc.boolean(),
		responseHasOutput: fc.boolean(),
		doneMarker: fc.boolean(),
		finalBlankLine: fc.boolean(),
	})
	.map((spec) => {
		const frames = [];
		const frame = (type, json) => {
			const lines = spec.pretty ? JSON.stringify(JSON.parse(json), null, 1).split('\n') : [json];
			let out = spec.eventLines && type ? `event: ${type}\n` : '';
			for (const line of lines) out += `data: ${line}\n`;
			frames.push(`${out}\n${spec.comments ? ': keep-alive\n\n' : ''}`);
		};
		const parts = new Map();
		const streamOrder = spec.deltas.map((d) => d.text).join('');
		for (const d of spec.deltas) {
			frame(
				'response.output_text.delta',
				`{"type":"response.output_text.delta","item_id":"msg_${d.output}","output_index":${d.output},"content_index":${d.content},"delta":${jsonString(d.text, d.escapes)},"sequence_number":${frames.length}}`,
			);
			const key = d.output * 10 + d.content;
			parts.set(key, (parts.get(key) ?? '') + d.text);
		}
		const keys = [...parts.keys()].sort((a, b) => a - b);
		const expected = keys.map((k) => parts.get(k)).join('');
		if (spec.withDone) {
			for (const k of keys) {
				frame(
					'response.output_text.done',
					JSON.stringify({
						type: 'response.output_text.done',
						item_id: `msg_${Math.floor(k / 10)}`,
						output_index: Math.floor(k / 10),
						content_index: k % 10,
						text: parts.get(k),
					}),
				);
			}
		}
		const output = spec.responseHasOutput
			? [
					{
						id: 'msg_0',
						type: 'message',
						role: 'assistant',
						status: 'completed',
						content: [{ type: 'output_text', text: expected, annotations: [] }],
					},
				]
			: [];
		frame(
			'response.completed',
			JSON.stringify({
				type: 'response.completed',
				response: { id: 'chat_1', object: 'response', status: 'completed', error: null, output },
			}),
		);
		if (spec.doneMarker) frames.push('data: [DONE]\n\n');
		let stream = frames.join('');
		if (!spec.finalBlankLine) stream = stream.replace(/\n+$/, '');
		return { bytes: encoder.encode(stream.replace(/\n/g, spec.lineEnd)), expected, streamOrder };
	});

const RUNS = Number(process.env.FUZZ_RUNS ?? 5000);
const options = { seed: SEED, numRuns: RUNS };

describe('fuzz: aggregation never throws anything but its two errors', () => {
	test('random bytes in random chunks', () => {
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 400 }), cuts, (bytes, at) => {
				run(split(bytes, at));
			}),
			options,
		);
	});

	test('random streams built from SSE and JSON fragments, in random chunks', () => {
		fc.assert(
			fc.property(fragmentStream, cuts, (bytes, at) => {
				run(split(bytes, at), { onTextDelta: () => {} });
			}),
			options,
		);
	});

	test('random mutations of a valid stream', () => {
		const mutation = fc.oneof(
			fc.record({ kind: fc.constant('flip'), at: fc.nat(), value: fc.nat(255) }),
			fc.record({ kind: fc.constant('delete'), at: fc.nat(), length: fc.nat(40) }),
			fc.record({
				kind: fc.constant('insert'),
				at: fc.nat(),
				bytes: fc.uint8Array({ maxLength: 8 }),
			}),
			fc.record({
				kind: fc.constant('insertText'),
				at: fc.nat(),
				text: fc.constantFrom(...FRAGMENTS),
			}),
			fc.record({ kind: fc.constant('duplicate'), at: fc.nat(), length: fc.nat(60) }),
			fc.record({ kind: fc.constant('truncate'), at: fc.nat() }),
		);
		fc.assert(
			fc.property(
				validStream,
				fc.array(mutation, { minLength: 1, maxLength: 4 }),
				cuts,
				({ bytes }, mutations, at) => {
					let b = Array.from(bytes);
					for (const m of mutations) {
						const i = b.length === 0 ? 0 : m.at % b.length;
						if (m.kind === 'flip') b[i] = m.value;
						else if (m.kind === 'delete') b.splice(i, m.length);
						else if (m.kind === 'insert') b.splice(i, 0, ...m.bytes);
						else if (m.kind === 'insertText') b.splice(i, 0, ...encoder.encode(m.text));
						else if (m.kind === 'duplicate') b.splice(i, 0, ...b.slice(i, i + m.length));
						else b = b.slice(0, i);
					}
					run(split(Uint8Array.from(b), at));
				},
			),
			options,
		);
	});
});

describe('fuzz: a valid stream gives the same answer however it is chunked', () => {
	test('random valid streams (any text, escapes, framing) in random chunks', () => {
		fc.assert(
			fc.property(validStream, cuts, ({ bytes, expected, streamOrder }, at) => {
				const whole = run([bytes]);
				if (!whole.answer) throw new Error(`a valid stream failed: ${JSON.stringify(whole.error)}`);
				if (whole.answer.text !== expected)
					throw new Error('the text is not the concatenated deltas');
				const forwarded = [];
				const chunked = run(split(bytes, at), { onTextDelta: (d) => forwarded.push(d) });
				if (!isDeepStrictEqual(chunked, whole)) throw new Error('chunking changed the answer');
				// Live deltas go out in stream order; the text is in (output_index, content_index) order.
				if (forwarded.join('') !== streamOrder)
					throw new Error('the forwarded deltas are not the stream');
			}),
			{ seed: SEED, numRuns: Math.ceil(RUNS * 0.4) },
		);
	});

	test('byte-by-byte chunking of random valid streams', () => {
		fc.assert(
			fc.property(validStream, ({ bytes }) => {
				const whole = run([bytes]);
				const bytewise = run(Array.from(bytes, (b) => Uint8Array.of(b)));
				if (!isDeepStrictEqual(bytewise, whole))
					throw new Error('byte-by-byte chunking changed the answer');
			}),
			{ seed: SEED, numRuns: Math.ceil(RUNS * 0.06) },
		);
	});
});

describe('fuzz: nothing after response.completed changes the answer or is forwarded', () => {
	// What follows: random fragments, or a whole other stream (deltas, errors, another completion).
	const anyTail = fc.oneof(
		fragmentStream,
		validStream.map((v) => v.bytes),
		fc.constant(encoder.encode('data: {"type":"error","code":"e","message":"late"}\n\n')),
	);

	test('random valid streams followed by random fragments or streams, in random chunks', () => {
		fc.assert(
			fc.property(validStream, anyTail, cuts, ({ bytes }, tail, at) => {
				const forwardedAlone = [];
				const alone = run([bytes], { onTextDelta: (d) => forwardedAlone.push(d) });
				// The valid stream's last line may lack its line end: end it, then anything may follow.
				const followed = new Uint8Array([...bytes, ...encoder.encode('\n\n'), ...tail]);
				const forwarded = [];
				const result = run(split(followed, at), { onTextDelta: (d) => forwarded.push(d) });
				if (!isDeepStrictEqual(result, alone)) throw new Error('the tail changed the answer');
				if (!isDeepStrictEqual(forwarded, forwardedAlone))
					throw new Error('the tail changed what was forwarded');
			}),
			{ seed: SEED, numRuns: Math.ceil(RUNS * 0.4) },
		);
	});
});

describe('fuzz: the byte-level fast path reads delta events exactly as JSON.parse does', () => {
	const ONLY_SPACE = /^[ \t\n\r]*$/;
	const DONE = /^[ \t\n\r]*\[DONE\][ \t\n\r]*$/;
	const index = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

	/** What the stream must give, from SseParser + JSON.parse; undefined when the case is out of scope. */
	function oracle(bytes) {
		// A body whose first character is `{` is read as a plain JSON body, not as SSE.
		if (/^\ufeff?[ \t\r\n]*\{/.test(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes))) {
			return undefined;
		}
		const events = [];
		const parser = new SseParser((e) => events.push(e));
		parser.push(bytes);
		const terminated = events.length;
		parser.end();
		const parts = new Map();
		let completed = false;
		for (const [n, e] of events.entries()) {
			if (ONLY_SPACE.test(e.data) || DONE.test(e.data)) continue;
			let o;
			try {
				o = JSON.parse(e.data);
			} catch {
				// An event the stream stopped in the middle of is a cut, not garbage.
				return n < terminated ? { reason: 'malformed' } : { reason: 'incomplete' };
			}
			if (o === null || typeof o !== 'object' || Array.isArray(o)) continue;
			if (e.event === 'error' || o.type === 'error') return undefined;
			if (typeof o.type !== 'string') {
				if (typeof o.delta === 'string' && (o.id !== undefined || o.path !== undefined))
					return undefined;
				continue;
			}
			if (o.type === 'response.completed') {
				completed = true;
				continue;
			}
			const isDone = o.type === 'response.output_text.done';
			if (o.type !== 'response.output_text.delta' && !isDone) {
				if (o.type.startsWith('response.')) return undefined;
				continue;
			}
			if (typeof (isDone ? o.text : o.delta) !== 'string') continue;
			const oi = index(o.output_index);
			const ci = index(o.content_index);
			const key = `${oi}:${ci}`;
			const part = parts.get(key) ?? { oi, ci, text: '', done: '' };
			if (isDone) {
				// A done text supersedes the deltas before it; an empty one changes nothing.
				part.done = o.text;
				if (o.text !== '') part.text = '';
			} else {
				part.text += o.delta;
			}
			parts.set(key, part);
		}
		if (!completed) return { reason: 'incomplete' };
		const text = [...parts.values()]
			.sort((a, b) => a.oi - b.oi || a.ci - b.ci)
			.map((p) => (p.done !== '' ? p.done : p.text))
			.join('');
		return { text };
	}

	const deltaEvent = fc
		.record({
			text,
			escapes: fc.nat(),
			output: fc.nat(1),
			sequence: fc.nat(99),
			spaced: fc.boolean(),
			shuffled: fc.boolean(),
		})
		.map(({ text: t, escapes, output, sequence, spaced, shuffled }) => {
			const fields = [
				'"type":"response.output_text.delta"',
				`"item_id":"msg_${output}"`,
				`"output_index":${output}`,
				'"content_index":0',
				`"delta":${jsonString(t, escapes)}`,
				`"sequence_number":${sequence}`,
			];
			if (shuffled) fields.reverse();
			const sep = spaced ? ' , ' : ',';
			return `data: {${fields.join(sep)}}\n\n`;
		});
	const doneEvent = fc
		.record({
			text,
			escapes: fc.nat(),
			output: fc.nat(1),
			spaced: fc.boolean(),
			shuffled: fc.boolean(),
		})
		.map(({ text: t, escapes, output, spaced, shuffled }) => {
			const fields = [
				'"type":"response.output_text.done"',
				`"item_id":"msg_${output}"`,
				`"output_index":${output}`,
				'"content_index":0',
				`"text":${jsonString(t, escapes)}`,
				'"logprobs":[]',
			];
			if (shuffled) fields.reverse();
			const sep = spaced ? ' , ' : ',';
			return `data: {${fields.join(sep)}}\n\n`;
		});
	const noise = '"\\u0123456789abcdefABCDEF{}[],:. \t\r\n-+eE/';
	const mutation = fc.oneof(
		fc.record({
			at: fc.nat(),
			byte: fc.oneof(
				fc.constantFrom(...Array.from(noise, (c) => c.charCodeAt(0))),
				fc.integer({ min: 0x80, max: 0xff }),
				fc.nat(255),
			),
		}),
		fc.record({ at: fc.nat(), remove: fc.integer({ min: 1, max: 3 }) }),
		fc.record({
			at: fc.nat(),
			insert: fc.constantFrom(
				'\\u',
				'\\ud83d',
				'\\ude00',
				'\\"',
				'"',
				'é',
				'😀',
				',"x":1',
				',"delta":"z"',
				'[',
				'0',
				'.5',
				'e1',
			),
		}),
	);
	const tail = encoder.encode(
		'data: {"type":"response.completed","response":{"id":"chat_1","status":"completed","output":[]}}\n\n',
	);

	test.each([
		['delta events', fc.array(deltaEvent, { minLength: 1, maxLength: 4 })],
		[
			'delta and output_text.done events',
			fc.array(fc.oneof(deltaEvent, doneEvent), { minLength: 1, maxLength: 4 }),
		],
	])('random %s with random byte mutations, in random chunks', (_name, eventList) => {
		fc.assert(
			fc.property(
				eventList,
				fc.array(mutation, { maxLength: 2 }),
				cuts,
				(events, mutations, at) => {
					const b = Array.from(encoder.encode(events.join('')));
					for (const m of mutations) {
						const i = m.at % b.length;
						if (m.byte !== undefined) b[i] = m.byte;
						else if (m.remove !== undefined) b.splice(i, m.remove);
						else b.splice(i, 0, ...encoder.encode(m.insert));
					}
					const bytes = new Uint8Array([...b, ...tail]);
					const expected = oracle(bytes);
					if (expected === undefined) return;
					const result = run(split(bytes, at));
					if (expected.reason) {
						if (result.error?.reason !== expected.reason) {
							throw new Error(`expected ${expected.reason}, got ${JSON.stringify(result)}`);
						}
					} else if (result.answer?.text !== expected.text) {
						throw new Error(
							`expected ${JSON.stringify(expected.text)}, got ${JSON.stringify(result)}`,
						);
					}
				},
			),
			{ seed: SEED, numRuns: RUNS },
		);
	});
});

describe('fuzz: SseParser agrees with eventsource-parser', () => {
	const sseText = fc
		.array(
			fc.constantFrom(
				'data',
				'event',
				'id',
				'retry',
				':',
				': ',
				' ',
				'x',
				'é',
				'😀',
				'\n',
				'\r',
				'\r\n',
				'\n\n',
				'\ufeff',
				'data: ',
				'event: ',
			),
			{ maxLength: 40 },
		)
		.map((parts) => parts.join(''));

	test('same events (name and data) for random SSE text in random chunks', () => {
		fc.assert(
			fc.property(sseText, cuts, (textIn, at) => {
				const complete = `${textIn}\n\n`;
				const reference = [];
				const parser = createParser({
					onEvent: (e) => reference.push({ event: e.event, data: e.data }),
				});
				// As the baseline pipeline feeds it: decoded text (TextDecoder drops a leading BOM).
				parser.feed(new TextDecoder().decode(encoder.encode(complete)));
				const ours = [];
				const sse = new SseParser((e) => ours.push({ event: e.event, data: e.data }));
				for (const chunk of split(encoder.encode(complete), at)) sse.push(chunk);
				sse.end();
				if (!isDeepStrictEqual(ours, reference)) {
					throw new Error(
						`ours ${JSON.stringify(ours)} vs eventsource-parser ${JSON.stringify(reference)}`,
					);
				}
			}),
			options,
		);
	});
});
