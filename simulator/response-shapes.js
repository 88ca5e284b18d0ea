'use strict';

/**
 * What a stored Chat looks like on the wire: ResponseObject, OpenAI-style events, native /chat frames.
 * A `shape` (from the fault, see chats.js) bends the labels Vapi's documents disagree on:
 * `partType` ('output_text' per the spec, 'text' per the OpenAI-compatibility page), a final
 * `status`/`error` other than completed, the end `event`'s type, and a `responseId` that is not the
 * chat id.
 */

const NATIVE_PATH = 'chat.output[0].content';

const replyTextOf = (chat) => chat.output.map((m) => m.content ?? '').join('');
const hexOf = (chat) => chat.id.replace(/-/g, '');
const outputItemId = (chat) => `msg_${hexOf(chat)}`;
/** The Responses id of the `responseId` fault: derived from the chat id, but no chat id itself. */
const responseIdOf = (chat) => `resp_${hexOf(chat)}`;
// ResponseOutputMessage.status has no `failed`: a failed answer's message is `incomplete`.
const ITEM_STATUS = { completed: 'completed', in_progress: 'in_progress' };

function textPart(text, partType) {
	return partType === 'text'
		? { type: 'text', text }
		: { type: 'output_text', text, annotations: [] };
}

/** The OpenAI Responses function_call item of a stored tool call. */
function functionCallItem(chat, call, status = 'completed') {
	return {
		id: `fc_${hexOf(chat)}`,
		type: 'function_call',
		status,
		call_id: call.id,
		name: call.function.name,
		arguments: call.function.arguments,
	};
}

function outputItems(chat, shape, status) {
	const toolCalls = chat.output[0]?.tool_calls;
	if (toolCalls) return toolCalls.map((call) => functionCallItem(chat, call));
	return [
		{
			id: outputItemId(chat),
			type: 'message',
			role: 'assistant',
			status: ITEM_STATUS[status] ?? 'incomplete',
			content: [textPart(replyTextOf(chat), shape.partType)],
		},
	];
}

function toResponseObject(chat, shape = {}) {
	const status = shape.status ?? 'completed';
	return {
		id: shape.responseId ? responseIdOf(chat) : chat.id,
		object: 'response',
		created_at: Math.floor(Date.parse(chat.createdAt) / 1000),
		status,
		error: shape.error ?? null,
		output: outputItems(chat, shape, status),
	};
}

/** A function-call answer streamed as OpenAI does: item added, argument delta and done, item done. */
function functionCallEvents(chat) {
	const call = chat.output[0].tool_calls[0];
	const item = functionCallItem(chat, call);
	const position = { item_id: item.id, output_index: 0 };
	return [
		{
			type: 'response.output_item.added',
			output_index: 0,
			item: { ...functionCallItem(chat, call, 'in_progress'), arguments: '' },
		},
		{ type: 'response.function_call_arguments.delta', ...position, delta: item.arguments },
		{ type: 'response.function_call_arguments.done', ...position, arguments: item.arguments },
		{ type: 'response.output_item.done', output_index: 0, item },
	];
}

/**
 * POST /chat/responses stream: one delta event per delta, then done (full text), then the end event
 * (`response.completed` unless the shape says otherwise) carrying the ResponseObject.
 */
function responseStreamEvents(chat, deltas, shape = {}) {
	const end = {
		type: shape.event ?? 'response.completed',
		response: toResponseObject(chat, shape),
	};
	if (chat.output[0]?.tool_calls) return [...functionCallEvents(chat), end];
	const itemId = outputItemId(chat);
	const position = { item_id: itemId, output_index: 0, content_index: 0 };
	return [
		...deltas.map((delta) => ({ type: 'response.output_text.delta', ...position, delta })),
		{ type: 'response.output_text.done', ...position, text: replyTextOf(chat) },
		end,
	];
}

/** POST /chat stream (and the `nativeStream` fault): `{id, sessionId?, path, delta}` frames only. */
function nativeStreamEvents(chat, deltas) {
	const session = chat.sessionId ? { sessionId: chat.sessionId } : {};
	return deltas.map((delta) => ({ id: chat.id, ...session, path: NATIVE_PATH, delta }));
}

module.exports = {
	toResponseObject,
	responseStreamEvents,
	nativeStreamEvents,
	replyTextOf,
	responseIdOf,
};
