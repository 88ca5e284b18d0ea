/**
 * The errors of a Send Message answer that went wrong after the HTTP 200 (a cut or failed stream,
 * a silence, the whole answer too long), each carrying the partial answer for the error item. The
 * one other module that builds errors, beside nodeErrors.ts (requests and Vapi's HTTP answers);
 * the sentences both repeat are in ./wording.ts.
 */

import { NodeApiError, type JsonObject, type NodeOperationError } from 'n8n-workflow';
import { IncompleteStreamError, VapiStreamError } from '../stream/aggregate';
import { StreamCancelledError, StreamIdleError } from '../http/responseBody';
import { describeStreamError } from '../http/vapiErrors';
import { PARAMETER_LABELS } from '../rules/fieldLabels';
import type { ItemContext } from './nodeErrors';
import { CANCELED, CHAT_MAY_EXIST, connectionCode, formatSeconds } from './wording';

/**
 * What an item had received when its answer failed after the HTTP 200: the text so far, and the
 * chat id and status when Vapi gave them. Its error item keeps them under continue-on-fail.
 */
export interface PartialAnswer {
	text: string;
	chatId?: string;
	status?: string;
}

/** The partial answer an answer error carries (in its context); undefined for every other error. */
export function partialAnswerOf(
	error: NodeApiError | NodeOperationError,
): PartialAnswer | undefined {
	return error.context.partialAnswer as PartialAnswer | undefined;
}

/** The answer as a node error: the stream's own words, or the words for how the read stopped. */
function answerError(ctx: ItemContext, error: Error, idleMs: number): NodeApiError {
	const node = ctx.getNode();
	const itemIndex = ctx.getItemIndex();
	const apiError = (message: string, description?: string) =>
		new NodeApiError(node, {} as JsonObject, { message, description, itemIndex });
	// Already in the user's words (answerTimeoutError).
	if (error instanceof NodeApiError) return error;
	if (error instanceof VapiStreamError) {
		const report = describeStreamError(error);
		return new NodeApiError(node, { code: error.code ?? null } as JsonObject, {
			...report,
			itemIndex,
		});
	}
	if (error instanceof IncompleteStreamError) {
		// A cut stream is described here; the other reasons (malformed data, a final status other
		// than completed, an answer without text) carry their own words.
		const what =
			error.reason === 'incomplete'
				? `Vapi's stream ended before the answer was complete (${error.receivedText.length} characters received)`
				: error.message;
		return apiError(what, CHAT_MAY_EXIST);
	}
	if (error instanceof StreamIdleError) {
		return apiError(
			`Vapi sent nothing for ${formatSeconds(idleMs)} while streaming the answer`,
			`${CHAT_MAY_EXIST} Raise "${PARAMETER_LABELS.idleTimeout}" in the options if long pauses are expected.`,
		);
	}
	if (error instanceof StreamCancelledError) return apiError(CANCELED);
	return apiError(
		'The connection to Vapi broke while streaming the answer',
		`${connectionCode((error as { code?: string })?.code)}${CHAT_MAY_EXIST}`,
	);
}

/**
 * A streamed (or JSON) answer that went wrong after the HTTP 200, in the words the user reads,
 * carrying the partial answer: Vapi's own when the error is the stream's, else `receivedText`.
 */
export function answerFailedError(
	ctx: ItemContext,
	error: Error,
	read: { idleMs: number; receivedText: string },
): NodeApiError {
	const failure = answerError(ctx, error, read.idleMs);
	const fromVapi =
		error instanceof VapiStreamError || error instanceof IncompleteStreamError ? error : undefined;
	const text = fromVapi?.receivedText ?? read.receivedText;
	// In the answer item's order: chatId, text, status.
	const partial: PartialAnswer =
		fromVapi?.chatId === undefined ? { text } : { chatId: fromVapi.chatId, text };
	if (fromVapi?.status !== undefined) partial.status = fromVapi.status;
	failure.context.partialAnswer = { ...partial };
	return failure;
}

/** The whole answer took longer than Answer Timeout (a stream may send keep-alives forever). */
export function answerTimeoutError(ctx: ItemContext, answerMs: number): NodeApiError {
	return new NodeApiError(ctx.getNode(), {} as JsonObject, {
		message: `Vapi's answer did not finish within ${formatSeconds(answerMs)}`,
		description: `${CHAT_MAY_EXIST} Raise "${PARAMETER_LABELS.answerTimeout}" in the options if answers can take longer (e.g. long tool calls).`,
		itemIndex: ctx.getItemIndex(),
	});
}
