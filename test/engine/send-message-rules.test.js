'use strict';

// Vapi's rules are checked before anything is sent: every violation the parameters can produce
// fails the item without a request, naming the field(s) and the item.
//
// What the user sees: the node's preSend throws a NodeOperationError, handed on as is when the
// node continues on fail. Otherwise the run stops with a NodeApiError with the same message and
// description and neither an httpCode nor raw messages: n8n's error panel shows those under
// "From Vapi", and Vapi never saw the request (RoutingNode's own re-wrap would say httpCode
// 'none'). Both are asserted.
const { NodeApiError, NodeOperationError } = require('n8n-workflow');
const { SEED_IDS, byId, sendMessage, useSimulator, chatPosts, keyLeaks } = require('./support');

const vapi = useSimulator();

const SESSION = '3c90c3cc-0d44-4b50-8888-8dd25736052a';
const SMS_NUMBER = SEED_IDS.phoneNumbers.smsDesk;
const JSON_HINT = 'Enter a JSON object, e.g. {"key": "value"}, or an expression that returns one.';
const NO_TARGET =
	'Choose who answers: pick an assistant or a squad in "Send To", or continue a conversation with "Session" (sessionId) or "Previous Chat ID" (previousChatId).';

/** JSON.parse's own words for `text`, as this Node version writes them. */
function parserMessage(text) {
	try {
		JSON.parse(text);
	} catch (error) {
		return error.message;
	}
	throw new Error(`${text} parses`);
}

const invalidJson = (label, text) =>
	`${label} is not valid JSON (${parserMessage(text)}): enter a JSON object like {"key": "value"}.`;

const notAnObject = (label, kind) => `${label} must be a JSON object ({…}), but it is ${kind}.`;

/** The three JSON fields: their label in messages, and the parameters that put `text` in them. */
const ASSISTANT_JSON = {
	label: '"Assistant (JSON)" (assistant)',
	parameters: (text) => ({ target: 'assistant', assistant: text }),
};
const SQUAD_JSON = {
	label: '"Squad (JSON)" (squad)',
	parameters: (text) => ({ target: 'squad', squad: text }),
};
const VARIABLE_VALUES = {
	label: '"Variable Values" (assistantOverrides.variableValues)',
	parameters: (text) => ({ options: { variableValues: text } }),
};

// A JSON field's text that is no JSON (kind null) or JSON of another kind than an object.
const jsonFieldCases = [
	['invalid JSON in Assistant (JSON)', ASSISTANT_JSON, '{"name": "X",}', null],
	['invalid JSON in Squad (JSON)', SQUAD_JSON, '{members: []}', null],
	['invalid JSON in Variable Values', VARIABLE_VALUES, '{"customerName": "Ada"', null],
	['a JSON array in Assistant (JSON)', ASSISTANT_JSON, '[{"name": "X"}]', 'a JSON array'],
	['a JSON array in Squad (JSON)', SQUAD_JSON, '[]', 'a JSON array'],
	['a JSON array in Variable Values', VARIABLE_VALUES, '["Ada"]', 'a JSON array'],
	['an array from an expression in Assistant (JSON)', ASSISTANT_JSON, '={{ [1, 2] }}', 'an array'],
	['a JSON string in Squad (JSON)', SQUAD_JSON, '"Front Desk"', 'a JSON string'],
].map(([name, field, text, kind]) => ({
	name,
	parameters: field.parameters(text),
	message: kind === null ? invalidJson(field.label, text) : notAnObject(field.label, kind),
	description: JSON_HINT,
}));

const cases = [
	{
		name: 'no target: Send To the session’s or previous chat’s assistant, with neither set',
		parameters: { target: 'none' },
		message: NO_TARGET,
	},
	{
		name: 'session and previous chat together',
		parameters: { target: 'none', sessionId: byId(SESSION), previousChatId: 'chat_earlier' },
		message:
			'"Session" (sessionId) and "Previous Chat ID" (previousChatId) cannot be used together: the session already holds the earlier messages, so clear one of them.',
	},
	{
		name: 'session and previous chat, Send To an assistant: each problem once, the first in the message',
		parameters: { sessionId: byId(SESSION), previousChatId: 'chat_earlier' },
		message:
			'"Session" (sessionId) and "Previous Chat ID" (previousChatId) cannot be used together: the session already holds the earlier messages, so clear one of them.',
		description: `Also: "Session" (sessionId) and "Assistant" (assistantId) cannot be used together: a session stays with the assistant it was created with, so set "Send To" to "The Session's or Previous Chat's Assistant".`,
	},
	{
		name: 'session and an assistant',
		parameters: { sessionId: byId(SESSION) },
		message: `"Session" (sessionId) and "Assistant" (assistantId) cannot be used together: a session stays with the assistant it was created with, so set "Send To" to "The Session's or Previous Chat's Assistant".`,
	},
	{
		name: 'session and an SMS phone number',
		parameters: {
			target: 'none',
			sessionId: byId(SESSION),
			transport: { phoneNumberId: byId(SMS_NUMBER) },
		},
		message:
			'"Session" (sessionId) cannot be combined with "SMS Phone Number" (transport.phoneNumberId): the session already has its phone number and customer, so clear it or the session.',
	},
	{
		name: 'session and an SMS customer number',
		parameters: {
			target: 'none',
			sessionId: byId(SESSION),
			transport: { customerNumber: '+14155550199' },
		},
		message:
			'"Session" (sessionId) cannot be combined with "SMS Customer Number" (transport.customer): the session already has its phone number and customer, so clear it or the session.',
	},
	{
		name: 'SMS without the phone number that sends it',
		parameters: { transport: { customerNumber: '+14155550199' } },
		message:
			'SMS needs "SMS Phone Number" (transport.phoneNumberId), the Vapi number that sends it, unless the chat continues a "Session" (sessionId).',
	},
	{
		name: 'SMS without a customer',
		parameters: { transport: { phoneNumberId: byId(SMS_NUMBER) } },
		message:
			'SMS needs "SMS Customer Number" (transport.customer) or "SMS Customer ID" (transport.customerId), who receives it, unless the chat continues a "Session" (sessionId).',
	},
	{
		name: 'chat name of 41 characters',
		parameters: { options: { name: 'N'.repeat(41) } },
		message: '"Chat Name" (name) is 41 characters long; Vapi accepts at most 40, so shorten it.',
	},
	{
		name: 'chat name of 41 characters from an expression',
		parameters: { options: { name: '={{ "x".repeat(41) }}' } },
		message: '"Chat Name" (name) is 41 characters long; Vapi accepts at most 40, so shorten it.',
	},
	{
		name: 'empty input: an expression that gives ""',
		parameters: { input: '={{ $json.question ?? "" }}' },
		message: '"Message" (input) is empty; enter the message to send.',
	},
	{
		name: 'blank input: only spaces',
		parameters: { input: '   ' },
		message: '"Message" (input) is empty; enter the message to send.',
	},
	{
		name: 'empty messages list',
		parameters: { inputType: 'messages', messages: {} },
		message: '"Messages" (input) has no messages; add at least one.',
	},
	{
		name: 'a message without content',
		parameters: {
			inputType: 'messages',
			messages: {
				message: [
					{ role: 'system', content: 'Be brief.' },
					{ role: 'user', content: '' },
				],
			},
		},
		message: '"Messages" (input): message 2 (user) has no content; enter its text.',
	},
	{
		name: 'blank previous chat id',
		parameters: { target: 'none', previousChatId: '  ' },
		message: '"Previous Chat ID" (previousChatId) is blank; enter an id or clear the field.',
		description: `Also: ${NO_TARGET}`,
	},
	...jsonFieldCases,
];

describe('every rule violation fails before any request, naming the field and the item', () => {
	test.each(cases)('$name', async ({ parameters, message, description }) => {
		const expected = `Can't send item 1: ${message}`;

		const stopped = await vapi.run({ parameters: sendMessage(parameters) });
		expect(stopped.status).toBe('error');
		expect(stopped.error).toBeInstanceOf(NodeApiError);
		expect(stopped.error).toMatchObject({ message: expected, httpCode: null, messages: [] });
		expect(stopped.error.description).toBe(description);
		expect(stopped.error.context.itemIndex).toBe(0);

		const continued = await vapi.run({ parameters: sendMessage(parameters), continueOnFail: true });
		expect(continued.status).toBe('success');
		expect(continued.items).toHaveLength(1);
		expect(continued.items[0].json).toEqual({ error: expected });
		expect(continued.items[0].pairedItem).toEqual({ item: 0 });
		expect(continued.items[0].error).toBeInstanceOf(NodeOperationError);
		expect(continued.items[0].error.description).toBe(description);

		expect(chatPosts(vapi.sim)).toEqual([]);
		expect(keyLeaks(stopped)).toEqual([]);
		expect(keyLeaks(continued)).toEqual([]);
	});

	test('the message names the item: only the bad item is held back', async () => {
		const run = await vapi.run({
			parameters: sendMessage({ input: '={{ $json.question }}' }),
			items: [
				{ json: { question: 'first' } },
				{ json: { question: '' } },
				{ json: { question: 'third' } },
			],
			continueOnFail: true,
		});
		expect(run.items.map((item) => [item.json.error ?? item.json.text, item.pairedItem])).toEqual([
			['Support Bot — You said: "first".', { item: 0 }],
			[`Can't send item 2: "Message" (input) is empty; enter the message to send.`, { item: 1 }],
			['Support Bot — You said: "third".', { item: 2 }],
		]);
		expect(chatPosts(vapi.sim).map((post) => post.body.input)).toEqual(['first', 'third']);
		expect(run.items[1].error.context.itemIndex).toBe(1);
	});

	test('a required parameter left empty (no assistant picked) stops the workflow before any request', async () => {
		const run = await vapi.run({ parameters: sendMessage({ assistantId: byId('') }) });
		expect(run.status).toBe('error');
		expect(run.error.name).toBe('WorkflowHasIssuesError');
		expect(vapi.sim.requests).toEqual([]);
	});
});
