/**
 * The one result of a chat turn (ChatAnswer), the two errors a stream or body can end in, and the
 * reading of a complete response: a ResponseObject, or defensively a native Chat object.
 */

export interface OutputText {
	type: 'output_text';
	text: string;
	annotations: unknown[];
}

export interface OutputMessage {
	id: string;
	type: 'message';
	role: 'assistant';
	status: string;
	content: OutputText[];
}

export interface ChatAnswer {
	chatId: string;
	text: string;
	status: string;
	output: OutputMessage[];
	response?: Record<string, unknown>;
	sessionId?: string;
}

/**
 * Thrown for an `error` event inside a 200 stream, or a response whose status is 'failed' (then
 * `status` is 'failed' and `chatId` the response's id). `receivedText`: the text that had arrived.
 * `source` is Vapi's event or response: its `code` and `param` (or its `error`'s) are kept.
 */
export class VapiStreamError extends Error {
	code?: string;
	param?: string;
	status?: string;
	chatId?: string;

	constructor(
		message: string,
		source: JsonObject,
		readonly receivedText: string,
	) {
		super(message);
		this.name = 'VapiStreamError';
		const nested = isObject(source.error) ? source.error : {};
		const code = stringField(source.code) ?? stringField(nested.code);
		const param = stringField(source.param) ?? stringField(nested.param);
		if (code !== undefined) this.code = code;
		if (param !== undefined) this.param = param;
	}
}

/**
 * Thrown when there is no whole answer, for a `reason`: 'incomplete' (the stream ended, or was
 * cut, before `response.completed`), 'malformed' (data that is not Vapi's), 'status' (Vapi's final
 * status is not `completed`), 'noText' (output, such as a function_call, but no text).
 * `receivedText`: the text that came.
 */
export class IncompleteStreamError extends Error {
	/** Vapi's final status ('status', 'noText'). */
	status?: string;
	/** Vapi's reason for that status: the response's `error`, when it gave one ('status'). */
	vapiReason?: string;
	/** The response's id: the chat exists ('status', 'noText'). */
	chatId?: string;

	constructor(
		readonly reason: 'incomplete' | 'malformed' | 'status' | 'noText',
		message: string,
		readonly receivedText: string,
		details: Pick<IncompleteStreamError, 'status' | 'vapiReason' | 'chatId'> = {},
	) {
		super(message);
		this.name = 'IncompleteStreamError';
		Object.assign(this, details);
	}
}

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string field, or a number written as a string (ids); undefined for anything else. */
export function stringField(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}

/** At most ~80 characters of what was seen, quoted so control characters stay visible. */
export function preview(text: string): string {
	return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}

export function malformed(message: string, receivedText = ''): IncompleteStreamError {
	return new IncompleteStreamError('malformed', message, receivedText);
}

/** Vapi's own words: the first non-empty string (NestJS-style arrays of messages joined). */
function messageText(...values: unknown[]): string | undefined {
	for (const value of values) {
		if (typeof value === 'string' && value !== '') return value;
		if (Array.isArray(value) && value.length > 0) return value.map(String).join('; ');
	}
	return undefined;
}

/** Items of an array that are objects; [] for anything else. */
const objects = (value: unknown): JsonObject[] =>
	Array.isArray(value) ? value.filter(isObject) : [];

/** `{type:'error', code, message, param?}`; also `{error:{code, message, param}}`. */
export function streamErrorFrom(event: JsonObject, receivedText: string): VapiStreamError {
	const nested = isObject(event.error) ? event.error : {};
	const message =
		messageText(event.message, nested.message, event.error) ??
		'Vapi reported an error in the stream without a message';
	return new VapiStreamError(message, event, receivedText);
}

/** Vapi's reason for a status: `error`, a string (spec) or {message}; or `incomplete_details.reason`. */
function statusReason(response: JsonObject): string | undefined {
	const error = isObject(response.error) ? response.error : {};
	const details = isObject(response.incomplete_details) ? response.incomplete_details : {};
	return messageText(response.error, error.message, details.reason);
}

/** A ResponseObject with status 'failed'; `receivedText`: the answer's text so far. */
function failedResponseError(response: JsonObject, receivedText: string): VapiStreamError {
	const message =
		statusReason(response) ?? 'Vapi reported the response as failed without a message';
	const error = new VapiStreamError(message, response, receivedText);
	error.status = 'failed';
	const chatId = stringField(response.id);
	if (chatId !== undefined) error.chatId = chatId;
	return error;
}

/**
 * The answer if it is a whole one. Throws for a final status other than `completed` (with Vapi's
 * reason and the text so far), and for output without any text (saying what came instead).
 */
function finalAnswer(answer: ChatAnswer, response: JsonObject): ChatAnswer {
	const { status, text } = answer;
	const chatId = answer.chatId === '' ? undefined : answer.chatId;
	if (status === 'failed') throw failedResponseError(response, text);
	if (status !== 'completed') {
		const vapiReason = statusReason(response);
		const why = vapiReason === undefined ? '' : `: ${vapiReason}`;
		const message = `Vapi's answer has status ${status}, not completed${why}`;
		throw new IncompleteStreamError('status', message, text, { status, vapiReason, chatId });
	}
	const found = text === '' ? nonTextOutput(response.output) : [];
	if (found.length > 0) {
		const more = found.length > 3 ? ` and ${found.length - 3} more` : '';
		const message = `Vapi answered with ${found.slice(0, 3).join(', ')}${more} and no text`;
		throw new IncompleteStreamError('noText', message, '', { status, chatId });
	}
	return answer;
}

/** What an output holds besides text: `a function_call (name get_weather)`, `a refusal`. */
function nonTextOutput(output: unknown): string[] {
	const found: string[] = [];
	for (const item of objects(output)) {
		if (typeof item.type === 'string' && item.type !== 'message') {
			found.push(named(item.type, item.name));
		}
		for (const part of objects(item.content)) {
			if (typeof part.type === 'string' && !TEXT_PARTS.has(part.type)) found.push(named(part.type));
		}
		for (const call of objects(item.tool_calls)) {
			found.push(named('tool call', isObject(call.function) ? call.function.name : call.name));
		}
	}
	return found;
}

function named(kind: string, name?: unknown): string {
	return typeof name === 'string' && name !== '' ? `a ${kind} (name ${name})` : `a ${kind}`;
}

const TEXT_PARTS = new Set<unknown>(['output_text', 'text']);

export function outputMessage(id: string, texts: string[]): OutputMessage {
	const content = texts.map((text): OutputText => ({ type: 'output_text', text, annotations: [] }));
	return { id, type: 'message', role: 'assistant', status: 'completed', content };
}

/**
 * The text of a ResponseObject: every `output_text` part (or `text`, as Vapi's OpenAI-compatibility
 * page shows them) of every output message, in order; the output messages are passed on as they
 * are. A native Chat object's output holds `{role, content}` messages instead: its answer is the
 * last assistant message with content.
 */
function responseText(response: JsonObject) {
	const items = objects(response.output);
	const messages = items.filter((item) => Array.isArray(item.content));
	const texts = messages.flatMap((item) =>
		objects(item.content)
			.filter((part) => TEXT_PARTS.has(part.type) && typeof part.text === 'string')
			.map((part) => part.text as string),
	);
	const native = items.filter(
		(item) => item.role === 'assistant' && typeof item.content === 'string' && item.content !== '',
	);
	if (messages.length === 0 && native.length > 0) {
		const text = native[native.length - 1].content as string;
		return { text, output: [outputMessage(stringField(response.id) ?? '', [text])] };
	}
	return { text: texts.join(''), output: messages as unknown as OutputMessage[] };
}

/**
 * A complete response's answer, if it is a whole one (see finalAnswer). `streamed` gives the text
 * a stream delivered, for a response that carries none; `ids` the native stream's chat and session.
 */
export function responseAnswer(
	response: JsonObject,
	status: string,
	streamed?: () => { text: string; output: OutputMessage[] },
	ids: { id?: string; sessionId?: string } = {},
): ChatAnswer {
	let { text, output } = responseText(response);
	const fromStream = text === '' ? streamed?.() : undefined;
	if (fromStream !== undefined && fromStream.text !== '') ({ text, output } = fromStream);
	const chatId = stringField(response.id) ?? ids.id ?? '';
	const answer: ChatAnswer = { chatId, text, status, output, response };
	const sessionId = stringField(response.sessionId) ?? ids.sessionId;
	if (sessionId !== undefined) answer.sessionId = sessionId;
	return finalAnswer(answer, response);
}

/**
 * The non-streaming body (a ResponseObject or a native Chat object, parsed or as its JSON text) →
 * ChatAnswer. Throws as responseAnswer does, and 'malformed' for a body that is no response at all.
 */
export function answerFromResponseBody(body: unknown): ChatAnswer {
	let value = body;
	if (typeof body === 'string') {
		try {
			value = JSON.parse(body);
		} catch {
			throw malformed(`Vapi's answer is not valid JSON: ${preview(body)}`);
		}
	}
	const seen = () => preview(String(JSON.stringify(value)));
	if (!isObject(value)) throw malformed(`Vapi's answer is not a JSON object: ${seen()}`);
	const isResponse = Array.isArray(value.output) || stringField(value.id) !== undefined;
	if (!isResponse && value.status !== 'failed') {
		throw malformed(`Vapi's answer has neither an id nor an output: ${seen()}`);
	}
	return responseAnswer(value, typeof value.status === 'string' ? value.status : 'completed');
}
