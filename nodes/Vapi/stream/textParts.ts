import { copyBytes, decodeUtf8 } from './bytes';
import { outputMessage, type OutputMessage } from './chatAnswer';

/** The text of one (output_index, content_index) part as it streams in. */
export class TextPart {
	itemId: string | undefined;
	/** The `response.output_text.done` text, which supersedes the deltas when not empty. */
	done = '';
	/**
	 * The done text still as the UTF-8 bytes of its JSON string body (checked well-formed JSON),
	 * decoded only if someone asks for it: the completed response usually makes it unneeded.
	 */
	private doneJson: Uint8Array | null = null;
	/** Deltas that came as strings (the JSON.parse path), in order, before `bytes`. */
	private strings: string[] = [];
	/** Deltas read straight from the stream as well-formed UTF-8, after `strings`. */
	bytes: Uint8Array = new Uint8Array(64);
	byteLength = 0;

	constructor(
		readonly outputIndex: number,
		readonly contentIndex: number,
	) {}

	appendString(text: string): void {
		this.flushBytes();
		this.strings.push(text);
	}

	setDone(text: string): void {
		this.done = text;
		this.doneJson = null;
		if (text === '') return;
		this.dropDeltas();
	}

	/** setDone with the text's JSON string body src[start, end) (well-formed: JSON.parse reads it). */
	setDoneJson(src: Uint8Array, start: number, end: number): void {
		if (start === end) {
			this.setDone('');
			return;
		}
		const json = new Uint8Array(end - start);
		copyBytes(json, 0, src, start, end);
		this.doneJson = json;
		// Any non-empty JSON string body is a non-empty text: it supersedes the deltas.
		this.done = '';
		this.dropDeltas();
	}

	private dropDeltas(): void {
		this.strings = [];
		this.bytes = new Uint8Array(64);
		this.byteLength = 0;
	}

	text(): string {
		if (this.doneJson !== null) {
			this.done = JSON.parse(`"${decodeUtf8(this.doneJson, 0, this.doneJson.length)}"`) as string;
			this.doneJson = null;
		}
		if (this.done !== '') return this.done;
		this.flushBytes();
		if (this.strings.length > 1) this.strings = [this.strings.join('')];
		return this.strings.length === 0 ? '' : this.strings[0];
	}

	private flushBytes(): void {
		if (this.byteLength === 0) return;
		this.strings.push(decodeUtf8(this.bytes, 0, this.byteLength));
		this.byteLength = 0;
		if (this.bytes.length > 1024) this.bytes = new Uint8Array(64);
	}
}

/** The streamed text parts, in (output_index, content_index) order when read. */
export class TextParts {
	private readonly parts = new Map<string, TextPart>();
	private last: TextPart | undefined;

	get(outputIndex: number, contentIndex: number): TextPart {
		const last = this.last;
		if (
			last !== undefined &&
			last.outputIndex === outputIndex &&
			last.contentIndex === contentIndex
		) {
			return last;
		}
		const key = `${outputIndex}:${contentIndex}`;
		let part = this.parts.get(key);
		if (part === undefined) {
			part = new TextPart(outputIndex, contentIndex);
			this.parts.set(key, part);
		}
		this.last = part;
		return part;
	}

	/** Every part's text (its done text, else its deltas), in order. */
	text(): string {
		return this.sorted()
			.map((part) => part.text())
			.join('');
	}

	/** The text and the output messages rebuilt from it: one message per output_index. */
	output(defaultId: string): { text: string; output: OutputMessage[] } {
		const output: OutputMessage[] = [];
		const texts: string[] = [];
		let message: OutputMessage | undefined;
		let messageIndex = NaN;
		for (const part of this.sorted()) {
			const text = part.text();
			texts.push(text);
			if (message === undefined || part.outputIndex !== messageIndex) {
				message = outputMessage(part.itemId ?? defaultId, []);
				messageIndex = part.outputIndex;
				output.push(message);
			} else if (message.id === defaultId && part.itemId !== undefined) {
				message.id = part.itemId;
			}
			message.content.push({ type: 'output_text', text, annotations: [] });
		}
		return { text: texts.join(''), output };
	}

	private sorted(): TextPart[] {
		return [...this.parts.values()].sort(
			(a, b) => a.outputIndex - b.outputIndex || a.contentIndex - b.contentIndex,
		);
	}
}
