/**
 * A stored Vapi Chat (GET /chat, /chat/{id}) as the node outputs it: the chat plus `text`, the
 * assistant's answer; and what any single-record answer (a chat or a session) must be.
 * Pure: no n8n.
 */

import { isPlainObject, shorten } from '../../rules/checks';

/** How much of an answer that is not a record the error shows. */
const MAX_PREVIEW_LENGTH = 120;

type Message = { role?: unknown; content?: unknown };

/** Text of a message's content: a string, or OpenAI-style parts (`{type, text}`) joined. */
function contentText(content: unknown): string {
	if (typeof content === 'string') return content;
	if (!Array.isArray(content)) return '';
	return content
		.map((part) => {
			if (typeof part === 'string') return part;
			const text = (part as { text?: unknown } | null)?.text;
			return typeof text === 'string' ? text : '';
		})
		.join('');
}

/**
 * The answer of a chat: the content of the last assistant message in `output` that has any.
 * An assistant message with only tool calls has none. '' when there is no such message.
 */
export function answerTextOf(chat: unknown): string {
	const output = (chat as { output?: unknown } | null)?.output;
	if (!Array.isArray(output)) return '';
	for (let index = output.length - 1; index >= 0; index--) {
		const message = output[index] as Message | null;
		if (message?.role !== 'assistant') continue;
		const text = contentText(message.content);
		if (text.trim() !== '') return text;
	}
	return '';
}

/** The chat with its answer as `text` (a `text` Vapi might add one day is left alone). */
export function withAnswerText<T extends object>(chat: T): T & { text: unknown } {
	if ('text' in chat) return chat as T & { text: unknown };
	return { ...chat, text: answerTextOf(chat) };
}

/** A Vapi record (Chat, Session): an object with an id, as Vapi's spec requires of both. */
export function isRecord(value: unknown): value is Record<string, unknown> & { id: string } {
	return isPlainObject(value) && typeof value.id === 'string' && value.id.trim() !== '';
}

/**
 * What came back instead of a record, for the error: "an empty body", "null", "an array of 1
 * item: […]", "the text \"OK\"", "an object without an id: {}". Shortened; the body comes
 * masked (hooks/postReceive/httpErrors.ts masks every answer where it enters the node).
 */
export function describeNotARecord(body: unknown): string {
	const preview = (value: unknown) =>
		shorten(typeof value === 'string' ? value : JSON.stringify(value), MAX_PREVIEW_LENGTH);
	if (body === undefined || (typeof body === 'string' && body.trim() === ''))
		return 'an empty body';
	if (body === null) return 'null';
	if (Array.isArray(body)) {
		const count = `${body.length} item${body.length === 1 ? '' : 's'}`;
		return `an array of ${count}: ${preview(body)}`;
	}
	if (typeof body === 'string') return `the text "${preview(body)}"`;
	if (isPlainObject(body)) return `an object without an id: ${preview(body)}`;
	return `the value ${preview(body)}`;
}
