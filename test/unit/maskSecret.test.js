'use strict';

const { SecretMask, SECRET_MASK } = require('../../dist/nodes/Vapi/http/maskSecret.js');

// Vapi's private keys are UUIDs.
const KEY = '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const mask = new SecretMask(KEY);

/** The text masked piece by piece, as a streamed body or streamed deltas are. */
function maskedInPieces(pieces, secret = KEY) {
	const stream = new SecretMask(secret).stream();
	return { handedOn: pieces.map((piece) => stream.push(piece)), rest: stream.end() };
}

describe('SecretMask.text', () => {
	test.each([
		['every occurrence', `a ${KEY} b ${KEY}`, KEY, 'a *** b ***'],
		[
			'the Bearer form, as the masked key',
			`Authorization: Bearer ${KEY}`,
			KEY,
			'Authorization: Bearer ***',
		],
		[
			'the key inside a JSON string (a UUID needs no escaping)',
			JSON.stringify({ k: KEY }),
			KEY,
			'{"k":"***"}',
		],
		[
			'a secret shorter than 4 characters is left alone (too many false hits)',
			'abc abc',
			'abc',
			'abc abc',
		],
		['a 4-character secret', 'abcd abcde', 'abcd', '*** ***e'],
		['text without the key', 'Rate limit exceeded', KEY, 'Rate limit exceeded'],
		['already masked text stays the same', 'Bearer *** and ***', KEY, 'Bearer *** and ***'],
		['empty text', '', KEY, ''],
		['no key at all (not a string)', `a ${KEY}`, undefined, `a ${KEY}`],
	])('%s', (_case, text, secret, expected) => {
		expect(new SecretMask(secret).text(text)).toBe(expected);
	});

	test('the mask is ***', () => {
		expect(SECRET_MASK).toBe('***');
	});
});

describe('SecretMask.stream: text in pieces', () => {
	const text = `Upstream refused "Authorization: Bearer ${KEY}". Try again.`;

	test.each(Array.from({ length: text.length + 1 }, (_, cut) => cut))(
		'a key cut at character %i of the text is masked as if it came whole',
		(cut) => {
			const { handedOn, rest } = maskedInPieces([text.slice(0, cut), text.slice(cut)]);
			expect(handedOn.join('') + rest).toBe(mask.text(text));
			expect(handedOn.join('') + rest).not.toContain(KEY);
		},
	);

	test('a key cut into one-character pieces is masked', () => {
		const { handedOn, rest } = maskedInPieces([...`x${KEY}y`]);
		// Nothing of the key is handed on before it is known to be the key.
		expect(handedOn).toEqual(['x', ...Array(KEY.length - 1).fill(''), '***', 'y']);
		expect(rest).toBe('');
	});

	test('ordinary text is handed on at once: only a possible start of the key is held back', () => {
		const { handedOn, rest } = maskedInPieces([
			'Hello there. ',
			'The answer is 3f1c',
			'2d4 and more.',
		]);
		expect(handedOn).toEqual(['Hello there. ', 'The answer is ', '3f1c2d4 and more.']);
		expect(rest).toBe('');
	});

	test('held back at most the key length − 1 characters', () => {
		const stream = mask.stream();
		expect(stream.push(`see ${KEY.slice(0, -1)}`)).toBe('see ');
		expect(stream.end()).toBe(KEY.slice(0, -1));
	});

	test('a body that ends with a start of the key hands it on at the end (it was not the key)', () => {
		const { handedOn, rest } = maskedInPieces(['total: 3f1c']);
		expect(handedOn).toEqual(['total: ']);
		expect(rest).toBe('3f1c');
	});

	test('overlapping starts: the key found after a false start', () => {
		const secret = 'abab';
		const { handedOn, rest } = maskedInPieces(['xab', 'abab'], secret);
		expect(handedOn.join('') + rest).toBe(new SecretMask(secret).text('xababab'));
		expect(handedOn.join('') + rest).toBe('x***ab');
	});

	test('without a key every piece is handed on as it is', () => {
		expect(maskedInPieces(['a', 'b'], undefined)).toEqual({ handedOn: ['a', 'b'], rest: '' });
	});
});

describe('SecretMask.json', () => {
	test('masks every string and key at every depth, leaving the input untouched', () => {
		const input = {
			debug: { authorization: `Bearer ${KEY}` },
			list: [KEY, 3, true, null, { deeper: [`x${KEY}x`] }],
			[KEY]: 'as a key',
			count: 2,
		};
		expect(mask.json(input)).toEqual({
			debug: { authorization: 'Bearer ***' },
			list: ['***', 3, true, null, { deeper: ['x***x'] }],
			'***': 'as a key',
			count: 2,
		});
		expect(input.debug.authorization).toBe(`Bearer ${KEY}`);
	});

	test('a value without the key is handed back as it is (the same object)', () => {
		const page = { results: [{ id: 'chat-1', messages: [{ content: 'hi' }] }], metadata: {} };
		expect(mask.json(page)).toBe(page);
	});

	test('a key such as __proto__ stays a key of the copy', () => {
		const input = JSON.parse(`{"__proto__": {"x": 1}, "k": "${KEY}"}`);
		const output = mask.json(input);
		expect(Object.keys(output)).toEqual(['__proto__', 'k']);
		expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
		expect(output.k).toBe('***');
	});

	test.each([
		['a string', KEY, '***'],
		['a number', 5, 5],
		['undefined', undefined, undefined],
		['null', null, null],
	])('handles %s at the top', (_case, value, expected) => {
		expect(mask.json(value)).toBe(expected);
	});
});

describe('SecretMask.errorFields', () => {
	test("masks an error's own string fields in place: message, stack and its own", () => {
		const error = new Error(`failed with ${KEY}`);
		error.receivedText = `partial Bearer ${KEY}`;
		error.count = 3;
		expect(mask.errorFields(error)).toBe(error);
		expect(error.message).toBe('failed with ***');
		expect(error.stack).not.toContain(KEY);
		expect(error.receivedText).toBe('partial Bearer ***');
		expect(error.count).toBe(3);
	});

	test.each([
		['undefined', undefined],
		['a string', `thrown ${KEY}`],
	])('hands back %s thrown instead of an error as it is', (_case, thrown) => {
		expect(mask.errorFields(thrown)).toBe(thrown);
	});
});
