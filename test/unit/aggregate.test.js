'use strict';

const {
	ChatStreamAggregator,
	VapiStreamError,
	IncompleteStreamError,
	answerFromResponseBody,
} = require('../../dist/nodes/Vapi/stream/aggregate.js');
const { pushThroughReusedBuffer } = require('./support/reusedBuffer');

const encoder = new TextEncoder();

/** SSE frames for events (objects are JSON-encoded, strings are sent as the data as they are). */
function sse(events, { eventLines = true, lineEnd = '\n' } = {}) {
	return events
		.map((event) => {
			const data = typeof event === 'string' ? event : JSON.stringify(event);
			const name =
				eventLines && typeof event === 'object' && event.type ? `event: ${event.type}\n` : '';
			return `${name}data: ${data}\n\n`;
		})
		.join('')
		.replace(/\n/g, lineEnd);
}

/** Aggregates the stream (a string, bytes, or an array of chunks); returns the answer. */
function aggregate(input, options) {
	const aggregator = new ChatStreamAggregator(options);
	const chunks = Array.isArray(input) ? input : [input];
	for (const chunk of chunks)
		aggregator.push(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
	return aggregator.finish();
}

/** The error the stream ends in, and whether push() (rather than finish()) threw it. */
function failure(input) {
	const aggregator = new ChatStreamAggregator();
	try {
		aggregator.push(typeof input === 'string' ? encoder.encode(input) : input);
	} catch (error) {
		return { error, from: 'push' };
	}
	try {
		aggregator.finish();
	} catch (error) {
		return { error, from: 'finish' };
	}
	throw new Error('expected the stream to fail');
}

const delta = (text, extra = {}) => ({
	type: 'response.output_text.delta',
	item_id: 'msg_1',
	output_index: 0,
	content_index: 0,
	delta: text,
	...extra,
});
const done = (text, extra = {}) => ({
	type: 'response.output_text.done',
	item_id: 'msg_1',
	output_index: 0,
	content_index: 0,
	text,
	...extra,
});
const message = (id, ...texts) => ({
	id,
	type: 'message',
	role: 'assistant',
	status: 'completed',
	content: texts.map((text) => ({ type: 'output_text', text, annotations: [] })),
});
const responseObject = (output, extra = {}) => ({
	id: 'chat_1',
	object: 'response',
	created_at: 1760000000,
	status: 'completed',
	error: null,
	output,
	...extra,
});
const completed = (response) => ({ type: 'response.completed', response });

describe('ChatStreamAggregator: the completed response', () => {
	test('a typical stream: deltas, done, completed, [DONE]', () => {
		const response = responseObject([message('msg_1', 'Hello there')]);
		const stream = sse([
			delta('Hello'),
			delta(' there'),
			done('Hello there'),
			completed(response),
			'[DONE]',
		]);
		expect(aggregate(stream)).toEqual({
			chatId: 'chat_1',
			text: 'Hello there',
			status: 'completed',
			output: [message('msg_1', 'Hello there')],
			response,
		});
	});

	test('the completed response wins over different deltas and done text', () => {
		const response = responseObject([message('msg_1', 'Final words.')]);
		const answer = aggregate(sse([delta('Draft'), done('Draft text'), completed(response)]));
		expect(answer.text).toBe('Final words.');
		expect(answer.output).toEqual([message('msg_1', 'Final words.')]);
	});

	test('text joins every output_text part of every output message, in order', () => {
		const response = responseObject([
			message('msg_1', 'One. ', 'Two. '),
			{
				id: 'msg_x',
				type: 'message',
				role: 'assistant',
				status: 'completed',
				content: [{ type: 'refusal', refusal: 'no' }],
			},
			message('msg_2', 'Three.'),
		]);
		const answer = aggregate(sse([completed(response)]));
		expect(answer.text).toBe('One. Two. Three.');
		expect(answer.output).toHaveLength(3);
	});

	test('a status other than completed is an error with Vapi’s reason and the text (was: passed on as a success)', () => {
		const response = responseObject([message('msg_1', 'Partial because of max tokens')], {
			status: 'incomplete',
			error: 'max_output_tokens',
		});
		const { error, from } = failure(sse([completed(response)]));
		expect(from).toBe('push');
		expect(error).toBeInstanceOf(IncompleteStreamError);
		expect(error).toMatchObject({
			reason: 'status',
			status: 'incomplete',
			vapiReason: 'max_output_tokens',
			chatId: 'chat_1',
			receivedText: 'Partial because of max tokens',
			message: "Vapi's answer has status incomplete, not completed: max_output_tokens",
		});
	});

	test('UNVERIFIED: an OpenAI-style response.incomplete event ends the stream with a status error (was: like response.completed)', () => {
		const response = responseObject([message('msg_1', 'Cut by the model')], {
			status: 'incomplete',
		});
		const { error } = failure(
			sse([delta('Cut by the model'), { type: 'response.incomplete', response }]),
		);
		expect(error).toMatchObject({
			reason: 'status',
			status: 'incomplete',
			chatId: 'chat_1',
			receivedText: 'Cut by the model',
		});
		expect(error.vapiReason).toBeUndefined();
	});

	test('unknown event types, comments, event:/id:/retry: lines and [DONE] are ignored', () => {
		const response = responseObject([message('msg_1', 'Hi')]);
		const stream =
			': keep-alive\n\nretry: 3000\n\n' +
			sse([
				{ type: 'response.created', response: { id: 'chat_1', status: 'in_progress', output: [] } },
				{ type: 'response.output_item.added', output_index: 0, item: { id: 'msg_1', content: [] } },
				{ type: 'response.simulator.heartbeat', sequence_number: 3 },
				{ kind: 'not an event at all' },
				'42',
				'"a string"',
				'null',
			]) +
			'id: 9\nevent: response.output_text.delta\ndata: {"type":"response.output_text.delta","item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hi"}\n\n' +
			sse([completed(response), '[DONE]']);
		expect(aggregate(stream).text).toBe('Hi');
	});

	test('framing variants give the same answer: CRLF, CR, no event: lines, multi-line data', () => {
		const response = responseObject([message('msg_1', 'Hé 😀')]);
		const events = [delta('Hé'), delta(' 😀'), done('Hé 😀'), completed(response)];
		const expected = aggregate(sse(events));
		expect(aggregate(sse(events, { lineEnd: '\r\n' }))).toEqual(expected);
		expect(aggregate(sse(events, { lineEnd: '\r' }))).toEqual(expected);
		expect(aggregate(sse(events, { eventLines: false }))).toEqual(expected);
		const pretty = events
			.map(
				(event) =>
					JSON.stringify(event, null, 2)
						.split('\n')
						.map((line) => `data: ${line}\n`)
						.join('') + '\n',
			)
			.join('');
		expect(aggregate(pretty)).toEqual(expected);
	});

	test('a missing blank line after the last event is fine', () => {
		const response = responseObject([message('msg_1', 'Hi')]);
		const stream = sse([delta('Hi')]) + `data: ${JSON.stringify(completed(response))}`;
		expect(aggregate(stream).text).toBe('Hi');
	});

	test('a session id on the response is passed on', () => {
		const response = responseObject([message('msg_1', 'Hi')], { sessionId: 'sess_1' });
		expect(aggregate(sse([completed(response)])).sessionId).toBe('sess_1');
	});
});

describe('ChatStreamAggregator: fallbacks when the completed response has no text', () => {
	test('UNVERIFIED: a completed response with output [] falls back to the done texts', () => {
		const response = responseObject([]);
		const answer = aggregate(sse([delta('Hel'), delta('lo'), done('Hello!'), completed(response)]));
		expect(answer).toEqual({
			chatId: 'chat_1',
			text: 'Hello!',
			status: 'completed',
			output: [message('msg_1', 'Hello!')],
			response,
		});
	});

	test('UNVERIFIED: without done events, the deltas are concatenated per (output_index, content_index)', () => {
		const response = responseObject([]);
		const answer = aggregate(
			sse([
				delta('B1', { item_id: 'msg_b', output_index: 1 }),
				delta('A1'),
				delta('A2', { content_index: 1 }),
				delta('B2', { item_id: 'msg_b', output_index: 1 }),
				delta(' A1b'),
				completed(response),
			]),
		);
		expect(answer.text).toBe('A1 A1bA2B1B2');
		expect(answer.output).toEqual([message('msg_1', 'A1 A1b', 'A2'), message('msg_b', 'B1B2')]);
	});

	test('UNVERIFIED: a completed response without an output field falls back too', () => {
		const { output, ...response } = responseObject([]);
		expect(output).toEqual([]);
		expect(aggregate(sse([delta('Hi'), completed(response)]))).toMatchObject({
			chatId: 'chat_1',
			text: 'Hi',
		});
	});

	test('UNVERIFIED: a completed response whose output_text parts are empty falls back to the stream', () => {
		const response = responseObject([message('msg_1', '')]);
		const answer = aggregate(sse([delta('Hi'), completed(response)]));
		expect(answer.text).toBe('Hi');
		expect(answer.output).toEqual([message('msg_1', 'Hi')]);
	});

	test('done replaces the deltas of its own part only', () => {
		const answer = aggregate(
			sse([
				delta('a'),
				delta('x', { content_index: 1 }),
				done('A!'),
				delta('y', { content_index: 1 }),
				completed(responseObject([])),
			]),
		);
		expect(answer.text).toBe('A!xy');
	});

	test('an empty done text does not wipe out the deltas', () => {
		expect(aggregate(sse([delta('Hi'), done(''), completed(responseObject([]))])).text).toBe('Hi');
	});

	test('without any text anywhere the answer is empty, with the response output kept', () => {
		const response = responseObject([message('msg_1')]);
		expect(aggregate(sse([completed(response)]))).toMatchObject({
			text: '',
			output: [message('msg_1')],
		});
	});

	test('UNVERIFIED: deltas without item_id build messages with an empty id', () => {
		const { item_id, ...bare } = delta('Hi');
		expect(item_id).toBe('msg_1');
		expect(aggregate(sse([bare, completed(responseObject([]))])).output).toEqual([
			message('', 'Hi'),
		]);
	});
});

describe('ChatStreamAggregator: failures', () => {
	test('an error event throws VapiStreamError with code, message and param, from push()', () => {
		const stream = sse([
			delta('Hel'),
			{
				type: 'error',
				code: 'server_error',
				message: 'The model failed',
				param: 'input',
				sequence_number: 2,
			},
		]);
		const { error, from } = failure(stream);
		expect(from).toBe('push');
		expect(error).toBeInstanceOf(VapiStreamError);
		expect(error).toMatchObject({
			name: 'VapiStreamError',
			message: 'The model failed',
			code: 'server_error',
			param: 'input',
		});
	});

	test('an error event with param null has no param', () => {
		const { error } = failure(
			sse([
				{
					type: 'error',
					code: 'rate_limit',
					message: 'Slow down',
					param: null,
					sequence_number: 1,
				},
			]),
		);
		expect(error.param).toBeUndefined();
		expect(error.code).toBe('rate_limit');
	});

	test('UNVERIFIED: an error nested as {type:"error", error:{code, message}} is read too', () => {
		const { error } = failure(
			sse([{ type: 'error', error: { code: 'bad', message: 'Nested message' } }]),
		);
		expect(error).toMatchObject({ message: 'Nested message', code: 'bad' });
	});

	test('UNVERIFIED: an `event: error` frame whose data has no type is an error too', () => {
		const { error } = failure('event: error\ndata: {"message":["too long","bad input"]}\n\n');
		expect(error).toBeInstanceOf(VapiStreamError);
		expect(error.message).toBe('too long; bad input');
	});

	test('after a failure every call throws the same error', () => {
		const aggregator = new ChatStreamAggregator();
		const stream = encoder.encode(
			sse([{ type: 'error', code: 'x', message: 'Boom', sequence_number: 1 }]),
		);
		let first;
		try {
			aggregator.push(stream);
		} catch (error) {
			first = error;
		}
		expect(() => aggregator.push(encoder.encode(sse([completed(responseObject([]))])))).toThrow(
			first,
		);
		expect(() => aggregator.finish()).toThrow(first);
	});

	test('a completed response with status failed throws VapiStreamError with its error', () => {
		const response = responseObject([], { status: 'failed', error: 'Assistant not found' });
		const { error, from } = failure(sse([completed(response)]));
		expect(from).toBe('push');
		expect(error).toBeInstanceOf(VapiStreamError);
		expect(error.message).toBe('Assistant not found');
	});

	test('UNVERIFIED: response.failed with an {code, message} error object', () => {
		const response = responseObject([], {
			status: 'failed',
			error: { code: 'model_error', message: 'Upstream model failed' },
		});
		const { error } = failure(sse([{ type: 'response.failed', response }]));
		expect(error).toMatchObject({ message: 'Upstream model failed', code: 'model_error' });
	});

	test('a truncated stream (no response.completed) is incomplete, with the text received so far', () => {
		const { error, from } = failure(sse([delta('Hello'), delta(' wor')]));
		expect(from).toBe('finish');
		expect(error).toBeInstanceOf(IncompleteStreamError);
		expect(error.reason).toBe('incomplete');
		expect(error.receivedText).toBe('Hello wor');
		expect(error.message).toBe(
			'The Vapi stream ended without a response.completed event; the answer is incomplete (9 characters received).',
		);
	});

	test('a stream cut in the middle of an event is incomplete', () => {
		const whole = sse([delta('Hello'), completed(responseObject([message('msg_1', 'Hello')]))]);
		const { error } = failure(whole.slice(0, whole.indexOf('"status"')));
		expect(error).toBeInstanceOf(IncompleteStreamError);
		expect(error.reason).toBe('incomplete');
		expect(error.receivedText).toBe('Hello');
		expect(error.message).toMatch(/cut off in the middle of an event/);
	});

	test('data: [DONE] without response.completed is still incomplete', () => {
		const { error } = failure(sse([delta('Hi'), '[DONE]']));
		expect(error.reason).toBe('incomplete');
		expect(error.message).toBe(
			'The Vapi stream ended without a response.completed event (it sent [DONE] only); the answer is incomplete (2 characters received).',
		);
	});

	test('an empty body is incomplete', () => {
		const { error } = failure('');
		expect(error).toMatchObject({ reason: 'incomplete', receivedText: '' });
		expect(error.message).toBe(
			'The Vapi stream ended without sending any event; the answer is incomplete (0 characters received).',
		);
	});

	test('an HTML page instead of a stream is incomplete (no SSE event in it)', () => {
		const { error } = failure('<html>\n<body>502 Bad Gateway</body>\n</html>\n');
		expect(error).toMatchObject({ reason: 'incomplete' });
	});

	test('data that is not JSON is malformed, names what was seen, and is thrown from push()', () => {
		const { error, from } = failure(
			sse([delta('Hi')]) + 'data: {this is not json\n\n' + sse([delta('!')]),
		);
		expect(from).toBe('push');
		expect(error).toBeInstanceOf(IncompleteStreamError);
		expect(error).toMatchObject({ reason: 'malformed', receivedText: 'Hi' });
		expect(error.message).toBe(`Vapi's stream carried data that is not JSON: "{this is not json"`);
	});

	test('what was seen is cut to 80 characters', () => {
		const { error } = failure(`data: <${'x'.repeat(200)}>\n\n`);
		expect(error.message).toBe(
			`Vapi's stream carried data that is not JSON: "<${'x'.repeat(79)}…"`,
		);
	});

	test('a response.completed without a response object is malformed', () => {
		const { error } = failure(sse([{ type: 'response.completed' }]));
		expect(error).toMatchObject({
			reason: 'malformed',
			message: 'Vapi sent response.completed without a response object',
		});
	});

	test('an exception thrown by onTextDelta reaches the caller unchanged', () => {
		const problem = new RangeError('the client went away');
		const aggregator = new ChatStreamAggregator({
			onTextDelta: () => {
				throw problem;
			},
		});
		expect(() => aggregator.push(encoder.encode(sse([delta('Hi')])))).toThrow(problem);
		expect(() => aggregator.finish()).toThrow(problem);
	});
});

describe('ChatStreamAggregator: the native /chat stream shape', () => {
	const frame = (deltaText, extra = {}) => ({
		id: 'chat_n',
		sessionId: 'sess_9',
		path: 'chat.output[0].content',
		delta: deltaText,
		...extra,
	});

	test('the id is the chat id, the text is the concatenated deltas, the session id is kept', () => {
		expect(aggregate(sse([frame('Hel'), frame('lo'), frame(' 😀')]))).toEqual({
			chatId: 'chat_n',
			text: 'Hello 😀',
			status: 'completed',
			output: [message('chat_n', 'Hello 😀')],
			sessionId: 'sess_9',
		});
	});

	test('it has no completion event: a stream of native frames that ends at a frame boundary counts as complete', () => {
		expect(aggregate(sse([frame('Hi')]) + sse(['[DONE]'])).text).toBe('Hi');
		expect(aggregate(`data: ${JSON.stringify(frame('Hi'))}`).text).toBe('Hi');
	});

	test('a native stream cut in the middle of a frame is incomplete', () => {
		const whole = sse([frame('Hello'), frame(' world')]);
		const { error } = failure(whole.slice(0, whole.lastIndexOf('"delta"')));
		expect(error).toMatchObject({ reason: 'incomplete', receivedText: 'Hello' });
	});

	test('frames for several outputs are ordered by their path index; other paths are not text', () => {
		const answer = aggregate(
			sse([
				frame('B', { path: 'chat.output[1].content' }),
				frame('A'),
				frame('{"tool":1}', { path: 'chat.output[0].tool_calls' }),
			]),
		);
		expect(answer.text).toBe('AB');
		expect(answer.output).toEqual([message('chat_n', 'A'), message('chat_n', 'B')]);
	});

	test('native frames mixed with response.* events need response.completed', () => {
		const { error } = failure(sse([frame('Hi'), delta('Hi')]));
		expect(error.reason).toBe('incomplete');
	});
});

describe('ChatStreamAggregator: onTextDelta', () => {
	test('deltas arrive in order, as they are parsed, and add up to the text', () => {
		const seen = [];
		const aggregator = new ChatStreamAggregator({ onTextDelta: (d) => seen.push(d) });
		aggregator.push(encoder.encode(sse([delta('Hel'), delta('lo é')])));
		expect(seen).toEqual(['Hel', 'lo é']);
		aggregator.push(encoder.encode(sse([delta('\n😀'), delta(''), done('Hello é\n😀')])));
		aggregator.push(
			encoder.encode(sse([completed(responseObject([message('msg_1', 'Hello é\n😀')]))])),
		);
		const answer = aggregator.finish();
		expect(seen).toEqual(['Hel', 'lo é', '\n😀']);
		expect(seen.join('')).toBe(answer.text);
	});

	test('the deltas are the same when the bytes come one at a time', () => {
		const seen = [];
		const bytes = encoder.encode(
			sse([delta('añ'), delta('😀 東'), completed(responseObject([message('msg_1', 'añ😀 東')]))]),
		);
		const answer = aggregate(
			Array.from(bytes, (b) => Uint8Array.of(b)),
			{ onTextDelta: (d) => seen.push(d) },
		);
		expect(seen).toEqual(['añ', '😀 東']);
		expect(seen.join('')).toBe(answer.text);
	});

	test('a stream without deltas sends the whole text once, at finish', () => {
		const seen = [];
		const answer = aggregate(sse([completed(responseObject([message('msg_1', 'All at once')]))]), {
			onTextDelta: (d) => seen.push(d),
		});
		expect(seen).toEqual(['All at once']);
		expect(answer.text).toBe('All at once');
	});

	test('native deltas are forwarded too', () => {
		const seen = [];
		aggregate(
			sse([
				{ id: 'c', path: 'chat.output[0].content', delta: 'a' },
				{ id: 'c', path: 'chat.output[0].content', delta: 'b' },
			]),
			{
				onTextDelta: (d) => seen.push(d),
			},
		);
		expect(seen).toEqual(['a', 'b']);
	});
});

describe('ChatStreamAggregator: delta JSON read exactly (fast path and JSON.parse agree)', () => {
	const cases = {
		'plain ASCII':
			'{"type":"response.output_text.delta","item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hi there"}',
		'every simple escape': String.raw`{"type":"response.output_text.delta","item_id":"msg_1","output_index":0,"content_index":0,"delta":"q\" b\\ s\/ \b\f\n\r\t"}`,
		'\\u escapes incl. a surrogate pair and NUL': String.raw`{"type":"response.output_text.delta","item_id":"msg_1","output_index":0,"content_index":0,"delta":"\u00e9\u2014\ud83d\ude00\u0000\u001F\uFFFF"}`,
		'a lone high surrogate': String.raw`{"type":"response.output_text.delta","item_id":"msg_1","output_index":0,"content_index":0,"delta":"a\ud800b"}`,
		'a lone low surrogate': String.raw`{"type":"response.output_text.delta","item_id":"msg_1","output_index":0,"content_index":0,"delta":"\udc00"}`,
		'a high surrogate followed by a non-surrogate escape': String.raw`{"type":"response.output_text.delta","item_id":"msg_1","output_index":0,"content_index":0,"delta":"\ud83d\u0041"}`,
		'raw multi-byte UTF-8':
			'{"type":"response.output_text.delta","item_id":"msg_1","output_index":0,"content_index":0,"delta":"é — 東京 😀 \u2028"}',
		'a BOM character first in the text':
			'{"type":"response.output_text.delta","item_id":"msg_1","output_index":0,"content_index":0,"delta":"\ufeffHi"}',
		'keys in another order, spaces, extra fields':
			'{ "delta" : "Hi" , "sequence_number" : 12 , "logprobs" : [ ] , "obfuscation" : "x\\"y" , "content_index" : 0 , "output_index" : 0 , "item_id" : "msg_1" , "type" : "response.output_text.delta", "x": {}, "y": true, "z": null, "w": -1.5e+3 }',
		'duplicate keys: the last one wins':
			'{"type":"response.output_text.delta","output_index":0,"content_index":0,"delta":"first","delta":"second"}',
		'a duplicate type that is not a delta':
			'{"type":"response.output_text.delta","output_index":0,"content_index":0,"delta":"x","type":"response.other"}',
		'indices written as 0.0 and 1e0':
			'{"type":"response.output_text.delta","output_index":0.0,"content_index":0e0,"delta":"Hi"}',
		'a nested value':
			'{"type":"response.output_text.delta","output_index":0,"content_index":0,"delta":"Hi","meta":{"a":[1,{"b":"c"}]}}',
		'an escaped key':
			'{"type":"response.output_text.delta","output_index":0,"content_index":0,"d\\u0065lta":"Hi"}',
		'an escaped type':
			'{"type":"response.output_text.d\\u0065lta","output_index":0,"content_index":0,"delta":"Hi"}',
		'an item_id with escapes':
			'{"type":"response.output_text.delta","item_id":"msg_\\u0031","output_index":0,"content_index":0,"delta":"Hi"}',
	};
	for (const [name, json] of Object.entries(cases)) {
		test(name, () => {
			const parsed = JSON.parse(json);
			const expected = parsed.type === 'response.output_text.delta' ? parsed.delta : '';
			const stream = `data: ${json}\n\n` + sse([completed(responseObject([]))]);
			const answer = aggregate(stream);
			expect(answer.text).toBe(expected);
			if (expected !== '') expect(answer.output[0].id).toBe(parsed.item_id ?? '');
		});
	}

	test('invalid UTF-8 inside a delta becomes U+FFFD, as decoding then JSON.parse gives', () => {
		const head = encoder.encode(
			'data: {"type":"response.output_text.delta","output_index":0,"content_index":0,"delta":"a',
		);
		const tail = encoder.encode(`b"}\n\n${sse([completed(responseObject([]))])}`);
		for (const bad of [
			[0xff],
			[0xc3],
			[0xe2, 0x80],
			[0xed, 0xa0, 0x80],
			[0xf4, 0x90, 0x80, 0x80],
			[0xc0, 0xaf],
			[0x80],
		]) {
			const bytes = new Uint8Array([...head, ...bad, ...tail]);
			const expected = 'a' + new TextDecoder().decode(new Uint8Array(bad)) + 'b';
			expect({ bad, text: aggregate(bytes).text }).toEqual({ bad, text: expected });
		}
	});

	test('invalid JSON shaped like a delta is malformed, not read by the fast path', () => {
		for (const json of [
			'{"type":"response.output_text.delta","output_index":0,"content_index":0,"delta":"a\\x"}',
			'{"type":"response.output_text.delta","output_index":0,"content_index":0,"delta":"a\u0001"}',
			'{"type":"response.output_text.delta","output_index":00,"content_index":0,"delta":"a"}',
			'{"type":"response.output_text.delta","output_index":0,"content_index":0,"delta":"a",}',
			'{"type":"response.output_text.delta","output_index":0,"content_index":0,"delta":"a"} x',
			'{"type":"response.output_text.delta","output_index":0,"content_index":0,"delta":"\\ud83"}',
			'{"type":"response.output_text.delta","output_index":0,"content_index":0,"delta":"a","n":tru}',
		]) {
			const { error } = failure(`data: ${json}\n\n`);
			expect({ json, reason: error.reason }).toEqual({ json, reason: 'malformed' });
		}
	});

	test('the remembered start of the previous delta event is not trusted when an event differs', () => {
		const answer = aggregate(
			sse([
				delta('a'),
				delta('b'),
				delta('c', { item_id: 'msg_2', output_index: 1 }),
				delta('d', { content_index: 1 }),
				{
					type: 'response.output_text.delta',
					item_id: 'msg_1',
					output_index: 0,
					content_index: 0,
					delta: 'e',
					x: 1,
				},
				{
					type: 'response.output_text.deltas',
					item_id: 'msg_1',
					output_index: 0,
					content_index: 0,
					delta: 'NO',
				},
				delta('f'),
				completed(responseObject([])),
			]),
		);
		expect(answer.text).toBe('abefdc');
		expect(answer.output).toEqual([message('msg_1', 'abef', 'd'), message('msg_2', 'c')]);
	});
});

describe('ChatStreamAggregator: chunking', () => {
	const response = responseObject([message('msg_1', 'Grüße — 東京 😀!')]);
	const bytes = encoder.encode(
		sse(
			[
				delta('Grüße'),
				delta(' — '),
				delta('東京'),
				delta(' 😀!'),
				done('Grüße — 東京 😀!'),
				completed(response),
				'[DONE]',
			],
			{
				lineEnd: '\r\n',
			},
		),
	);
	const expected = aggregate(bytes);

	test('two chunks at every split point give the same answer', () => {
		for (let at = 0; at <= bytes.length; at++) {
			const answer = aggregate([bytes.slice(0, at), bytes.slice(at)]);
			if (answer.text !== expected.text || answer.chatId !== 'chat_1')
				throw new Error(`split at byte ${at}`);
		}
		expect(expected.text).toBe('Grüße — 東京 😀!');
	});

	test('chunks pushed through one reused buffer give the same answer', () => {
		for (const size of [1, 3, 7, 64, 500]) {
			const aggregator = new ChatStreamAggregator();
			pushThroughReusedBuffer(bytes, size, (chunk) => aggregator.push(chunk), 0x22);
			expect({ size, answer: aggregator.finish() }).toEqual({ size, answer: expected });
		}
	});

	test('Node Buffers work as chunks', () => {
		expect(
			aggregate([Buffer.from(bytes.subarray(0, 100)), Buffer.from(bytes.subarray(100))]),
		).toEqual(expected);
	});

	test('finish() twice returns the same answer; push() after finish() is a programming error', () => {
		const aggregator = new ChatStreamAggregator();
		aggregator.push(bytes);
		const answer = aggregator.finish();
		expect(aggregator.finish()).toBe(answer);
		expect(() => aggregator.push(bytes)).toThrow('push() after finish()');
	});
});

describe('non-streaming bodies', () => {
	test('answerFromResponseBody reads a ResponseObject', () => {
		const body = responseObject([message('msg_1', 'Hello ', 'there'), message('msg_2', '!')]);
		expect(answerFromResponseBody(body)).toEqual({
			chatId: 'chat_1',
			text: 'Hello there!',
			status: 'completed',
			output: body.output,
			response: body,
		});
	});

	test('answerFromResponseBody throws VapiStreamError for status failed', () => {
		const body = responseObject([], { status: 'failed', error: 'Model unavailable' });
		expect(() => answerFromResponseBody(body)).toThrow(VapiStreamError);
		expect(() => answerFromResponseBody(body)).toThrow('Model unavailable');
		expect(() => answerFromResponseBody(responseObject([], { status: 'failed' }))).toThrow(
			'Vapi reported the response as failed without a message',
		);
	});

	test('answerFromResponseBody reads a native Chat object: the last assistant message with content', () => {
		const chat = {
			id: 'chat_7',
			orgId: 'org_1',
			sessionId: 'sess_2',
			messages: [{ role: 'user', content: 'Hi' }],
			output: [
				{ role: 'assistant', content: 'First' },
				{ role: 'tool', content: 'tool result' },
				{ role: 'assistant', content: 'Second' },
				{ role: 'assistant', content: '', tool_calls: [] },
			],
			createdAt: '2025-01-01T00:00:00.000Z',
		};
		expect(answerFromResponseBody(chat)).toEqual({
			chatId: 'chat_7',
			text: 'Second',
			status: 'completed',
			output: [message('chat_7', 'Second')],
			response: chat,
			sessionId: 'sess_2',
		});
	});

	test('answerFromResponseBody accepts the body as a JSON string', () => {
		expect(answerFromResponseBody(JSON.stringify(responseObject([message('m', 'Hi')]))).text).toBe(
			'Hi',
		);
	});

	test('answerFromResponseBody: anything that is not a response is malformed', () => {
		for (const body of [
			null,
			42,
			[1],
			'not json',
			'"text"',
			{ message: 'Bad Request', statusCode: 400 },
		]) {
			let error;
			try {
				answerFromResponseBody(body);
			} catch (caught) {
				error = caught;
			}
			expect({ body, error: error instanceof IncompleteStreamError && error.reason }).toEqual({
				body,
				error: 'malformed',
			});
		}
		expect(() => answerFromResponseBody('<html>oops</html>')).toThrow(
			`Vapi's answer is not valid JSON: "<html>oops</html>"`,
		);
	});

	test('a JSON body fed to the aggregator (stream ignored) gives the same answer', () => {
		const body = responseObject([message('msg_1', 'Not streamed')]);
		const text = `\ufeff \r\n${JSON.stringify(body)}`;
		const bytes = encoder.encode(text);
		const seen = [];
		const answer = aggregate(
			Array.from(bytes, (b) => Uint8Array.of(b)),
			{ onTextDelta: (d) => seen.push(d) },
		);
		expect(answer).toEqual(answerFromResponseBody(body));
		expect(seen).toEqual(['Not streamed']);
	});

	test('a truncated JSON body fed to the aggregator is malformed', () => {
		const { error } = failure('{"id":"chat_1","output":[');
		expect(error).toMatchObject({ reason: 'malformed' });
	});
});

describe('ChatStreamAggregator: output_text.done read without JSON.parse', () => {
	const tricky = 'a\\"b\n\t😀 \ud800 é東京 "q" \u0000 \u2028';
	const bytewise = (stream) => Array.from(encoder.encode(stream), (b) => Uint8Array.of(b));

	test.each([
		['one chunk', (s) => s],
		['byte by byte', bytewise],
	])('its text, escapes and all, is exact when the fallback needs it (%s)', (_name, chunk) => {
		const stream = sse([delta('x'), done(tricky), completed(responseObject([]))]);
		const answer = aggregate(chunk(stream));
		expect(answer.text).toBe(tricky);
		expect(answer.output).toEqual([message('msg_1', tricky)]);
	});

	test('a done event that is not valid JSON still fails from push()', () => {
		const stream =
			sse([delta('Hi')]) +
			'data: {"type":"response.output_text.done","output_index":0,"content_index":0,"text":"a\u0001b"}\n\n';
		const { error, from } = failure(stream);
		expect(from).toBe('push');
		expect(error).toBeInstanceOf(IncompleteStreamError);
		expect(error.reason).toBe('malformed');
	});

	test('a done event before the deltas of its part names the message', () => {
		const answer = aggregate(
			sse([
				done('Done text', { item_id: 'msg_d' }),
				delta('ignored', { item_id: 'msg_x' }),
				completed(responseObject([])),
			]),
		);
		expect(answer.output).toEqual([message('msg_d', 'Done text')]);
	});

	test('a done event with line ends inside its JSON is read too', () => {
		const stream =
			'data: {"type":"response.output_text.done",\ndata: "output_index":0,"content_index":0,"text":"A\\nB"}\n\n' +
			sse([completed(responseObject([]))]);
		expect(aggregate(stream).text).toBe('A\nB');
	});
});

describe('ChatStreamAggregator: finished means finished', () => {
	const response = responseObject([message('msg_1', 'Hello there')]);
	const head = sse([delta('Hello'), delta(' there'), done('Hello there'), completed(response)]);

	/** Pushes each chunk while recording `complete` after it and every forwarded delta. */
	function feed(chunks) {
		const forwarded = [];
		const aggregator = new ChatStreamAggregator({ onTextDelta: (d) => forwarded.push(d) });
		const completeAfter = chunks.map((chunk) => {
			aggregator.push(encoder.encode(chunk));
			return aggregator.complete;
		});
		return { aggregator, forwarded, completeAfter };
	}

	test('the answer is complete when response.completed arrives, before the connection ends', () => {
		const { aggregator, forwarded, completeAfter } = feed([
			sse([delta('Hello'), delta(' there')]),
			sse([done('Hello there'), completed(response)]),
		]);
		expect(completeAfter).toEqual([false, true]);
		expect(aggregator.finish()).toEqual(aggregate(head));
		expect(forwarded.join('')).toBe('Hello there');
		expect(aggregator.complete).toBe(true);
	});

	test('nothing after response.completed changes the answer or is forwarded', () => {
		const tails = [
			sse([delta(' and more')]),
			sse([{ type: 'error', code: 'late', message: 'Too late', sequence_number: 9 }]),
			'event: error\ndata: {"message":"late"}\n\n',
			'data: {this is not json\n\n',
			sse([completed(responseObject([message('msg_2', 'Another answer')]))]),
			sse([{ id: 'chat_n', path: 'chat.output[0].content', delta: 'native' }]),
			'data: {"type":"response.output_text.delta","delta":"cut',
		];
		for (const tail of tails) {
			const { aggregator, forwarded, completeAfter } = feed([head, tail]);
			const answer = aggregator.finish();
			expect({ tail, completeAfter, answer, forwarded: forwarded.join('') }).toEqual({
				tail,
				completeAfter: [true, true],
				answer: aggregate(head),
				forwarded: answer.text,
			});
		}
	});

	test('the rest of the chunk that carried response.completed is ignored too', () => {
		const tail = sse([
			delta('!'),
			{ type: 'error', code: 'x', message: 'Boom', sequence_number: 5 },
		]);
		const { aggregator, forwarded } = feed([head + tail]);
		expect(aggregator.finish().text).toBe('Hello there');
		expect(forwarded).toEqual(['Hello', ' there']);
	});

	test('a stream without deltas forwards its whole text on completion, not only at finish', () => {
		const { aggregator, forwarded, completeAfter } = feed([sse([completed(response)])]);
		expect(completeAfter).toEqual([true]);
		expect(forwarded).toEqual(['Hello there']);
		aggregator.finish();
		expect(forwarded).toEqual(['Hello there']);
	});

	test('a native /chat stream is complete at [DONE]; frames after it are ignored', () => {
		const frame = (text) => ({ id: 'chat_n', path: 'chat.output[0].content', delta: text });
		const { aggregator, forwarded, completeAfter } = feed([
			sse([frame('Hi'), frame('!')]),
			sse(['[DONE]']),
			sse([frame(' ignored')]),
		]);
		expect(completeAfter).toEqual([false, true, true]);
		expect(aggregator.finish()).toMatchObject({ chatId: 'chat_n', text: 'Hi!' });
		expect(forwarded.join('')).toBe('Hi!');
	});

	test('a native /chat stream without [DONE] and a JSON body are complete at the end of the body', () => {
		for (const body of [
			sse([{ id: 'chat_n', path: 'chat.output[0].content', delta: 'Hi' }]),
			JSON.stringify(responseObject([message('msg_1', 'Hi')])),
		]) {
			const { aggregator, completeAfter } = feed([body]);
			expect({ body, completeAfter }).toEqual({ body, completeAfter: [false] });
			expect(aggregator.finish().text).toBe('Hi');
			expect(aggregator.complete).toBe(true);
		}
	});

	test('before completion complete is false, also when the stream then fails', () => {
		const aggregator = new ChatStreamAggregator();
		aggregator.push(encoder.encode(sse([delta('Hel')])));
		expect(aggregator.complete).toBe(false);
		expect(() => aggregator.finish()).toThrow(IncompleteStreamError);
		expect(aggregator.complete).toBe(false);
	});
});

describe('ChatStreamAggregator: SSE or JSON is decided from the body, not from its label', () => {
	const body = responseObject([message('msg_1', 'Hi there')]);
	const stream = sse([delta('Hi'), delta(' there'), completed(body)]);
	const bytewise = (text) => Array.from(encoder.encode(text), (b) => Uint8Array.of(b));

	test('one aggregator reads an SSE stream and a JSON body alike (whatever the Content-Type said)', () => {
		expect(aggregate(stream)).toEqual(aggregate(JSON.stringify(body)));
		expect(aggregate(JSON.stringify(body))).toEqual(answerFromResponseBody(body));
	});

	test('white space, a BOM and line ends before the first character, in any chunks', () => {
		for (const prefix of ['', '\ufeff', '\r\n', ' \t\n\n', '\ufeff\n \r']) {
			expect({ prefix, answer: aggregate(bytewise(prefix + JSON.stringify(body))) }).toEqual({
				prefix,
				answer: answerFromResponseBody(body),
			});
			expect({ prefix, text: aggregate(bytewise(prefix + stream)).text }).toEqual({
				prefix,
				text: 'Hi there',
			});
		}
	});

	test('an SSE stream that starts with a comment, an event:, id: or retry: line is SSE', () => {
		for (const first of [': hello\n\n', 'event: response.created\n', 'id: 1\n', 'retry: 10\n\n']) {
			expect({ first, text: aggregate(first + stream).text }).toEqual({ first, text: 'Hi there' });
		}
	});

	test('a pretty-printed JSON body and a native Chat object are read as JSON bodies', () => {
		expect(aggregate(JSON.stringify(body, null, 2)).text).toBe('Hi there');
		const chat = { id: 'chat_7', output: [{ role: 'assistant', content: 'Native' }] };
		expect(aggregate(`\n${JSON.stringify(chat)}\n`)).toMatchObject({
			chatId: 'chat_7',
			text: 'Native',
		});
	});

	test('a JSON body with status failed fails as the same body read by answerFromResponseBody', () => {
		const failed = responseObject([], { status: 'failed', error: 'Model unavailable' });
		const { error, from } = failure(JSON.stringify(failed));
		expect(from).toBe('finish');
		expect(error).toBeInstanceOf(VapiStreamError);
		expect(error.message).toBe('Model unavailable');
	});
});

describe('content parts of type "text" count like output_text', () => {
	const compat = {
		id: 'chat_c',
		object: 'chat.response',
		output: [{ role: 'assistant', content: [{ type: 'text', text: 'Hello from compat' }] }],
		usage: { input_tokens: 3, output_tokens: 4 },
	};

	test('a non-streamed answer shaped as on Vapi’s OpenAI-compatibility page', () => {
		expect(answerFromResponseBody(compat)).toEqual({
			chatId: 'chat_c',
			text: 'Hello from compat',
			status: 'completed',
			output: compat.output,
			response: compat,
		});
		expect(aggregate(JSON.stringify(compat)).text).toBe('Hello from compat');
	});

	test('a completed response mixing text and output_text parts joins them in order', () => {
		const mixed = responseObject([
			{ ...message('msg_1', 'One. '), content: [{ type: 'text', text: 'One. ' }] },
			message('msg_2', 'Two. '),
			{
				id: 'msg_3',
				type: 'message',
				role: 'assistant',
				content: [{ type: 'text', text: 'Three.' }],
			},
		]);
		const answer = aggregate(sse([completed(mixed)]));
		expect(answer.text).toBe('One. Two. Three.');
		expect(answer.output).toEqual(mixed.output);
	});

	test('a completed response with text parts wins over the streamed deltas, as output_text does', () => {
		const response = responseObject([
			{
				id: 'msg_1',
				type: 'message',
				role: 'assistant',
				content: [{ type: 'text', text: 'Final' }],
			},
		]);
		expect(aggregate(sse([delta('Draft'), completed(response)])).text).toBe('Final');
	});
});

describe('a final status other than completed is an error with Vapi’s reason and the partial text', () => {
	const partial = (status, extra = {}) =>
		responseObject([message('msg_1', 'Half an ans')], { status, ...extra });

	test.each([
		['incomplete', { error: 'max_output_tokens' }, 'max_output_tokens'],
		['in_progress', {}, undefined],
		['incomplete', { error: { message: 'Token limit', code: 'limit' } }, 'Token limit'],
		[
			'incomplete',
			{ error: null, incomplete_details: { reason: 'content_filter' } },
			'content_filter',
		],
		['queued', { error: ['first', 'second'] }, 'first; second'],
	])('status %s with %j, streamed and as a JSON body', (status, extra, vapiReason) => {
		const response = partial(status, extra);
		const why = vapiReason === undefined ? '' : `: ${vapiReason}`;
		const expected = {
			name: 'IncompleteStreamError',
			reason: 'status',
			status,
			chatId: 'chat_1',
			receivedText: 'Half an ans',
			message: `Vapi's answer has status ${status}, not completed${why}`,
		};
		for (const body of [sse([delta('Half'), completed(response)]), JSON.stringify(response)]) {
			const { error } = failure(body);
			expect(error).toBeInstanceOf(IncompleteStreamError);
			expect(error).toMatchObject(expected);
			expect(error.vapiReason).toBe(vapiReason);
		}
		let direct;
		try {
			answerFromResponseBody(response);
		} catch (error) {
			direct = error;
		}
		expect(direct).toMatchObject(expected);
	});

	test('without text in the response, the partial text is the streamed one', () => {
		const response = responseObject([], { status: 'incomplete', error: 'max_output_tokens' });
		const { error } = failure(sse([delta('Stre'), delta('amed'), completed(response)]));
		expect(error).toMatchObject({ reason: 'status', receivedText: 'Streamed' });
	});

	test('status failed stays a VapiStreamError, now with status, chat id and the partial text', () => {
		const response = responseObject([], { status: 'failed', error: 'Upstream model failed' });
		for (const body of [sse([delta('Hal'), completed(response)]), JSON.stringify(response)]) {
			const { error } = failure(body);
			expect(error).toBeInstanceOf(VapiStreamError);
			expect(error).toMatchObject({
				message: 'Upstream model failed',
				status: 'failed',
				chatId: 'chat_1',
				receivedText: body.startsWith('{') ? '' : 'Hal',
			});
		}
	});

	test('an error event carries the text that had arrived before it', () => {
		const { error } = failure(
			sse([delta('Hel'), delta('lo'), { type: 'error', code: 'e', message: 'Boom' }]),
		);
		expect(error).toBeInstanceOf(VapiStreamError);
		expect(error).toMatchObject({ message: 'Boom', receivedText: 'Hello' });
		expect(error.status).toBeUndefined();
	});

	test('forwarded deltas of an answer that then fails its status are all the caller got', () => {
		const seen = [];
		const aggregator = new ChatStreamAggregator({ onTextDelta: (d) => seen.push(d) });
		const response = responseObject([], { status: 'incomplete' });
		expect(() => aggregator.push(encoder.encode(sse([delta('Hi'), completed(response)])))).toThrow(
			IncompleteStreamError,
		);
		expect(seen).toEqual(['Hi']);
		expect(aggregator.complete).toBe(false);
	});
});

describe('an answer with output but no text is an error that says what came back', () => {
	const functionCall = {
		id: 'fc_1',
		type: 'function_call',
		call_id: 'call_1',
		name: 'get_weather',
		arguments: '{"city":"Paris"}',
		status: 'completed',
	};

	test('only a function_call output item, streamed and as a JSON body', () => {
		const response = responseObject([functionCall]);
		for (const body of [sse([completed(response)]), JSON.stringify(response)]) {
			const { error } = failure(body);
			expect(error).toBeInstanceOf(IncompleteStreamError);
			expect(error).toMatchObject({
				reason: 'noText',
				status: 'completed',
				chatId: 'chat_1',
				receivedText: '',
				message: 'Vapi answered with a function_call (name get_weather) and no text',
			});
		}
		expect(() => answerFromResponseBody(response)).toThrow(
			'Vapi answered with a function_call (name get_weather) and no text',
		);
	});

	test('several things and no text: the first three are named, the rest counted', () => {
		const refusal = {
			id: 'msg_r',
			type: 'message',
			role: 'assistant',
			content: [{ type: 'refusal', refusal: 'No.' }],
		};
		const response = responseObject([
			refusal,
			functionCall,
			{ type: 'reasoning', id: 'rs_1' },
			{ ...functionCall, name: 'book' },
		]);
		expect(failure(sse([completed(response)])).error.message).toBe(
			'Vapi answered with a refusal, a function_call (name get_weather), a reasoning and 1 more and no text',
		);
	});

	test('a native Chat object whose assistant message has only tool_calls', () => {
		const chat = {
			id: 'chat_7',
			output: [
				{
					role: 'assistant',
					content: '',
					tool_calls: [
						{ id: 't1', type: 'function', function: { name: 'lookup', arguments: '{}' } },
					],
				},
			],
		};
		expect(() => answerFromResponseBody(chat)).toThrow(
			'Vapi answered with a tool call (name lookup) and no text',
		);
	});

	test('text next to a function_call is a success; streamed text counts as text', () => {
		expect(
			aggregate(sse([completed(responseObject([message('msg_1', 'Hi'), functionCall]))])).text,
		).toBe('Hi');
		expect(
			aggregate(sse([delta('Streamed'), completed(responseObject([functionCall]))])).text,
		).toBe('Streamed');
	});

	test('an empty output, or messages with empty text parts, are still an empty answer', () => {
		expect(aggregate(sse([completed(responseObject([]))])).text).toBe('');
		expect(aggregate(sse([completed(responseObject([message('msg_1', '')]))])).text).toBe('');
	});
});
