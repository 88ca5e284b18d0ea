const {
	answerTextOf,
	describeNotARecord,
	isRecord,
	withAnswerText,
} = require('../../dist/nodes/Vapi/hooks/postReceive/chatRecord.js');

describe('answerTextOf: the last assistant message with content', () => {
	test.each([
		['one assistant message', [{ role: 'assistant', content: 'Hi Ada' }], 'Hi Ada'],
		[
			'the last of several',
			[
				{ role: 'assistant', content: 'first' },
				{ role: 'assistant', content: 'second' },
			],
			'second',
		],
		[
			'skips a later tool-call message without content',
			[
				{ role: 'assistant', content: 'Booked for Monday.' },
				{
					role: 'assistant',
					tool_calls: [{ id: 't1', type: 'function', function: { name: 'book', arguments: '{}' } }],
				},
			],
			'Booked for Monday.',
		],
		[
			'skips whitespace-only content and other roles',
			[
				{ role: 'assistant', content: 'real answer' },
				{ role: 'assistant', content: '  ' },
				{ role: 'tool', content: 'tool result', tool_call_id: 't1' },
				{ role: 'user', content: 'thanks' },
			],
			'real answer',
		],
		[
			'joins OpenAI-style content parts',
			[
				{
					role: 'assistant',
					content: [
						{ type: 'output_text', text: 'Hel' },
						{ type: 'output_text', text: 'lo' },
					],
				},
			],
			'Hello',
		],
		['no assistant message', [{ role: 'user', content: 'hello' }], ''],
		['empty output', [], ''],
	])('%s', (_name, output, expected) => {
		expect(answerTextOf({ id: 'c1', output })).toBe(expected);
	});

	test.each([[undefined], [null], [{}], [{ output: 'not a list' }], [{ output: [null, 7, 'x'] }]])(
		'no usable output (%p) gives ""',
		(chat) => {
			expect(answerTextOf(chat)).toBe('');
		},
	);

	test('does not look at messages (that is the context: an earlier turn’s answer)', () => {
		const chat = {
			messages: [{ role: 'assistant', content: 'the previous answer' }],
			output: [],
		};
		expect(answerTextOf(chat)).toBe('');
	});
});

describe('withAnswerText', () => {
	test('adds text without touching the chat', () => {
		const chat = { id: 'c1', output: [{ role: 'assistant', content: 'Hi' }] };
		expect(withAnswerText(chat)).toEqual({
			id: 'c1',
			output: [{ role: 'assistant', content: 'Hi' }],
			text: 'Hi',
		});
		expect(chat).toEqual({ id: 'c1', output: [{ role: 'assistant', content: 'Hi' }] });
	});

	test('keeps a text field the chat already has', () => {
		const chat = { id: 'c1', text: 'from Vapi', output: [{ role: 'assistant', content: 'Hi' }] };
		expect(withAnswerText(chat)).toBe(chat);
	});
});

describe('isRecord: what a single-record answer must be', () => {
	test.each([
		['a chat', { id: 'c1', orgId: 'o1', output: [] }, true],
		['a session (null prototype)', Object.assign(Object.create(null), { id: 's1' }), true],
		['an object without an id', { orgId: 'o1' }, false],
		['an empty object', {}, false],
		['an id that is not text', { id: 42 }, false],
		['a blank id', { id: '  ' }, false],
		['null', null, false],
		['undefined (no body)', undefined, false],
		['an empty body', '', false],
		['an array holding the record', [{ id: 'c1' }], false],
		['a string', 'OK', false],
		['a number', 200, false],
		['a date', new Date(0), false],
	])('%s', (_name, value, expected) => {
		expect(isRecord(value)).toBe(expected);
	});
});

describe('describeNotARecord: what came back, in words', () => {
	test.each([
		['no body', undefined, 'an empty body'],
		['an empty body', '', 'an empty body'],
		['white space', ' \n', 'an empty body'],
		['null', null, 'null'],
		['an empty array', [], 'an array of 0 items: []'],
		['an array of one', [{ id: 'c1' }], 'an array of 1 item: [{"id":"c1"}]'],
		['a string', 'OK', 'the text "OK"'],
		[
			'a page on one line',
			'<html>\n  <b>Bad gateway</b>\n</html>',
			'the text "<html> <b>Bad gateway</b> </html>"',
		],
		['an object without an id', { ok: true }, 'an object without an id: {"ok":true}'],
		['a number', 5, 'the value 5'],
		['a boolean', false, 'the value false'],
	])('%s', (_name, body, expected) => {
		expect(describeNotARecord(body)).toBe(expected);
	});

	test('a long answer is cut to 120 characters with an ellipsis', () => {
		const described = describeNotARecord('x'.repeat(500));
		expect(described).toBe(`the text "${'x'.repeat(119)}…"`);
	});
});
