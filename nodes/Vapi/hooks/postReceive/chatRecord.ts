/**
 * A stored Vapi Chat (GET /chat, /chat/{id}) as the node outputs it: the chat plus `text`, the
 * assistant's answer. Pure: no n8n.
 */

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
