import {
	answerFromResponseBody,
	finalAnswer,
	incomplete,
	IncompleteStreamError,
	isObject,
	malformed,
	preview,
	responseText,
	streamErrorFrom,
	stringField,
	VapiStreamError,
	type ChatAnswer,
	type JsonObject,
} from './chatAnswer';
import { SseFramer } from './sseFramer';
import { TextParts } from './textParts';

export {
	answerFromResponseBody,
	IncompleteStreamError,
	VapiStreamError,
	type ChatAnswer,
	type IncompleteReason,
	type OutputMessage,
	type OutputText,
} from './chatAnswer';

const NATIVE_PATH = /^chat\.output\[(\d+)\]\.content$/;
const MARKER = /^[ \t\n\r]*(\[DONE\])?[ \t\n\r]*$/;
const SIGNIFICANT = /[^ \t\n\r]/;
const TERMINAL_EVENTS = new Set(['response.completed', 'response.incomplete', 'response.failed']);

/**
 * Reads Vapi's answer to POST /chat/responses from the raw response bytes, chunk by chunk: SSE
 * (`response.*` events, or the native /chat frames `{id, path, delta}`), or a plain JSON body when
 * the first significant character is `{`. Each SSE event's data is read with JSON.parse.
 *
 * The answer is complete when `response.completed` arrives (or the native stream's `[DONE]`, or
 * the end of the body): `complete` turns true, and nothing after it changes the answer or is
 * forwarded — the caller can stop reading and close the connection, then call finish().
 *
 * onTextDelta(delta) gets each text delta as it is read (to forward live answers); when no delta
 * came (a stream without deltas, a JSON body), it gets the whole text once, on completion. push() throws
 * VapiStreamError/IncompleteStreamError as soon as the stream shows it failed; after a failure
 * every call throws the same error; an exception of onTextDelta goes back unchanged. Keeps no raw
 * stream: the partial line and event, the text so far, and the completed response.
 */
export class ChatStreamAggregator {
	private readonly onTextDelta: ((delta: string) => void) | undefined;
	private readonly decoder = new TextDecoder();
	private readonly framer = new SseFramer((data, type, atEnd) => this.onEvent(data, type, atEnd));
	private readonly parts = new TextParts();
	private mode: 'sniffing' | 'sse' | 'json' = 'sniffing';
	/** The text read while sniffing (white space), then the whole body when it is JSON. */
	private body: string[] = [];
	private events = 0;
	private sawResponseEvent = false;
	private sawDoneMarker = false;
	private nativeFrames = 0;
	private nativeId: string | undefined;
	private sessionId: string | undefined;
	private forwarded = false;
	private inCallback = false;
	private failure: { error: unknown } | undefined;
	private answer: ChatAnswer | undefined;
	private finished = false;

	constructor(options: { onTextDelta?: (delta: string) => void } = {}) {
		this.onTextDelta = options.onTextDelta;
	}

	/** Whether the answer is complete: what comes after it is ignored. */
	get complete(): boolean {
		return this.answer !== undefined;
	}

	push(chunk: Uint8Array): void {
		if (this.failure) throw this.failure.error;
		if (this.finished) throw new Error('ChatStreamAggregator: push() after finish()');
		if (this.answer !== undefined) return;
		try {
			this.read(this.decoder.decode(chunk, { stream: true }));
		} catch (error) {
			throw this.fail(error);
		}
	}

	finish(): ChatAnswer {
		if (this.failure) throw this.failure.error;
		this.finished = true;
		if (this.answer !== undefined) return this.answer;
		try {
			this.read(this.decoder.decode());
			if (this.mode === 'sniffing') {
				// Nothing but white space came: read it as (an empty) SSE stream.
				this.mode = 'sse';
				this.framer.feed(this.body.join(''));
			}
			if (this.mode === 'sse') this.framer.end();
			// The last event, flushed by end(), may have completed the answer.
			return (
				this.answer ??
				this.completeWith(
					this.mode === 'json' ? answerFromResponseBody(this.body.join('')) : this.streamAnswer(),
				)
			);
		} catch (error) {
			throw this.fail(error);
		}
	}

	private read(text: string): void {
		if (this.mode === 'sse') this.framer.feed(text);
		else if (this.mode === 'json') this.body.push(text);
		else this.sniff(text);
	}

	/** White space so far: the first other character decides between a JSON body and SSE. */
	private sniff(text: string): void {
		const at = text.search(SIGNIFICANT);
		if (at === -1) {
			this.body.push(text);
			return;
		}
		this.mode = text[at] === '{' ? 'json' : 'sse';
		const seen = this.body.join('') + text;
		this.body = [];
		this.read(seen);
	}

	private onEvent(data: string, sseType: string, atEnd: boolean): void {
		if (this.answer !== undefined) return;
		this.events++;
		// Not JSON, and not an error: an empty event, or the end marker some servers send.
		const marker = data.charCodeAt(0) === 123 ? null : MARKER.exec(data);
		if (marker !== null) {
			if (marker[1] !== undefined) this.doneMarker();
			return;
		}
		let value: unknown;
		try {
			value = JSON.parse(data);
		} catch {
			throw this.notJson(data, atEnd);
		}
		if (isObject(value)) this.handleEvent(value, sseType);
	}

	private notJson(data: string, atEnd: boolean): IncompleteStreamError {
		const received = this.parts.text();
		if (atEnd) {
			return incomplete(
				`The Vapi stream was cut off in the middle of an event (after ${this.events - 1} complete events, ${received.length} characters of answer); the answer is incomplete.`,
				received,
			);
		}
		return malformed(`Vapi's stream carried data that is not JSON: ${preview(data)}`, received);
	}

	private handleEvent(event: JsonObject, sseType: string): void {
		const type = event.type;
		if (type === 'response.output_text.delta') this.textDelta(event);
		else if (typeof type !== 'string') this.untypedEvent(event, sseType);
		else if (type === 'error') throw this.streamError(event);
		else if (type.startsWith('response.')) this.responseEvent(type, event);
	}

	private textDelta(event: JsonObject): void {
		this.sawResponseEvent = true;
		const delta = event.delta;
		if (typeof delta !== 'string') return;
		const itemId = stringField(event.item_id);
		this.parts.addDelta(index(event.output_index), index(event.content_index), itemId, delta);
		this.emit(delta);
	}

	private responseEvent(type: string, event: JsonObject): void {
		this.sawResponseEvent = true;
		if (type === 'response.output_text.done' && typeof event.text === 'string') {
			const itemId = stringField(event.item_id);
			this.parts.setDone(index(event.output_index), index(event.content_index), itemId, event.text);
		} else if (TERMINAL_EVENTS.has(type)) {
			this.terminalEvent(type, event.response);
		}
	}

	/** Vapi's `error` event, with the text that had arrived before it. */
	private streamError(event: JsonObject): VapiStreamError {
		const error = streamErrorFrom(event);
		error.receivedText = this.parts.text();
		return error;
	}

	/** A native /chat frame, or an `event: error` whose data has no type. */
	private untypedEvent(event: JsonObject, sseType: string): void {
		if (typeof event.delta === 'string' && (event.id !== undefined || event.path !== undefined)) {
			this.nativeFrame(event, event.delta);
		} else if (sseType === 'error') {
			throw this.streamError(event);
		}
	}

	private terminalEvent(type: string, response: unknown): void {
		if (!isObject(response)) {
			throw malformed(`Vapi sent ${type} without a response object`, this.parts.text());
		}
		this.completeWith(this.completedAnswer(type, response));
	}

	/** `[DONE]`: it completes a native stream (a Responses stream needs response.completed). */
	private doneMarker(): void {
		this.sawDoneMarker = true;
		if (this.nativeFrames > 0 && !this.sawResponseEvent) this.completeWith(this.nativeAnswer());
	}

	private completeWith(answer: ChatAnswer): ChatAnswer {
		if (!this.forwarded) this.emit(answer.text);
		this.answer = answer;
		return answer;
	}

	/** The native /chat shape `{id, sessionId?, path:'chat.output[0].content', delta}`. */
	private nativeFrame(event: JsonObject, delta: string): void {
		this.nativeFrames++;
		this.nativeId ??= stringField(event.id);
		this.sessionId ??= stringField(event.sessionId);
		let outputIndex = 0;
		if (event.path !== undefined) {
			const match = typeof event.path === 'string' ? NATIVE_PATH.exec(event.path) : null;
			if (match === null) return;
			outputIndex = Number(match[1]);
		}
		this.parts.addDelta(outputIndex, 0, undefined, delta);
		this.emit(delta);
	}

	private emit(delta: string): void {
		if (this.onTextDelta === undefined || delta === '') return;
		this.forwarded = true;
		this.inCallback = true;
		this.onTextDelta(delta);
		this.inCallback = false;
	}

	/** The stream ended without a completing event: only a native stream is complete then. */
	private streamAnswer(): ChatAnswer {
		if (this.nativeFrames > 0 && !this.sawResponseEvent) return this.nativeAnswer();
		const received = this.parts.text();
		const what =
			this.events === 0
				? 'without sending any event'
				: `without a response.completed event${this.sawDoneMarker ? ' (it sent [DONE] only)' : ''}`;
		throw incomplete(
			`The Vapi stream ended ${what}; the answer is incomplete (${received.length} characters received).`,
			received,
		);
	}

	private nativeAnswer(): ChatAnswer {
		const chatId = this.nativeId ?? '';
		const answer: ChatAnswer = { chatId, status: 'completed', ...this.parts.output(chatId) };
		if (this.sessionId !== undefined) answer.sessionId = this.sessionId;
		return answer;
	}

	/** The completed response's text, or the streamed text when the response carries none. */
	private completedAnswer(type: string, response: JsonObject): ChatAnswer {
		let { text, output } = responseText(response);
		if (text === '') {
			const streamed = this.parts.output('');
			if (streamed.text !== '') ({ text, output } = streamed);
		}
		const answer: ChatAnswer = {
			chatId: stringField(response.id) ?? this.nativeId ?? '',
			text,
			status: finalStatus(type, response),
			output,
			response,
		};
		const sessionId = stringField(response.sessionId) ?? this.sessionId;
		if (sessionId !== undefined) answer.sessionId = sessionId;
		return finalAnswer(answer, response);
	}

	private fail(error: unknown): unknown {
		let failure = error;
		// An exception of onTextDelta is the caller's own: it goes back unchanged.
		if (
			!this.inCallback &&
			!(error instanceof VapiStreamError || error instanceof IncompleteStreamError)
		) {
			const message = error instanceof Error ? error.message : String(error);
			failure = malformed(`Could not read Vapi's stream: ${message}`, this.receivedText());
		}
		this.failure = { error: failure };
		return failure;
	}

	/** The text so far, for an error; '' if even that fails (a text too long for a string). */
	receivedText(): string {
		try {
			return this.parts.text();
		} catch {
			return '';
		}
	}
}

/** The status of a terminal event: response.completed says it in its response, the others by name. */
function finalStatus(type: string, response: JsonObject): string {
	if (response.status === 'failed') return 'failed';
	if (type !== 'response.completed') return type.slice('response.'.length);
	return typeof response.status === 'string' ? response.status : 'completed';
}

function index(value: unknown): number {
	return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
