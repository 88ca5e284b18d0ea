'use strict';

/**
 * Small helpers for tests that talk to the simulator over HTTP. fetch is fine for whole bodies;
 * `rawRequest` uses node:http because fetch (undici) merges small chunks and hides how bytes arrived.
 */

const http = require('node:http');

function parseJson(text) {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/** `call(method, path, body?, { headers?, apiKey? })` → `{ status, headers, text, json }`. */
function apiClient(sim) {
	return async function call(method, path, body, { headers = {}, apiKey = sim.apiKey } = {}) {
		const hasBody = body !== undefined;
		const response = await fetch(sim.url + path, {
			method,
			headers: {
				...(apiKey === null ? {} : { Authorization: `Bearer ${apiKey}` }),
				...(hasBody ? { 'Content-Type': 'application/json' } : {}),
				...headers,
			},
			body: hasBody ? (typeof body === 'string' ? body : JSON.stringify(body)) : undefined,
		});
		const text = await response.text();
		return { status: response.status, headers: response.headers, text, json: parseJson(text) };
	};
}

/** A plain SSE reader for assertions: blocks split on blank lines, `data:` lines joined with \n. */
function parseSse(text) {
	const events = [];
	for (const block of text.split(/\r?\n\r?\n/)) {
		const fields = { data: [] };
		for (const line of block.split(/\r?\n/)) {
			if (line === '' || line.startsWith(':')) continue;
			const [, name, value] = /^([^:]*):? ?(.*)$/.exec(line);
			if (name === 'data') fields.data.push(value);
			else fields[name] = value;
		}
		if (fields.data.length === 0) continue;
		const data = fields.data.join('\n');
		events.push({ ...fields, data: parseJson(data) ?? data });
	}
	return events;
}

/** node:http request keeping every chunk as it arrived: `{ status, headers, chunks, text }`. */
function rawRequest(sim, method, path, body, { apiKey = sim.apiKey, signal } = {}) {
	return new Promise((resolve, reject) => {
		const payload = body === undefined ? undefined : JSON.stringify(body);
		const headers = {
			Authorization: `Bearer ${apiKey}`,
			...(payload ? { 'Content-Type': 'application/json' } : {}),
		};
		const request = http.request(sim.url + path, { method, headers, signal }, (response) => {
			const chunks = [];
			response.on('data', (chunk) => chunks.push(chunk));
			// A cut-off answer rejects with the chunks that did arrive.
			response.on('error', (error) => reject(Object.assign(error, { chunks })));
			response.on('close', () => {
				if (!response.complete) reject(Object.assign(new Error('response cut off'), { chunks }));
			});
			response.on('end', () => {
				resolve({
					status: response.statusCode,
					headers: response.headers,
					chunks,
					text: Buffer.concat(chunks).toString('utf8'),
				});
			});
		});
		request.on('error', reject);
		request.end(payload);
	});
}

/** Polls `condition` every few ms until it holds (or fails after `timeoutMs`). */
async function waitFor(condition, timeoutMs = 2000) {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline)
			throw new Error(`condition not met within ${timeoutMs} ms: ${condition}`);
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

/** The answer text of a ResponseObject (a non-streamed /chat/responses answer). */
const replyText = (responseObject) => responseObject.output[0].content[0].text;

/** The messages of a validation answer (Vapi's array), once its status is checked to be 400. */
function validationMessages(response) {
	expect(response.status).toBe(400);
	return response.json.message;
}

/** A well-formed id (UUID v4 shape) that names no record. */
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

module.exports = {
	apiClient,
	parseSse,
	rawRequest,
	waitFor,
	replyText,
	validationMessages,
	UNKNOWN_ID,
};
