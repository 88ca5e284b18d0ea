const { answerTextOf, withAnswerText } = require('../../dist/nodes/Vapi/hooks/postReceive/chatRecord.js');

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
