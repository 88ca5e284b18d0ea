// Rules added for careless input: Squad (JSON) left as its default, a customer as Vapi's
// CreateCustomerDTO validates it, and the one length rule for names of chats and sessions.
const { findChatRequestProblems } = require('../../dist/nodes/Vapi/rules/chatRules.js');
const { findSessionProblems } = require('../../dist/nodes/Vapi/rules/sessionRules.js');
const { findTextProblems, findCustomerProblems } = require('../../dist/nodes/Vapi/rules/checks.js');

const SMS = 'twilio.sms';
const EMPTY_MEMBER =
	'"Squad (JSON)" (squad) member 1 has an empty "assistantId": fill in the ID of a saved assistant (Vapi dashboard → Assistants), or use Send To → Squad to pick a saved squad.';

describe('Squad (JSON): a member with an empty assistantId', () => {
	test.each([
		['the default, left as is', { members: [{ assistantId: '' }] }, [EMPTY_MEMBER]],
		['white space only', { members: [{ assistantId: '  ' }] }, [EMPTY_MEMBER]],
		[
			'the second member',
			{ members: [{ assistantId: 'a' }, { assistantId: '' }] },
			[EMPTY_MEMBER.replace('member 1', 'member 2')],
		],
		[
			'beside a described assistant',
			{ members: [{ assistantId: '', assistant: { name: 'X' } }] },
			[
				'"Squad (JSON)" (squad) member 1 has an empty "assistantId": remove it, the member describes its "assistant".',
			],
		],
		['filled in', { members: [{ assistantId: 'a' }] }, []],
		['a described assistant alone', { members: [{ assistant: { name: 'X' } }] }, []],
		['no members (Vapi judges)', { members: [] }, []],
		['a member that is not an object (Vapi judges)', { members: ['a'] }, []],
	])('%s', (_case, squad, expected) => {
		expect(findChatRequestProblems({ input: 'Hi', squad })).toEqual(expected);
	});
});

describe('a customer, as CreateCustomerDTO validates it', () => {
	const nameOf = (field) => `"${field}"`;
	test.each([
		[{ number: '+14155550123', name: 'Ada', numberE164CheckEnabled: false }, []],
		[{ number: '123' }, []],
		[{ number: '1'.repeat(40) }, []],
		[{ number: '12' }, ['"number" is 2 characters long; Vapi needs at least 3.']],
		[
			{ number: '1'.repeat(41) },
			['"number" is 41 characters long; Vapi accepts at most 40, so shorten it.'],
		],
		[{ name: 'n'.repeat(40) }, []],
		[
			{ name: 'n'.repeat(41) },
			['"name" is 41 characters long; Vapi accepts at most 40, so shorten it.'],
		],
		[
			{ numberE164CheckEnabled: 'no' },
			['"numberE164CheckEnabled" must be true or false, not text.'],
		],
	])('%j', (customer, expected) => {
		expect(findCustomerProblems(customer, nameOf)).toEqual(expected);
	});

	test('an SMS customer is named by its SMS fields', () => {
		const body = {
			input: 'Hi',
			assistantId: 'a',
			transport: {
				type: SMS,
				phoneNumberId: 'pn',
				customer: { number: '+1', name: 'x'.repeat(41), numberE164CheckEnabled: 1 },
			},
		};
		expect(findChatRequestProblems(body)).toEqual([
			'"SMS Customer Number" (transport.customer.number) is 2 characters long; Vapi needs at least 3.',
			'"SMS Customer Name" (transport.customer.name) is 41 characters long; Vapi accepts at most 40, so shorten it.',
			'"SMS Customer Number Must Be E.164" (transport.customer.numberE164CheckEnabled) must be true or false, not a number.',
		]);
	});

	test("an SMS customer's name alone reaches nobody", () => {
		const body = {
			input: 'Hi',
			assistantId: 'a',
			transport: { type: SMS, phoneNumberId: 'pn', customer: { name: 'Ada' } },
		};
		expect(findChatRequestProblems(body)).toEqual([
			'SMS needs "SMS Customer Number" (transport.customer) or "SMS Customer ID" (transport.customerId), who receives it, unless the chat continues a "Session" (sessionId).',
		]);
	});

	test("a session's customer number", () => {
		expect(findSessionProblems({ customer: { number: '+1' } })).toEqual([
			'"Customer Number" (customer.number) is 2 characters long; Vapi needs at least 3.',
		]);
	});
});

describe('one length rule for names of chats and sessions, counted as Vapi counts', () => {
	const NAMES = [
		['40 emoji', '😀'.repeat(40), 40],
		['41 emoji', '😀'.repeat(41), 41],
		[
			'40 letters, each with a variation selector',
			'❤\uFE0F'.repeat(20) + 'A\uFE0E'.repeat(20),
			40,
		],
		['41 letters with variation selectors', '❤\uFE0F'.repeat(41), 41],
		['40 accented letters', 'é'.repeat(40), 40],
	];

	test.each(NAMES)('%s: chats and sessions agree', (_case, name, length) => {
		const expected =
			length > 40 ? [`is ${length} characters long; Vapi accepts at most 40, so shorten it.`] : [];
		const chat = findChatRequestProblems({ input: 'Hi', assistantId: 'a', name });
		const session = findSessionProblems({ name });
		expect(chat.map((problem) => problem.replace('"Chat Name" (name) ', ''))).toEqual(expected);
		expect(session.map((problem) => problem.replace('"Name" (name) ', ''))).toEqual(expected);
	});

	test('the same rule for a minimum', () => {
		expect(findTextProblems('ab', '"X"', 40, 3)).toEqual([
			'"X" is 2 characters long; Vapi needs at least 3.',
		]);
		expect(findTextProblems('abc', '"X"', 40, 3)).toEqual([]);
		expect(findTextProblems('', '"X"', 40, 3)).toEqual([]);
	});
});
