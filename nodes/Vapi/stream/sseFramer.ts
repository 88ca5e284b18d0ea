/**
 * Byte-level Server-Sent Events framing (the WHATWG "event stream interpretation"), shared by
 * SseParser and ChatStreamAggregator. It works on the UTF-8 bytes so that only the parts someone
 * needs are ever decoded, finds line ends with indexOf, and copies an event's data only when the
 * event does not fit in one chunk.
 */

import { copyBytes, decodeUtf8, reserve } from './bytes';

const LF = 10;
const CR = 13;
const COLON = 58;
const SPACE = 32;
const SMALL = 256;
/** Buffers that grew past this for one huge line or event are dropped afterwards. */
const KEEP_AT_MOST = 1 << 16;

/**
 * Receives each dispatched event's data (its data lines joined with \n) as buf[start, end). The
 * bytes are only valid during the call. `atEnd` is true when end() flushed the event because the
 * stream stopped before the blank line that terminates it.
 */
export type SseDataHandler = (buf: Uint8Array, start: number, end: number, atEnd: boolean) => void;

/**
 * An optional shortcut for single-line events: at the start of a `data:` line that starts an
 * event inside the chunk, probe(buf, start, end) may read the data from `start` without knowing
 * where the line ends, and return the index just after what it read (-1: not for it). When the
 * bytes there are exactly "\n\n" (the line end and the blank line ending the event), the event is
 * buf[start, that index) and goes to take() instead of the data handler; probe() must have no
 * effect besides preparing take(). This saves finding the line end of the most common events.
 */
export interface SseFastPath {
	probe(buf: Uint8Array, start: number, end: number): number;
	take(buf: Uint8Array, start: number, end: number): void;
}

export class SseFramer {
	/** The start of a line whose end has not arrived yet. */
	private line: Uint8Array = new Uint8Array(SMALL);
	private lineLength = 0;
	/** The current event's data when it is not (or no longer) inside the caller's chunk. */
	private data: Uint8Array = new Uint8Array(SMALL);
	private dataLength = 0;
	/** Where the data starts in `data` (past `data: ` when a completed line buffer became it). */
	private dataStart = 0;
	private dataLines = 0;
	/** A single data line still inside the chunk being pushed: no copy needed if the event ends there. */
	private ref: Uint8Array | null = null;
	private refStart = 0;
	private refEnd = 0;
	/** The previous chunk ended with \r: a \n starting the next one belongs to that line end. */
	private skipLineFeed = false;
	private firstLine = true;
	/** The pending `event:` value: inside the chunk being pushed, or copied to ownName. */
	private name: Uint8Array | null = null;
	private nameStart = 0;
	private nameEnd = 0;
	private ownName: Uint8Array = new Uint8Array(32);
	/** The name of the event being dispatched, valid during the data handler. */
	private dispatchedName: Uint8Array | null = null;
	private dispatchedNameStart = 0;
	private dispatchedNameEnd = 0;
	/** The WHATWG "last event ID buffer": it carries over from event to event. */
	private id: Uint8Array = new Uint8Array(32);
	private idLength = 0;

	constructor(
		private readonly onData: SseDataHandler,
		private readonly fast?: SseFastPath,
	) {}

	push(chunk: Uint8Array): void {
		const length = chunk.length;
		let pos = 0;
		if (this.skipLineFeed && length > 0) {
			this.skipLineFeed = false;
			if (chunk[0] === LF) pos = 1;
		}
		let lf = -2;
		/** The next CR at or after pos when known (-1: unknown); none in [pos, crClear). */
		let cr = -1;
		let crClear = 0;
		const fast = this.fast;
		while (pos < length) {
			const first = chunk[pos];
			if (this.lineLength === 0) {
				if (first === LF || first === CR) {
					// A blank line (the end of an event) right after the previous line end.
					pos++;
					if (first === CR) {
						if (pos === length) this.skipLineFeed = true;
						else if (chunk[pos] === LF) pos++;
					}
					this.firstLine = false;
					this.dispatch(false);
					continue;
				}
				if (
					first === 100 &&
					fast !== undefined &&
					this.dataLines === 0 &&
					!this.firstLine &&
					pos + 5 < length &&
					isData(chunk, pos) &&
					chunk[pos + 4] === COLON
				) {
					const start = chunk[pos + 5] === SPACE ? pos + 6 : pos + 5;
					const close = fast.probe(chunk, start, length);
					if (close >= 0 && close + 1 < length && chunk[close] === LF && chunk[close + 1] === LF) {
						this.dispatchedName = this.name;
						this.dispatchedNameStart = this.nameStart;
						this.dispatchedNameEnd = this.nameEnd;
						this.name = null;
						pos = close + 2;
						fast.take(chunk, start, close);
						continue;
					}
				}
			}
			if (lf !== -1 && lf < pos) lf = chunk.indexOf(LF, pos);
			const limit = lf === -1 ? length : lf;
			if (cr < pos) {
				cr = -1;
				const from = crClear > pos ? crClear : pos;
				if (from < limit) {
					const found = chunk.subarray(from, limit).indexOf(CR);
					if (found === -1) crClear = limit;
					else cr = from + found;
				}
			}
			let end: number;
			let next: number;
			if (cr !== -1 && cr < limit) {
				end = cr;
				if (cr + 1 < length) {
					next = chunk[cr + 1] === LF ? cr + 2 : cr + 1;
				} else {
					next = length;
					this.skipLineFeed = true;
				}
			} else if (lf !== -1) {
				end = lf;
				next = lf + 1;
			} else {
				break;
			}
			if (this.lineLength > 0) {
				this.appendToLine(chunk, pos, end);
				const lineLength = this.lineLength;
				this.lineLength = 0;
				this.processLine(this.line, 0, lineLength, false);
				if (this.line.length > KEEP_AT_MOST) this.line = new Uint8Array(SMALL);
			} else {
				this.processLine(chunk, pos, end, true);
			}
			pos = next;
		}
		if (pos < length) this.appendToLine(chunk, pos, length);
		if (this.ref === chunk) this.detachData();
		if (this.name === chunk) this.setName(chunk, this.nameStart, this.nameEnd, false);
		this.dispatchedName = null;
	}

	/** The stream ended: a last line without its line end counts, a pending event is dispatched. */
	end(): void {
		if (this.lineLength > 0) {
			const lineLength = this.lineLength;
			this.lineLength = 0;
			this.processLine(this.line, 0, lineLength, false);
		}
		this.dispatch(true);
	}

	/** The `event:` name of the event being dispatched (only valid inside the data handler). */
	eventType(): string | undefined {
		const name = this.dispatchedName;
		if (name === null || this.dispatchedNameEnd === this.dispatchedNameStart) return undefined;
		return decodeUtf8(name, this.dispatchedNameStart, this.dispatchedNameEnd);
	}

	/** Whether the event being dispatched was named exactly `name` (ASCII bytes). */
	eventTypeIs(name: Uint8Array): boolean {
		const own = this.dispatchedName;
		const start = this.dispatchedNameStart;
		if (own === null || this.dispatchedNameEnd - start !== name.length) return false;
		for (let i = 0; i < name.length; i++) if (own[start + i] !== name[i]) return false;
		return true;
	}

	/** The last event ID seen so far, undefined while it is empty. */
	lastEventId(): string | undefined {
		return this.idLength > 0 ? decodeUtf8(this.id, 0, this.idLength) : undefined;
	}

	private processLine(buf: Uint8Array, start: number, end: number, inChunk: boolean): void {
		if (this.firstLine) {
			this.firstLine = false;
			if (
				end - start >= 3 &&
				buf[start] === 0xef &&
				buf[start + 1] === 0xbb &&
				buf[start + 2] === 0xbf
			) {
				start += 3;
			}
		}
		if (start === end) {
			this.dispatch(false);
			return;
		}
		const c = buf[start];
		if (c === 100 && end - start >= 5 && isData(buf, start) && buf[start + 4] === COLON) {
			this.addData(
				buf,
				start + 5 < end && buf[start + 5] === SPACE ? start + 6 : start + 5,
				end,
				inChunk,
			);
			return;
		}
		if (c === 101 && end - start >= 6 && isEvent(buf, start) && buf[start + 5] === COLON) {
			this.setName(
				buf,
				start + 6 < end && buf[start + 6] === SPACE ? start + 7 : start + 6,
				end,
				inChunk,
			);
			return;
		}
		if (c === COLON) return;
		let colon = start;
		while (colon < end && buf[colon] !== COLON) colon++;
		let value = colon;
		if (colon < end) value = colon + 1 < end && buf[colon + 1] === SPACE ? colon + 2 : colon + 1;
		const nameLength = colon - start;
		if (nameLength === 4 && isData(buf, start)) {
			this.addData(buf, value, end, inChunk);
		} else if (nameLength === 5 && isEvent(buf, start)) {
			this.setName(buf, value, end, inChunk);
		} else if (nameLength === 2 && buf[start] === 105 && buf[start + 1] === 100) {
			if (buf.subarray(value, end).indexOf(0) !== -1) return;
			this.id = reserve(this.id, 0, end - value);
			copyBytes(this.id, 0, buf, value, end);
			this.idLength = end - value;
		}
		// `retry:` and unknown fields change nothing here.
	}

	private setName(buf: Uint8Array, start: number, end: number, inChunk: boolean): void {
		if (inChunk) {
			this.name = buf;
			this.nameStart = start;
			this.nameEnd = end;
			return;
		}
		this.ownName = reserve(this.ownName, 0, end - start);
		copyBytes(this.ownName, 0, buf, start, end);
		this.name = this.ownName;
		this.nameStart = 0;
		this.nameEnd = end - start;
	}

	private addData(buf: Uint8Array, start: number, end: number, inChunk: boolean): void {
		if (this.dataLines === 0) {
			this.dataLines = 1;
			if (inChunk) {
				this.ref = buf;
				this.refStart = start;
				this.refEnd = end;
				return;
			}
			if (buf === this.line) {
				// The line buffer holds a whole line just completed: it becomes the data, no copy.
				this.line = this.data;
				this.data = buf;
				this.dataStart = start;
				this.dataLength = end - start;
				return;
			}
			this.data = reserve(this.data, 0, end - start);
			copyBytes(this.data, 0, buf, start, end);
			this.dataStart = 0;
			this.dataLength = end - start;
			return;
		}
		if (this.ref !== null) this.detachData();
		const at = this.dataStart + this.dataLength;
		const total = at + 1 + end - start;
		this.data = reserve(this.data, at, total);
		this.data[at] = LF;
		copyBytes(this.data, at + 1, buf, start, end);
		this.dataLength = total - this.dataStart;
		this.dataLines++;
	}

	/** Copies a data line out of the caller's chunk, which may be reused after push() returns. */
	private detachData(): void {
		const ref = this.ref as Uint8Array;
		this.ref = null;
		this.data = reserve(this.data, 0, this.refEnd - this.refStart);
		copyBytes(this.data, 0, ref, this.refStart, this.refEnd);
		this.dataStart = 0;
		this.dataLength = this.refEnd - this.refStart;
	}

	private dispatch(atEnd: boolean): void {
		this.dispatchedName = this.name;
		this.dispatchedNameStart = this.nameStart;
		this.dispatchedNameEnd = this.nameEnd;
		this.name = null;
		if (this.dataLines === 0) return;
		this.dataLines = 0;
		const ref = this.ref;
		if (ref !== null) {
			this.ref = null;
			this.onData(ref, this.refStart, this.refEnd, atEnd);
			return;
		}
		const start = this.dataStart;
		const length = this.dataLength;
		this.dataStart = 0;
		this.dataLength = 0;
		this.onData(this.data, start, start + length, atEnd);
		if (this.data.length > KEEP_AT_MOST) this.data = new Uint8Array(SMALL);
	}

	private appendToLine(buf: Uint8Array, start: number, end: number): void {
		this.line = reserve(this.line, this.lineLength, this.lineLength + end - start);
		copyBytes(this.line, this.lineLength, buf, start, end);
		this.lineLength += end - start;
	}
}

function isData(buf: Uint8Array, i: number): boolean {
	return buf[i] === 100 && buf[i + 1] === 97 && buf[i + 2] === 116 && buf[i + 3] === 97;
}

function isEvent(buf: Uint8Array, i: number): boolean {
	return (
		buf[i] === 101 &&
		buf[i + 1] === 118 &&
		buf[i + 2] === 101 &&
		buf[i + 3] === 110 &&
		buf[i + 4] === 116
	);
}
