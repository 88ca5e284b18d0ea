import { decodeUtf8 } from './bytes';
import { SseFramer } from './sseFramer';

export interface SseEvent {
	/** The `event:` name; absent when the event had none (or an empty one). */
	event?: string;
	/** The data lines of the event, joined with \n. */
	data: string;
	/** The last event ID (it carries over to later events, as in the WHATWG rules); absent while empty. */
	id?: string;
}

/**
 * Incremental SSE parser per the WHATWG rules: accepts \n, \r\n and \r line ends (also split
 * across chunks), several data: lines per event (joined with \n), ':' comment lines,
 * event:/id:/retry: lines, lines without a colon (field with empty value), a leading UTF-8 BOM,
 * and a missing trailing blank line at end of stream (end() flushes the last event).
 * Bytes are decoded per complete event, so a multi-byte UTF-8 character split across chunks
 * decodes correctly; invalid UTF-8 becomes U+FFFD.
 */
export class SseParser {
	private readonly framer: SseFramer;

	constructor(onEvent: (event: SseEvent) => void) {
		const framer = new SseFramer((buf, start, end) => {
			const event: SseEvent = { data: decodeUtf8(buf, start, end) };
			const name = framer.eventType();
			if (name !== undefined) event.event = name;
			const id = framer.lastEventId();
			if (id !== undefined) event.id = id;
			onEvent(event);
		});
		this.framer = framer;
	}

	push(chunk: Uint8Array): void {
		this.framer.push(chunk);
	}

	/** The stream ended: dispatches an event whose terminating blank line never came. */
	end(): void {
		this.framer.end();
	}
}
