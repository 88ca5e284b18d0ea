import {
	answerFromResponseBody,
	failedResponseError,
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
import { copyBytes, decodeShort, decodeUtf8, reserve } from './bytes';
import { DeltaEventScanner, KIND_DELTA } from './deltaScanner';
import { ascii, writeJsonStringUtf8 } from './jsonString';
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

const ERROR_EVENT = ascii('error');
const NATIVE_PATH = /^chat\.output\[(\d+)\]\.content$/;
const ONLY_SPACE = /^[ \t\n\r]*$/;
const DONE_MARKER = /^[ \t\n\r]*\[DONE\][ \t\n\r]*$/;

const BOM = [0xef, 0xbb, 0xbf];
const SNIFFING = 0;
const SSE = 1;
const JSON_BODY = 2;

/**
 * Feeds raw response bytes; calls onTextDelta(delta) for each text delta as it is parsed (used to
 * forward live answers); when no delta came at all (a stream without deltas, a JSON body),
 * finish() calls it once with the whole text. Throws VapiStreamError/IncompleteStreamError from
 * push() as soon as the stream shows it failed; after a failure every call throws the same error.
 * A body that is plain JSON instead of SSE (its first character is `{`) is read with
 * answerFromResponseBody. Keeps no raw stream: only the current partial line or event and the
 * text, as UTF-8 bytes when read by the fast path, decoded once at the end. Delta events on one
 * `data:` line are read by the scanner as the framer meets them (one pass, see SseFastPath); a
 * well-formed `response.output_text.done` keeps its text as JSON bytes, decoded only if the
 * completed response has no text (it is a fallback).
 */
export class ChatStreamAggregator {
	private readonly onTextDelta: ((delta: string) => void) | undefined;
	private readonly scanner = new DeltaEventScanner();
	private readonly framer = new SseFramer(
		(buf, start, end, atEnd) => this.onEvent(buf, start, end, atEnd),
		{
			probe: (buf, start, end) => this.scanner.scanObject(buf, start, end),
			take: (buf, start, end) => this.onScannedEvent(buf, start, end),
		},
	);
	private readonly parts = new TextParts();
	private mode = SNIFFING;
	private sniffed = 0;
	private bomBytes = 0;
	private body: Uint8Array = new Uint8Array(0);
	private bodyLength = 0;
	private events = 0;
	private sawResponseEvent = false;
	private sawDoneMarker = false;
	private response: JsonObject | undefined;
	private terminalType = '';
	private nativeFrames = 0;
	private nativeId: string | undefined;
	private sessionId: string | undefined;
	private forwarded = false;
	private failed = false;
	private failure: unknown;
	private inCallback = false;
	private answer: ChatAnswer | undefined;

	constructor(options: { onTextDelta?: (delta: string) => void } = {}) {
		this.onTextDelta = options.onTextDelta;
	}

	push(chunk: Uint8Array): void {
		if (this.failed) throw this.failure;
		if (this.answer !== undefined) throw new Error('ChatStreamAggregator: push() after finish()');
		try {
			if (this.mode === SSE) this.framer.push(chunk);
			else if (this.mode === JSON_BODY) this.appendBody(chunk, 0);
			else this.sniff(chunk);
		} catch (error) {
			throw this.fail(error);
		} finally {
			this.scanner.release();
		}
	}

	finish(): ChatAnswer {
		if (this.failed) throw this.failure;
		if (this.answer !== undefined) return this.answer;
		try {
			let answer: ChatAnswer;
			if (this.mode === JSON_BODY) {
				answer = this.bodyAnswer();
			} else {
				this.framer.end();
				answer = this.streamAnswer();
			}
			this.emitRest(answer.text);
			this.answer = answer;
			return answer;
		} catch (error) {
			throw this.fail(error);
		}
	}

	/** Until the first significant byte: `{` means a plain JSON body, anything else SSE. */
	private sniff(chunk: Uint8Array): void {
		for (let i = 0; i < chunk.length; i++) {
			const c = chunk[i];
			const at = this.sniffed++;
			if (at < 3 && this.bomBytes === at && c === BOM[at]) {
				this.bomBytes++;
				continue;
			}
			if (c === 32 || c === 9 || c === 10 || c === 13) continue;
			if (c === 123) {
				this.mode = JSON_BODY;
				this.appendBody(chunk, i);
				return;
			}
			this.mode = SSE;
			break;
		}
		this.framer.push(chunk);
	}

	private appendBody(chunk: Uint8Array, start: number): void {
		this.body = reserve(this.body, this.bodyLength, this.bodyLength + chunk.length - start);
		copyBytes(this.body, this.bodyLength, chunk, start, chunk.length);
		this.bodyLength += chunk.length - start;
	}

	private bodyAnswer(): ChatAnswer {
		const text = decodeUtf8(this.body, 0, this.bodyLength);
		let value: unknown;
		try {
			value = JSON.parse(text);
		} catch {
			throw malformed(`Vapi answered with JSON that does not parse: ${preview(text)}`);
		}
		return answerFromResponseBody(value);
	}

	private onEvent(buf: Uint8Array, start: number, end: number, atEnd: boolean): void {
		this.events++;
		if (!atEnd && this.scanner.scan(buf, start, end) && this.fastEvent(buf)) return;
		this.parseEvent(buf, start, end, atEnd);
	}

	/** An event the framer's fast path had the scanner read already (see SseFastPath). */
	private onScannedEvent(buf: Uint8Array, start: number, end: number): void {
		this.events++;
		if (!this.fastEvent(buf)) this.parseEvent(buf, start, end, false);
	}

	private fastEvent(buf: Uint8Array): boolean {
		return this.scanner.kind === KIND_DELTA ? this.fastDelta(buf) : this.fastDone(buf);
	}

	private parseEvent(buf: Uint8Array, start: number, end: number, atEnd: boolean): void {
		const data = decodeUtf8(buf, start, end);
		if (ONLY_SPACE.test(data)) return;
		if (DONE_MARKER.test(data)) {
			this.sawDoneMarker = true;
			return;
		}
		let event: unknown;
		try {
			event = JSON.parse(data);
		} catch {
			if (atEnd) {
				const received = this.parts.text();
				throw incomplete(
					`The Vapi stream was cut off in the middle of an event (after ${this.events - 1} complete events, ${received.length} characters of answer); the answer is incomplete.`,
					received,
				);
			}
			throw malformed(
				`Vapi's stream carried data that is not JSON: ${preview(data)}`,
				this.parts.text(),
			);
		}
		if (isObject(event)) this.handleEvent(event);
	}

	/** A delta event read from its bytes; false leaves it to the JSON.parse path untouched. */
	private fastDelta(buf: Uint8Array): boolean {
		const scan = this.scanner;
		const part = this.parts.get(scan.outputIndex, scan.contentIndex);
		if (part.itemId === undefined && scan.itemStart >= 0) {
			if (scan.itemEscaped) return false;
			part.itemId = decodeUtf8(buf, scan.itemStart, scan.itemEnd);
		}
		const before = part.byteLength;
		part.bytes = reserve(part.bytes, before, before + scan.deltaEnd - scan.deltaStart);
		const after = writeJsonStringUtf8(buf, scan.deltaStart, scan.deltaEnd, part.bytes, before);
		if (after < 0) return false;
		part.byteLength = after;
		this.sawResponseEvent = true;
		if (this.onTextDelta !== undefined && after > before) {
			this.emit(decodeShort(part.bytes, before, after));
		}
		return true;
	}

	/**
	 * A well-formed `response.output_text.done` event read from its bytes: its text is only a
	 * fallback (the completed response wins), so it is kept undecoded until someone needs it.
	 */
	private fastDone(buf: Uint8Array): boolean {
		const scan = this.scanner;
		if (scan.itemStart >= 0 && scan.itemEscaped) return false;
		this.sawResponseEvent = true;
		const part = this.parts.get(scan.outputIndex, scan.contentIndex);
		if (part.itemId === undefined && scan.itemStart >= 0) {
			part.itemId = decodeUtf8(buf, scan.itemStart, scan.itemEnd);
		}
		part.setDoneJson(buf, scan.deltaStart, scan.deltaEnd);
		return true;
	}

	private handleEvent(event: JsonObject): void {
		const type = event.type;
		if (typeof type !== 'string') {
			if (typeof event.delta === 'string' && (event.id !== undefined || event.path !== undefined)) {
				this.nativeFrame(event, event.delta);
			} else if (this.framer.eventTypeIs(ERROR_EVENT)) {
				throw streamErrorFrom(event);
			}
			return;
		}
		if (type === 'error') throw streamErrorFrom(event);
		if (!type.startsWith('response.')) return;
		this.sawResponseEvent = true;
		if (type === 'response.output_text.delta') {
			if (typeof event.delta !== 'string') return;
			const part = this.parts.get(index(event.output_index), index(event.content_index));
			if (part.itemId === undefined) part.itemId = stringField(event.item_id);
			part.appendString(event.delta);
			if (event.delta !== '') this.emit(event.delta);
		} else if (type === 'response.output_text.done') {
			if (typeof event.text !== 'string') return;
			const part = this.parts.get(index(event.output_index), index(event.content_index));
			if (part.itemId === undefined) part.itemId = stringField(event.item_id);
			part.setDone(event.text);
		} else if (
			type === 'response.completed' ||
			type === 'response.incomplete' ||
			type === 'response.failed'
		) {
			const response = event.response;
			if (!isObject(response)) {
				throw malformed(`Vapi sent ${type} without a response object`, this.parts.text());
			}
			if (type === 'response.failed' || response.status === 'failed') {
				throw failedResponseError(response);
			}
			this.response = response;
			this.terminalType = type;
		}
	}

	/** The native /chat shape `{id, sessionId?, path:'chat.output[0].content', delta}`. */
	private nativeFrame(event: JsonObject, delta: string): void {
		this.nativeFrames++;
		if (this.nativeId === undefined) this.nativeId = stringField(event.id);
		if (this.sessionId === undefined) this.sessionId = stringField(event.sessionId);
		let outputIndex = 0;
		if (event.path !== undefined) {
			const match = typeof event.path === 'string' ? NATIVE_PATH.exec(event.path) : null;
			if (match === null) return;
			outputIndex = Number(match[1]);
		}
		this.parts.get(outputIndex, 0).appendString(delta);
		if (delta !== '') this.emit(delta);
	}

	private emit(delta: string): void {
		const onTextDelta = this.onTextDelta;
		if (onTextDelta === undefined) return;
		this.forwarded = true;
		this.inCallback = true;
		onTextDelta(delta);
		this.inCallback = false;
	}

	/** A stream without deltas (or a JSON body) still forwards its answer: all of it, at the end. */
	private emitRest(text: string): void {
		if (!this.forwarded && text !== '') this.emit(text);
	}

	private streamAnswer(): ChatAnswer {
		const response = this.response;
		if (response !== undefined) {
			let { text, output } = responseText(response);
			if (text === '') {
				const streamed = this.parts.output('');
				if (streamed.text !== '') ({ text, output } = streamed);
			}
			const answer: ChatAnswer = {
				chatId: stringField(response.id) ?? this.nativeId ?? '',
				text,
				status:
					typeof response.status === 'string'
						? response.status
						: this.terminalType === 'response.incomplete'
							? 'incomplete'
							: 'completed',
				output,
				response,
			};
			const sessionId = stringField(response.sessionId) ?? this.sessionId;
			if (sessionId !== undefined) answer.sessionId = sessionId;
			return answer;
		}
		if (this.nativeFrames > 0 && !this.sawResponseEvent) {
			const chatId = this.nativeId ?? '';
			const { text, output } = this.parts.output(chatId);
			const answer: ChatAnswer = { chatId, text, status: 'completed', output };
			if (this.sessionId !== undefined) answer.sessionId = this.sessionId;
			return answer;
		}
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

	private fail(error: unknown): unknown {
		let failure: unknown;
		// An exception of onTextDelta is the caller's own: it goes back unchanged.
		if (this.inCallback) failure = error;
		else if (error instanceof VapiStreamError || error instanceof IncompleteStreamError)
			failure = error;
		else
			failure = malformed(
				`Could not read Vapi's stream: ${describeError(error)}`,
				this.safeReceivedText(),
			);
		this.failed = true;
		this.failure = failure;
		return failure;
	}

	private safeReceivedText(): string {
		try {
			return this.parts.text();
		} catch {
			return '';
		}
	}
}

function index(value: unknown): number {
	return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function describeError(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
