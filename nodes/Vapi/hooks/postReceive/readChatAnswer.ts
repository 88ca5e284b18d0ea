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
} from '../../stream/aggregate';
import { DEFAULT_IDLE_TIMEOUT_S } from '../../defaults';
import { describeStreamError } from '../../http/vapiErrors';
import { liveAnswerForwarder } from './liveAnswer';
import { forEachChunk, readBodyText, StreamCancelledError, StreamIdleError } from '../../http/responseBody';
import { header, tryParseJson, vapiHttpError } from './vapiResponse';


/** `0.3 seconds`, `1 second`, `60 seconds`. */
function formatSeconds(ms: number): string {
	const seconds = Math.round(ms) / 1000;
	return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

/** Turns the ways a stream can go wrong into the error the user reads, keeping Vapi's words. */
function streamFailure(ctx: IExecuteSingleFunctions, error: Error, idleMs: number): Error {
	const node = ctx.getNode();
	const itemIndex = ctx.getItemIndex();
	const chatMayExist =
		'Vapi had started to answer, so the chat may or may not exist (and be billed); it was not sent again, to avoid billing a second chat. Check Chats in the Vapi dashboard before you run this item again.';
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
				? error.message
				: `Vapi's stream ended before the answer was complete (${error.receivedText.length} characters received)`;
		return new NodeApiError(node, {} as JsonObject, {
			message: what,
			description: chatMayExist,
			itemIndex,
		});
	}
	if (error instanceof StreamIdleError) {
		return new NodeApiError(node, {} as JsonObject, {
			message: `Vapi sent nothing for ${formatSeconds(idleMs)} while streaming the answer`,
			description: `${chatMayExist} Raise "Stream Idle Timeout" in the options if long pauses are expected.`,
			itemIndex,
		});
	}
	if (error instanceof StreamCancelledError) {
		// n8n marks an execution as canceled (not failed) by this word in the error message.
		return new NodeApiError(node, {} as JsonObject, {
			message: 'The execution was canceled',
			itemIndex,
		});
	}
	// The code goes in the description: n8n replaces a message naming ECONNRESET & co. with its own
	// ("…You can retry the request immediately…"), which is wrong advice for a chat that bills.
	const code = (error as { code?: string })?.code;
	return new NodeApiError(node, {} as JsonObject, {
		message: 'The connection to Vapi broke while streaming the answer',
		description: `${code ? `Connection error ${code}. ` : ''}${chatMayExist}`,
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
	// Deltas of one network chunk go out as one message: fewer, larger writes to the caller.
	const flushPending = async () => {
		if (!forwarder || pending.length === 0) return;
		const text = pending.join('');
		pending = [];
		await forwarder.text(text);
	};
	try {
		await forwarder?.begin();
		await forEachChunk(
			body,
			async (chunk) => {
				aggregator.push(chunk);
				await flushPending();
			},
			{ idleMs, signal: ctx.getExecutionCancelSignal?.() },
		);
		const answer = aggregator.finish();
		// finish() hands over the whole text when the stream carried no deltas of its own.
		await flushPending();
		await forwarder?.end();
		return answer;
	} catch (error) {
		const failure = streamFailure(ctx, error as Error, idleMs);
		// Text that came in the same network read as the error still belongs to the caller.
		await flushPending();
		await forwarder?.fail(failure.message);
		throw failure;
	}
}

function outputJson(answer: ChatAnswer, simplify: boolean, sessionId: string): IDataObject {
	const json: IDataObject = {
		chatId: answer.chatId,
		text: answer.text,
		status: answer.status,
		output: answer.output as unknown as IDataObject[],
	};
	// Vapi's responses stream carries no session id; the one the message was sent to is the answer's.
	if (answer.sessionId || sessionId) json.sessionId = answer.sessionId || sessionId;
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
	if (response.statusCode >= 400) {
		// Every request this postReceive reads creates a chat: a 5xx may have created (and billed) it.
		throw await vapiHttpError(this, response, await readBodyText(response.body), 'POST');
	}
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
	const sessionId = String(this.getNodeParameter('sessionId', '', { extractValue: true }) ?? '');
	return [
		{
			json: outputJson(answer, simplify, sessionId.trim()),
			pairedItem: { item: this.getItemIndex() },
		},
	];
}
