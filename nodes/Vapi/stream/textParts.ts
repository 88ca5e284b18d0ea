import { outputMessage, stringField, type JsonObject, type OutputMessage } from './chatAnswer';

/** The streamed text of one (output_index, content_index) part. */
interface TextPart {
	outputIndex: number;
	contentIndex: number;
	/** The first item_id an event of this part named. */
	itemId: string | undefined;
	/**
	 * The deltas joined as they come: a growing string costs the garbage collector less than an
	 * old array that keeps receiving new strings (measured, bench/experiments/stream-ab.mjs).
	 */
	deltas: string;
	/** The `response.output_text.done` text: when not empty, it supersedes the deltas before it. */
	done: string;
}

/** The text parts of a streamed answer, by the events' output and content index; read in that order. */
export class TextParts {
	private readonly parts: TextPart[] = [];

	/** A delta of the event's part, or (`isDone`) its whole text. */
	add(event: JsonObject, text: string, isDone: boolean): void {
		const part = this.part(index(event.output_index), index(event.content_index));
		part.itemId ??= stringField(event.item_id);
		if (!isDone) {
			part.deltas += text;
			return;
		}
		part.done = text;
		if (text !== '') part.deltas = '';
	}

	/** Every part's text, in order. */
	text(): string {
		return this.sorted().map(partText).join('');
	}

	/** The text and the output messages rebuilt from it: one message per output index. */
	output(defaultId: string): { text: string; output: OutputMessage[] } {
		const messages = new Map<number, OutputMessage>();
		for (const part of this.sorted()) {
			const message = messages.get(part.outputIndex) ?? outputMessage(part.itemId ?? defaultId, []);
			if (message.id === defaultId && part.itemId !== undefined) message.id = part.itemId;
			message.content.push({ type: 'output_text', text: partText(part), annotations: [] });
			messages.set(part.outputIndex, message);
		}
		return { text: this.text(), output: [...messages.values()] };
	}

	/** An answer has one part or a few, and most events continue the newest: the search starts there. */
	private part(outputIndex: number, contentIndex: number): TextPart {
		const { parts } = this;
		for (let i = parts.length - 1; i >= 0; i--) {
			if (parts[i].outputIndex === outputIndex && parts[i].contentIndex === contentIndex)
				return parts[i];
		}
		const part = { outputIndex, contentIndex, itemId: undefined, deltas: '', done: '' };
		parts.push(part);
		return part;
	}

	private sorted(): TextPart[] {
		return [...this.parts].sort(
			(a, b) => a.outputIndex - b.outputIndex || a.contentIndex - b.contentIndex,
		);
	}
}

function partText(part: TextPart): string {
	return part.done !== '' ? part.done : part.deltas;
}

function index(value: unknown): number {
	return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
