/**
 * Every error the node shows is built here — except a Send Message answer that failed after the
 * HTTP 200, in ./answerErrors.ts: NodeOperationError for what the node refused before sending,
 * NodeApiError for what Vapi — or the way to it — did. Each sentence that recurs is defined once,
 * in ./wording.ts (pure, unit-tested). What Vapi's own answers mean (their message and hint) is
 * worked out, purely, in http/vapiErrors.ts; the builders below only dress those reports for n8n.
 */

import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { ErrorReport } from '../http/vapiErrors';
import { NOT_SENT_NETWORK_CODES, type FailureCause } from '../http/retry';
import { FieldError, PARAMETER_LABELS } from '../rules/fieldLabels';
import { VAPI_BASE_URL, VAPI_EU_BASE_URL } from '../defaults';
import {
	CANCELED,
	connectionCode,
	formatSeconds,
	JSON_OBJECT_HINT,
	type RecordChange,
	recordChangeSentence,
	redirectTarget,
} from './wording';

export type { RecordChange } from './wording';

/** What the builders need of n8n's context: the node, and the item at fault. */
export interface ItemContext {
	getNode(): INode;
	getItemIndex(): number;
}

/**
 * The error that stops the run (no continue-on-fail). RoutingNode re-wraps anything but a
 * NodeApiError in one with httpCode "none", and n8n's error panel shows a NodeApiError's httpCode
 * and raw messages under "From Vapi": a request refused before sending would read as Vapi's
 * answer "none". So a refusal stops as a NodeApiError with neither: message and description only.
 */
export function stoppingError(ctx: ItemContext, error: NodeApiError | NodeOperationError) {
	if (error instanceof NodeApiError) return error;
	const stopping = new NodeApiError(ctx.getNode(), {} as JsonObject, {
		message: error.message,
		itemIndex: ctx.getItemIndex(),
	});
	// As given: without one, NodeApiError would search the (empty) response for a description.
	stopping.description = error.description;
	return stopping;
}

/** Any error as the node error n8n shows for this item (a node error stays as it is). */
export function toNodeError(ctx: ItemContext, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex: ctx.getItemIndex() });
}

/** What was not done: 'send' reads "Can't send item 2: …", the others "Can't list for item 2: …". */
export type RefusedAction =
	| 'send'
	| 'send the request'
	| 'list'
	| 'create the session'
	| 'update the session';

/** A request refused before sending; `reason` names the field and says what to do. */
export function refusedError(
	ctx: ItemContext,
	action: RefusedAction,
	reason: string,
	description?: string,
): NodeOperationError {
	const itemIndex = ctx.getItemIndex();
	const item = `item ${itemIndex + 1}`;
	const refused = action === 'send' ? `Can't send ${item}` : `Can't ${action} for ${item}`;
	return new NodeOperationError(ctx.getNode(), `${refused}: ${reason}`, { itemIndex, description });
}

/** Broken rules: the first in the message, the others (each once) in the description. */
export function rulesBrokenError(ctx: ItemContext, action: RefusedAction, problems: string[]) {
	const others = problems.slice(1).map((problem) => `Also: ${problem}`);
	return refusedError(ctx, action, problems[0], others.length > 0 ? others.join('\n') : undefined);
}

/** A field that could not be read (a FieldError: JSON, a date), with the JSON hint if asked. */
export function unreadableFieldError(
	ctx: ItemContext,
	action: RefusedAction,
	error: unknown,
	hint?: 'jsonObject',
): NodeOperationError {
	const reason = error instanceof FieldError ? error.message : String(error);
	return refusedError(ctx, action, reason, hint === 'jsonObject' ? JSON_OBJECT_HINT : undefined);
}

/** The execution was canceled while the item waited to be sent (or sent again). */
export function canceledError(ctx: ItemContext): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), CANCELED, { itemIndex: ctx.getItemIndex() });
}

/**
 * A request that never got an HTTP answer. n8n's own wrapper keeps the whole request (with the
 * Authorization header) as its cause, so it never leaves the node: this error replaces it.
 */
export function connectionError(
	ctx: ItemContext,
	request: { method: string; url?: string },
	cause: FailureCause,
): NodeApiError {
	// What a POST creates: a session for /session, else a chat.
	const thing = String(request.url ?? '').startsWith('/session') ? 'session' : 'chat';
	// A refused connection or an unknown host: the request never left, so nothing can exist.
	const notSent =
		cause.kind === 'network' && NOT_SENT_NETWORK_CODES.includes(cause.code.toUpperCase());
	const advice =
		request.method === 'POST' && !notSent
			? `The request may have reached Vapi, so the ${thing} may or may not exist; it was not sent again to avoid creating (and billing) a second ${thing}. Check the ${thing} list in Vapi before you run this item again.`
			: 'Check the Base URL of the credential and that Vapi is reachable from n8n.';
	return new NodeApiError(ctx.getNode(), {} as JsonObject, {
		message: `Couldn't get an answer from Vapi${cause.kind === 'timeout' ? ' (timed out)' : ''}`,
		description: `${connectionCode(cause.kind === 'network' ? cause.code : undefined)}${advice}`,
		itemIndex: ctx.getItemIndex(),
	});
}

/** Vapi answered 429 until the attempts ran out, or asked to wait longer than the node waits. */
export function rateLimitedError(
	ctx: ItemContext,
	failure: {
		attempts: number;
		/** Vapi's own error for the last 429, when it said something. */
		vapiError?: NodeApiError;
		/** Set when Vapi asked to wait longer than the node waits. */
		tooLongWaitMs?: number;
		/** Send Message has options for rate limits; the other operations only n8n's Batching. */
		hasRateLimitOptions: boolean;
	},
): NodeApiError {
	const { attempts, vapiError, tooLongWaitMs, hasRateLimitOptions } = failure;
	const vapiSaid = vapiError?.message ? `: "${vapiError.message}"` : '';
	const waitTooLong =
		tooLongWaitMs !== undefined ? `, and asked to wait ${Math.round(tooLongWaitMs / 1000)} s` : '';
	const options = hasRateLimitOptions
		? `Lower "${PARAMETER_LABELS.maxConcurrency}" or raise "${PARAMETER_LABELS.maxAttempts}" in the options, or space`
		: 'Space';
	return new NodeApiError(ctx.getNode(), { httpCode: '429' } as JsonObject, {
		message: `Vapi rate-limited this item ${attempts} time(s)${waitTooLong}${vapiSaid}`,
		description: `Nothing was created for this item. ${options} the items out with Batching in the node's Settings tab (Request Options).`,
		httpCode: '429',
		itemIndex: ctx.getItemIndex(),
	});
}

/**
 * Vapi's HTTP error answer, as http/vapiErrors.ts reported it. Vapi's parsed body goes along
 * (n8n shows it under "From Vapi"), and a 429's Retry-After in `context.retryAfterMs` for
 * sendWithRetries. The pickers have no item.
 */
export function vapiHttpError(
	ctx: { getNode(): INode; getItemIndex?(): number },
	report: ErrorReport,
	answer: { body?: unknown; retryAfterMs?: number } = {},
): NodeApiError {
	const { body, retryAfterMs } = answer;
	const error = new NodeApiError(
		ctx.getNode(),
		{
			httpCode: report.httpCode,
			...(body && typeof body === 'object' ? { body } : {}),
		} as JsonObject,
		{ ...report, itemIndex: ctx.getItemIndex?.() },
	);
	if (retryAfterMs !== undefined) error.context.retryAfterMs = retryAfterMs;
	return error;
}

/** A 2xx answer that is not JSON: a proxy's page must not pass for an empty list. */
export function notJsonError(ctx: ItemContext, statusCode: number): NodeApiError {
	return new NodeApiError(ctx.getNode(), { httpCode: String(statusCode) } as JsonObject, {
		message: `Vapi's answer (HTTP ${statusCode}) is not JSON`,
		description:
			'A proxy or gateway may have answered instead of Vapi: check the Base URL in the credential.',
		httpCode: String(statusCode),
		itemIndex: ctx.getItemIndex(),
	});
}

/** A picker's list that Vapi kept answering with 429, or asked to wait for longer than the editor waits. */
export function pickerRateLimitedError(
	ctx: { getNode(): INode },
	failure: { attempts: number; vapiSaid?: string; tooLongWaitMs?: number },
): NodeApiError {
	const { attempts, vapiSaid, tooLongWaitMs } = failure;
	const waited =
		tooLongWaitMs !== undefined ? `, and asked to wait ${formatSeconds(tooLongWaitMs)}` : '';
	return new NodeApiError(ctx.getNode(), { httpCode: '429' } as JsonObject, {
		message: `Vapi rate-limited the list ${attempts} time(s)${waited}${vapiSaid ? `: "${vapiSaid}"` : ''}`,
		description:
			'Wait a moment and open the list again, or switch the field to "By ID" and enter the ID.',
		httpCode: '429',
	});
}

/** The credential's Base URL cannot be sent to (rules/baseUrl.ts says why); the pickers have no item. */
export function invalidBaseUrlError(
	ctx: { getNode(): INode; getItemIndex?(): number },
	problem: string,
): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `Nothing was sent: ${problem}`, {
		itemIndex: ctx.getItemIndex?.(),
		description: `Enter Vapi's address in the credential, ${VAPI_BASE_URL} (EU: ${VAPI_EU_BASE_URL}), or your proxy's; an empty Base URL is ${VAPI_BASE_URL}.`,
	});
}

/**
 * A 2xx answer to a single-record operation (Chat → Get, Session → Create …) that is not the
 * record: an empty body, `null`, an array, a string. `got` says what came (shortened, key masked);
 * a change that may have happened is said, so the user checks before running the item again.
 */
export function notARecordError(
	ctx: ItemContext,
	answer: {
		/** The operation as the UI names it, e.g. "Chat → Get". */
		operation: string;
		record: 'chat' | 'session';
		change: RecordChange;
		statusCode: number;
		got: string;
	},
): NodeApiError {
	const { operation, record, change, statusCode, got } = answer;
	return new NodeApiError(ctx.getNode(), { httpCode: String(statusCode) } as JsonObject, {
		message: `${operation}: the answer (HTTP ${statusCode}) is not a ${record} but ${got}`,
		description: `${recordChangeSentence(record, change)} Vapi answers with the ${record} itself, an object with an id. Check that the credential's Base URL is Vapi's API (${VAPI_BASE_URL}, EU: ${VAPI_EU_BASE_URL}), not a proxy or another API.`,
		httpCode: String(statusCode),
		itemIndex: ctx.getItemIndex(),
	});
}

/**
 * A 3xx answer. Vapi's API does not redirect and the node never follows one (n8n's HTTP client
 * would send the Authorization header along), so nothing, and not the API key, went there.
 */
export function redirectError(
	ctx: { getNode(): INode; getItemIndex?(): number },
	statusCode: number,
	location: string | undefined,
): NodeApiError {
	const target = redirectTarget(location);
	return new NodeApiError(ctx.getNode(), { httpCode: String(statusCode) } as JsonObject, {
		message: `Vapi answered with a redirect (HTTP ${statusCode}) to ${target}; it was not followed`,
		description: `Vapi's API does not redirect, so the node does not follow redirects: nothing was sent to ${target}, and the API key was not sent there. A proxy or a moved address may redirect: check the Base URL in the credential.`,
		httpCode: String(statusCode),
		itemIndex: ctx.getItemIndex?.(),
	});
}
