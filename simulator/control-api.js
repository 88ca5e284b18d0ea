'use strict';

/**
 * HTTP control routes for simulator users in another process (e.g. a real n8n under test).
 * No auth: the simulator only listens on 127.0.0.1.
 *   POST   /__sim/faults    body { when?, times?, fault } → 201 { id }
 *   DELETE /__sim/faults    → 200 { removed }
 *   GET    /__sim/requests  → 200 the request log
 *   POST   /__sim/reset     → 200 { ok: true }
 *   POST   /__sim/options   body { maxConcurrentChats?, latencyMs?, frameDelayMs?, retryAfterSeconds? } → 200 options
 */

const { nestErrorBody } = require('./errors');
const { writeWholeBody, jsonBody } = require('./response-writers');

const send = (res, status, json) => writeWholeBody(res, jsonBody(status, json), {});

// JSON has no Infinity: "no limit" travels as null.
const optionsForJson = (options) => ({
	...options,
	maxConcurrentChats: Number.isFinite(options.maxConcurrentChats)
		? options.maxConcurrentChats
		: null,
});

async function handleControlRequest(sim, req, res, url, path, readBody) {
	const raw = (await readBody(req)) ?? '';
	let body = {};
	try {
		body = raw.trim() ? JSON.parse(raw) : {};
	} catch (error) {
		return send(res, 400, nestErrorBody(400, error.message));
	}
	const route = `${req.method} ${path}`;
	try {
		if (route === 'POST /__sim/faults') {
			const handle = sim.api.addFault({
				when: body.when,
				times: body.times ?? undefined,
				fault: body.fault,
			});
			return send(res, 201, { id: handle.id });
		}
		if (route === 'DELETE /__sim/faults') return send(res, 200, { removed: sim.api.clearFaults() });
		if (route === 'GET /__sim/requests') return send(res, 200, sim.requests);
		if (route === 'POST /__sim/reset') {
			sim.api.reset();
			return send(res, 200, { ok: true });
		}
		if (route === 'POST /__sim/options') {
			const options = { ...body };
			if (options.maxConcurrentChats === null) options.maxConcurrentChats = Infinity;
			sim.api.setOptions(options);
			return send(res, 200, optionsForJson(sim.options));
		}
	} catch (error) {
		if (error instanceof TypeError) return send(res, 400, nestErrorBody(400, error.message));
		throw error;
	}
	return send(res, 404, nestErrorBody(404, `Cannot ${req.method} ${req.url}`));
}

module.exports = { handleControlRequest };
