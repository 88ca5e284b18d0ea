import type { IN8nHttpFullResponse } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import type { SecretMask } from './maskSecret';

/** What n8n hands a postReceive for `encoding: 'stream'`: a Node readable, iterable by chunks. */
interface ByteStream extends AsyncIterable<Uint8Array> {
	destroy?(error?: Error): void;
}

export class StreamIdleError extends Error {
	constructor(readonly idleMs: number) {
		super(`no data for ${idleMs / 1000} s`);
	}
}

/** Mapped to the canceled error n8n recognises by errors/nodeErrors.ts. */
export class StreamCancelledError extends Error {
	constructor() {
		super('the execution was canceled');
	}
}

const encoder = new TextEncoder();

/** A response header (n8n gives them lower-cased), the first when repeated. */
export function header(response: IN8nHttpFullResponse, name: string): string | undefined {
	const value = response.headers?.[name];
	return Array.isArray(value) ? String(value[0]) : value === undefined ? undefined : String(value);
}

/** A body n8n already read (text, bytes or parsed JSON) as its text. */
export function bodyText(body: unknown): string {
	if (typeof body === 'string') return body;
	if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
	return body === undefined || body === null ? '' : JSON.stringify(body);
}

/** The parsed JSON of `text`, undefined when it is not JSON. */
export function tryParseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/** The body as byte chunks, whatever shape the engine delivered it in. */
function asChunks(body: unknown): AsyncIterable<Uint8Array> | Iterable<Uint8Array> {
	if (body instanceof Uint8Array) return [body];
	if (typeof body === 'string') return [encoder.encode(body)];
	if (body && typeof body === 'object' && Symbol.asyncIterator in body) return body as ByteStream;
	// Already parsed JSON (another engine path): hand it back as its text.
	return [encoder.encode(body === undefined ? '' : JSON.stringify(body))];
}

/**
 * A streamed body whose chunks come out with the key masked (SecretMask, chunk by chunk: a key cut
 * across two network reads is masked too), as text (texts(): what the answer reader takes, decoded
 * once) or as bytes. destroy() and on() reach the socket's stream, so the idle watchdog and an
 * early close work on it as on the body itself.
 */
class MaskedByteStream implements AsyncIterable<Uint8Array> {
	constructor(
		private readonly source: ByteStream & { on?(event: string, listener: () => void): unknown },
		private readonly mask: SecretMask,
	) {}

	destroy(error?: Error): void {
		this.source.destroy?.(error);
	}

	on(event: string, listener: () => void): this {
		this.source.on?.(event, listener);
		return this;
	}

	async *texts(): AsyncGenerator<string> {
		const decoder = new TextDecoder();
		const text = this.mask.stream();
		for await (const chunk of this.source) {
			// Even an empty chunk is handed on: it shows the idle watchdog that Vapi is still sending.
			yield text.push(decoder.decode(chunk, { stream: true }));
		}
		const rest = text.push(decoder.decode()) + text.end();
		if (rest !== '') yield rest;
	}

	async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
		for await (const text of this.texts()) yield encoder.encode(text);
	}
}

/**
 * The body as n8n delivered it (a stream, bytes, text or parsed JSON), in the same shape, with the
 * API key masked: what every later step reads instead of Vapi's own bytes.
 */
export function maskedBody(body: unknown, mask: SecretMask): unknown {
	if (typeof body === 'string') return mask.text(body);
	if (body instanceof Uint8Array)
		return encoder.encode(mask.text(Buffer.from(body).toString('utf8')));
	if (body && typeof body === 'object' && Symbol.asyncIterator in body) {
		return new MaskedByteStream(body as ByteStream, mask);
	}
	return mask.json(body);
}

/** Reads an error body, keeping at most `maxBytes`: error pages are short, proxies' may not be. */
export async function readBodyText(body: unknown, maxBytes = 64 * 1024): Promise<string> {
	const decoder = new TextDecoder();
	let text = '';
	let size = 0;
	for await (const chunk of asChunks(body)) {
		const room = maxBytes - size;
		text += decoder.decode(chunk.subarray(0, room), { stream: true });
		size += Math.min(chunk.length, room);
		if (size >= maxBytes) {
			(body as ByteStream).destroy?.();
			break;
		}
	}
	return text + decoder.decode();
}

const ignore = () => {};

type Destroyable = ByteStream & { on?(event: string, listener: () => void): unknown };

/**
 * Watches one body while it is read: stops it with StreamIdleError when nothing arrived for
 * `idleMs`, with StreamCancelledError as soon as `signal` aborts. It polls instead of arming a
 * timer per chunk, so a long stream leaves at most one short timer behind.
 */
class ReadWatchdog {
	lastActivity = Date.now();
	done = false;
	failure: Error | undefined;
	/** Rejects the read in progress (one settle function at a time: nothing piles up per chunk). */
	private interruptRead: (failure: Error) => void = ignore;

	constructor(
		private readonly stream: Destroyable,
		private readonly idleMs: number,
		private readonly signal?: AbortSignal,
	) {
		// Not awaited: it notices `done` on its next tick; waiting for it would add latency to every item.
		void this.poll(Math.max(5, Math.min(250, idleMs / 4)));
	}

	/** The iterator's next step, or the watchdog's failure as soon as it stops the body. */
	async next<T>(iterator: Iterator<T> | AsyncIterator<T>): Promise<IteratorResult<T>> {
		const step = await new Promise<IteratorResult<T>>((resolve, reject) => {
			this.interruptRead = reject;
			// A read still pending when the watchdog stops us settles later: nobody waits for it.
			Promise.resolve(iterator.next()).then(resolve, reject);
		});
		this.interruptRead = ignore;
		return step;
	}

	private async poll(pollMs: number): Promise<void> {
		while (!this.done) {
			await sleep(pollMs);
			if (this.done) return;
			if (this.signal?.aborted) return this.stop(new StreamCancelledError());
			if (Date.now() - this.lastActivity > this.idleMs) {
				return this.stop(new StreamIdleError(this.idleMs));
			}
		}
	}

	private stop(failure: Error): void {
		this.failure = failure;
		// The late 'error' of a destroy that completes after we left must not go unhandled.
		this.stream.on?.('error', ignore);
		this.stream.destroy?.(failure);
		this.interruptRead(failure);
	}
}

/**
 * Feeds each chunk to `onChunk` as it arrives, under a ReadWatchdog (idle timeout, cancel): a
 * masked stream's chunks as text, any other body's as bytes.
 *
 * Each read races the watchdog: destroying the body does not end a pending read when the body
 * wraps the socket (axios ≥ 1.12 hands n8n a `Readable.from(generator)`, whose destroy waits for
 * the generator's current read, i.e. for the stalled server), so the item fails on time anyway.
 */
export async function forEachChunk(
	body: unknown,
	onChunk: (chunk: Uint8Array | string) => void | Promise<void>,
	options: { idleMs: number; signal?: AbortSignal },
): Promise<void> {
	const watch = new ReadWatchdog(body as Destroyable, options.idleMs, options.signal);
	const chunks = body instanceof MaskedByteStream ? body.texts() : asChunks(body);
	const iterator =
		Symbol.asyncIterator in chunks
			? (chunks as AsyncIterable<Uint8Array | string>)[Symbol.asyncIterator]()
			: (chunks as Iterable<Uint8Array>)[Symbol.iterator]();
	let ended = false;
	try {
		for (;;) {
			const step = await watch.next(iterator);
			if (step.done) {
				ended = true;
				break;
			}
			watch.lastActivity = Date.now();
			await onChunk(step.value);
			if (watch.failure) break;
		}
	} catch (error) {
		throw watch.failure ?? error;
	} finally {
		watch.done = true;
		// Leaving early (a failed chunk, the watchdog): release the body as `for await` would.
		if (!ended) void Promise.resolve(iterator.return?.()).catch(ignore);
	}
	if (watch.failure) throw watch.failure;
}
