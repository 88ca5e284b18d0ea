import {
	answerFromResponseBody,
	IncompleteStreamError,
	isObject,
	malformed,
	preview,
	responseAnswer,
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
} from './chatAnswer';

const NATIVE_PATH = /^chat\.output\[(\d+)\]\.content$/;
/** Event data that is not JSON and no error either: empty, or the end marker some servers send. */
const MARKER = /^[ \t\n\r]*(\[DONE\])?[ \t\n\r]*$/;
const SIGNIFICANT = /[^ \t\n\r]/;
const TERMINAL_EVENTS = new Set(['response.completed', 'response.incomplete', 'response.failed']);
const STREAMING = { stream: true };

/**
 * Reads Vapi's answer to POST /chat/responses chunk by chunk: SSE (`response.*` events, or the
 * native /chat frames `{id, path, delta}`), each event's data read with JSON.parse, or a JSON body
 * (the first significant character is `{`). Keeps no raw stream, only the partial line and event.
 *
 * Complete when `response.completed` arrives (or the native stream's `[DONE]`, or the end of the
 * body): then nothing changes the answer or is forwarded, and the caller may close the connection
 * and call finish(). onTextDelta gets each delta as it is read (or, when none came, the whole text
 * on completion). push() throws VapiStreamError/IncompleteStreamError as soon as the stream shows
 * it failed, and every later call the same error.
 */
export class ChatStreamAggregator {
	private readonly decoder = new TextDecoder();
	private readonly framer = new SseFramer((data, type, atEnd) => this.onEvent(data, type, atEnd));
	private readonly parts = new TextParts();
	private mode: 'sniffing' | 'sse' | 'json' = 'sniffing';
	/** The text read while sniffing (white space), then the whole body when it is JSON. */
	private body = '';
	private events = 0;
	private sawResponseEvent = false;
	private sawDoneMarker = false;
	/** The native /chat frames: how many came, and the first chat and session ids they named. */
	private native: { frames: number; id?: string; sessionId?: string } = { frames: 0 };
	private forwarded = false;
	private inCallback = false;
	private failure: { error: unknown } | undefined;
	private answer: ChatAnswer | undefined;
	private finished = false;

	constructor(private readonly options: { onTextDelta?: (delta: string) => void } = {}) {}

	/** Whether the answer is complete: what comes after it is ignored. */
	get complete(): boolean {
		return this.answer !== undefined;
	}

	/** A chunk of the body: bytes, or text already decoded (a streaming TextDecoder's output). */
	push(chunk: Uint8Array | string): void {
		if (this.failure) throw this.failure.error;
		if (this.finished) throw new Error('ChatStreamAggregator: push() after finish()');
		if (this.answer !== undefined) return;
		try {
			this.read(typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, STREAMING));
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
			if (this.mode === 'json') return this.completeWith(answerFromResponseBody(this.body));
			// The last event, flushed by end(), may complete the answer (white space alone has none).
			this.framer.end();
			return this.answer ?? this.completeWith(this.streamAnswer());
		} catch (error) {
			throw this.fail(error);
		}
	}

	/** The text so far, for an error; '' if even that fails (a text too long for a string). */
	receivedText(): string {
		try {
			return this.parts.text();
		} catch {
			return '';
		}
	}

	/** Until the first significant character (white space so far): it tells JSON (`{`) from SSE. */
	private read(text: string): void {
		if (this.mode === 'sse') return this.framer.feed(text);
		this.body += text;
		if (this.mode === 'json') return;
		const at = this.body.search(SIGNIFICANT);
		if (at === -1) return;
		this.mode = this.body[at] === '{' ? 'json' : 'sse';
		if (this.mode === 'json') return;
		this.framer.feed(this.body);
		this.body = '';
	}

	private onEvent(data: string, sseType: string, atEnd: boolean): void {
		if (this.answer !== undefined) return;
		this.events++;
		const event = this.parse(data, atEnd);
		// Nearly every event is a delta: it is told first, and its part is the newest one.
		if (event?.type === 'response.output_text.delta') return this.addText(event, event.delta);
		if (event === undefined) return;
		const type = event.type;
		if (typeof type !== 'string') return this.untypedEvent(event, sseType);
		if (type === 'error') throw streamErrorFrom(event, this.parts.text());
		if (!type.startsWith('response.')) return;
		this.sawResponseEvent = true;
		if (type === 'response.output_text.done') this.addText(event, event.text, true);
		else if (TERMINAL_EVENTS.has(type)) this.terminalEvent(type, event.response);
	}

	/** The event's JSON object; undefined for an empty event, `[DONE]` or JSON that is no object. */
	private parse(data: string, atEnd: boolean): JsonObject | undefined {
		let value: unknown;
		try {
			value = JSON.parse(data);
		} catch {
			const marker = MARKER.exec(data);
			if (marker === null) throw this.notJson(data, atEnd);
			if (marker[1] !== undefined) this.doneMarker();
			return undefined;
		}
		return isObject(value) ? value : undefined;
	}

	private notJson(data: string, atEnd: boolean): IncompleteStreamError {
		const received = this.parts.text();
		if (!atEnd)
			return malformed(`Vapi's stream carried data that is not JSON: ${preview(data)}`, received);
		return new IncompleteStreamError(
			'incomplete',
			`The Vapi stream was cut off in the middle of an event (after ${this.events - 1} complete events, ${received.length} characters of answer); the answer is incomplete.`,
			received,
		);
	}

	/** A delta (forwarded as it comes) or the whole text of a part of a Responses stream. */
	private addText(event: JsonObject, text: unknown, isDone = false): void {
		this.sawResponseEvent = true;
		if (typeof text !== 'string') return;
		this.parts.add(event, text, isDone);
		if (!isDone) this.emit(text);
	}

	/** A native /chat frame `{id, sessionId?, path:'chat.output[0].content', delta}`, or an `event: error`. */
	private untypedEvent(event: JsonObject, sseType: string): void {
		const delta = event.delta;
		if (typeof delta !== 'string' || (event.id === undefined && event.path === undefined)) {
			if (sseType === 'error') throw streamErrorFrom(event, this.parts.text());
			return;
		}
		this.native.frames++;
		this.native.id ??= stringField(event.id);
		this.native.sessionId ??= stringField(event.sessionId);
		const outputIndex = nativeOutputIndex(event.path);
		if (outputIndex === undefined) return;
		this.parts.add({ output_index: outputIndex }, delta, false);
		this.emit(delta);
	}

	private terminalEvent(type: string, response: unknown): void {
		if (!isObject(response)) {
			throw malformed(`Vapi sent ${type} without a response object`, this.parts.text());
		}
		// The streamed text counts when the response carries none.
		const streamed = () => this.parts.output('');
		this.completeWith(responseAnswer(response, finalStatus(type, response), streamed, this.native));
	}

	/** `[DONE]`: it completes a native stream (a Responses stream needs response.completed). */
	private doneMarker(): void {
		this.sawDoneMarker = true;
		const answer = this.nativeAnswer();
		if (answer !== undefined) this.completeWith(answer);
	}

	private completeWith(answer: ChatAnswer): ChatAnswer {
		if (!this.forwarded) this.emit(answer.text);
		this.answer = answer;
		return answer;
	}

	private emit(delta: string): void {
		const { onTextDelta } = this.options;
		if (onTextDelta === undefined || delta === '') return;
		this.forwarded = true;
		this.inCallback = true;
		onTextDelta(delta);
		this.inCallback = false;
	}

	/** The stream ended without a completing event: only a native stream is complete then. */
	private streamAnswer(): ChatAnswer {
		const native = this.nativeAnswer();
		if (native !== undefined) return native;
		const received = this.parts.text();
		const what =
			this.events === 0
				? 'without sending any event'
				: `without a response.completed event${this.sawDoneMarker ? ' (it sent [DONE] only)' : ''}`;
		throw new IncompleteStreamError(
			'incomplete',
			`The Vapi stream ended ${what}; the answer is incomplete (${received.length} characters received).`,
			received,
		);
	}

	/** Only native frames came: the native /chat stream, which has no completing event, is done. */
	private nativeAnswer(): ChatAnswer | undefined {
		if (this.native.frames === 0 || this.sawResponseEvent) return undefined;
		const chatId = this.native.id ?? '';
		const answer: ChatAnswer = { chatId, status: 'completed', ...this.parts.output(chatId) };
		if (this.native.sessionId !== undefined) answer.sessionId = this.native.sessionId;
		return answer;
	}

	/** Every later call throws the same; an exception of onTextDelta goes back unchanged. */
	private fail(error: unknown): unknown {
		const known = error instanceof VapiStreamError || error instanceof IncompleteStreamError;
		const message = error instanceof Error ? error.message : String(error);
		this.failure = {
			error:
				known || this.inCallback
					? error
					: malformed(`Could not read Vapi's stream: ${message}`, this.receivedText()),
		};
		return this.failure.error;
	}
}

/** The status of a terminal event: response.completed says it in its response, the others by name. */
function finalStatus(type: string, response: JsonObject): string {
	if (response.status === 'failed') return 'failed';
	if (type !== 'response.completed') return type.slice('response.'.length);
	return typeof response.status === 'string' ? response.status : 'completed';
}

/** The output a native frame's path names (none: the first); undefined for any other path. */
function nativeOutputIndex(path: unknown): number | undefined {
	if (path === undefined) return 0;
	const match = typeof path === 'string' ? NATIVE_PATH.exec(path) : null;
	return match === null ? undefined : Number(match[1]);
}
