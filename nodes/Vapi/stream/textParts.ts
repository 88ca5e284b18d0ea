import { outputMessage, type OutputMessage } from './chatAnswer';

/** The streamed text of one (output_index, content_index) part. */
interface TextPart {
	outputIndex: number;
	contentIndex: number;
	/** The first item_id an event of this part named. */
	itemId: string | undefined;
	/** The deltas in order (an array: cheaper for the garbage collector than a growing string). */
	deltas: string[];
	/** The `response.output_text.done` text: when not empty, it supersedes the deltas before it. */
	done: string;
}

/** The text parts of a streamed answer; read in (output_index, content_index) order. */
export class TextParts {
	private readonly parts = new Map<string, TextPart>();
	/** The part of the previous event: most events continue it. */
	private last: TextPart | undefined;

	addDelta(outputIndex: number, contentIndex: number, itemId: string | undefined, delta: string) {
		this.part(outputIndex, contentIndex, itemId).deltas.push(delta);
	}

	setDone(outputIndex: number, contentIndex: number, itemId: string | undefined, text: string) {
		const part = this.part(outputIndex, contentIndex, itemId);
		part.done = text;
		if (text !== '') part.deltas = [];
	}

	/** Every part's text, in order. */
	text(): string {
		return this.sorted().map(partText).join('');
	}

	/** The text and the output messages rebuilt from it: one message per output_index. */
	output(defaultId: string): { text: string; output: OutputMessage[] } {
		const output: OutputMessage[] = [];
		const texts: string[] = [];
		let message: OutputMessage | undefined;
		let messageIndex = NaN;
		for (const part of this.sorted()) {
			if (message === undefined || part.outputIndex !== messageIndex) {
				message = outputMessage(part.itemId ?? defaultId, []);
				messageIndex = part.outputIndex;
				output.push(message);
			} else if (message.id === defaultId && part.itemId !== undefined) {
				message.id = part.itemId;
			}
			const text = partText(part);
			texts.push(text);
			message.content.push({ type: 'output_text', text, annotations: [] });
		}
		return { text: texts.join(''), output };
	}

	private part(outputIndex: number, contentIndex: number, itemId: string | undefined): TextPart {
		let part = this.last;
		if (
			part === undefined ||
			part.outputIndex !== outputIndex ||
			part.contentIndex !== contentIndex
		) {
			const key = `${outputIndex}:${contentIndex}`;
			part = this.parts.get(key);
			if (part === undefined) {
				part = { outputIndex, contentIndex, itemId: undefined, deltas: [], done: '' };
				this.parts.set(key, part);
			}
			this.last = part;
		}
		part.itemId ??= itemId;
		return part;
	}

	private sorted(): TextPart[] {
		return [...this.parts.values()].sort(
			(a, b) => a.outputIndex - b.outputIndex || a.contentIndex - b.contentIndex,
		);
	}
}

function partText(part: TextPart): string {
	return part.done !== '' ? part.done : part.deltas.join('');
}
