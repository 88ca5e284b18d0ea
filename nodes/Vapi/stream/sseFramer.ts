/**
 * Server-Sent Events framing, as the WHATWG "event stream interpretation" describes it, over
 * decoded text (the caller's TextDecoder drops a leading BOM and joins UTF-8 split across chunks).
 * Lines end in \n, \r\n or \r, also split across chunks; the `data:` lines of one event are joined
 * with \n; a blank line dispatches the event; `:` lines are comments (keep-alives); `event:` names
 * the event; `id:` sets the last event ID, which carries over to later events; `retry:` and unknown
 * fields change nothing. Only the current partial line and event are kept.
 */

/**
 * Receives each event: its data lines joined with \n, its `event:` name ('' when it had none), and
 * whether end() dispatched it (the stream stopped before the blank line that ends it).
 */
export type SseEventHandler = (data: string, type: string, atEnd: boolean) => void;

const LF = 10;
const SPACE = 32;

export class SseFramer {
	private partialLine = '';
	private data: string | undefined;
	private type = '';
	private id = '';
	/** The last text ended with \r: a \n starting the next one belongs to that line end. */
	private afterCr = false;

	constructor(private readonly onEvent: SseEventHandler) {}

	/** The last event ID seen so far (it carries over from event to event); '' while none. */
	get lastEventId(): string {
		return this.id;
	}

	/** Reads every line that `text` completes; keeps the unfinished rest for the next call. */
	feed(text: string): void {
		if (text === '') return;
		let pos = 0;
		if (this.afterCr && text.charCodeAt(0) === LF) pos = 1;
		this.afterCr = false;
		let lf = text.indexOf('\n', pos);
		let cr = text.indexOf('\r', pos);
		while (lf !== -1 || cr !== -1) {
			const end = cr === -1 || (lf !== -1 && lf < cr) ? lf : cr;
			if (this.partialLine === '') this.readLine(text, pos, end);
			else this.readPartialLine(text.slice(pos, end));
			pos = end + 1;
			if (end === cr) {
				if (pos === text.length) this.afterCr = true;
				else if (text.charCodeAt(pos) === LF) pos++;
			}
			// Search again only past what was read: each character is looked at once.
			if (lf !== -1 && lf < pos) lf = text.indexOf('\n', pos);
			if (cr !== -1 && cr < pos) cr = text.indexOf('\r', pos);
		}
		if (pos < text.length) this.partialLine += text.slice(pos);
	}

	/** The stream ended: a last line without its line end counts, a pending event is dispatched. */
	end(): void {
		if (this.partialLine !== '') this.readPartialLine('');
		this.dispatch(true);
	}

	/** The line that an earlier text began ends with `rest`. */
	private readPartialLine(rest: string): void {
		const line = this.partialLine + rest;
		this.partialLine = '';
		this.readLine(line, 0, line.length);
	}

	/** The line text[start, end); a `data:` line, by far the most common, is read in place. */
	private readLine(text: string, start: number, end: number): void {
		if (start === end) {
			this.dispatch(false);
		} else if (text.startsWith('data:', start)) {
			const valueStart = text.charCodeAt(start + 5) === SPACE ? start + 6 : start + 5;
			this.addData(text.slice(valueStart, end));
		} else {
			this.readField(text.slice(start, end));
		}
	}

	private readField(line: string): void {
		const colon = line.indexOf(':');
		if (colon === 0) return;
		// A line without a colon is a field with an empty value; one space after the colon is dropped.
		const nameLength = colon === -1 ? line.length : colon;
		const valueStart = line.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1;
		const value = colon === -1 ? '' : line.slice(valueStart);
		if (nameLength === 4 && line.startsWith('data')) {
			this.addData(value);
		} else if (nameLength === 5 && line.startsWith('event')) {
			this.type = value;
		} else if (nameLength === 2 && line.startsWith('id') && !value.includes('\0')) {
			this.id = value;
		}
	}

	private addData(value: string): void {
		this.data = this.data === undefined ? value : `${this.data}\n${value}`;
	}

	private dispatch(atEnd: boolean): void {
		const data = this.data;
		const type = this.type;
		this.data = undefined;
		this.type = '';
		if (data !== undefined) this.onEvent(data, type, atEnd);
	}
}
