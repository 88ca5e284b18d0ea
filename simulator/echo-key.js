'use strict';

/**
 * The echoKey fault: Vapi (or a proxy in front of it) writes the request's own bearer key back into
 * the answer. Each mode is one place a client turns answer bytes into text a user could see:
 *   errorEvent  an in-stream `error` event whose message holds it (after 1 frame, then the end)
 *   failedEvent a `response.failed` event (status failed, `error` holds it) after 1 delta; stream:false: that ResponseObject
 *   dataLine    a non-JSON `data:` line holding it, after the first frame (the answer goes on)
 *   jsonField   a `debug.authorization` field in a whole 2xx JSON object (records, pages, ResponseObject)
 *   errorBody   an HTTP error (fault `status`, default 401) whose NestJS message holds it; no chat is made
 *   delta       one extra text delta holding it whole (the stored reply holds it too)
 *   splitDelta  the same, the key cut in two deltas
 * The key is always echoed as `Bearer <key>`, verbatim.
 */

const ECHO_MODES = [
	'errorEvent',
	'failedEvent',
	'dataLine',
	'jsonField',
	'errorBody',
	'delta',
	'splitDelta',
];

/** The modes a fault asks for (echoKey is one mode or a list). */
function echoModesOf(fault) {
	if (fault.echoKey === undefined) return [];
	return Array.isArray(fault.echoKey) ? fault.echoKey : [fault.echoKey];
}

const echoedKey = (apiKey) => `Bearer ${apiKey}`;

/** The reply's extra deltas for the delta modes ([] for the others). */
function echoDeltas(fault, apiKey) {
	const modes = echoModesOf(fault);
	if (modes.includes('splitDelta')) {
		const half = Math.ceil(apiKey.length / 2);
		return [` (echo: Bearer ${apiKey.slice(0, half)}`, `${apiKey.slice(half)})`];
	}
	if (modes.includes('delta')) return [` (echo: ${echoedKey(apiKey)})`];
	return [];
}

/** The finalStatus a `failedEvent` echo stands for, or undefined. */
function echoFinalStatus(fault, apiKey) {
	if (!echoModesOf(fault).includes('failedEvent')) return undefined;
	return {
		status: 'failed',
		error: `Upstream provider refused the credentials "Authorization: ${echoedKey(apiKey)}".`,
		afterDeltas: 1,
		event: 'response.failed',
	};
}

/** The stream writer's fault with the errorEvent and dataLine echoes turned into what it writes. */
function streamFault(fault, apiKey) {
	const modes = echoModesOf(fault);
	const derived = { ...fault };
	if (modes.includes('errorEvent')) {
		derived.errorEvent = {
			afterFrames: fault.errorEvent?.afterFrames ?? 1,
			code: fault.errorEvent?.code ?? 'invalid_api_key',
			message: `Upstream provider refused the credentials "Authorization: ${echoedKey(apiKey)}".`,
		};
	}
	if (modes.includes('dataLine'))
		derived.garbageLine = `proxy error: upstream refused Authorization: ${echoedKey(apiKey)}`;
	return derived;
}

module.exports = {
	ECHO_MODES,
	echoModesOf,
	echoedKey,
	echoDeltas,
	echoFinalStatus,
	streamFault,
};
