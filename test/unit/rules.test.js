const { findChatRequestProblems } = require('../../dist/nodes/Vapi/rules/chatRules.js');
const { countCharacters } = require('../../dist/nodes/Vapi/rules/checks.js');
const { FieldError, fieldName } = require('../../dist/nodes/Vapi/rules/fieldLabels.js');
const { pruneEmpty, parseJsonObject } = require('../../dist/nodes/Vapi/rules/jsonFields.js');

const SMS = 'twilio.sms';

describe('pruneEmpty', () => {
	test.each([
		[
			'drops undefined, null and empty strings',
			{ a: undefined, b: null, c: '', d: 'x' },
			{ d: 'x' },
		],
		[
			'keeps 0, false and whitespace-only text',
			{ a: 0, b: false, c: ' ' },
			{ a: 0, b: false, c: ' ' },
		],
		['drops objects that end up empty', { a: { b: { c: '' } }, d: 1 }, { d: 1 }],
		[
			'prunes inside objects',
			{ transport: { type: SMS, phoneNumberId: '', customer: { number: '' } } },
			{ transport: { type: SMS } },
		],
		[
			'keeps every array element, pruning inside them',
			{ input: [{ role: 'user', content: 'hi', name: '' }, {}, null, ''] },
			{ input: [{ role: 'user', content: 'hi' }, {}, null, ''] },
		],
		['keeps empty arrays', { input: [] }, { input: [] }],
		['returns {} for an object that ends up empty', { a: '', b: {} }, {}],
		['returns undefined for a top-level null', null, undefined],
		['returns undefined for a top-level empty string', '', undefined],
		['returns text as is', 'hello', 'hello'],
	])('%s', (_case, input, expected) => {
		expect(pruneEmpty(input)).toEqual(expected);
	});

	test('copies deeply and leaves its input untouched', () => {
		const input = {
			assistant: { model: { messages: [{ role: 'system', content: 'x' }] } },
			name: '',
		};
		const output = pruneEmpty(input);
		expect(output).toEqual({
			assistant: { model: { messages: [{ role: 'system', content: 'x' }] } },
		});
		expect(output.assistant).not.toBe(input.assistant);
		expect(output.assistant.model.messages).not.toBe(input.assistant.model.messages);
		expect(input.name).toBe('');
	});
});

describe('parseJsonObject', () => {
	test.each([
		['an empty string', ''],
		['whitespace', '  \n\t'],
		['undefined', undefined],
		['null', null],
	])('%s means "not set"', (_case, value) => {
		expect(parseJsonObject(value, 'Assistant (JSON)')).toBeUndefined();
	});

	test('takes an object as it is', () => {
		const value = { name: 'Ada' };
		expect(parseJsonObject(value, 'Assistant (JSON)')).toBe(value);
	});

	test('parses a JSON object', () => {
		expect(parseJsonObject(' {"model": {"provider": "openai"}} ', 'Assistant (JSON)')).toEqual({
			model: { provider: 'openai' },
		});
	});

	test.each([
		[
			'a JSON array',
			'[1, 2]',
			'"Squad (JSON)" (squad) must be a JSON object ({…}), but it is a JSON array.',
		],
		[
			'a JSON number',
			'42',
			'"Squad (JSON)" (squad) must be a JSON object ({…}), but it is a JSON number.',
		],
		[
			'a JSON string',
			'"text"',
			'"Squad (JSON)" (squad) must be a JSON object ({…}), but it is a JSON string.',
		],
		[
			'JSON null',
			'null',
			'"Squad (JSON)" (squad) must be a JSON object ({…}), but it is JSON null.',
		],
		[
			'JSON true',
			'true',
			'"Squad (JSON)" (squad) must be a JSON object ({…}), but it is JSON true.',
		],
		[
			'an array value',
			[{ a: 1 }],
			'"Squad (JSON)" (squad) must be a JSON object ({…}), but it is an array.',
		],
		[
			'a number value',
			7,
			'"Squad (JSON)" (squad) must be a JSON object ({…}), but it is a number.',
		],
		[
			'a boolean value',
			false,
			'"Squad (JSON)" (squad) must be a JSON object ({…}), but it is a boolean.',
		],
	])('rejects %s, saying what it is', (_case, value, message) => {
		let thrown;
		try {
			parseJsonObject(value, 'Squad (JSON)');
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(FieldError);
		expect(thrown.name).toBe('FieldError');
		expect(thrown.field).toBe('Squad (JSON)');
		expect(thrown.message).toBe(message);
	});

	test('rejects text that is not JSON, with the parser message', () => {
		let thrown;
		try {
			parseJsonObject('{name: "Ada"}', 'Variable Values');
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(FieldError);
		expect(thrown.field).toBe('Variable Values');
		let parserMessage;
		try {
			JSON.parse('{name: "Ada"}');
		} catch (error) {
			parserMessage = error.message;
		}
		expect(thrown.message).toBe(
			`"Variable Values" (assistantOverrides.variableValues) is not valid JSON (${parserMessage}): enter a JSON object like {"key": "value"}.`,
		);
		expect(thrown.reason).toBe(
			`is not valid JSON (${parserMessage}): enter a JSON object like {"key": "value"}.`,
		);
	});

	test('shortens a long parser message to one line of at most 120 characters', () => {
		const garbage = `{"a": ${'x'.repeat(5000)}}`;
		let thrown;
		try {
			parseJsonObject(garbage, 'Assistant (JSON)');
		} catch (error) {
			thrown = error;
		}
		const detail = /is not valid JSON \((.*)\): enter/.exec(thrown.message)[1];
		expect(detail.length).toBeLessThanOrEqual(120);
		expect(thrown.message).not.toContain('\n');
	});

	test('names an unknown label without an API field, or the one it is given', () => {
		expect(() => parseJsonObject('[]', 'Metadata')).toThrow(
			'"Metadata" must be a JSON object ({…}), but it is a JSON array.',
		);
		expect(() => parseJsonObject('[]', 'Metadata', 'metadata')).toThrow(
			'"Metadata" (metadata) must be a JSON object ({…}), but it is a JSON array.',
		);
	});
});

describe('countCharacters', () => {
	test.each([
		['ASCII', 'hello', 5],
		['accented letters (2 bytes each in UTF-8)', 'ééé', 3],
		['emoji outside the BMP (2 UTF-16 units each)', '😀😀', 2],
		['variation selectors are not counted (as class-validator counts)', '❤️', 1],
		['empty', '', 0],
	])('%s', (_case, text, expected) => {
		expect(countCharacters(text)).toBe(expected);
	});
});

describe('fieldName', () => {
	test.each([
		['previousChatId', undefined, '"Previous Chat ID" (previousChatId)'],
		['input', { input: 'hi' }, '"Message" (input)'],
		['input', { input: [] }, '"Messages" (input)'],
		['transport.customerId', undefined, '"SMS Customer ID" (transport.customerId)'],
	])('%s', (path, body, expected) => {
		expect(fieldName(path, body)).toBe(expected);
	});
});

describe('findChatRequestProblems: valid requests', () => {
	test.each([
		['text to an assistant', { input: 'Hello', assistantId: 'asst_1', stream: true }],
		['messages to a squad', { input: [{ role: 'user', content: 'Hi' }], squadId: 'sq_1' }],
		['an inline assistant', { input: 'Hi', assistant: { model: { provider: 'openai' } } }],
		['an inline squad', { input: 'Hi', squad: { members: [] } }],
		['a session alone', { input: 'Hi', sessionId: 'sess_1' }],
		['a previous chat alone', { input: 'Hi', previousChatId: 'chat_1' }],
		[
			'a previous chat with an assistant',
			{ input: 'Hi', previousChatId: 'chat_1', assistantId: 'a' },
		],
		[
			'a session with an inline assistant (no documented rule)',
			{ input: 'Hi', sessionId: 's', assistant: {} },
		],
		['a session with a squad (no documented rule)', { input: 'Hi', sessionId: 's', squadId: 'sq' }],
		['a name of exactly 40 characters', { input: 'Hi', assistantId: 'a', name: 'n'.repeat(40) }],
		[
			'a name of 40 emoji (80 UTF-16 units)',
			{ input: 'Hi', assistantId: 'a', name: '😀'.repeat(40) },
		],
		[
			'a name of 40 accented letters (80 bytes)',
			{ input: 'Hi', assistantId: 'a', name: 'é'.repeat(40) },
		],
		[
			'variable values',
			{ input: 'Hi', assistantId: 'a', assistantOverrides: { variableValues: { city: 'Oslo' } } },
		],
		[
			'other assistant overrides (docs disagree; Vapi decides)',
			{ input: 'Hi', assistantId: 'a', assistantOverrides: { firstMessage: 'Hey' } },
		],
		[
			'SMS to a new number',
			{
				input: 'Hi',
				assistantId: 'a',
				transport: { type: SMS, phoneNumberId: 'pn_1', customer: { number: '+14155550100' } },
			},
		],
		[
			'SMS by customer id',
			{
				input: 'Hi',
				assistantId: 'a',
				transport: { type: SMS, phoneNumberId: 'pn', customerId: 'c' },
			},
		],
		[
			'SMS in a session with a customer id and the LLM switch',
			{
				input: 'Hi',
				sessionId: 's',
				transport: {
					type: SMS,
					customerId: 'c',
					useLLMGeneratedMessageForOutbound: false,
					conversationType: 'chat',
				},
			},
		],
		[
			'every message role, with names and metadata',
			{
				assistantId: 'a',
				input: [
					{ role: 'system', content: 'Be brief.' },
					{ role: 'developer', content: 'JSON only.', name: 'dev' },
					{ role: 'user', content: 'Weather?', metadata: { source: 'n8n' } },
					{
						role: 'assistant',
						tool_calls: [
							{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{}' } },
						],
					},
					{ role: 'tool', content: 'Sunny', tool_call_id: 'call_1' },
					{ role: 'assistant', refusal: 'I cannot help with that.' },
					{ role: 'assistant', content: 'It is sunny.' },
				],
			},
		],
		[
			'content of exactly 10000 characters',
			{ assistantId: 'a', input: [{ role: 'user', content: 'x'.repeat(10000) }] },
		],
		['a long string input (no documented limit)', { assistantId: 'a', input: 'x'.repeat(20000) }],
	])('%s', (_case, body) => {
		expect(findChatRequestProblems(body)).toEqual([]);
	});
});

const TARGET_MISSING =
	'Choose who answers: pick an assistant or a squad in "Send To", or continue a conversation with "Session" (sessionId) or "Previous Chat ID" (previousChatId).';

describe('findChatRequestProblems: broken rules', () => {
	test.each([
		['no input', { assistantId: 'a' }, ['"Message" (input) is empty; enter the message to send.']],
		[
			'blank input',
			{ assistantId: 'a', input: '  \n' },
			['"Message" (input) is empty; enter the message to send.'],
		],
		[
			'no messages',
			{ assistantId: 'a', input: [] },
			['"Messages" (input) has no messages; add at least one.'],
		],
		[
			'input of the wrong type',
			{ assistantId: 'a', input: { role: 'user' } },
			['"Message" (input) must be text or a list of messages, not an object.'],
		],
		['nobody to answer', { input: 'Hi' }, [TARGET_MISSING]],
		[
			'only blank ids',
			{ input: 'Hi', assistantId: ' ' },
			['"Assistant" (assistantId) is blank; enter an id or clear the field.', TARGET_MISSING],
		],
		[
			'two targets',
			{ input: 'Hi', assistantId: 'a', squadId: 's' },
			[
				'Set only one of "Assistant" (assistantId) and "Squad" (squadId): each chooses who answers, so clear the others.',
			],
		],
		[
			'three targets',
			{ input: 'Hi', assistant: {}, squadId: 's', squad: {} },
			[
				'Set only one of "Assistant (JSON)" (assistant), "Squad" (squadId) and "Squad (JSON)" (squad): each chooses who answers, so clear the others.',
			],
		],
		[
			'a session and a previous chat',
			{ input: 'Hi', sessionId: 's', previousChatId: 'c' },
			[
				'"Session" (sessionId) and "Previous Chat ID" (previousChatId) cannot be used together: the session already holds the earlier messages, so clear one of them.',
			],
		],
		[
			'a session and an assistant id',
			{ input: 'Hi', sessionId: 's', assistantId: 'a' },
			[
				`"Session" (sessionId) and "Assistant" (assistantId) cannot be used together: a session stays with the assistant it was created with, so set "Send To" to "The Session's or Previous Chat's Assistant".`,
			],
		],
		[
			'a session with an SMS phone number',
			{ input: 'Hi', sessionId: 's', transport: { type: SMS, phoneNumberId: 'pn' } },
			[
				'"Session" (sessionId) cannot be combined with "SMS Phone Number" (transport.phoneNumberId): the session already has its phone number and customer, so clear it or the session.',
			],
		],
		[
			'a session with an SMS phone number and customer',
			{
				input: 'Hi',
				sessionId: 's',
				transport: { type: SMS, phoneNumberId: 'pn', customer: { number: '+14155550100' } },
			},
			[
				'"Session" (sessionId) cannot be combined with "SMS Phone Number" (transport.phoneNumberId) and "SMS Customer Number" (transport.customer): the session already has its phone number and customer, so clear them or the session.',
			],
		],
		[
			'SMS without a phone number or customer, outside a session',
			{ input: 'Hi', assistantId: 'a', transport: { type: SMS } },
			[
				'SMS needs "SMS Phone Number" (transport.phoneNumberId), the Vapi number that sends it, unless the chat continues a "Session" (sessionId).',
				'SMS needs "SMS Customer Number" (transport.customer) or "SMS Customer ID" (transport.customerId), who receives it, unless the chat continues a "Session" (sessionId).',
			],
		],
		[
			'SMS without its transport type',
			{ input: 'Hi', sessionId: 's', transport: { customerId: 'c' } },
			['"SMS Transport Type" (transport.type) must be "twilio.sms", not missing.'],
		],
		[
			'SMS with unknown fields and wrong types',
			{
				input: 'Hi',
				sessionId: 's',
				transport: {
					type: SMS,
					customerId: 5,
					useLLMGeneratedMessageForOutbound: 'yes',
					conversationType: 'voice',
					to: '+1',
				},
			},
			[
				'The SMS transport has a field Vapi does not accept: "transport.to"; remove it.',
				'"SMS Customer ID" (transport.customerId) must be an id (text), not a number.',
				'"SMS Use LLM-Generated Message for Outbound" (transport.useLLMGeneratedMessageForOutbound) must be true or false, not text.',
				'"SMS Conversation Type" (transport.conversationType) must be "chat".',
			],
		],
		[
			'an SMS customer that is not an object',
			{
				input: 'Hi',
				assistantId: 'a',
				transport: { type: SMS, phoneNumberId: 'pn', customer: '+1415' },
			},
			[
				'"SMS Customer Number" (transport.customer) must be a customer object like {"number": "+14155550100"}, not text.',
			],
		],
		[
			'a name of 41 characters',
			{ input: 'Hi', assistantId: 'a', name: 'n'.repeat(41) },
			['"Chat Name" (name) is 41 characters long; Vapi accepts at most 40, so shorten it.'],
		],
		[
			'a name of 45 emoji',
			{ input: 'Hi', assistantId: 'a', name: '😀'.repeat(45) },
			['"Chat Name" (name) is 45 characters long; Vapi accepts at most 40, so shorten it.'],
		],
		[
			'a name that is not text',
			{ input: 'Hi', assistantId: 'a', name: 12 },
			['"Chat Name" (name) must be text, not a number.'],
		],
		[
			'an id that is not text',
			{ input: 'Hi', assistantId: 7 },
			['"Assistant" (assistantId) must be an id (text), not a number.'],
		],
		[
			'an inline assistant that is not an object',
			{ input: 'Hi', assistant: '{"model":{}}' },
			['"Assistant (JSON)" (assistant) must be a JSON object ({…}), not text.'],
		],
		[
			'variable values that are not an object',
			{ input: 'Hi', assistantId: 'a', assistantOverrides: { variableValues: ['city'] } },
			[
				'"Variable Values" (assistantOverrides.variableValues) must be a JSON object of names and values, not an array.',
			],
		],
		[
			'stream that is not a boolean',
			{ input: 'Hi', assistantId: 'a', stream: 'true' },
			['"Stream" (stream) must be true or false, not text.'],
		],
		[
			'a field Vapi does not know',
			{ input: 'Hi', assistantId: 'a', systemPrompt: 'x' },
			[
				'The request has a field Vapi does not accept: "systemPrompt"; remove it (Vapi rejects unknown fields).',
			],
		],
	])('%s', (_case, body, expected) => {
		expect(findChatRequestProblems(body)).toEqual(expected);
	});

	test('reports every broken rule at once, in a fixed order', () => {
		expect(
			findChatRequestProblems({
				input: '',
				assistantId: 'a',
				squadId: 's',
				sessionId: 'x',
				previousChatId: 'p',
				name: 'n'.repeat(50),
			}),
		).toEqual([
			'"Message" (input) is empty; enter the message to send.',
			'Set only one of "Assistant" (assistantId) and "Squad" (squadId): each chooses who answers, so clear the others.',
			'"Session" (sessionId) and "Previous Chat ID" (previousChatId) cannot be used together: the session already holds the earlier messages, so clear one of them.',
			`"Session" (sessionId) and "Assistant" (assistantId) cannot be used together: a session stays with the assistant it was created with, so set "Send To" to "The Session's or Previous Chat's Assistant".`,
			'"Chat Name" (name) is 50 characters long; Vapi accepts at most 40, so shorten it.',
		]);
	});
});

describe('findChatRequestProblems: messages', () => {
	const problemsOf = (...messages) =>
		findChatRequestProblems({ assistantId: 'a', input: messages });

	test.each([
		[
			'an unknown role',
			[{ role: 'bot', content: 'x' }],
			[
				'"Messages" (input): message 1 has role "bot"; use system, user, developer, assistant or tool.',
			],
		],
		[
			'no role',
			[{ content: 'x' }],
			[
				'"Messages" (input): message 1 has no role; use system, user, developer, assistant or tool.',
			],
		],
		[
			'a message that is text',
			[{ role: 'user', content: 'a' }, 'b'],
			['"Messages" (input): message 2 must be an object with a role and content, not text.'],
		],
		[
			'a user message without content',
			[{ role: 'user' }],
			['"Messages" (input): message 1 (user) has no content; enter its text.'],
		],
		[
			'the call-transcript shape from the wrong spec schema',
			[{ role: 'user', message: 'Hi', time: 1, secondsFromStart: 0 }],
			[
				'"Messages" (input): message 1 (user) has properties Vapi does not accept: "message", "time", "secondsFromStart"; allowed are role, content, name, metadata.',
				'"Messages" (input): message 1 (user) has no content; enter its text (the text goes in content, not message).',
			],
		],
		[
			'an assistant message with neither content nor tool calls',
			[{ role: 'assistant', tool_calls: [] }],
			[
				'"Messages" (input): message 1 (assistant) has no content; enter its text (only a message with tool_calls may omit it).',
			],
		],
		[
			'a tool message without tool_call_id',
			[{ role: 'tool', content: 'Sunny' }],
			[
				'"Messages" (input): message 1 (tool) has no tool_call_id; set it to the id of the tool call it answers.',
			],
		],
		[
			'a tool_call_id that is not text',
			[{ role: 'tool', content: 'Sunny', tool_call_id: 3 }],
			['"Messages" (input): message 1 (tool) tool_call_id must be text, not a number.'],
		],
		[
			'tool_calls on a user message',
			[{ role: 'user', content: 'x', tool_calls: [] }],
			[
				'"Messages" (input): message 1 (user) has a property Vapi does not accept: "tool_calls"; allowed are role, content, name, metadata.',
			],
		],
		[
			'content over 10000 characters',
			[{ role: 'user', content: 'x'.repeat(10001) }],
			[
				'"Messages" (input): message 1 (user) content is 10001 characters long; Vapi accepts at most 10000, so shorten it.',
			],
		],
		[
			'content that is not text',
			[{ role: 'system', content: [{ type: 'text', text: 'x' }] }],
			['"Messages" (input): message 1 (system) content must be text, not an array.'],
		],
		[
			'a name over 40 characters',
			[{ role: 'user', content: 'x', name: 'n'.repeat(41) }],
			[
				'"Messages" (input): message 1 (user) name is 41 characters long; Vapi accepts at most 40, so shorten it.',
			],
		],
		[
			'metadata that is not an object',
			[{ role: 'user', content: 'x', metadata: 'm' }],
			['"Messages" (input): message 1 (user) metadata must be an object, not text.'],
		],
		[
			'malformed tool calls',
			[
				{
					role: 'assistant',
					tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f' } }, 'x'],
				},
			],
			[
				'"Messages" (input): message 1 (assistant) tool call 1 needs function.arguments as text; it must be an object {id, type, function: {name, arguments}}.',
				'"Messages" (input): message 1 (assistant) tool call 2 must be an object {id, type, function: {name, arguments}}, not text.',
			],
		],
		[
			'tool_calls that are not a list',
			[{ role: 'assistant', content: 'x', tool_calls: { id: 'c1' } }],
			['"Messages" (input): message 1 (assistant) tool_calls must be a list, not an object.'],
		],
	])('%s', (_case, messages, expected) => {
		expect(problemsOf(...messages)).toEqual(expected);
	});
});
