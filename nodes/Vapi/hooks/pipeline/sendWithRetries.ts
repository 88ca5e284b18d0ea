import type {
	DeclarativeRestApiSettings,
	IExecutePaginationFunctions,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';
import { DEFAULT_RATE_LIMIT_ATTEMPTS } from '../../defaults';
import { canceledError, connectionError, rateLimitedError } from '../../errors/nodeErrors';
import { gateFor, RateLimitGate, type GateClock } from '../../http/rateLimitGate';
import { isRetryable, retryDelayMs, type FailureCause } from '../../http/retry';
import { nodeName, runParameter } from '../runParameters';

/**
 * Attempts for failures other than 429 (a GET's 5xx or reset, a connection that never opened):
 * a few quick tries help a blip, more only delay the error (a wrong Base URL would take a minute).
 */
const MAX_ATTEMPTS_OTHER_FAILURES = 3;
/** A Retry-After longer than this is not waited out: the item fails and says so. */
const MAX_RETRY_AFTER_MS = 5 * 60 * 1000;

/** Thrown by sleepUnlessAborted; sendWithRetries turns it into the canceled error. */
class Aborted extends Error {}

/** Sleeps in short slices so that a canceled execution stops waiting at once. */
async function sleepUnlessAborted(ms: number, signal?: AbortSignal): Promise<void> {
	const until = Date.now() + ms;
	for (let left = ms; left > 0; left = until - Date.now()) {
		if (signal?.aborted) throw new Aborted();
		await sleep(Math.min(left, 100));
	}
	if (signal?.aborted) throw new Aborted();
}

const clock: GateClock = { now: () => Date.now(), sleep: sleepUnlessAborted };

const isRateLimit = (cause: FailureCause) => cause.kind === 'status' && cause.statusCode === 429;

interface Failure {
	cause: FailureCause;
	/** An error this node made from Vapi's answer (safe to show); absent for connection failures. */
	ownError?: NodeApiError;
	/** How long Vapi asked to wait (Retry-After), when it did. */
	retryAfterMs?: number;
}

function classifyFailure(error: unknown): Failure {
	// Errors made by the postReceive steps carry a plain object; n8n's wrapper of a failed
	// connection carries the underlying (axios) error, request and all.
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
 * One attempt through the gate: the output items, or how it failed and, after a 429, when the
 * gate lets its retry go (`notBefore` of the next attempt).
 */
async function sendOnce(
	ctx: IExecutePaginationFunctions,
	gate: RateLimitGate,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	signal: AbortSignal | undefined,
	notBefore: number | undefined,
): Promise<{ items: INodeExecutionData[] } | { failure: Failure; retryAt?: number }> {
	try {
		await gate.acquire(signal, notBefore);
	} catch {
		throw canceledError(ctx);
	}
	try {
		const items = await ctx.makeRoutingRequest(requestData);
		gate.release('ok');
		return { items };
	} catch (error) {
		const failure = classifyFailure(error);
		if (!isRateLimit(failure.cause)) {
			gate.release('failed');
			return { failure };
		}
		return { failure, retryAt: gate.release('rateLimited', failure.retryAfterMs) };
	}
}

/**
 * Is the item sent again after this failure? Only when it cannot create a second chat, while
 * attempts are left, and not when Vapi asked to wait longer than MAX_RETRY_AFTER_MS.
 */
function maySendAgain(method: string, failure: Failure, attempt: number, maxAttempts: number) {
	const { cause, retryAfterMs } = failure;
	const waitTooLong =
		retryAfterMs !== undefined &&
		retryDelayMs({ attempt, retryAfterMs, random: 0, maxWaitMs: MAX_RETRY_AFTER_MS }) === undefined;
	const attemptLimit = isRateLimit(cause)
		? maxAttempts
		: Math.min(maxAttempts, MAX_ATTEMPTS_OTHER_FAILURES);
	return isRetryable(method, cause) && attempt < attemptLimit && !waitTooLong;
}

/** The error of a failure that is not sent again. */
function finalError(
	ctx: IExecutePaginationFunctions,
	request: { method: string; url?: string },
	failure: Failure,
	attempts: number,
) {
	const { cause, ownError, retryAfterMs } = failure;
	if (!isRateLimit(cause)) return ownError ?? connectionError(ctx, request, cause);
	return rateLimitedError(ctx, {
		attempts,
		vapiError: ownError,
		tooLongWaitMs:
			retryAfterMs !== undefined && retryAfterMs > MAX_RETRY_AFTER_MS ? retryAfterMs : undefined,
		// Only Send Message has the two options; every operation has n8n's Batching request option.
		hasRateLimitOptions: ctx.getNodeParameter('operation', '') === 'sendMessage',
	});
}

/**
 * The send step of every operation but Get Many (which walks pages, each sent here): all items
 * of one node run share a gate that lowers concurrency and pauses when Vapi answers 429, and an
 * item is sent again only when that cannot create a second chat (see http/retry.ts).
 */
export async function sendWithRetries(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const request = {
		method: String(requestData.options.method ?? 'GET').toUpperCase(),
		url: requestData.options.url,
	};
	const maxAttempts = runParameter(this, 'options.maxAttempts', DEFAULT_RATE_LIMIT_ATTEMPTS);
	const maxConcurrency = runParameter(this, 'options.maxConcurrency', 0);
	const signal = this.getExecutionCancelSignal?.();
	// One node's items in one execution; runs of one node never overlap.
	const gateKey = `${this.getExecutionId()}:${nodeName(this)}`;
	const gate = gateFor(gateKey, () => new RateLimitGate({ clock, maxConcurrency }));

	let notBefore: number | undefined;
	for (let attempt = 1; ; attempt++) {
		const outcome = await sendOnce(this, gate, requestData, signal, notBefore);
		if ('items' in outcome) return outcome.items;
		notBefore = outcome.retryAt;
		const { cause } = outcome.failure;
		if (signal?.aborted || (cause.kind === 'network' && cause.code === 'ERR_CANCELED')) {
			throw canceledError(this);
		}
		if (!maySendAgain(request.method, outcome.failure, attempt, maxAttempts)) {
			throw finalError(this, request, outcome.failure, attempt);
		}
		// After a 429 the gate holds this item back for as long as Vapi asked (notBefore).
		if (!isRateLimit(cause)) {
			const delay = retryDelayMs({ attempt, random: Math.random() }) ?? 0;
			try {
				await sleepUnlessAborted(delay, signal);
			} catch {
				throw canceledError(this);
			}
		}
	}
}
