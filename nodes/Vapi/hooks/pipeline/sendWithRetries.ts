import type {
	DeclarativeRestApiSettings,
	IExecutePaginationFunctions,
	INodeExecutionData,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';
import { DEFAULT_RATE_LIMIT_ATTEMPTS } from '../../defaults';
import { gateFor, RateLimitGate, type GateClock } from '../../http/rateLimitGate';
import {
	isRetryable,
	NOT_SENT_NETWORK_CODES,
	retryDelayMs,
	type FailureCause,
} from '../../http/retry';

/**
 * Attempts for failures other than 429 (a GET's 5xx or reset, a connection that never opened):
 * a few quick tries help a blip, more only delay the error (a wrong Base URL would take a minute).
 */
const MAX_ATTEMPTS_OTHER_FAILURES = 3;
/** A Retry-After longer than this is not waited out: the item fails and says so. */
const MAX_RETRY_AFTER_MS = 5 * 60 * 1000;
// n8n marks an execution as canceled (not failed) by this word in the error message.
const CANCELLED = 'The execution was canceled';

/** Sleeps in short slices so that a cancelled execution stops waiting at once. */
async function sleepUnlessAborted(ms: number, signal?: AbortSignal): Promise<void> {
	const until = Date.now() + ms;
	for (let left = ms; left > 0; left = until - Date.now()) {
		if (signal?.aborted) throw new Error(CANCELLED);
		await sleep(Math.min(left, 100));
	}
	if (signal?.aborted) throw new Error(CANCELLED);
}

const isRateLimit = (cause: FailureCause) => cause.kind === 'status' && cause.statusCode === 429;

const clock: GateClock = { now: () => Date.now(), sleep: sleepUnlessAborted };

interface Failure {
	cause: FailureCause;
	/** An error this node made from Vapi's answer (safe to show); absent for connection failures. */
	ownError?: NodeApiError;
	/** How long Vapi asked to wait (Retry-After), when it did. */
	retryAfterMs?: number;
}

function classifyFailure(error: unknown): Failure {
	// Errors made by readChatAnswer carry a plain object; n8n's wrapper of a failed connection
	// carries the underlying (axios) error, request and all.
	if (error instanceof NodeApiError && !(error.cause instanceof Error)) {
		const statusCode = Number(error.httpCode);
		const retryAfterMs = error.context?.retryAfterMs as number | undefined;
		return statusCode >= 400
			? { cause: { kind: 'status', statusCode }, ownError: error, retryAfterMs }
			: { cause: { kind: 'stream' }, ownError: error };
	}
	const inner = (error as { cause?: { code?: string } })?.cause;
	const code = inner?.code ?? (error as { code?: string })?.code ?? 'UNKNOWN';
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') return { cause: { kind: 'timeout' } };
	return { cause: { kind: 'network', code } };
}

/**
 * A clean error for a request that never got an HTTP answer. n8n's own wrapper keeps the whole
 * request (with the Authorization header) as its cause, so it never leaves this node.
 */
/** What a POST creates, for messages: "chat" for /chat…, "session" for /session. */
function createdThing(url: string | undefined): string {
	return String(url ?? '').startsWith('/session') ? 'session' : 'chat';
}

function connectionError(
	ctx: IExecutePaginationFunctions,
	method: string,
	cause: FailureCause,
	url?: string,
): NodeApiError {
	// The code goes in the description: n8n replaces a message naming ECONNRESET & co. with its own
	// ("…You can retry the request immediately…"), which is wrong advice for a chat that bills.
	const what = cause.kind === 'network' ? `Connection error ${cause.code}. ` : '';
	// A refused connection or an unknown host: the request never left, so no chat can exist.
	const thing = createdThing(url);
	const notSent =
		cause.kind === 'network' && NOT_SENT_NETWORK_CODES.includes(cause.code.toUpperCase());
	const mayExist =
		method === 'POST' && !notSent
			? `The request may have reached Vapi, so the ${thing} may or may not exist; it was not sent again to avoid creating (and billing) a second ${thing}. Check the ${thing} list in Vapi before you run this item again.`
			: 'Check the Base URL of the credential and that Vapi is reachable from n8n.';
	return new NodeApiError(ctx.getNode(), {} as JsonObject, {
		message: `Couldn't get an answer from Vapi${cause.kind === 'timeout' ? ' (timed out)' : ''}`,
		description: `${what}${mayExist}`,
		itemIndex: ctx.getItemIndex(),
	});
}

function rateLimitedError(
	ctx: IExecutePaginationFunctions,
	attempts: number,
	vapiError?: NodeApiError,
	retryAfterMs?: number,
): NodeApiError {
	const vapiSaid = vapiError?.message ? `: "${vapiError.message}"` : '';
	const waitTooLong =
		retryAfterMs !== undefined && retryAfterMs > MAX_RETRY_AFTER_MS
			? `, and asked to wait ${Math.round(retryAfterMs / 1000)} s`
			: '';
	// Only Send Message has the two options; every operation has n8n's Batching request option.
	const options =
		ctx.getNodeParameter('operation', '') === 'sendMessage'
			? 'Lower "Max Concurrent Requests" or raise "Rate-Limit Attempts" in the options, or space'
			: 'Space';
	return new NodeApiError(ctx.getNode(), { httpCode: '429' } as JsonObject, {
		message: `Vapi rate-limited this item ${attempts} time(s)${waitTooLong}${vapiSaid}`,
		description: `Nothing was created for this item. ${options} the items out with the node's Batching request option.`,
		httpCode: '429',
		itemIndex: ctx.getItemIndex(),
	});
}

/**
 * The declarative pagination hook, used to wrap each item's request: all items of one node run
 * share a gate that lowers concurrency and pauses when Vapi answers 429, and an item is sent again
 * only when that cannot create a second chat (see shared/retry.ts).
 */
export async function sendWithRetries(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const method = String(requestData.options.method ?? 'GET').toUpperCase();
	const maxAttempts = this.getNodeParameter('options.maxAttempts', DEFAULT_RATE_LIMIT_ATTEMPTS) as number;
	const maxConcurrency = this.getNodeParameter('options.maxConcurrency', 0) as number;
	const signal = this.getExecutionCancelSignal?.();
	const gateKey = `${this.getExecutionId()}:${this.getNode().name}`;
	const gate = gateFor(gateKey, () => new RateLimitGate({ clock, maxConcurrency }));
	const cancelled = () =>
		new NodeOperationError(this.getNode(), CANCELLED, { itemIndex: this.getItemIndex() });

	for (let attempt = 1; ; attempt++) {
		try {
			await gate.acquire(signal);
		} catch {
			throw cancelled();
		}
		let failure: Failure;
		try {
			const items = await this.makeRoutingRequest(requestData);
			gate.release('ok');
			return items;
		} catch (error) {
			failure = classifyFailure(error);
			gate.release(isRateLimit(failure.cause) ? 'rateLimited' : 'failed', failure.retryAfterMs);
		}
		const { cause, ownError, retryAfterMs } = failure;
		if (signal?.aborted || (cause.kind === 'network' && cause.code === 'ERR_CANCELED')) {
			throw cancelled();
		}
		const tooLong =
			retryAfterMs !== undefined &&
			retryDelayMs({ attempt, retryAfterMs, random: 0, maxWaitMs: MAX_RETRY_AFTER_MS }) ===
				undefined;
		const attemptLimit = isRateLimit(cause)
			? maxAttempts
			: Math.min(maxAttempts, MAX_ATTEMPTS_OTHER_FAILURES);
		if (!isRetryable(method, cause) || attempt >= attemptLimit || tooLong) {
			if (isRateLimit(cause)) throw rateLimitedError(this, attempt, ownError, retryAfterMs);
			throw ownError ?? connectionError(this, method, cause, requestData.options.url);
		}
		// After a 429 the gate already holds everyone back for as long as Vapi asked.
		if (!isRateLimit(cause)) {
			const delay = retryDelayMs({ attempt, random: Math.random() }) ?? 0;
			try {
				await sleepUnlessAborted(delay, signal);
			} catch {
				throw cancelled();
			}
		}
	}
}
