'use strict';

/**
 * List endpoints: query validation (whitelisted, class-validator wording), filters, sorting and
 * the two paging styles Vapi uses — `page`/`limit` with metadata for chats and sessions, and plain
 * newest-first arrays paged by `createdAtLt` for assistants, squads and phone numbers.
 */

const { badRequest } = require('./errors');
const { CUSTOMER_LENGTHS } = require('./dto-fields');

// The date filters: created or updated, Gt/Lt/Ge/Le (after, before, from, up to).
const DATE_PARAMS = ['createdAt', 'updatedAt'].flatMap((field) =>
	['Gt', 'Lt', 'Ge', 'Le'].map((comparison) => `${field}${comparison}`),
);
const PAGE_PARAMS = ['page', 'limit', 'sortOrder', 'sortBy'];

// Query parameters Vapi documents per list; any other is rejected like an unknown body property.
const LIST_PARAMS = {
	chat: [
		'id',
		'assistantId',
		'assistantIdAny',
		'squadId',
		'sessionId',
		'previousChatId',
		'idAny',
		...PAGE_PARAMS,
		...DATE_PARAMS,
	],
	session: [
		'id',
		'name',
		'assistantId',
		'assistantIdAny',
		'squadId',
		'workflowId',
		'numberE164CheckEnabled',
		'extension',
		'assistantOverrides',
		'squadOverrides',
		'number',
		'sipUri',
		'email',
		'externalId',
		'customerNumberAny',
		'idAny',
		'phoneNumberId',
		'phoneNumberIdAny',
		...PAGE_PARAMS,
		...DATE_PARAMS,
	],
	assistant: ['limit', ...DATE_PARAMS],
	squad: ['idAny', 'limit', ...DATE_PARAMS],
	phoneNumber: ['limit', ...DATE_PARAMS],
};
// These may repeat (`idAny=a&idAny=b`); every other parameter must appear once.
const REPEATABLE = ['idAny', 'phoneNumberIdAny'];

// The spec types every date filter `format: date-time` (RFC 3339 §5.6): a date, a time with
// seconds and an offset. A date alone or a time without offset is refused (the strict reading).
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
// GET /session's customer filters (CreateCustomerDTO flattened into the query, sipUri aside) and
// their lengths.
const SESSION_QUERY_LENGTHS = Object.fromEntries(
	Object.entries(CUSTOMER_LENGTHS).filter(([key]) => key !== 'sipUri'),
);

// Equality filters: query parameter → value of the record it compares with.
const EQUALS = {
	id: (r) => r.id,
	assistantId: (r) => r.assistantId,
	squadId: (r) => r.squadId,
	sessionId: (r) => r.sessionId,
	previousChatId: (r) => r.previousChatId,
	phoneNumberId: (r) => r.phoneNumberId,
	number: (r) => r.customer?.number,
	email: (r) => r.customer?.email,
	externalId: (r) => r.customer?.externalId,
	sipUri: (r) => r.customer?.sipUri,
	extension: (r) => r.customer?.extension,
};
// GET /session lists `name` twice: "the name of the session" and, flattened from the customer,
// "the name of the customer". Both readings are accepted: a record matches when either equals it.
const NAME_READINGS = [(r) => r.name, (r) => r.customer?.name];
// "Any" filters: a comma-separated (or repeated) list of accepted values.
const ANY_OF = {
	idAny: (r) => r.id,
	assistantIdAny: (r) => r.assistantId,
	phoneNumberIdAny: (r) => r.phoneNumberId,
	customerNumberAny: (r) => r.customer?.number,
};

function numberError(key, raw, min, max) {
	const value = Number(raw);
	if (raw.trim() === '' || !Number.isFinite(value))
		return `${key} must be a number conforming to the specified constraints`;
	if (value < min) return `${key} must not be less than ${min}`;
	if (value > max) return `${key} must not be greater than ${max}`;
	return null;
}

function paramError(key, values) {
	if (values.length > 1 && !REPEATABLE.includes(key)) return `${key} must be a string`;
	const raw = values[values.length - 1];
	if (key === 'page') return numberError(key, raw, 1, Number.MAX_SAFE_INTEGER);
	if (key === 'limit') return numberError(key, raw, 0, 1000);
	if (key === 'sortOrder' && !['ASC', 'DESC'].includes(raw))
		return 'sortOrder must be one of the following values: ASC, DESC';
	if (key === 'sortBy' && !['createdAt', 'duration', 'cost'].includes(raw)) {
		return 'sortBy must be one of the following values: createdAt, duration, cost';
	}
	if (DATE_PARAMS.includes(key) && !(DATE_TIME.test(raw) && Number.isFinite(Date.parse(raw)))) {
		return `${key} must be a valid ISO 8601 date string`;
	}
	return null;
}

function lengthError(key, raw, [min, max]) {
	const length = [...raw].length;
	if (length < min) return `${key} must be longer than or equal to ${min} characters`;
	if (length > max) return `${key} must be shorter than or equal to ${max} characters`;
	return null;
}

// Only GET /session has these: its customer filters' lengths, and numberE164CheckEnabled (a boolean).
function sessionParamError(key, raw) {
	if (SESSION_QUERY_LENGTHS[key]) return lengthError(key, raw, SESSION_QUERY_LENGTHS[key]);
	if (key === 'numberE164CheckEnabled' && !['true', 'false'].includes(raw))
		return 'numberE164CheckEnabled must be a boolean value';
	return null;
}

/** Checks the query of list `kind` and returns it as `{ key: string | string[] }`; 400 on problems. */
function parseListQuery(searchParams, kind) {
	const allowed = LIST_PARAMS[kind];
	const query = {};
	const errors = [];
	for (const key of new Set(searchParams.keys())) {
		if (!allowed.includes(key)) {
			errors.push(`property ${key} should not exist`);
			continue;
		}
		const values = searchParams.getAll(key);
		const error =
			paramError(key, values) ??
			(kind === 'session' ? sessionParamError(key, values[values.length - 1]) : null);
		if (error) errors.push(error);
		query[key] = REPEATABLE.includes(key)
			? values.flatMap((v) => v.split(','))
			: values[values.length - 1];
	}
	if (errors.length > 0) throw badRequest(errors);
	return query;
}

function matchesDates(record, query) {
	for (const key of DATE_PARAMS) {
		if (query[key] === undefined) continue;
		const field = key.startsWith('created') ? 'createdAt' : 'updatedAt';
		const recordTime = Date.parse(record[field]);
		const bound = Date.parse(query[key]);
		const op = key.slice(-2);
		const ok =
			op === 'Gt'
				? recordTime > bound
				: op === 'Lt'
					? recordTime < bound
					: op === 'Ge'
						? recordTime >= bound
						: recordTime <= bound;
		if (!ok) return false;
	}
	return true;
}

function matchesFilters(record, query) {
	if (query.name !== undefined && !NAME_READINGS.some((read) => read(record) === query.name))
		return false;
	for (const [key, read] of Object.entries(EQUALS)) {
		if (query[key] !== undefined && read(record) !== query[key]) return false;
	}
	for (const [key, read] of Object.entries(ANY_OF)) {
		if (query[key] === undefined) continue;
		const accepted = Array.isArray(query[key]) ? query[key] : query[key].split(',');
		if (!accepted.map((v) => v.trim()).includes(read(record))) return false;
	}
	return matchesDates(record, query);
}

function sortRecords(records, sortBy, sortOrder) {
	// Chats have no duration; like a chat without a cost it falls back to creation order.
	const key = sortBy === 'cost' ? (r) => r.cost ?? 0 : (r) => Date.parse(r.createdAt);
	const direction = sortOrder === 'ASC' ? 1 : -1;
	return [...records].sort(
		(a, b) => direction * (key(a) - key(b) || Date.parse(a.createdAt) - Date.parse(b.createdAt)),
	);
}

/** `page`/`limit` paging with Vapi's PaginationMeta, for /chat and /session. */
function paginate(records, query) {
	const page = Math.floor(Number(query.page ?? 1));
	const limit = Math.floor(Number(query.limit ?? 100));
	const sortOrder = query.sortOrder ?? 'DESC';
	const sorted = sortRecords(
		records.filter((r) => matchesFilters(r, query)),
		query.sortBy,
		sortOrder,
	);
	const totalItems = sorted.length;
	const totalPages = limit > 0 ? Math.ceil(totalItems / limit) : 0;
	const results = limit > 0 ? sorted.slice((page - 1) * limit, page * limit) : [];
	return {
		results,
		metadata: {
			itemsPerPage: limit,
			totalItems,
			currentPage: page,
			totalPages,
			hasNextPage: page < totalPages,
			sortOrder,
		},
	};
}

/** Plain array, newest first, cut to `limit`: how /assistant, /squad and /phone-number answer. */
function newestFirst(records, query) {
	const limit = Math.floor(Number(query.limit ?? 100));
	return sortRecords(
		records.filter((r) => matchesFilters(r, query)),
		'createdAt',
		'DESC',
	).slice(0, limit);
}

module.exports = { parseListQuery, paginate, newestFirst };
