'use strict';

/**
 * The Vapi simulator: a local HTTP server (127.0.0.1 only) that behaves like api.vapi.ai for
 * everything n8n-nodes-vapi calls. Used by the jest tests, `npm run demo` without a key, end-to-end
 * tests in a real n8n and the benchmark. See README.md beside this file for the full contract.
 *
 *   const { startSimulator } = require('./simulator');
 *   const sim = await startSimulator({ apiKey, port, maxConcurrentChats, latencyMs, frameDelayMs, retryAfterSeconds, seed });
 */

const http = require('node:http');
const { createRequestListener } = require('./server');
const { createFaultRegistry } = require('./faults');
const { createIdSource, createClock } = require('./ids');
const { createSeeds, SEED_IDS } = require('./seeds');
const { startOtherOrigin } = require('./other-origin');

const DEFAULT_API_KEY = 'sim-test-key';
const OPTION_KEYS = ['maxConcurrentChats', 'latencyMs', 'frameDelayMs', 'retryAfterSeconds'];

function checkOptions(options) {
	for (const [key, value] of Object.entries(options)) {
		if (!OPTION_KEYS.includes(key)) throw new TypeError(`unknown simulator option: ${key}`);
		if (typeof value !== 'number' || Number.isNaN(value) || value < 0)
			throw new TypeError(`${key} must be a number ≥ 0`);
	}
}

function listen(server, port) {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => {
			server.off('error', reject);
			resolve(server.address().port);
		});
	});
}

async function startSimulator({
	apiKey = DEFAULT_API_KEY,
	port = 0,
	maxConcurrentChats = Infinity,
	latencyMs = 0,
	frameDelayMs = 0,
	retryAfterSeconds = 1,
	seed,
} = {}) {
	const options = { maxConcurrentChats, latencyMs, frameDelayMs, retryAfterSeconds };
	checkOptions(options);
	const seeds = createSeeds();
	// Internal state shared by the handlers; `api` below is what callers get.
	const sim = {
		apiKey,
		orgId: SEED_IDS.orgId,
		options,
		ids: createIdSource(seed),
		clock: createClock(),
		assistants: seeds.assistants,
		squads: seeds.squads,
		phoneNumbers: seeds.phoneNumbers,
		chats: new Map(),
		sessions: new Map(),
		conversations: new Map(), // chat id → its turns (no system prompt): what previousChatId continues
		sessionPersonas: new Map(), // session id → persona fixed at creation
		requests: [],
		lastSeq: 0,
		faults: createFaultRegistry(),
		inFlightChats: 0,
		internalErrors: [],
	};

	const server = http.createServer(createRequestListener(sim));
	const boundPort = await listen(server, port);

	const api = {
		url: `http://127.0.0.1:${boundPort}`,
		apiKey,
		requests: sim.requests,
		chats: sim.chats,
		sessions: sim.sessions,
		assistants: sim.assistants,
		squads: sim.squads,
		phoneNumbers: sim.phoneNumbers,
		internalErrors: sim.internalErrors,
		get options() {
			return { ...sim.options };
		},
		get inFlightChats() {
			return sim.inFlightChats;
		},
		addFault(rule) {
			return sim.faults.add(rule ?? {});
		},
		clearFaults() {
			return sim.faults.clear();
		},
		listFaults() {
			return sim.faults.list();
		},
		setOptions(changes) {
			checkOptions(changes);
			Object.assign(sim.options, changes);
		},
		/** Clears the log, chats, sessions and faults and restores the seed records; options stay. */
		reset() {
			sim.requests.length = 0;
			sim.lastSeq = 0;
			for (const store of [sim.chats, sim.sessions, sim.conversations, sim.sessionPersonas])
				store.clear();
			sim.faults.clear();
			sim.internalErrors.length = 0;
			sim.ids.restart();
			const fresh = createSeeds();
			for (const key of ['assistants', 'squads', 'phoneNumbers'])
				sim[key].splice(0, sim[key].length, ...fresh[key]);
		},
		close() {
			return new Promise((resolve) => {
				server.close(() => resolve());
				// Streams that stall on purpose would otherwise keep the server open.
				server.closeAllConnections();
			});
		},
	};
	sim.api = api;
	return api;
}

module.exports = { startSimulator, startOtherOrigin, SEED_IDS, DEFAULT_API_KEY };
