'use strict';

/** The Vapi API surface the simulator serves: method + path pattern → handler. */

const chats = require('./chats');
const sessions = require('./sessions');
const catalog = require('./catalog');

// createsChat: counted against maxConcurrentChats.
const ROUTES = [
	['POST', '/chat/responses', chats.createResponse, { createsChat: true }],
	['POST', '/chat', chats.createNative, { createsChat: true }],
	['GET', '/chat', chats.list],
	['GET', '/chat/:id', chats.get],
	['DELETE', '/chat/:id', chats.remove],
	['POST', '/session', sessions.create],
	['GET', '/session', sessions.list],
	['GET', '/session/:id', sessions.get],
	['PATCH', '/session/:id', sessions.update],
	['DELETE', '/session/:id', sessions.remove],
	['GET', '/assistant', catalog.listAssistants],
	['GET', '/assistant/:id', catalog.getAssistant],
	['GET', '/squad', catalog.listSquads],
	['GET', '/squad/:id', catalog.getSquad],
	['GET', '/phone-number', catalog.listPhoneNumbers],
	['GET', '/phone-number/:id', catalog.getPhoneNumber],
].map(([method, pattern, handler, flags = {}]) => ({
	method,
	segments: pattern.split('/').slice(1),
	handler,
	createsChat: Boolean(flags.createsChat),
}));

function safeDecode(segment) {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

/** `{ handler, params, createsChat }` for a request, or null (Nest answers 404 `Cannot METHOD /path`). */
function matchRoute(method, path) {
	const segments = path.split('/').slice(1);
	for (const route of ROUTES) {
		if (route.method !== method || route.segments.length !== segments.length) continue;
		const params = {};
		const matches = route.segments.every((segment, i) => {
			if (segment.startsWith(':')) {
				params[segment.slice(1)] = safeDecode(segments[i]);
				return segments[i] !== '';
			}
			return segment === segments[i];
		});
		if (matches) return { handler: route.handler, params, createsChat: route.createsChat };
	}
	return null;
}

module.exports = { matchRoute };
