/**
 * The fast path of stream aggregation: reads a `response.output_text.delta` event straight from
 * its UTF-8 bytes instead of decoding it and running JSON.parse. It accepts only what it can read
 * exactly as JSON.parse would (a flat object, keys without escapes, the four fields with their
 * documented types; other values may be strings, numbers, true/false/null, [] or {}). Anything
 * else answers "not handled", and the caller takes the JSON.parse path, which is the reference.
 */
import { ascii, hex4, simpleEscape } from './jsonString';

const QUOTE = 34;
const BACKSLASH = 92;

const TYPE_DELTA = ascii('response.output_text.delta');
const TYPE_DONE = ascii('response.output_text.done');
const KEY_TYPE = ascii('type');
const KEY_DELTA = ascii('delta');
const KEY_TEXT = ascii('text');
const KEY_ITEM_ID = ascii('item_id');
const KEY_OUTPUT_INDEX = ascii('output_index');
const KEY_CONTENT_INDEX = ascii('content_index');

const EMPTY_VIEW = new DataView(new ArrayBuffer(0));

const OTHER = 0;
const TYPE = 1;
const DELTA = 2;
const ITEM_ID = 3;
const OUTPUT_INDEX = 4;
const CONTENT_INDEX = 5;
const TEXT = 6;

/** What scan() read: a delta event, or a `response.output_text.done` event. */
export const KIND_DELTA = 1;
export const KIND_DONE = 2;

/** Reads one delta event; after a successful scan() its fields describe that event. */
export class DeltaEventScanner {
	/** KIND_DELTA or KIND_DONE after a successful scan(). */
	kind = 0;
	/**
	 * The delta's JSON string body (between the quotes) in the scanned buffer; for a done event,
	 * the body of its text.
	 */
	deltaStart = 0;
	deltaEnd = 0;
	/** The item_id's string body; itemStart is -1 when there is no item_id. */
	itemStart = -1;
	itemEnd = -1;
	itemEscaped = false;
	outputIndex = 0;
	contentIndex = 0;
	/** Whether the last string scanned contained an escape. */
	private escaped = false;
	/** The value of the last number scanned when it is a plain non-negative integer, else -1. */
	private integer = -1;
	/**
	 * Consecutive delta events usually differ only from their delta on. The bytes of the last
	 * event read in full, up to the quote opening its delta, and the scanner's state at that
	 * point: an event that starts with the same bytes is read from there on.
	 */
	private prefix: Uint8Array = new Uint8Array(512);
	/**
	 * The prefix as little-endian float64s: comparing 8 bytes at a time is faster. Equal floats
	 * mean equal bytes here: only ±0 (no prefix has zero bytes: JSON text has no NUL) and NaN
	 * (never equal: a miss, read the slow way) break that rule.
	 */
	private prefixWords = new Float64Array(64);
	private prefixLength = 0;
	private view: DataView = EMPTY_VIEW;
	private viewOf: Uint8Array | null = null;
	private otherView: DataView = EMPTY_VIEW;
	private otherViewOf: Uint8Array | null = null;
	private prefixIsDelta = false;
	private prefixOutputIndex = -1;
	private prefixContentIndex = -1;
	private prefixItemStart = -1;
	private prefixItemEnd = -1;
	private prefixItemEscaped = false;

	/**
	 * True when buf[start, end) is exactly one well-formed delta (or output_text.done) event this
	 * scanner can read, that is, one JSON.parse would read without error to the same fields.
	 */
	scan(buf: Uint8Array, start: number, end: number): boolean {
		const close = this.scanObject(buf, start, end);
		return close >= 0 && skipSpace(buf, close, end) === end;
	}

	/**
	 * Reads a delta (or output_text.done) event starting at buf[start] (after optional spaces),
	 * not knowing where it ends: returns the index just after its closing brace, or -1 when there
	 * is no such event there that this scanner can read. It never reads past a line end (\n or
	 * \r) before that brace: line ends in JSON whitespace send the event to JSON.parse.
	 */
	scanObject(buf: Uint8Array, start: number, end: number): number {
		let isDelta = false;
		let isDone = false;
		let deltaStart = -1;
		let textStart = -1;
		let textEnd = -1;
		let outputIndex = -1;
		let contentIndex = -1;
		let key = -1;
		let i: number;
		const known = this.prefixLength;
		const hit = known > 0 && end - start > known && this.startsWithPrefix(buf, start, known);
		if (hit) {
			isDelta = this.prefixIsDelta;
			isDone = false;
			outputIndex = this.prefixOutputIndex;
			contentIndex = this.prefixContentIndex;
			this.itemStart = this.prefixItemStart < 0 ? -1 : start + this.prefixItemStart;
			this.itemEnd = start + this.prefixItemEnd;
			this.itemEscaped = this.prefixItemEscaped;
			i = start + known - 1;
			key = DELTA;
		} else {
			i = skipSpace(buf, start, end);
			if (i >= end || buf[i] !== 123) return -1;
			i = skipSpace(buf, i + 1, end);
			this.itemStart = -1;
		}
		let remember = 0;
		let rememberIsDelta = false;
		let rememberOutputIndex = -1;
		let rememberContentIndex = -1;
		for (;;) {
			if (key < 0) {
				if (i >= end || buf[i] !== QUOTE) return -1;
				const keyStart = i + 1;
				let k = keyStart;
				while (k < end && buf[k] !== QUOTE) {
					if (buf[k] === BACKSLASH || buf[k] < 32) return -1;
					k++;
				}
				if (k >= end) return -1;
				key = keyOf(buf, keyStart, k);
				i = skipSpace(buf, k + 1, end);
				if (i >= end || buf[i] !== 58) return -1;
				i = skipSpace(buf, i + 1, end);
				if (i >= end) return -1;
				if (key === DELTA && !hit && remember === 0 && buf[i] === QUOTE) {
					remember = i + 1 - start;
					rememberIsDelta = isDelta;
					rememberOutputIndex = outputIndex;
					rememberContentIndex = contentIndex;
				}
			}
			const c = buf[i];
			if (c === QUOTE) {
				const close = this.scanString(buf, i + 1, end);
				if (close < 0) return -1;
				if (key === TYPE) {
					isDelta = !this.escaped && same(buf, i + 1, close, TYPE_DELTA);
					isDone = !this.escaped && same(buf, i + 1, close, TYPE_DONE);
				} else if (key === TEXT) {
					textStart = i + 1;
					textEnd = close;
				} else if (key === DELTA) {
					deltaStart = i + 1;
					this.deltaEnd = close;
				} else if (key === ITEM_ID) {
					this.itemStart = i + 1;
					this.itemEnd = close;
					this.itemEscaped = this.escaped;
				} else if (key !== OTHER) {
					return -1;
				}
				i = close + 1;
			} else if (c === 45 || (c >= 48 && c <= 57)) {
				i = this.scanNumber(buf, i, end);
				if (i < 0) return -1;
				if (key === OUTPUT_INDEX) outputIndex = this.integer;
				else if (key === CONTENT_INDEX) contentIndex = this.integer;
				else if (key === TEXT) textStart = -1;
				else if (key !== OTHER) return -1;
				if ((key === OUTPUT_INDEX || key === CONTENT_INDEX) && this.integer < 0) return -1;
			} else {
				if (key === TEXT) textStart = -1;
				else if (key !== OTHER) return -1;
				i = skipSimpleValue(buf, i, end);
				if (i < 0) return -1;
			}
			key = -1;
			i = skipSpace(buf, i, end);
			if (i >= end) return -1;
			if (buf[i] === 44) {
				i = skipSpace(buf, i + 1, end);
				continue;
			}
			if (buf[i] !== 125) return -1;
			break;
		}
		if (outputIndex < 0 || contentIndex < 0) return -1;
		if (isDone) {
			if (textStart < 0) return -1;
			this.kind = KIND_DONE;
			this.deltaStart = textStart;
			this.deltaEnd = textEnd;
			this.outputIndex = outputIndex;
			this.contentIndex = contentIndex;
			return i + 1;
		}
		if (!isDelta || deltaStart < 0) return -1;
		this.kind = KIND_DELTA;
		this.deltaStart = deltaStart;
		this.outputIndex = outputIndex;
		this.contentIndex = contentIndex;
		if (remember > 0 && remember <= 512) {
			this.rememberPrefix(
				buf,
				start,
				remember,
				rememberIsDelta,
				rememberOutputIndex,
				rememberContentIndex,
			);
		}
		return i + 1;
	}

	/** Drops the reference to the last buffer scanned (the caller's chunk). */
	release(): void {
		this.viewOf = null;
		this.view = EMPTY_VIEW;
		this.otherViewOf = null;
		this.otherView = EMPTY_VIEW;
	}

	private startsWithPrefix(buf: Uint8Array, start: number, length: number): boolean {
		if (buf !== this.viewOf) {
			// Events come from the caller's chunk or, across chunks, from the framer's buffer.
			if (buf === this.otherViewOf) {
				const view = this.otherView;
				this.otherView = this.view;
				this.otherViewOf = this.viewOf;
				this.view = view;
			} else {
				this.otherView = this.view;
				this.otherViewOf = this.viewOf;
				this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
			}
			this.viewOf = buf;
		}
		const view = this.view;
		const words = this.prefixWords;
		const whole = length >> 3;
		for (let w = 0; w < whole; w++)
			if (view.getFloat64(start + w * 8, true) !== words[w]) return false;
		const prefix = this.prefix;
		for (let k = whole * 8; k < length; k++) if (buf[start + k] !== prefix[k]) return false;
		return true;
	}

	private rememberPrefix(
		buf: Uint8Array,
		start: number,
		length: number,
		isDelta: boolean,
		outputIndex: number,
		contentIndex: number,
	): void {
		const prefix = this.prefix;
		for (let k = 0; k < length; k++) prefix[k] = buf[start + k];
		const words = new DataView(prefix.buffer);
		for (let w = 0; w < length >> 3; w++) this.prefixWords[w] = words.getFloat64(w * 8, true);
		this.prefixLength = length;
		this.prefixIsDelta = isDelta;
		this.prefixOutputIndex = outputIndex;
		this.prefixContentIndex = contentIndex;
		// An item_id before the delta is inside the prefix; one after it is not remembered.
		const itemInPrefix = this.itemStart >= 0 && this.itemEnd - start < length;
		this.prefixItemStart = itemInPrefix ? this.itemStart - start : -1;
		this.prefixItemEnd = itemInPrefix ? this.itemEnd - start : -1;
		this.prefixItemEscaped = itemInPrefix && this.itemEscaped;
	}

	/** Returns the index of the closing quote, or -1 when the string is not valid JSON. */
	private scanString(buf: Uint8Array, i: number, end: number): number {
		this.escaped = false;
		while (i < end) {
			const c = buf[i];
			if (c === QUOTE) return i;
			if (c === BACKSLASH) {
				this.escaped = true;
				if (i + 1 >= end) return -1;
				const e = buf[i + 1];
				if (e === 117) {
					if (i + 5 >= end || hex4(buf, i + 2) < 0) return -1;
					i += 6;
				} else if (simpleEscape(e) < 0) {
					return -1;
				} else {
					i += 2;
				}
			} else if (c < 32) {
				return -1;
			} else {
				i++;
			}
		}
		return -1;
	}

	/** Returns the end of a JSON number starting at i, or -1; sets `integer`. */
	private scanNumber(buf: Uint8Array, i: number, end: number): number {
		const start = i;
		let plain = true;
		if (buf[i] === 45) {
			plain = false;
			i++;
		}
		if (i >= end) return -1;
		if (buf[i] === 48) i++;
		else if (buf[i] >= 49 && buf[i] <= 57) i = skipDigits(buf, i, end);
		else return -1;
		let value = 0;
		for (let d = start; d < i && plain; d++) value = value * 10 + buf[d] - 48;
		if (i < end && buf[i] === 46) {
			plain = false;
			if (i + 1 >= end || !isDigit(buf[i + 1])) return -1;
			i = skipDigits(buf, i + 1, end);
		}
		if (i < end && (buf[i] === 101 || buf[i] === 69)) {
			plain = false;
			i++;
			if (i < end && (buf[i] === 43 || buf[i] === 45)) i++;
			if (i >= end || !isDigit(buf[i])) return -1;
			i = skipDigits(buf, i, end);
		}
		this.integer = plain && i - start <= 15 ? value : -1;
		return i;
	}
}

function keyOf(buf: Uint8Array, start: number, end: number): number {
	switch (end - start) {
		case 4:
			return same(buf, start, end, KEY_TYPE)
				? TYPE
				: same(buf, start, end, KEY_TEXT)
					? TEXT
					: OTHER;
		case 5:
			return same(buf, start, end, KEY_DELTA) ? DELTA : OTHER;
		case 7:
			return same(buf, start, end, KEY_ITEM_ID) ? ITEM_ID : OTHER;
		case 12:
			return same(buf, start, end, KEY_OUTPUT_INDEX) ? OUTPUT_INDEX : OTHER;
		case 13:
			return same(buf, start, end, KEY_CONTENT_INDEX) ? CONTENT_INDEX : OTHER;
		default:
			return OTHER;
	}
}

function same(buf: Uint8Array, start: number, end: number, expected: Uint8Array): boolean {
	if (end - start !== expected.length) return false;
	for (let i = 0; i < expected.length; i++) if (buf[start + i] !== expected[i]) return false;
	return true;
}

/** Skips true, false, null, [] or {} (with JSON whitespace inside the brackets); -1 otherwise. */
function skipSimpleValue(buf: Uint8Array, i: number, end: number): number {
	const c = buf[i];
	if (c === 91 || c === 123) {
		const j = skipSpace(buf, i + 1, end);
		return j < end && buf[j] === c + 2 ? j + 1 : -1;
	}
	const word = c === 116 ? 'true' : c === 102 ? 'false' : c === 110 ? 'null' : '';
	if (word === '' || i + word.length > end) return -1;
	for (let k = 1; k < word.length; k++) if (buf[i + k] !== word.charCodeAt(k)) return -1;
	return i + word.length;
}

/** Skips spaces and tabs only: an event with line ends in it is left to JSON.parse. */
function skipSpace(buf: Uint8Array, i: number, end: number): number {
	while (i < end) {
		const c = buf[i];
		if (c !== 32 && c !== 9) break;
		i++;
	}
	return i;
}

function skipDigits(buf: Uint8Array, i: number, end: number): number {
	while (i < end && isDigit(buf[i])) i++;
	return i;
}

function isDigit(c: number): boolean {
	return c >= 48 && c <= 57;
}
