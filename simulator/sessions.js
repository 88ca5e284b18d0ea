'use strict';

/** Sessions: /session handlers and the session records chats append their turns to. */

const { badRequest, notFound } = require('./errors');
const { UUID_PATTERN } = require('./ids');
const { parseListQuery, paginate } = require('./query');
const {
	validateSessionCreateBody,
	validateSessionUpdateBody,
	isObject,
	isPresent,
	SESSION_CREATE_FIELDS,
	SESSION_UPDATE_FIELDS,
} = require('./validation');
const { resolvePersona, targetOf, hasTarget } = require('./conversation');

const DEFAULT_EXPIRATION_SECONDS = 86400;
// What a create body keeps as given; messages are always stored (an empty list by default).
const STORED_FIELDS = SESSION_CREATE_FIELDS.filter((key) => key !== 'messages');

const objectBody = (body) => (isObject(body) ? body : {});

function checkPhoneNumber(sim, phoneNumberId) {
	if (isPresent(phoneNumberId) && !sim.phoneNumbers.some((p) => p.id === phoneNumberId)) {
		throw notFound('Phone number not found');
	}
}

/**
 * Stores a new session. Its persona (system prompt with variables substituted) is fixed now:
 * Vapi substitutes variables at creation and ignores later variableValues.
 */
function createSessionRecord(sim, fields) {
	checkPhoneNumber(sim, fields.phoneNumberId);
	const target = targetOf(fields);
	const persona = hasTarget(target)
		? resolvePersona(sim, target, fields.assistantOverrides?.variableValues)
		: null;
	const now = new Date(sim.clock.nowMs()).toISOString();
	const session = { id: sim.ids.uuid(), orgId: sim.orgId };
	for (const key of STORED_FIELDS)
		if (isPresent(fields[key])) session[key] = structuredClone(fields[key]);
	Object.assign(session, {
		status: fields.status ?? 'active',
		expirationSeconds: fields.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS,
		messages: structuredClone(fields.messages ?? []),
		cost: 0,
		costs: [],
		createdAt: now,
		updatedAt: now,
	});
	sim.sessions.set(session.id, session);
	if (persona) sim.sessionPersonas.set(session.id, persona);
	return session;
}

// Vapi's session routes parse the id as a UUID (NestJS ParseUUIDPipe) before looking it up.
function findSession(sim, id) {
	if (!UUID_PATTERN.test(id)) throw badRequest('Validation failed (uuid is expected)');
	const session = sim.sessions.get(id);
	if (!session) throw notFound('Session not found');
	return session;
}

function create(sim, { body }) {
	const fields = objectBody(body);
	validateSessionCreateBody(fields);
	return { status: 201, json: createSessionRecord(sim, fields) };
}

function list(sim, { query }) {
	return {
		status: 200,
		json: paginate([...sim.sessions.values()], parseListQuery(query, 'session')),
	};
}

function get(sim, { params }) {
	return { status: 200, json: findSession(sim, params.id) };
}

function update(sim, { params, body }) {
	const session = findSession(sim, params.id);
	const fields = objectBody(body);
	validateSessionUpdateBody(fields);
	for (const key of SESSION_UPDATE_FIELDS) {
		if (isPresent(fields[key])) session[key] = structuredClone(fields[key]);
	}
	session.updatedAt = new Date(sim.clock.nowMs()).toISOString();
	return { status: 200, json: session };
}

function remove(sim, { params }) {
	const session = findSession(sim, params.id);
	sim.sessions.delete(session.id);
	sim.sessionPersonas.delete(session.id);
	return { status: 200, json: session };
}

module.exports = { create, list, get, update, remove, createSessionRecord, checkPhoneNumber };
