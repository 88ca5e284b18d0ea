import type {
	IDataObject,
	IExecuteSingleFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
} from 'n8n-workflow';
import {
	answerFromResponseBody,
	ChatStreamAggregator,
	type ChatAnswer,
} from '../../stream/aggregate';
import { DEFAULT_IDLE_TIMEOUT_S } from '../../defaults';
import { answerFailedError } from '../../errors/nodeErrors';
import type { SecretMask } from '../../http/maskSecret';
import { forEachChunk, header, readBodyText, tryParseJson } from '../../http/responseBody';
import { secretMaskFor } from './httpErrors';
import { liveAnswerFor } from './liveAnswer';

/**
 * An SSE answer, aggregated as it arrives and forwarded live when the execution streams. The body
 * is masked already; `mask` masks the text deltas once joined (a key cut across two deltas).
 */
async function readAnswerStream(
	ctx: IExecuteSingleFunctions,
	body: unknown,
	mask: SecretMask,
): Promise<ChatAnswer> {
	const idleSeconds = ctx.getNodeParameter('options.idleTimeout', DEFAULT_IDLE_TIMEOUT_S) as number;
	const idleMs = idleSeconds * 1000;
	const live = liveAnswerFor(ctx);
	const liveText = mask.stream();
	const aggregator = new ChatStreamAggregator(
		live ? { onTextDelta: (delta: string) => live.add(liveText.push(delta)) } : undefined,
	);
	try {
		await live?.begin();
		await forEachChunk(
			body,
			async (chunk) => {
				aggregator.push(chunk);
				await live?.flush();
			},
			{ idleMs, signal: ctx.getExecutionCancelSignal?.() },
		);
		const answer = mask.json(aggregator.finish());
		// finish() hands over the whole text when the stream carried no deltas of its own.
		const heldBack = liveText.end();
		if (heldBack !== '') live?.add(heldBack);
		await live?.flush();
		await live?.end();
		return answer;
	} catch (error) {
		const failure = answerFailedError(ctx, mask.errorFields(error as Error), idleMs);
		// Text that came in the same network read as the error still belongs to the caller.
		await live?.flush();
		await live?.fail(failure.message);
		throw failure;
	}
}

/** One JSON response (Stream off, or a server that does not stream); `mask` as for a stream. */
async function readAnswerJson(
	ctx: IExecuteSingleFunctions,
	body: unknown,
	mask: SecretMask,
): Promise<ChatAnswer> {
	const text = await readBodyText(body, Number.MAX_SAFE_INTEGER);
	try {
		return mask.json(answerFromResponseBody(tryParseJson(text) ?? text));
	} catch (error) {
		throw answerFailedError(ctx, mask.errorFields(error as Error), 0);
	}
}

/**
 * postReceive for Send Message (after throwOnChatError): reads Vapi's answer — an SSE stream or
 * one JSON response — into one item holding the answer, for outputChatAnswer to shape.
 */
export async function readChatAnswer(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	const contentType = header(response, 'content-type') ?? '';
	const mask = await secretMaskFor(this);
	const answer = contentType.includes('text/event-stream')
		? await readAnswerStream(this, response.body, mask)
		: await readAnswerJson(this, response.body, mask);
	return [{ json: answer as unknown as IDataObject }];
}
