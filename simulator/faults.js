'use strict';

/**
 * Injected faults. A fault rule is `{ when?, times?, fault }`: `when` picks requests (an object of
 * method / path / inputIncludes, or a function of the request), `times` how many it hits (default
 * unlimited), `fault` what goes wrong. Every rule matching a request applies, later rules winning
 * on the same switch, and each counts one use.
 */

const { nestErrorBody } = require('./errors');
const { isObject } = require('./validation');
const { ECHO_MODES, echoModesOf, echoedKey } = require('./echo-key');

const RESPONSE_STATUSES = ['completed', 'failed', 'in_progress', 'incomplete'];
const NOT_A_RECORD = ['empty', 'null', 'array', 'string', 'emptyObject'];
const isCount = (value) => value === undefined || (typeof value === 'number' && value >= 0);
const onlyKeys = (value, keys) => Object.keys(value).every((key) => keys.includes(key));

// What each new switch takes; a wrong value is a TypeError like an unknown switch.
const VALUE_CHECKS = {
	contentType: [(v) => v === null || typeof v === 'string', 'a string, or null for none'],
	textParts: [(v) => typeof v === 'boolean', 'a boolean'],
	responseId: [(v) => typeof v === 'boolean', 'a boolean'],
	finalStatus: [
		(v) =>
			RESPONSE_STATUSES.includes(v) ||
			(isObject(v) &&
				onlyKeys(v, ['status', 'error', 'afterDeltas', 'event']) &&
				(v.status === undefined || RESPONSE_STATUSES.includes(v.status)) &&
				isCount(v.afterDeltas)),
		`one of ${RESPONSE_STATUSES.join(', ')}, or { status?, error?, afterDeltas?, event? }`,
	],
	functionCall: [
		(v) => v === true || (isObject(v) && onlyKeys(v, ['name', 'arguments', 'callId'])),
		'true or { name?, arguments?, callId? }',
	],
	keepOpen: [
		(v) => v === true || (isObject(v) && onlyKeys(v, ['lateDelta', 'pingMs']) && isCount(v.pingMs)),
		'true or { lateDelta?, pingMs? }',
	],
	pings: [
		(v) =>
			v === true ||
			(isObject(v) && onlyKeys(v, ['everyMs', 'forMs']) && isCount(v.everyMs) && isCount(v.forMs)),
		'true or { everyMs?, forMs? }',
	],
	redirect: [
		(v) =>
			isObject(v) &&
			onlyKeys(v, ['location', 'status']) &&
			typeof v.location === 'string' &&
			(v.status === undefined || (Number.isInteger(v.status) && v.status >= 300 && v.status < 400)),
		'{ location: <URL>, status?: 3xx }',
	],
	echoKey: [
		(v) => (Array.isArray(v) ? v : [v]).every((mode) => ECHO_MODES.includes(mode)),
		`one or a list of ${ECHO_MODES.join(', ')}`,
	],
	notARecord: [(v) => NOT_A_RECORD.includes(v), NOT_A_RECORD.join(', ')],
};

const FAULT_SWITCHES = [
	'latencyMs',
	'chunkSize',
	'crlf',
	'comments',
	'eventLines',
	'multiDataLines',
	'idRetryLines',
	'done',
	'errorEvent',
	'truncateAfterFrames',
	'resetAfterFrames',
	'stallAfterFrames',
	'stallMs',
	'garbage',
	'status',
	'body',
	'contentType',
	'retryAfter',
	'html',
	'afterCreate',
	'nativeStream',
	'unknownEvents',
	'textParts',
	'finalStatus',
	'functionCall',
	'keepOpen',
	'pings',
	'redirect',
	'echoKey',
	'notARecord',
	'responseId',
];
const WHEN_KEYS = ['method', 'path', 'inputIncludes'];

// Switches that spoil the answer; a request they hit is logged with outcome 'fault'.
const DISRUPTIVE_SWITCHES = [
	'status',
	'html',
	'errorEvent',
	'truncateAfterFrames',
	'resetAfterFrames',
	'stallAfterFrames',
	'garbage',
	'redirect',
	'notARecord',
	'keepOpen',
];
// Of the echoKey modes (echo-key.js), these spoil the answer; `jsonField` and the deltas do not.
const DISRUPTIVE_ECHOES = ['errorEvent', 'failedEvent', 'dataLine', 'errorBody'];

const DEFAULT_MESSAGES = {
	402: 'Your organization has no payment method. Add a card in the Vapi dashboard (Billing) to continue.',
	404: 'Not Found',
	429: 'Rate limit exceeded',
	500: 'Internal server error',
	502: 'Bad Gateway',
	503: 'Service Unavailable',
};

/** Throws a TypeError naming the problem, so a typo in a test's fault fails loudly. */
function checkRule({ when, times, fault }) {
	if (!isObject(fault)) throw new TypeError('fault must be an object of fault switches');
	const unknown = Object.keys(fault).filter((key) => !FAULT_SWITCHES.includes(key));
	if (unknown.length) throw new TypeError(`unknown fault switch: ${unknown.join(', ')}`);
	for (const [key, [isValid, expected]] of Object.entries(VALUE_CHECKS)) {
		if (fault[key] !== undefined && !isValid(fault[key]))
			throw new TypeError(`fault ${key} must be ${expected}`);
	}
	if (when !== undefined && typeof when !== 'function') {
		if (!isObject(when)) throw new TypeError('when must be an object or a function');
		const unknownWhen = Object.keys(when).filter((key) => !WHEN_KEYS.includes(key));
		if (unknownWhen.length) throw new TypeError(`unknown when key: ${unknownWhen.join(', ')}`);
	}
	if (times !== undefined && times !== null && !(typeof times === 'number' && times > 0)) {
		throw new TypeError('times must be a positive number');
	}
}

function inputText(body) {
	const input = body?.input;
	if (typeof input === 'string') return input;
	if (Array.isArray(input))
		return input.map((m) => (typeof m?.content === 'string' ? m.content : '')).join('\n');
	return '';
}

// `path` is exact, ends in '*' for a prefix, or (in process) a RegExp.
function pathMatches(pattern, path) {
	if (pattern instanceof RegExp) return pattern.test(path);
	if (pattern.endsWith('*')) return path.startsWith(pattern.slice(0, -1));
	return path === pattern;
}

function whenMatches(when, request) {
	if (when === undefined) return true;
	if (typeof when === 'function') return Boolean(when(request));
	if (when.method && when.method.toUpperCase() !== request.method) return false;
	if (when.path && !pathMatches(when.path, request.path)) return false;
	if (when.inputIncludes !== undefined && !inputText(request.body).includes(when.inputIncludes))
		return false;
	return true;
}

function createFaultRegistry() {
	let rules = [];
	let nextId = 1;

	function add(rule) {
		checkRule(rule);
		const entry = {
			id: nextId++,
			when: rule.when,
			remaining: rule.times ?? Infinity,
			hits: 0,
			fault: { ...rule.fault },
		};
		rules.push(entry);
		return {
			id: entry.id,
			get hits() {
				return entry.hits;
			},
			remove() {
				rules = rules.filter((r) => r !== entry);
			},
		};
	}

	/** The merged fault for a request (consuming one use of each matching rule), or null. */
	function take(request) {
		const matching = rules.filter((r) => whenMatches(r.when, request));
		if (matching.length === 0) return null;
		for (const rule of matching) {
			rule.hits++;
			rule.remaining--;
		}
		rules = rules.filter((r) => r.remaining > 0);
		return {
			ids: matching.map((r) => r.id),
			fault: Object.assign({}, ...matching.map((r) => r.fault)),
		};
	}

	function clear() {
		const removed = rules.length;
		rules = [];
		return removed;
	}

	return {
		add,
		take,
		clear,
		list: () =>
			rules.map(({ id, when, remaining, hits, fault }) => ({ id, when, remaining, hits, fault })),
	};
}

/** `finalStatus` as `{ status, error, afterDeltas?, event }`, or null when the answer completes. */
function finalStatusOf(fault) {
	if (fault.finalStatus === undefined) return null;
	const given =
		typeof fault.finalStatus === 'string' ? { status: fault.finalStatus } : fault.finalStatus;
	const status = given.status ?? 'incomplete';
	const defaultError = { incomplete: 'max_output_tokens', failed: 'The model failed to answer.' };
	return {
		status,
		error: given.error !== undefined ? given.error : (defaultError[status] ?? null),
		afterDeltas: given.afterDeltas,
		event: given.event ?? 'response.completed',
	};
}

/** `pings` as `{ everyMs, forMs }` (forMs Infinity: until the client leaves), or null. */
function pingsOf(fault) {
	if (!fault.pings) return null;
	const { everyMs = 1000, forMs = Infinity } = fault.pings === true ? {} : fault.pings;
	return { everyMs, forMs };
}

const isDisruptive = (fault) =>
	DISRUPTIVE_SWITCHES.some((key) => fault[key] !== undefined && fault[key] !== false) ||
	echoModesOf(fault).some((mode) => DISRUPTIVE_ECHOES.includes(mode)) ||
	(pingsOf(fault) !== null && !Number.isFinite(pingsOf(fault).forMs)) ||
	(finalStatusOf(fault) !== null && finalStatusOf(fault).status !== 'completed');

function cloudflarePage(status) {
	const title =
		status === 502
			? 'Bad gateway'
			: status === 503
				? 'Service unavailable'
				: status === 504
					? 'Gateway time-out'
					: 'Error';
	return [
		'<!DOCTYPE html>',
		'<html lang="en-US"><head><meta charset="UTF-8" />',
		`<title>api.vapi.ai | ${status}: ${title}</title></head>`,
		`<body><div id="cf-error-details"><h1>${title}</h1><span>Error code ${status}</span>`,
		'<p>The web server reported an error. Please try again in a few minutes.</p>',
		'<p>Cloudflare Ray ID: 8f2a1c3b4d5e6f70 &bull; Performance &amp; security by Cloudflare</p>',
		'</div></body></html>',
		'',
	].join('\n');
}

/** `{ status, headers, body }` of a `redirect` fault: no API answer, a Location elsewhere. */
function redirectResponse({ location, status = 307 }) {
	return {
		status,
		headers: { Location: location, 'Content-Type': 'text/plain; charset=utf-8' },
		body: `Redirecting to ${location}`,
	};
}

/** `{ status, headers, body }` for a `status`, `html` or echoKey `errorBody` fault. */
function faultResponse(fault, apiKey) {
	const headers = {};
	if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
	if (echoModesOf(fault).includes('errorBody')) {
		const status = fault.status ?? 401;
		const reason = status === 401 ? 'Invalid Key' : (DEFAULT_MESSAGES[status] ?? 'Request failed');
		const message = `${reason}: the request sent "Authorization: ${echoedKey(apiKey)}".`;
		return {
			status,
			headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8' },
			body: JSON.stringify(nestErrorBody(status, message)),
		};
	}
	const status = fault.status ?? 502;
	if (fault.html)
		return {
			status,
			headers: { ...headers, 'Content-Type': 'text/html; charset=UTF-8' },
			body: cloudflarePage(status),
		};
	if (fault.body === undefined) {
		return {
			status,
			headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8' },
			body: JSON.stringify(
				nestErrorBody(status, DEFAULT_MESSAGES[status] ?? nestErrorBody(status).error),
			),
		};
	}
	const isText = typeof fault.body === 'string';
	// A `contentType` switch replaces this label when the answer is written (response-writers.js).
	const contentType = isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
	return {
		status,
		headers: { ...headers, 'Content-Type': contentType },
		body: isText ? fault.body : JSON.stringify(fault.body),
	};
}

/**
 * A whole 2xx JSON answer as the fault bends it: `notARecord` (an empty body, `null`, the record
 * inside an array, the JSON string `"OK"` a proxy may send, or `{}`) and echoKey `jsonField` (the
 * key in a field of the object).
 */
function bentJsonBody(answer, json, fault, apiKey) {
	if (answer.status < 200 || answer.status >= 300) return answer;
	if (fault.notARecord) {
		const body = {
			empty: '',
			null: 'null',
			array: JSON.stringify([json]),
			string: '"OK"',
			emptyObject: '{}',
		}[fault.notARecord];
		return { ...answer, body };
	}
	if (echoModesOf(fault).includes('jsonField') && isObject(json))
		return {
			...answer,
			body: JSON.stringify({ ...json, debug: { authorization: echoedKey(apiKey) } }),
		};
	return answer;
}

module.exports = {
	createFaultRegistry,
	faultResponse,
	redirectResponse,
	bentJsonBody,
	isDisruptive,
	finalStatusOf,
	pingsOf,
};
