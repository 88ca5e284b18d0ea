'use strict';

// The fake OpenAI-compatible model the AI Agent end-to-end test points n8n's OpenAI Chat Model at:
// its rules (call the Vapi tool for a user message, with the chat id it last reported; quote the
// tool's answer), OpenAI's wire format with and without streaming, and its key check.
const { startOpenAiModel, MODEL_ID } = require('../../simulator/openai-model');

let model;
beforeAll(async () => {
	model = await startOpenAiModel({ apiKey: 'sk-test' });
});
afterAll(() => model.close());
beforeEach(() => model.reset());

const vapiTool = {
	type: 'function',
	function: {
		name: 'Ask_the_Vapi_assistant',
		description: 'Ask the Vapi support assistant',
		parameters: {
			type: 'object',
			properties: {
				message: { type: 'string', description: 'The user message' },
				chatId: { type: 'string', description: 'The chatId of the previous answer' },
			},
			required: ['message', 'chatId'],
		},
	},
};
const otherTool = {
	type: 'function',
	function: { name: 'Calculator', description: 'Adds numbers', parameters: { type: 'object' } },
};

async function complete(body, key = 'sk-test') {
	const response = await fetch(`${model.url}/chat/completions`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
		body: JSON.stringify({ model: 'gpt-4o-mini', ...body }),
	});
	return {
		status: response.status,
		body: body.stream ? await response.text() : await response.json(),
	};
}

const CHAT_ID = '3f2c1d9e-8b7a-4c6d-9e5f-0a1b2c3d4e5f';

test('a user message: a call of the Vapi tool, the message in every argument but the chat id', async () => {
	const { status, body } = await complete({
		messages: [
			{ role: 'system', content: 'You answer through Vapi.' },
			{ role: 'user', content: 'Hello there' },
		],
		tools: [otherTool, vapiTool],
	});
	expect(status).toBe(200);
	expect(body.object).toBe('chat.completion');
	expect(body.model).toBe(MODEL_ID);
	const [choice] = body.choices;
	expect(choice.finish_reason).toBe('tool_calls');
	expect(choice.message.content).toBeNull();
	const [call] = choice.message.tool_calls;
	expect(call).toMatchObject({ type: 'function', function: { name: 'Ask_the_Vapi_assistant' } });
	expect(call.id).toMatch(/^call_[0-9a-f]{16}$/);
	expect(JSON.parse(call.function.arguments)).toEqual({ message: 'Hello there', chatId: '' });
});

test('a later user message: the chat id the assistant last reported goes back to the tool', async () => {
	const { body } = await complete({
		messages: [
			{ role: 'user', content: [{ type: 'text', text: 'First' }] },
			{ role: 'assistant', content: `Answer one (Vapi chat ${CHAT_ID.replace('3f', '00')})` },
			{ role: 'assistant', content: `Answer two (Vapi chat ${CHAT_ID})` },
			{ role: 'user', content: [{ type: 'text', text: 'Second' }] },
		],
		tools: [vapiTool],
	});
	const [call] = body.choices[0].message.tool_calls;
	expect(JSON.parse(call.function.arguments)).toEqual({ message: 'Second', chatId: CHAT_ID });
});

test("the tool's observation: a final answer quoting its text and reporting its chat id", async () => {
	const { body } = await complete({
		messages: [
			{ role: 'user', content: 'Hello there' },
			{ role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function' }] },
			{
				role: 'tool',
				tool_call_id: 'call_1',
				content: JSON.stringify([{ chatId: CHAT_ID, text: 'Hi from Vapi', status: 'completed' }]),
			},
		],
		tools: [vapiTool],
	});
	expect(body.choices[0]).toMatchObject({
		finish_reason: 'stop',
		message: {
			role: 'assistant',
			content: `Vapi's assistant answered: "Hi from Vapi" (Vapi chat ${CHAT_ID})`,
		},
	});
});

test('an error observation is reported as such, not as an answer', async () => {
	const { body } = await complete({
		messages: [
			{ role: 'user', content: 'Hello' },
			{ role: 'tool', tool_call_id: 'call_1', content: '[{"error":"Previous chat not found"}]' },
		],
	});
	expect(body.choices[0].message.content).toBe(
		'The Vapi tool did not answer: [{"error":"Previous chat not found"}]',
	);
});

test('without a Vapi tool it says so instead of calling another tool', async () => {
	const { body } = await complete({
		messages: [{ role: 'user', content: 'Hello' }],
		tools: [otherTool, { ...otherTool, function: { ...otherTool.function, name: 'Other' } }],
	});
	expect(body.choices[0].message).toEqual({
		role: 'assistant',
		content: 'I have no Vapi tool to ask.',
	});
});

test('stream: OpenAI chunks with the tool call, finish reason, usage when asked, then [DONE]', async () => {
	const { body } = await complete({
		stream: true,
		stream_options: { include_usage: true },
		messages: [{ role: 'user', content: 'Hello there' }],
		tools: [vapiTool],
	});
	const events = body.trim().split('\n\n');
	expect(events.at(-1)).toBe('data: [DONE]');
	const chunks = events.slice(0, -1).map((e) => JSON.parse(e.replace(/^data: /, '')));
	expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
	expect(chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: '' });
	const [call] = chunks[1].choices[0].delta.tool_calls;
	expect(call).toMatchObject({
		index: 0,
		type: 'function',
		function: { name: vapiTool.function.name },
	});
	expect(JSON.parse(call.function.arguments)).toEqual({ message: 'Hello there', chatId: '' });
	expect(chunks[2].choices[0].finish_reason).toBe('tool_calls');
	expect(chunks[3]).toMatchObject({ choices: [], usage: { total_tokens: 20 } });
});

test('a wrong key: 401 in OpenAI error format; /v1/models lists the model; requests are recorded', async () => {
	const wrong = await complete({ messages: [{ role: 'user', content: 'Hi' }] }, 'sk-wrong');
	expect(wrong.status).toBe(401);
	expect(wrong.body.error).toMatchObject({ type: 'invalid_request_error' });

	const models = await fetch(`${model.url}/models`, {
		headers: { authorization: 'Bearer sk-test' },
	});
	expect((await models.json()).data.map((m) => m.id)).toEqual([MODEL_ID]);

	expect(model.requests.map((r) => [r.method, r.path, r.authorization])).toEqual([
		['POST', '/v1/chat/completions', 'Bearer sk-wrong'],
		['GET', '/v1/models', 'Bearer sk-test'],
	]);
	expect(model.completions()).toHaveLength(1);
});
