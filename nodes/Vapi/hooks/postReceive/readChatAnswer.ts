import type {
	IDataObject,
	IExecuteSingleFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
} from 'n8n-workflow';
import { ChatStreamAggregator, type ChatAnswer } from '../../stream/aggregate';
import { DEFAULT_ANSWER_TIMEOUT_S, DEFAULT_IDLE_TIMEOUT_S } from '../../defaults';
import { answerFailedError, answerTimeoutError } from '../../errors/answerErrors';
import type { SecretMask } from '../../http/maskSecret';
import { forEachChunk, StreamIdleError } from '../../http/responseBody';
import { secretMaskFor } from './httpErrors';
import { liveAnswerFor, type LiveAnswer } from './liveAnswer';
import { runParameter } from '../runParameters';

/** How long Vapi may be silent between two reads, and how long the whole answer may take. */
interface AnswerTimeouts {
	idleMs: number;
	answerMs: number;
}

function answerTimeouts(ctx: IExecuteSingleFunctions): AnswerTimeouts {
	// An expression that gives no positive number (empty, 0) would turn the bound off: the default.
	const seconds = (name: string, fallback: number) => {
		const value = Number(runParameter(ctx, `options.${name}`, fallback));
		return 1000 * (value > 0 ? value : fallback);
	};
	const answerMs = seconds('answerTimeout', DEFAULT_ANSWER_TIMEOUT_S);
	// Stream Idle Timeout is for streamed answers, as the option says; a JSON answer has only the bound.
	const streamed = runParameter(ctx, 'options.stream', true);
	return { idleMs: streamed ? seconds('idleTimeout', DEFAULT_IDLE_TIMEOUT_S) : answerMs, answerMs };
}

/**
 * Thrown by the chunk callback to stop reading: forEachChunk ends early only on an exception. One
 * instance made once (an Error's stack costs per throw); it never leaves readUntilComplete.
 */
const ANSWER_COMPLETE = new Error('The answer is complete');

/**
 * Feeds the body to the aggregator until the answer is complete, then closes the connection:
 * a server that keeps it open after `response.completed` cannot hold the item back, and nothing
 * after that point reaches the item or the caller. The whole answer may take Answer Timeout at
 * most, also while only keep-alive comments come (they reset the idle timeout). Resolves with
 * why the read failed, or undefined when the answer can be finished.
 */
async function readUntilComplete(
	ctx: IExecuteSingleFunctions,
	body: unknown,
	aggregator: ChatStreamAggregator,
	live: LiveAnswer | undefined,
	{ idleMs, answerMs }: AnswerTimeouts,
): Promise<unknown> {
	const deadline = Date.now() + answerMs;
	const onChunk = async (chunk: Uint8Array | string) => {
		aggregator.push(chunk);
		await live?.flush();
		if (aggregator.complete) throw ANSWER_COMPLETE;
		if (Date.now() >= deadline) throw answerTimeoutError(ctx, answerMs);
	};
	// A silence that outlasts the answer's bound ends it then: the idle watch never waits longer.
	const watch = { idleMs: Math.min(idleMs, answerMs), signal: ctx.getExecutionCancelSignal?.() };
	try {
		await forEachChunk(body, onChunk, watch);
		return undefined;
	} catch (error) {
		// Once the answer is complete, what the connection does next (our own stop too) changes nothing.
		if (aggregator.complete) return undefined;
		const timedOut = error instanceof StreamIdleError && Date.now() >= deadline;
		return timedOut ? answerTimeoutError(ctx, answerMs) : error;
	} finally {
		closeBody(body);
	}
}

const ignore = () => {};

/**
 * Closes the connection now, or (n8n wraps the body in Readable.from) once the read in progress
 * ends: README, "Finished means finished". A late error of that read concerns nobody.
 */
function closeBody(body: unknown): void {
	const stream = body as { destroy?(): void; on?(event: 'error', listener: () => void): unknown };
	stream?.on?.('error', ignore);
	stream?.destroy?.();
}

/**
 * Vapi's answer — an SSE stream or one JSON body, told apart by the body itself (Vapi's spec
 * labels the stream application/json) — aggregated as it arrives and forwarded live when the
 * execution streams. A failure carries the text received so far (see answerFailedError). The
 * body comes masked (throwOnChatError); `mask` masks the text deltas once joined, for a key cut
 * across two deltas, and what the answer or the failure holds.
 */
async function readAnswer(
	ctx: IExecuteSingleFunctions,
	body: unknown,
	mask: SecretMask,
): Promise<ChatAnswer> {
	const timeouts = answerTimeouts(ctx);
	const live = liveAnswerFor(ctx);
	const liveText = mask.stream();
	const aggregator = new ChatStreamAggregator(
		live ? { onTextDelta: (delta: string) => live.add(liveText.push(delta)) } : undefined,
	);
	try {
		await live?.begin();
		const failure = await readUntilComplete(ctx, body, aggregator, live, timeouts);
		if (failure !== undefined) throw failure;
		const answer = mask.json(aggregator.finish());
		// finish() hands over the whole text when the answer carried no deltas of its own.
		const heldBack = liveText.end();
		if (heldBack !== '') live?.add(heldBack);
		await live?.flush();
		await live?.end();
		return answer;
	} catch (error) {
		const nodeError = answerFailedError(ctx, mask.errorFields(error as Error), {
			idleMs: timeouts.idleMs,
			receivedText: mask.text(aggregator.receivedText()),
		});
		// Text that came in the same network read as the error still belongs to the caller.
		await live?.flush();
		await live?.fail(nodeError.message);
		throw nodeError;
	}
}

/**
 * postReceive for Send Message (after throwOnChatError): reads Vapi's answer into one item
 * holding the answer, for outputChatAnswer to shape.
 */
export async function readChatAnswer(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	const answer = await readAnswer(this, response.body, await secretMaskFor(this));
	return [{ json: answer as unknown as IDataObject }];
}
