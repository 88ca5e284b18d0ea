'use strict';

/**
 * A fake OpenAI-compatible model on 127.0.0.1, for n8n's AI Agent with the OpenAI Chat Model node
 * (its credential's Base URL pointed here). It does what a real model would do with the Vapi tool,
 * decided by plain rules instead of weights, so a test knows each step in advance:
 *
 *   - the user spoke last, and a tool is offered → call the Vapi tool (the one whose name or
 *     description says Vapi, else the only tool). Its arguments follow the tool's JSON schema: a
 *     property about a chat id gets the chat id this conversation last reported (from an earlier
 *     assistant message in the history), or '' for a new conversation; every other property gets
 *     the user's message;
 *   - a tool answered last → a final answer quoting the tool's `text` and reporting its `chatId`
 *     as `(Vapi chat <id>)`, which is how the next turn finds it in the agent's memory.
 *
 * Endpoints: GET /v1/models (n8n's credential test), POST /v1/chat/completions (with or without
 * `stream`). Every request is recorded (`requests`), the bearer key checked.
 */

const http = require('node:http');
const crypto = require('node:crypto');

const MODEL_ID = 'fake-vapi-agent-model';
const CHAT_ID_IN_ANSWER = /\(Vapi chat ([0-9a-f-]{36})\)/gi;

function textOf(content) {
	if (typeof content === 'string') return content;
	if (Array.isArray(content))
		return content.map((part) => (typeof part === 'string' ? part : (part.text ?? ''))).join('');
	return '';
}

/** The tool the model calls: the one about Vapi, else the only one. */
function vapiTool(tools = []) {
	const functions = tools.filter((t) => t.type === 'function' && t.function);
	const aboutVapi = functions.find((t) =>
		/vapi/i.test(`${t.function.name} ${t.function.description ?? ''}`),
	);
	return aboutVapi ?? (functions.length === 1 ? functions[0] : undefined);
}

/** The chat id the assistant last reported in this conversation ('' when there is none yet). */
function lastReportedChatId(messages) {
	let chatId = '';
	for (const message of messages) {
		if (message.role !== 'assistant') continue;
		for (const match of textOf(message.content).matchAll(CHAT_ID_IN_ANSWER)) chatId = match[1];
	}
	return chatId;
}

function toolArguments(tool, messages, userText) {
	const schema = tool.function.parameters ?? {};
	const args = {};
	for (const name of Object.keys(schema.properties ?? {})) {
		const about = `${name} ${schema.properties[name].description ?? ''}`;
		args[name] = /chat\s*_?id/i.test(about) ? lastReportedChatId(messages) : userText;
	}
	return args;
}

/** The tool's observation: n8n sends the tool node's output items as JSON text. */
function finalAnswer(observation) {
	let item;
	try {
		const parsed = JSON.parse(observation);
		item = Array.isArray(parsed) ? parsed[0] : parsed;
	} catch {
		item = undefined;
	}
	if (typeof item?.text !== 'string') return `The Vapi tool did not answer: ${observation}`;
	return `Vapi's assistant answered: "${item.text}" (Vapi chat ${item.chatId})`;
}

/** The model's next message for a chat.completions request: a tool call or an answer. */
function decide(body) {
	const messages = Array.isArray(body.messages) ? body.messages : [];
	const last = messages.at(-1);
	if (last?.role === 'tool') return { content: finalAnswer(textOf(last.content)) };
	const tool = vapiTool(body.tools);
	if (!tool) return { content: 'I have no Vapi tool to ask.' };
	const userText = textOf(last?.content);
	return {
		toolCall: {
			id: `call_${crypto.randomBytes(8).toString('hex')}`,
			type: 'function',
			function: {
				name: tool.function.name,
				arguments: JSON.stringify(toolArguments(tool, messages.slice(0, -1), userText)),
			},
		},
	};
}

const USAGE = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };

function completion(id, created, next) {
	return {
		id,
		object: 'chat.completion',
		created,
		model: MODEL_ID,
		choices: [
			{
				index: 0,
				message: next.toolCall
					? { role: 'assistant', content: null, tool_calls: [next.toolCall] }
					: { role: 'assistant', content: next.content },
				finish_reason: next.toolCall ? 'tool_calls' : 'stop',
				logprobs: null,
			},
		],
		usage: USAGE,
	};
}

function streamChunks(id, created, next, includeUsage) {
	const chunk = (delta, finishReason = null) => ({
		id,
		object: 'chat.completion.chunk',
		created,
		model: MODEL_ID,
		choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
	});
	const chunks = [chunk({ role: 'assistant', content: '' })];
	if (next.toolCall) chunks.push(chunk({ tool_calls: [{ index: 0, ...next.toolCall }] }));
	else chunks.push(chunk({ content: next.content }));
	chunks.push(chunk({}, next.toolCall ? 'tool_calls' : 'stop'));
	if (includeUsage) chunks.push({ ...chunk({}), choices: [], usage: USAGE });
	return chunks;
}

function sendJson(res, status, body) {
	res.writeHead(status, { 'content-type': 'application/json' });
	res.end(JSON.stringify(body));
}

function openAiError(res, status, message, type) {
	sendJson(res, status, { error: { message, type, param: null, code: null } });
}

/**
 * Start the fake model on a free port of 127.0.0.1. Resolves with `{ url, apiKey, requests,
 * reset(), close() }`; `url` is the Base URL for n8n's OpenAI credential (it ends in /v1).
 */
function startOpenAiModel({ apiKey = 'sk-fake-model-key', port = 0 } = {}) {
	const requests = [];
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const raw = Buffer.concat(chunks).toString('utf8');
			let body;
			try {
				body = raw ? JSON.parse(raw) : undefined;
			} catch {
				return openAiError(res, 400, 'The body is not valid JSON.', 'invalid_request_error');
			}
			const path = new URL(req.url, 'http://127.0.0.1').pathname.replace(/\/+$/, '');
			const record = { method: req.method, path, authorization: req.headers.authorization, body };
			requests.push(record);
			if (req.headers.authorization !== `Bearer ${apiKey}`)
				return openAiError(res, 401, 'Incorrect API key provided.', 'invalid_request_error');
			if (req.method === 'GET' && path === '/v1/models')
				return sendJson(res, 200, {
					object: 'list',
					data: [{ id: MODEL_ID, object: 'model', created: 0, owned_by: 'n8n-nodes-vapi' }],
				});
			if (req.method !== 'POST' || path !== '/v1/chat/completions')
				return openAiError(res, 404, `Unknown endpoint ${req.method} ${path}`, 'not_found');

			const next = decide(body ?? {});
			record.reply = next;
			const id = `chatcmpl-${crypto.randomBytes(8).toString('hex')}`;
			const created = Math.floor(Date.now() / 1000);
			if (!body?.stream) return sendJson(res, 200, completion(id, created, next));
			res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
			const includeUsage = Boolean(body.stream_options?.include_usage);
			for (const chunk of streamChunks(id, created, next, includeUsage))
				res.write(`data: ${JSON.stringify(chunk)}\n\n`);
			res.end('data: [DONE]\n\n');
		});
	});
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => {
			const url = `http://127.0.0.1:${server.address().port}/v1`;
			resolve({
				url,
				apiKey,
				model: MODEL_ID,
				requests,
				/** The chat.completions requests, each with the reply the model gave. */
				completions: () => requests.filter((r) => r.path === '/v1/chat/completions'),
				reset: () => requests.splice(0),
				close: () => new Promise((done) => server.close(() => done())),
			});
		});
	});
}

module.exports = { startOpenAiModel, MODEL_ID };
