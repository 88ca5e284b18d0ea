'use strict';

/**
 * Writes answers onto the socket, bending the framing the way the fault asks: n-byte pieces that
 * cut through frames and UTF-8 characters, CRLF line ends, comments, `event:`/`id:`/`retry:` lines,
 * multi-line `data:`, garbage and unknown events, and endings that are not the normal one.
 */

const sleepUntilClosed = require('./sleep');
const { pingsOf } = require('./faults');

/**
 * `headers` with the `contentType` switch applied: a string replaces the Content-Type (any case,
 * e.g. Vapi's spec labels the stream `application/json`), null removes it.
 */
function withContentType(headers, fault) {
	if (fault.contentType === undefined) return headers;
	const rest = Object.fromEntries(
		Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'content-type'),
	);
	return fault.contentType === null ? rest : { ...rest, 'Content-Type': fault.contentType };
}

function drainedOrClosed(res) {
	return new Promise((resolve) => {
		const done = () => {
			res.off('drain', done);
			res.off('close', done);
			resolve();
		};
		res.on('drain', done);
		res.on('close', done);
	});
}

function createByteWriter(res, { chunkSize, crlf }) {
	let carry = Buffer.alloc(0);
	let lastWrite = Promise.resolve();

	async function writeRaw(bytes) {
		if (res.destroyed) return;
		lastWrite = new Promise((resolve) => res.write(bytes, () => resolve()));
		if (res.writableNeedDrain) await drainedOrClosed(res);
	}

	async function write(text) {
		const bytes = Buffer.from(crlf ? text.replace(/\n/g, '\r\n') : text);
		if (!chunkSize) return writeRaw(bytes);
		// Pieces run on across frame boundaries; the remainder waits for the next write.
		const pending = Buffer.concat([carry, bytes]);
		const whole = pending.length - (pending.length % chunkSize);
		for (let i = 0; i < whole; i += chunkSize) await writeRaw(pending.subarray(i, i + chunkSize));
		carry = pending.subarray(whole);
	}

	async function flush() {
		if (carry.length) await writeRaw(carry);
		carry = Buffer.alloc(0);
	}

	/** Resolves once everything written so far has reached the socket (before a deliberate reset). */
	async function settled() {
		await flush();
		await lastWrite;
	}

	return { write, flush, settled };
}

function encodeEvent(event, fault, eventNumber) {
	const lines = [];
	if (fault.idRetryLines) {
		lines.push(`id: ${eventNumber}`);
		if (eventNumber === 1) lines.push('retry: 3000');
	}
	if (fault.eventLines && typeof event.type === 'string') lines.push(`event: ${event.type}`);
	// Pretty-printed JSON spread over several `data:` lines is still one event once they are joined.
	const json = fault.multiDataLines ? JSON.stringify(event, null, 2) : JSON.stringify(event);
	for (const line of json.split('\n')) lines.push(`data: ${line}`);
	return `${lines.join('\n')}\n\n`;
}

function unknownEvent(index) {
	return index === 0
		? { type: 'response.created', sequence_number: 0 }
		: { type: 'response.simulator.heartbeat', sequence_number: index };
}

/**
 * Streams `events` as SSE. "After n frames" counts the answer's own events (0 = before the first);
 * an errorEvent asked for beyond the last event comes after it.
 */
async function writeEventStream(res, events, { fault, frameDelayMs }) {
	res.writeHead(
		200,
		withContentType(
			{
				'Content-Type': 'text/event-stream',
				'Cache-Control': 'no-cache',
				Connection: 'keep-alive',
			},
			fault,
		),
	);
	res.flushHeaders();
	const out = createByteWriter(res, fault);
	if (fault.pings) await writePings(res, out, pingsOf(fault));
	let eventNumber = 0;
	const send = (event) => out.write(encodeEvent(event, fault, ++eventNumber));
	const errorAt = fault.errorEvent
		? Math.min(fault.errorEvent.afterFrames ?? 1, events.length)
		: -1;

	if (fault.comments) await out.write(': keep-alive\n\n');
	for (let i = 0; i <= events.length; i++) {
		if (res.destroyed) return;
		if (i === errorAt) {
			const { code = 'server_error', message = 'The model failed mid-answer — please retry.' } =
				fault.errorEvent;
			await send({ type: 'error', code, message, param: null, sequence_number: i });
			await out.flush();
			res.end();
			return;
		}
		if (i === fault.truncateAfterFrames) {
			await out.flush();
			res.end();
			return;
		}
		if (i === fault.resetAfterFrames) {
			await out.settled();
			res.destroy();
			return;
		}
		if (i === fault.stallAfterFrames) {
			await out.flush();
			await sleepUntilClosed(fault.stallMs ?? Infinity, res);
		}
		if (i === events.length) break;
		if (i > 0 && frameDelayMs > 0) await sleepUntilClosed(frameDelayMs, res);
		if (fault.unknownEvents) await send(unknownEvent(i));
		if ((fault.garbage || fault.garbageLine) && i === 1)
			await out.write(`data: ${fault.garbageLine ?? '{this is not json'}\n\n`);
		await send(events[i]);
		if (fault.comments) await out.write(': keep-alive\n\n');
	}
	if (res.destroyed) return;
	if (fault.done) await out.write('data: [DONE]\n\n');
	await out.flush();
	if (fault.keepOpen) return holdOpen(res, out, fault.keepOpen, events.at(-1), send);
	res.end();
}

/** `: ping` comments every `everyMs` for `forMs` (Infinity: until the client leaves). */
async function writePings(res, out, { everyMs, forMs }) {
	const until = Date.now() + forMs;
	while (!res.destroyed) {
		await out.write(': ping\n\n');
		await out.flush();
		const left = until - Date.now();
		if (left <= 0) return;
		await sleepUntilClosed(Math.min(everyMs, left), res);
	}
}

/**
 * The answer is over but the response never ends (until the client leaves or the simulator
 * closes): optionally one late delta after it, and `: ping` comments every `pingMs`.
 */
async function holdOpen(res, out, keepOpen, lastEvent, send) {
	const { lateDelta, pingMs } = keepOpen === true ? {} : keepOpen;
	if (lateDelta !== undefined) {
		const itemId = lastEvent?.response?.output?.[0]?.id ?? 'msg_late';
		await send({
			type: 'response.output_text.delta',
			item_id: itemId,
			output_index: 0,
			content_index: 0,
			delta: lateDelta,
		});
		await out.flush();
	}
	if (!pingMs) return sleepUntilClosed(Infinity, res);
	return writePings(res, out, { everyMs: pingMs, forMs: Infinity });
}

/**
 * Sends a whole body (JSON or text). `resetAfterFrames` drops the connection instead of answering
 * and `stallAfterFrames` holds the answer back for `stallMs`: the request reached the server either way.
 */
async function writeWholeBody(res, { status, headers, body }, fault) {
	if (fault.resetAfterFrames !== undefined) {
		res.destroy();
		return;
	}
	if (fault.stallAfterFrames !== undefined) await sleepUntilClosed(fault.stallMs ?? Infinity, res);
	if (res.destroyed) return;
	const bytes = Buffer.from(body);
	// With chunkSize the body goes chunked: each piece is its own HTTP chunk, which clients keep apart.
	const labelled = withContentType(headers, fault);
	res.writeHead(
		status,
		fault.chunkSize ? labelled : { ...labelled, 'Content-Length': bytes.length },
	);
	const out = createByteWriter(res, { chunkSize: fault.chunkSize });
	await out.write(body);
	await out.flush();
	res.end();
}

function jsonBody(status, json, headers = {}) {
	return {
		status,
		headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
		body: JSON.stringify(json),
	};
}

module.exports = { writeEventStream, writeWholeBody, jsonBody };
