import type { IExecuteSingleFunctions } from 'n8n-workflow';
import { runParameter } from '../runParameters';

type ChunkType = 'begin' | 'item' | 'end' | 'error';

/**
 * n8n gives the single-item context of declarative nodes `isStreaming()` and `sendChunk()` from
 * 2.37.0 on (when a Chat Trigger or a Webhook in Streaming mode started the execution). Its types
 * do not show them, so they are detected rather than assumed; older n8n simply gets no live answer.
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

/**
 * Forwards Vapi's text deltas to the workflow's caller as they arrive: one begin … end (or error)
 * per item. The deltas of one network chunk go out as one message: fewer, larger writes.
 */
export class LiveAnswer {
	private pending: string[] = [];

	constructor(
		private readonly streaming: StreamingContext,
		private readonly itemIndex: number,
	) {}

	async begin(): Promise<void> {
		await this.send('begin');
	}

	/** Keeps a delta until the next flush. */
	add(delta: string): void {
		this.pending.push(delta);
	}

	/** Sends the deltas kept since the last flush, if any. */
	async flush(): Promise<void> {
		if (this.pending.length === 0) return;
		const text = this.pending.join('');
		this.pending = [];
		await this.send('item', text);
	}

	async end(): Promise<void> {
		await this.send('end');
	}

	async fail(message: string): Promise<void> {
		await this.send('error', message);
	}

	private async send(type: ChunkType, content?: string): Promise<void> {
		await this.streaming.sendChunk.call(this.streaming, type, this.itemIndex, content);
	}
}

/**
 * The live answer of this item, or undefined when nobody listens, the user turned it off, or the
 * answer is not streamed (Stream off: Stream Answer to Caller applies to a streamed answer only).
 */
export function liveAnswerFor(ctx: IExecuteSingleFunctions): LiveAnswer | undefined {
	if (!runParameter(ctx, 'options.forwardStream', true)) return undefined;
	if (!runParameter(ctx, 'options.stream', true)) return undefined;
	const streaming = streamingContext(ctx);
	return streaming ? new LiveAnswer(streaming, ctx.getItemIndex()) : undefined;
}
