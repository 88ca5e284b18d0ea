import type {
	IDataObject,
	IExecuteSingleFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
} from 'n8n-workflow';
import { ChatStreamAggregator, type ChatAnswer } from '../../stream/aggregate';
import { DEFAULT_IDLE_TIMEOUT_S } from '../../defaults';
import { answerFailedError } from '../../errors/nodeErrors';
import { forEachChunk } from '../../http/responseBody';
import { liveAnswerFor, type LiveAnswer } from './liveAnswer';

/** The idle timeout: for streamed answers, as Stream Idle Timeout says; a JSON answer has none. */
function idleMsOf(ctx: IExecuteSingleFunctions): number {
	const streamed = ctx.getNodeParameter('options.stream', true) as boolean;
	if (!streamed) return Number.MAX_SAFE_INTEGER;
	return 1000 * (ctx.getNodeParameter('options.idleTimeout', DEFAULT_IDLE_TIMEOUT_S) as number);
}

/** Thrown by the chunk callback to stop reading: forEachChunk ends early only on an exception. */
class AnswerComplete extends Error {}

/**
 * Feeds the body to the aggregator until the answer is complete, then closes the connection:
 * a server that keeps it open after `response.completed` cannot hold the item back, and nothing
 * after that point reaches the item or the caller. Resolves with why the read failed, or
 * undefined when the answer can be finished.
 */
async function readUntilComplete(
	ctx: IExecuteSingleFunctions,
	body: unknown,
	aggregator: ChatStreamAggregator,
	live: LiveAnswer | undefined,
	idleMs: number,
): Promise<unknown> {
	const onChunk = async (chunk: Uint8Array) => {
		aggregator.push(chunk);
		await live?.flush();
		if (aggregator.complete) throw new AnswerComplete();
	};
	try {
		await forEachChunk(body, onChunk, { idleMs, signal: ctx.getExecutionCancelSignal?.() });
		return undefined;
	} catch (error) {
		// Once the answer is complete, what the connection does next (our own stop too) changes nothing.
		return aggregator.complete ? undefined : error;
	} finally {
		// Closes the connection now, or (n8n wraps the body) once the pending read ends: README.
		(body as { destroy?(): void } | undefined)?.destroy?.();
	}
}

/**
 * Vapi's answer — an SSE stream or one JSON body, told apart by the body itself (Vapi's spec
 * labels the stream application/json) — aggregated as it arrives and forwarded live when the
 * execution streams.
 */
async function readAnswer(ctx: IExecuteSingleFunctions, body: unknown): Promise<ChatAnswer> {
	const idleMs = idleMsOf(ctx);
	const live = liveAnswerFor(ctx);
	const aggregator = new ChatStreamAggregator(
		live ? { onTextDelta: (delta: string) => live.add(delta) } : undefined,
	);
	try {
		await live?.begin();
		const failure = await readUntilComplete(ctx, body, aggregator, live, idleMs);
		if (failure !== undefined) throw failure;
		const answer = aggregator.finish();
		// finish() hands over the whole text when the answer carried no deltas of its own.
		await live?.flush();
		await live?.end();
		return answer;
	} catch (error) {
		const nodeError = answerFailedError(ctx, error as Error, idleMs);
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
	const answer = await readAnswer(this, response.body);
	return [{ json: answer as unknown as IDataObject }];
}
