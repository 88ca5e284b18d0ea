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
 */
export class VapiStreamError extends Error {
	code?: string;
	param?: string;
	status?: string;
	chatId?: string;
	receivedText = '';

	constructor(message: string, code?: string, param?: string) {
		super(message);
		this.name = 'VapiStreamError';
		if (code !== undefined) this.code = code;
		if (param !== undefined) this.param = param;
	}
}

/**
 * Why an answer is not a whole one: 'incomplete' (the stream ended, or was cut, before
 * `response.completed`), 'malformed' (data that is not Vapi's), 'status' (Vapi's final status is
 * not `completed`), 'noText' (output, such as a function_call, but no text).
 */
export type IncompleteReason = 'incomplete' | 'malformed' | 'status' | 'noText';

/** Thrown when there is no whole answer (see IncompleteReason); `receivedText`: the text that came. */
export class IncompleteStreamError extends Error {
	reason: IncompleteReason;
	receivedText: string;
	/** Vapi's final status ('status', 'noText'). */
	status?: string;
	/** Vapi's reason for that status: the response's `error`, when it gave one ('status'). */
	vapiReason?: string;
	/** The response's id: the chat exists ('status', 'noText'). */
	chatId?: string;

	constructor(
		reason: IncompleteReason,
		message: string,
		receivedText: string,
		details: Pick<IncompleteStreamError, 'status' | 'vapiReason' | 'chatId'> = {},
	) {
		super(message);
		this.name = 'IncompleteStreamError';
		this.reason = reason;
		this.receivedText = receivedText;
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

/** JSON text of a value for an error message; never throws (cycles, BigInt). */
function describe(value: unknown): string {
	try {
		return String(JSON.stringify(value));
	} catch {
		return Object.prototype.toString.call(value);
	}
}

export function malformed(message: string, receivedText = ''): IncompleteStreamError {
	return new IncompleteStreamError('malformed', message, receivedText);
}

export function incomplete(message: string, receivedText: string): IncompleteStreamError {
	return new IncompleteStreamError('incomplete', message, receivedText);
}

/** Vapi's own words: the first non-empty string (NestJS-style arrays of messages joined). */
function messageText(...values: unknown[]): string | undefined {
	for (const value of values) {
		if (typeof value === 'string' && value !== '') return value;
		if (Array.isArray(value) && value.length > 0) return value.map(String).join('; ');
	}
	return undefined;
}

/** `{type:'error', code, message, param?}`; also `{error:{code, message, param}}`. */
export function streamErrorFrom(event: JsonObject): VapiStreamError {
	const nested = isObject(event.error) ? event.error : {};
	return new VapiStreamError(
		messageText(event.message, nested.message, event.error) ??
			'Vapi reported an error in the stream without a message',
		stringField(event.code) ?? stringField(nested.code),
		stringField(event.param) ?? stringField(nested.param),
	);
}

/** Vapi's reason for a status: `error`, a string (spec) or {message}; or `incomplete_details.reason`. */
function statusReason(response: JsonObject): string | undefined {
	const error = isObject(response.error) ? response.error : {};
	const details = isObject(response.incomplete_details) ? response.incomplete_details : {};
	return messageText(response.error, error.message, details.reason);
}

/** A ResponseObject with status 'failed'; `receivedText`: the answer's text so far. */
export function failedResponseError(response: JsonObject, receivedText = ''): VapiStreamError {
	const nested = isObject(response.error) ? response.error : {};
	const error = new VapiStreamError(
		statusReason(response) ?? 'Vapi reported the response as failed without a message',
		stringField(nested.code),
		stringField(nested.param),
	);
	error.status = 'failed';
	const chatId = stringField(response.id);
	if (chatId !== undefined) error.chatId = chatId;
	error.receivedText = receivedText;
	return error;
}

/**
 * The answer if it is a whole one. Throws for a final status other than `completed` (with Vapi's
 * reason and the text so far), and for output without any text (saying what came instead).
 */
export function finalAnswer(answer: ChatAnswer, response: JsonObject): ChatAnswer {
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
	for (const item of Array.isArray(output) ? output.filter(isObject) : []) {
		if (typeof item.type === 'string' && item.type !== 'message') {
			found.push(named(item.type, item.name));
		}
		for (const part of Array.isArray(item.content) ? item.content.filter(isObject) : []) {
			if (typeof part.type === 'string' && !TEXT_PARTS.has(part.type)) found.push(named(part.type));
		}
		for (const call of Array.isArray(item.tool_calls) ? item.tool_calls.filter(isObject) : []) {
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
 * last assistant message with content. `hasOutput`: whether the object has an output array at all.
 */
export function responseText(response: JsonObject) {
	const items = Array.isArray(response.output) ? response.output.filter(isObject) : [];
	const messages = items.filter((item) => Array.isArray(item.content));
	const texts = messages.flatMap((item) =>
		(item.content as unknown[])
			.filter(isObject)
			.filter((part) => TEXT_PARTS.has(part.type) && typeof part.text === 'string')
			.map((part) => part.text as string),
	);
	const native = items.filter(
		(item) => item.role === 'assistant' && typeof item.content === 'string' && item.content !== '',
	);
	if (messages.length === 0 && native.length > 0) {
		const text = native[native.length - 1].content as string;
		const output = [outputMessage(stringField(response.id) ?? '', [text])];
		return { text, output, hasOutput: true };
	}
	const output = messages as unknown as OutputMessage[];
	return { text: texts.join(''), output, hasOutput: Array.isArray(response.output) };
}

/**
 * The non-streaming body (ResponseObject) → ChatAnswer; also accepts a native Chat object
 * ({id, output:[{role, content}]}) and the body as a JSON string. Throws VapiStreamError when
 * status is 'failed', IncompleteStreamError when the body is not a response at all ('malformed'),
 * its status is another than completed ('status') or it has output but no text ('noText').
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
	if (!isObject(value)) {
		throw malformed(`Vapi's answer is not a JSON object: ${preview(describe(value))}`);
	}
	const { text, output, hasOutput } = responseText(value);
	if (value.status === 'failed') throw failedResponseError(value, text);
	const chatId = stringField(value.id);
	if (!hasOutput && chatId === undefined) {
		throw malformed(`Vapi's answer has neither an id nor an output: ${preview(describe(value))}`);
	}
	const status = typeof value.status === 'string' ? value.status : 'completed';
	const answer: ChatAnswer = { chatId: chatId ?? '', text, status, output, response: value };
	const sessionId = stringField(value.sessionId);
	if (sessionId !== undefined) answer.sessionId = sessionId;
	return finalAnswer(answer, value);
}
