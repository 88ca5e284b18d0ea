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
		// The line the last text began is read joined with its end, when this text has it.
		const first = this.partialLine === '' ? 0 : lines.indexOf('\n') + 1;
		if (first > 0) {
			this.readLines(this.partialLine + lines.slice(0, first));
			this.partialLine = '';
		}
		this.partialLine += lines.slice(this.readLines(lines, first));
	}

	/** The stream ended: a last line without its line end counts, a pending event is dispatched. */
	end(): void {
		if (this.partialLine !== '') this.readLines(`${this.partialLine}\n`);
		this.partialLine = '';
		this.dispatch(true);
	}

	/** Reads the lines of `text` from `start` on; returns where the unfinished last line begins. */
	private readLines(text: string, start = 0): number {
		for (let end = text.indexOf('\n', start); end !== -1; end = text.indexOf('\n', start)) {
			if (start === end) this.dispatch(false);
			else if (!text.startsWith('data:', start)) this.readField(text.slice(start, end));
			else {
				// Nearly every line is `data:`: its value is cut from the text once, not from a copy of
				// the line, and the blank line after it, which dispatches the event, is read in one step.
				this.addData(text.slice(text.charCodeAt(start + 5) === 32 ? start + 6 : start + 5, end));
				if (text.charCodeAt(end + 1) === 10) {
					this.dispatch(false);
					end++;
				}
			}
			start = end + 1;
		}
		return start;
	}

	/** A line other than `data: …`: a comment (no name), or a field (no colon: an empty value). */
	private readField(line: string): void {
		const colon = line.includes(':') ? line.indexOf(':') : line.length;
		const name = line.slice(0, colon);
		// One space after the colon is dropped.
		const value = line.slice(line.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1);
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
