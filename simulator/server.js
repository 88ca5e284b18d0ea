'use strict';

/**
 * The request pipeline, in Vapi's order: route (404) → JSON body (400) → bearer key (401) →
 * concurrency limit for chat creation (429) → injected fault and latency → handler → writer.
 * Every API request is logged; `/__sim/*` control requests are not (they are not Vapi traffic).
 */

const { HttpError, nestErrorBody, INVALID_KEY_MESSAGE } = require('./errors');
const { matchRoute } = require('./routes');
const { faultResponse, redirectResponse, bentJsonBody, isDisruptive } = require('./faults');
const { echoModesOf, streamFault } = require('./echo-key');
const { writeEventStream, writeWholeBody, jsonBody } = require('./response-writers');
const { handleControlRequest } = require('./control-api');
const sleepUntilClosed = require('./sleep');

const MAX_BODY_BYTES = 10 * 1024 * 1024;

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		req.on('data', (chunk) => {
			size += chunk.length;
			if (size <= MAX_BODY_BYTES) chunks.push(chunk);
		});
		req.on('end', () =>
			resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8')),
		);
		req.on('error', reject);
	});
}

function forLog(raw) {
	if (raw === null || raw === '') return undefined;
	try {
		return JSON.parse(raw);
	} catch {
		return raw;
	}
}

// Like Nest's JSON body parser: only application/json bodies are parsed; empty means {}.
function parseApiBody(req, raw) {
	const isJson = /^application\/([\w.+-]*\+)?json\b/i.test(req.headers['content-type'] ?? '');
	if (!isJson || raw.trim() === '') return {};
	try {
		return JSON.parse(raw);
	} catch (error) {
		throw new HttpError(400, error.message);
	}
}

function isAuthorized(req, apiKey) {
	const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
	return Boolean(match) && match[1].trim() === apiKey;
}

function normalizePath(pathname) {
	return pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
}

function startLogEntry(sim, req, url, path, raw) {
	const entry = {
		seq: ++sim.lastSeq,
		method: req.method,
		path,
		query: Object.fromEntries(url.searchParams),
		headers: { ...req.headers },
		body: forLog(raw),
		// The bytes as received: what a parsed body cannot show (key order, spacing, `__proto__` keys).
		rawBody: raw === null || raw === '' ? undefined : raw,
		status: null,
		startedAt: Date.now(),
		finishedAt: null,
		outcome: null,
	};
	sim.requests.push(entry);
	return entry;
}

function finishLogEntry(entry, res) {
	entry.status = res.headersSent ? res.statusCode : null;
	entry.finishedAt = Date.now();
	// The client went away (or a reset fault cut it) before the answer was complete.
	if (!res.writableFinished) entry.aborted = true;
	entry.outcome ??= entry.status !== null && entry.status < 400 && !entry.aborted ? 'ok' : 'error';
}

const sendJson = (res, status, json, headers) =>
	writeWholeBody(res, jsonBody(status, json, headers), {});

async function handleApiRequest(sim, req, res, url, path) {
	// A client that gives up while still sending its body gets nothing back; that is not a simulator error.
	const raw = await readBody(req).catch(() => undefined);
	if (raw === undefined) return res.destroy();
	const entry = startLogEntry(sim, req, url, path, raw);
	res.on('close', () => finishLogEntry(entry, res));

	const route = matchRoute(req.method, path);
	if (!route) return sendJson(res, 404, nestErrorBody(404, `Cannot ${req.method} ${req.url}`));
	if (raw === null) return sendJson(res, 413, nestErrorBody(413, 'request entity too large'));
	let body;
	try {
		body = parseApiBody(req, raw);
	} catch (error) {
		return sendJson(res, error.statusCode, error.body);
	}
	if (!isAuthorized(req, sim.apiKey))
		return sendJson(res, 401, nestErrorBody(401, INVALID_KEY_MESSAGE));

	if (route.createsChat) {
		if (sim.inFlightChats >= sim.options.maxConcurrentChats) {
			entry.outcome = 'rateLimited';
			const retryAfter = { 'Retry-After': String(sim.options.retryAfterSeconds) };
			return sendJson(res, 429, nestErrorBody(429, 'Rate limit exceeded'), retryAfter);
		}
		sim.inFlightChats++;
		res.on('close', () => sim.inFlightChats--);
	}

	const taken = sim.faults.take({
		method: req.method,
		path,
		query: entry.query,
		headers: entry.headers,
		body,
	});
	const fault = taken?.fault ?? {};
	if (taken) {
		entry.fault = fault;
		entry.faultIds = taken.ids;
		if (isDisruptive(fault)) entry.outcome = 'fault';
	}
	await sleepUntilClosed(sim.options.latencyMs + (fault.latencyMs ?? 0), res);
	if (res.destroyed) return;

	// Vapi's API never redirects; a proxy or a moved base URL might. No chat is made.
	if (fault.redirect) return writeWholeBody(res, redirectResponse(fault.redirect), fault);
	if (fault.status !== undefined || fault.html || echoModesOf(fault).includes('errorBody')) {
		// afterCreate: the chat is made (and billed) but the client only sees the error.
		if (fault.afterCreate)
			await runHandler(sim, route, { body, query: url.searchParams, entry, fault }).catch(() => {});
		return writeWholeBody(res, faultResponse(fault, sim.apiKey), fault);
	}

	let result;
	try {
		result = await runHandler(sim, route, { body, query: url.searchParams, entry, fault });
	} catch (error) {
		if (!(error instanceof HttpError)) throw error;
		return writeWholeBody(res, jsonBody(error.statusCode, error.body), fault);
	}
	if (result.events) {
		const frameDelayMs = sim.options.frameDelayMs;
		return writeEventStream(res, result.events, {
			fault: streamFault(fault, sim.apiKey),
			frameDelayMs,
		});
	}
	const answer = bentJsonBody(jsonBody(result.status, result.json), result.json, fault, sim.apiKey);
	return writeWholeBody(res, answer, fault);
}

async function runHandler(sim, route, context) {
	return route.handler(sim, { ...context, params: route.params });
}

/** The node:http request listener for a simulator state `sim`. */
function createRequestListener(sim) {
	return (req, res) => {
		const url = new URL(req.url, 'http://127.0.0.1');
		const path = normalizePath(url.pathname);
		const handled = path.startsWith('/__sim/')
			? handleControlRequest(sim, req, res, url, path, readBody)
			: handleApiRequest(sim, req, res, url, path);
		handled.catch((error) => {
			// A bug in the simulator must fail the request visibly, never hang it; tests can read the cause.
			sim.internalErrors.push(error);
			if (!res.headersSent) sendJson(res, 500, nestErrorBody(500, 'Internal server error'));
			else res.destroy();
		});
	};
}

module.exports = { createRequestListener };
