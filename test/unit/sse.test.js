'use strict';

const { isDeepStrictEqual } = require('node:util');
const { SseParser } = require('./support/sseParser');
const { pushThroughReusedBuffer } = require('./support/reusedBuffer');

const encoder = new TextEncoder();
const bytesOf = (chunk) => (typeof chunk === 'string' ? encoder.encode(chunk) : chunk);

/** Feeds the chunks and ends the stream; returns every event. */
function parse(chunks, { end = true } = {}) {
	const events = [];
	const parser = new SseParser((event) => events.push(event));
	for (const chunk of chunks) parser.push(bytesOf(chunk));
	if (end) parser.end();
	return events;
}

/** Feeds the chunks through ONE buffer that is overwritten after every push. */
function parseThroughReusedBuffer(bytes, size) {
	const events = [];
	const parser = new SseParser((event) => events.push(event));
	pushThroughReusedBuffer(bytes, size, (chunk) => parser.push(chunk), 0x78);
	parser.end();
	return events;
}

describe('SseParser framing', () => {
	test('OpenAI-style events with event: lines', () => {
		expect(
			parse([
				'event: response.output_text.delta\ndata: {"delta":"Hi"}\n\n' +
					'event: response.completed\ndata: {"id":"c1"}\n\n',
			]),
		).toEqual([
			{ event: 'response.output_text.delta', data: '{"delta":"Hi"}' },
			{ event: 'response.completed', data: '{"id":"c1"}' },
		]);
	});

	test('events without event: lines', () => {
		expect(parse(['data: one\n\ndata: two\n\n'])).toEqual([{ data: 'one' }, { data: 'two' }]);
	});

	test('\\r\\n line ends', () => {
		expect(parse(['event: a\r\ndata: one\r\n\r\ndata: two\r\n\r\n'])).toEqual([
			{ event: 'a', data: 'one' },
			{ data: 'two' },
		]);
	});

	test('\\r line ends', () => {
		expect(parse(['event: a\rdata: one\r\rdata: two\r\r'])).toEqual([
			{ event: 'a', data: 'one' },
			{ data: 'two' },
		]);
	});

	test('mixed \\n, \\r\\n and \\r line ends in one stream', () => {
		expect(parse(['data: a\r\n\ndata: b\r\rdata: c\n\r\n'])).toEqual([
			{ data: 'a' },
			{ data: 'b' },
			{ data: 'c' },
		]);
	});

	test('several data: lines are joined with \\n', () => {
		expect(parse(['data: {\ndata:   "a": 1\ndata: }\n\n'])).toEqual([{ data: '{\n  "a": 1\n}' }]);
	});

	test('only one space after the colon is removed; no space is fine too', () => {
		expect(parse(['data:x\n\ndata:  two spaces\n\n'])).toEqual([
			{ data: 'x' },
			{ data: ' two spaces' },
		]);
	});

	test('a line without a colon is a field with an empty value', () => {
		expect(parse(['data\n\ndata\ndata\n\nevent\ndata: x\n\n'])).toEqual([
			{ data: '' },
			{ data: '\n' },
			{ data: 'x' },
		]);
	});

	test('an empty data: line still makes an event', () => {
		expect(parse(['data:\n\n'])).toEqual([{ data: '' }]);
	});

	test(': comment and keep-alive lines are ignored', () => {
		expect(parse([': keep-alive\n\n:\n: ping\ndata: x\n: between\n\n'])).toEqual([{ data: 'x' }]);
	});

	test('a stream of comments only gives no event', () => {
		expect(parse([': a\n\n: b\n\n'])).toEqual([]);
	});

	test('retry: lines and unknown fields are ignored', () => {
		expect(parse(['retry: 3000\nfoo: bar\ndata: x\nretry: oops\n\n'])).toEqual([{ data: 'x' }]);
	});

	test('id: carries over to later events, an empty id: clears it, an id with NUL is ignored', () => {
		expect(
			parse([
				'id: 7\ndata: a\n\ndata: b\n\nid: 8\u0000\ndata: c\n\nid:\ndata: d\n\nid: 9\ndata: e\n\n',
			]),
		).toEqual([
			{ id: '7', data: 'a' },
			{ id: '7', data: 'b' },
			{ id: '7', data: 'c' },
			{ data: 'd' },
			{ id: '9', data: 'e' },
		]);
	});

	test('data: [DONE] is an ordinary event for the parser', () => {
		expect(parse(['data: {"a":1}\n\ndata: [DONE]\n\n'])).toEqual([
			{ data: '{"a":1}' },
			{ data: '[DONE]' },
		]);
	});

	test('an event: name is forgotten at the blank line, also when the event had no data', () => {
		expect(parse(['event: lonely\n\ndata: x\n\nevent: e\ndata: y\n\ndata: z\n\n'])).toEqual([
			{ data: 'x' },
			{ event: 'e', data: 'y' },
			{ data: 'z' },
		]);
	});

	test('an empty event: name counts as no name', () => {
		expect(parse(['event:\ndata: x\n\n'])).toEqual([{ data: 'x' }]);
	});

	test('field names are case-sensitive', () => {
		expect(parse(['Data: x\nDATA: y\nEvent: e\ndata: z\n\n'])).toEqual([{ data: 'z' }]);
	});

	test('no trailing blank line: end() flushes the last event', () => {
		expect(parse(['data: a\n\nevent: last\ndata: b'])).toEqual([
			{ data: 'a' },
			{ event: 'last', data: 'b' },
		]);
		expect(parse(['data: a\n\ndata: b\n'])).toEqual([{ data: 'a' }, { data: 'b' }]);
		expect(parse(['data: a\n\ndata: b\r'])).toEqual([{ data: 'a' }, { data: 'b' }]);
	});

	test('without end() an unterminated event is held back', () => {
		expect(parse(['data: a\n\ndata: b\n'], { end: false })).toEqual([{ data: 'a' }]);
	});

	test('a leading UTF-8 byte order mark is skipped, one later on is kept', () => {
		expect(parse(['\ufeffdata: a\n\ndata: \ufeffb\n\n'])).toEqual([
			{ data: 'a' },
			{ data: '\ufeffb' },
		]);
		expect(parse(['\ufeff\ufeffdata: a\n\n'])).toEqual([]);
		expect(parse(['\n\ufeffdata: a\n\n'])).toEqual([]);
	});

	test('invalid UTF-8 becomes U+FFFD', () => {
		const bytes = new Uint8Array([
			...encoder.encode('data: a'),
			0xff,
			0xc3,
			...encoder.encode('b\n\n'),
		]);
		expect(parse([bytes])).toEqual([{ data: 'a\ufffd\ufffdb' }]);
	});

	test('empty chunks change nothing', () => {
		expect(parse(['', 'data: a\r', '', '\n', '', '\n', ''])).toEqual([{ data: 'a' }]);
	});

	test('a Node Buffer works as a chunk', () => {
		expect(parse([Buffer.from('data: é\n\n')])).toEqual([{ data: 'é' }]);
	});
});

describe('SseParser split points', () => {
	// Every framing variant and multi-byte UTF-8 (2, 3 and 4 bytes, CJK) in one stream.
	const sample =
		'\ufeff: keep-alive\r\n' +
		'retry: 1000\n' +
		'id: 1\r\n' +
		'event: response.output_text.delta\r\n' +
		'data: {"delta":"café — 東京 😀"}\r\n' +
		'\r\n' +
		'event: multi\n' +
		'data: line one é\n' +
		'data\n' +
		'data: line 3 😀\n' +
		'\n' +
		'data: cr only\r' +
		'\r' +
		'data: [DONE]\n' +
		'\n' +
		'data: no blank line at the end —';
	const bytes = encoder.encode(sample);
	const expected = [
		{ id: '1', event: 'response.output_text.delta', data: '{"delta":"café — 東京 😀"}' },
		{ id: '1', event: 'multi', data: 'line one é\n\nline 3 😀' },
		{ id: '1', data: 'cr only' },
		{ id: '1', data: '[DONE]' },
		{ id: '1', data: 'no blank line at the end —' },
	];

	test('the whole sample in one chunk', () => {
		expect(parse([bytes])).toEqual(expected);
	});

	test('two chunks, split at every byte offset (inside \\r\\n and inside UTF-8 characters)', () => {
		for (let at = 0; at <= bytes.length; at++) {
			const events = parse([bytes.slice(0, at), bytes.slice(at)]);
			if (!isDeepStrictEqual(events, expected)) {
				throw new Error(`split at byte ${at} gave ${JSON.stringify(events)}`);
			}
		}
	});

	test('byte by byte', () => {
		const chunks = Array.from(bytes, (b) => Uint8Array.of(b));
		expect(parse(chunks)).toEqual(expected);
	});

	test('three chunks, every pair of split points in the multi-byte part', () => {
		const from = sample.indexOf('data: {') + 6;
		const to = encoder.encode(sample.slice(0, sample.indexOf('event: multi'))).length;
		for (let a = from; a <= to; a++) {
			for (let b = a; b <= to; b++) {
				const events = parse([bytes.slice(0, a), bytes.slice(a, b), bytes.slice(b)]);
				if (!isDeepStrictEqual(events, expected)) {
					throw new Error(`split at bytes ${a} and ${b} gave ${JSON.stringify(events)}`);
				}
			}
		}
	});

	test('chunks pushed through one reused buffer (the parser keeps no reference to a chunk)', () => {
		for (const size of [1, 2, 3, 5, 7, 16, 64, 1000]) {
			expect({ size, events: parseThroughReusedBuffer(bytes, size) }).toEqual({
				size,
				events: expected,
			});
		}
	});
});
