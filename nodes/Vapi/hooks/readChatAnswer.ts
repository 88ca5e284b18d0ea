import type {
	IDataObject,
	IExecuteSingleFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import {
	answerFromResponseBody,
	ChatStreamAggregator,
	IncompleteStreamError,
	VapiStreamError,
	type ChatAnswer,
} from '../shared/aggregate';
import { describeHttpError, describeStreamError } from '../shared/errors';
import { parseRetryAfter } from '../shared/retry';
import { liveAnswerForwarder } from './liveAnswer';
import { forEachChunk, readBodyText, StreamCancelledError, StreamIdleError } from './responseBody';

const DEFAULT_IDLE_TIMEOUT_S = 60;

function header(response: IN8nHttpFullResponse, name: string): string | undefined {
	const value = response.headers?.[name];
	return Array.isArray(value) ? String(value[0]) : value === undefined ? undefined : String(value);
}

function tryParseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

async function throwHttpError(
	ctx: IExecuteSingleFunctions,
	response: IN8nHttpFullResponse,
): Promise<never> {
	const bodyText = await readBodyText(response.body);
	const report = describeHttpError(response.statusCode, bodyText, header(response, 'content-type'));
	const retryAfterMs = parseRetryAfter(header(response, 'retry-after'), Date.now());
	const vapiBody = tryParseJson(bodyText);
	const error = new NodeApiError(
		ctx.getNode(),
		{
			httpCode: report.httpCode,
			...(vapiBody && typeof vapiBody === 'object' ? { body: vapiBody } : {}),
		} as JsonObject,
		{
			message: report.message,
			description: report.description,
			httpCode: report.httpCode,
			itemIndex: ctx.getItemIndex(),
		},
	);
	// sendWithRetries reads it to wait as long as Vapi asks before the next attempt.
	if (retryAfterMs !== undefined) error.context.retryAfterMs = retryAfterMs;
	throw error;
}

/** Turns the ways a stream can go wrong into the error the user reads, keeping Vapi's words. */
function streamFailure(ctx: IExecuteSingleFunctions, error: Error, idleMs: number): Error {
	const node = ctx.getNode();
	const itemIndex = ctx.getItemIndex();
	const chatMayExist =
		'The chat was created before the stream broke, so it was not sent again (that would bill a second chat).';
	if (error instanceof VapiStreamError) {
		const report = describeStreamError(error);
		return new NodeApiError(node, { code: error.code ?? null } as JsonObject, {
			message: report.message,
			description: report.description,
			httpCode: report.httpCode,
			itemIndex,
		});
	}
	if (error instanceof IncompleteStreamError) {
		const what =
			error.reason === 'malformed'
				? `Vapi sent a malformed stream event: ${error.message}`
				: `Vapi's stream ended before the answer was complete (${error.receivedText.length} characters received)`;
		return new NodeApiError(node, {} as JsonObject, {
			message: what,
			description: `${chatMayExist} Run the item again to get a complete answer.`,
			itemIndex,
		});
	}
	if (error instanceof StreamIdleError) {
		return new NodeApiError(node, {} as JsonObject, {
			message: `Vapi sent nothing for ${Math.round(idleMs / 1000)} seconds while streaming the answer`,
			description: `${chatMayExist} Raise "Stream Idle Timeout" in the options if long pauses are expected.`,
			itemIndex,
		});
	}
	if (error instanceof StreamCancelledError) {
		return new NodeApiError(node, {} as JsonObject, { message: 'The execution was cancelled', itemIndex });
	}
	const code = (error as { code?: string })?.code;
	return new NodeApiError(node, {} as JsonObject, {
		message: `The connection to Vapi broke while streaming the answer${code ? ` (${code})` : ''}`,
		description: chatMayExist,
		itemIndex,
	});
}

async function aggregateStream(ctx: IExecuteSingleFunctions, body: unknown): Promise<ChatAnswer> {
	const idleMs =
		(ctx.getNodeParameter('options.idleTimeout', DEFAULT_IDLE_TIMEOUT_S) as number) * 1000;
	const forwarder = liveAnswerForwarder(ctx);
	let pending: string[] = [];
	const aggregator = new ChatStreamAggregator(
		forwarder ? { onTextDelta: (delta: string) => pending.push(delta) } : undefined,
	);
	try {
		await forwarder?.begin();
		await forEachChunk(
			body,
			async (chunk) => {
				aggregator.push(chunk);
				if (forwarder && pending.length > 0) {
					const deltas = pending;
					pending = [];
					await forwarder.text(deltas.join(''));
				}
			},
			{ idleMs, signal: ctx.getExecutionCancelSignal?.() },
		);
		const answer = aggregator.finish();
		await forwarder?.end();
		return answer;
	} catch (error) {
		const failure = streamFailure(ctx, error as Error, idleMs);
		await forwarder?.fail(failure.message);
		throw failure;
	}
}

function outputJson(answer: ChatAnswer, simplify: boolean): IDataObject {
	const json: IDataObject = {
		chatId: answer.chatId,
		text: answer.text,
		status: answer.status,
		output: answer.output as unknown as IDataObject[],
	};
	if (answer.sessionId) json.sessionId = answer.sessionId;
	if (!simplify && answer.response) json.response = answer.response as IDataObject;
	return json;
}

/**
 * postReceive for Send Message: reads Vapi's answer — an SSE stream or one JSON response — into
 * one item with the chat ID, so the next node can continue with Previous Chat ID.
 */
export async function readChatAnswer(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	if (response.statusCode >= 400) await throwHttpError(this, response);
	const contentType = header(response, 'content-type') ?? '';
	let answer: ChatAnswer;
	if (contentType.includes('text/event-stream')) {
		answer = await aggregateStream(this, response.body);
	} else {
		const text = await readBodyText(response.body, Number.MAX_SAFE_INTEGER);
		try {
			answer = answerFromResponseBody(tryParseJson(text) ?? text);
		} catch (error) {
			throw streamFailure(this, error as Error, 0);
		}
	}
	const simplify = this.getNodeParameter('simplify', true) as boolean;
	return [{ json: outputJson(answer, simplify), pairedItem: { item: this.getItemIndex() } }];
}
