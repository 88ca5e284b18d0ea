const { findSessionProblems } = require('../../dist/nodes/Vapi/rules/sessionRules.js');

describe('findSessionProblems', () => {
	test('a valid create body', () => {
		expect(
			findSessionProblems({
				assistantId: 'a1',
				name: 'Ada’s booking',
				status: 'active',
				expirationSeconds: 3600,
				messages: [
					{ role: 'system', content: 'Be brief.' },
					{ role: 'user', content: 'Hi' },
					{ role: 'assistant', content: 'Hello!' },
				],
			}),
		).toEqual([]);
		expect(findSessionProblems({})).toEqual([]);
	});

	test.each([
		[
			{ name: 'x'.repeat(41) },
			'"Name" (name) is 41 characters long; Vapi accepts at most 40, so shorten it.',
		],
		[{ name: '🙂'.repeat(40) }, null],
		[{ status: 'paused' }, '"Status" (status) must be one of: active, completed.'],
		[
			{ expirationSeconds: 59 },
			'"Expiration Seconds" (expirationSeconds) must be a number from 60 to 2592000 (30 days).',
		],
		[
			{ expirationSeconds: 2592001 },
			'"Expiration Seconds" (expirationSeconds) must be a number from 60 to 2592000 (30 days).',
		],
		[
			{ expirationSeconds: '3600' },
			'"Expiration Seconds" (expirationSeconds) must be a number from 60 to 2592000 (30 days).',
		],
		[{ expirationSeconds: 60 }, null],
		[{ expirationSeconds: 2592000 }, null],
		[{ messages: 'hi' }, '"Messages" (messages) must be a list of messages.'],
		[{ messages: [{ role: 'user' }] }, '"Messages" (messages) message 1 needs a content.'],
		[{ messages: [{ role: 'assistant' }] }, null],
		[
			{
				messages: [
					{ role: 'user', content: 'a' },
					{ role: 'robot', content: 'b' },
				],
			},
			'"Messages" (messages) message 2 needs a role: system, user, developer, assistant.',
		],
		[
			{ messages: [{ role: 'user', content: 'x'.repeat(10001) }] },
			'"Messages" (messages) message 1 is longer than 10000 characters.',
		],
		[
			{ assistantId: 'a', squadId: 's' },
			'Set either "Assistant" (assistantId) or "Squad" (squadId), not both.',
		],
	])('%p', (body, expected) => {
		expect(findSessionProblems(body)).toEqual(expected === null ? [] : [expected]);
	});

	test('a name is counted as chat names are: variation selectors do not count', () => {
		expect(findSessionProblems({ name: '❤\uFE0F'.repeat(40) })).toEqual([]);
		expect(findSessionProblems({ name: '❤\uFE0F'.repeat(41) })).toEqual([
			'"Name" (name) is 41 characters long; Vapi accepts at most 40, so shorten it.',
		]);
	});

	test('reports every problem', () => {
		expect(findSessionProblems({ name: 'x'.repeat(50), status: 'x' })).toHaveLength(2);
	});
});
