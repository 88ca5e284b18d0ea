import type { IExecuteSingleFunctions } from 'n8n-workflow';

type ChunkType = 'begin' | 'item' | 'end' | 'error';

/**
 * n8n ≥ 1.100 gives execution contexts `isStreaming()` and `sendChunk()` (Chat Trigger or Webhook
 * in Streaming mode). The single-item context of declarative nodes has them at runtime but not in
 * its types, so they are detected rather than assumed; older n8n simply gets no live answer.
 */
interface StreamingContext {
	isStreaming(): boolean;
	sendChunk(type: ChunkType, itemIndex: number, content?: string): Promise<void>;
}

function streamingContext(ctx: IExecuteSingleFunctions): StreamingContext | undefined {
	const candidate = ctx as unknown as Partial<StreamingContext>;
	if (typeof candidate.isStreaming !== 'function' || typeof candidate.sendChunk !== 'function') {
		return undefined;
	}
	return candidate.isStreaming() ? (candidate as StreamingContext) : undefined;
}

export interface LiveAnswerForwarder {
	begin(): Promise<void>;
	text(delta: string): Promise<void>;
	end(): Promise<void>;
	fail(message: string): Promise<void>;
}

/** Forwards Vapi's text deltas to the workflow's caller as they arrive, one begin…end per item. */
export function liveAnswerForwarder(ctx: IExecuteSingleFunctions): LiveAnswerForwarder | undefined {
	if (!(ctx.getNodeParameter('options.forwardStream', true) as boolean)) return undefined;
	const streaming = streamingContext(ctx);
	if (!streaming) return undefined;
	const itemIndex = ctx.getItemIndex();
	const send = async (type: ChunkType, content?: string) =>
		await streaming.sendChunk.call(streaming, type, itemIndex, content);
	return {
		begin: async () => await send('begin'),
		text: async (delta) => await send('item', delta),
		end: async () => await send('end'),
		fail: async (message) => await send('error', message),
	};
}
