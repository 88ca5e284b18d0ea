'use strict';

/** What a stored Chat looks like on the wire: ResponseObject, OpenAI-style events, native /chat frames. */

const NATIVE_PATH = 'chat.output[0].content';

const replyTextOf = (chat) => chat.output.map((m) => m.content ?? '').join('');
const outputItemId = (chat) => `msg_${chat.id.replace(/-/g, '')}`;

function toResponseObject(chat) {
	return {
		id: chat.id,
		object: 'response',
		created_at: Math.floor(Date.parse(chat.createdAt) / 1000),
		status: 'completed',
		error: null,
		output: [
			{
				id: outputItemId(chat),
				type: 'message',
				role: 'assistant',
				status: 'completed',
				content: [{ type: 'output_text', text: replyTextOf(chat), annotations: [] }],
			},
		],
	};
}

/** POST /chat/responses stream: one delta event per delta, then done (full text), then completed. */
function responseStreamEvents(chat, deltas) {
	const itemId = outputItemId(chat);
	const position = { item_id: itemId, output_index: 0, content_index: 0 };
	return [
		...deltas.map((delta) => ({ type: 'response.output_text.delta', ...position, delta })),
		{ type: 'response.output_text.done', ...position, text: replyTextOf(chat) },
		{ type: 'response.completed', response: toResponseObject(chat) },
	];
}

/** POST /chat stream (and the `nativeStream` fault): `{id, sessionId?, path, delta}` frames only. */
function nativeStreamEvents(chat, deltas) {
	const session = chat.sessionId ? { sessionId: chat.sessionId } : {};
	return deltas.map((delta) => ({ id: chat.id, ...session, path: NATIVE_PATH, delta }));
}

module.exports = { toResponseObject, responseStreamEvents, nativeStreamEvents, replyTextOf };
