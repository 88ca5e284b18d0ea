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

const byIndex = (a: TextPart, b: TextPart) =>
	a.outputIndex - b.outputIndex || a.contentIndex - b.contentIndex;

/** The text parts of a streamed answer, kept in the order of their output and content index. */
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
		return this.parts.map(partText).join('');
	}

	/** The text and the output messages rebuilt from it: one message per output index. */
	output(defaultId: string): { text: string; output: OutputMessage[] } {
		const messages = new Map<number, OutputMessage>();
		for (const part of this.parts) {
			const message = messages.get(part.outputIndex) ?? outputMessage(part.itemId ?? defaultId, []);
			if (message.id === defaultId && part.itemId !== undefined) message.id = part.itemId;
			message.content.push({ type: 'output_text', text: partText(part), annotations: [] });
			messages.set(part.outputIndex, message);
		}
		return { text: this.text(), output: [...messages.values()] };
	}

	/** An answer has one part or a few, most events continue the last; a new one sorts them. */
	private part(outputIndex: number, contentIndex: number): TextPart {
		const { parts } = this;
		for (let i = parts.length - 1; i >= 0; i--) {
			if (parts[i].outputIndex === outputIndex && parts[i].contentIndex === contentIndex)
				return parts[i];
		}
		const part = { outputIndex, contentIndex, itemId: undefined, deltas: '', done: '' };
		this.parts.push(part);
		this.parts.sort(byIndex);
		return part;
	}
}

function partText(part: TextPart): string {
	return part.done !== '' ? part.done : part.deltas;
}

function index(value: unknown): number {
	return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
