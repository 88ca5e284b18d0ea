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

/** \r\n and \r, the line ends that are not \n. */
const OTHER_LINE_ENDS = /\r\n?/g;

export class SseFramer {
	private partialLine = '';
	private data: string | undefined;
	private type = '';
	/** The last event ID seen so far (it carries over from event to event); '' while none. */
	lastEventId = '';
	/** The last text ended with \r: a \n starting the next one belongs to that line end. */
	private afterCr = false;

	constructor(private readonly onEvent: SseEventHandler) {}

	/** Reads every line that `text` completes; keeps the unfinished rest for the next call. */
	feed(text: string): void {
		if (text === '') return;
		let lines = this.afterCr && text.charCodeAt(0) === 10 ? text.slice(1) : text;
		this.afterCr = text.endsWith('\r');
		if (lines.includes('\r')) lines = lines.replace(OTHER_LINE_ENDS, '\n');
		let start = 0;
		for (let end = lines.indexOf('\n'); end !== -1; end = lines.indexOf('\n', start)) {
			if (this.partialLine === '') this.readLine(lines, start, end);
			else this.readLine(this.partialLine + lines.slice(start, end));
			this.partialLine = '';
			start = end + 1;
		}
		this.partialLine += lines.slice(start);
	}

	/** The stream ended: a last line without its line end counts, a pending event is dispatched. */
	end(): void {
		if (this.partialLine !== '') this.readLine(this.partialLine);
		this.partialLine = '';
		this.dispatch(true);
	}

	/** The line text[start, end). */
	private readLine(text: string, start = 0, end = text.length): void {
		if (start === end) return this.dispatch(false);
		// Nearly every line is `data:`: its value is cut from the text once, not from a copy of the line.
		if (text.startsWith('data:', start)) {
			const valueStart = text.charCodeAt(start + 5) === 32 ? start + 6 : start + 5;
			return this.addData(text.slice(valueStart, end));
		}
		const line = text.slice(start, end);
		const colon = line.indexOf(':');
		if (colon === 0) return;
		// A line without a colon is a field with an empty value; one space after the colon is dropped.
		const name = colon === -1 ? line : line.slice(0, colon);
		const valueStart = line.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1;
		const value = colon === -1 ? '' : line.slice(valueStart);
		if (name === 'data') this.addData(value);
		else if (name === 'event') this.type = value;
		else if (name === 'id' && !value.includes('\0')) this.lastEventId = value;
	}

	private addData(value: string): void {
		this.data = this.data === undefined ? value : `${this.data}\n${value}`;
	}

	private dispatch(atEnd: boolean): void {
		const { data, type } = this;
		this.data = undefined;
		this.type = '';
		if (data !== undefined) this.onEvent(data, type, atEnd);
	}
}
