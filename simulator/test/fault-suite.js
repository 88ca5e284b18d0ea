'use strict';

const { SEED_IDS } = require('..');
const { parseSse, rawRequest } = require('./http');
const { useSimulator } = require('./use-simulator');

/** What the fault suites send: one chat to the Booking Agent saying hello, and its whole reply. */
const BODY = { assistantId: SEED_IDS.assistants.bookingAgent, input: 'hello' };
const REPLY = 'Booking Agent — You said: "hello".';
/** REPLY as the simulator streams it: its text deltas. */
const DELTAS = ['Booking Agent ', '— You said: ', '"hello".'];

/** The data of each SSE event of a streamed body, parsed. */
const eventsOf = (text) => parseSse(text).map((e) => e.data);
/** The text deltas among `events`. */
const deltasOf = (events) =>
	events.filter((e) => e.type === 'response.output_text.delta').map((e) => e.delta);

/**
 * useSimulator() for the fault suites, with `stream()` (BODY as a raw streamed request: chunks as
 * they arrived), `json(body?)` (BODY not streamed, with `body`'s changes), `lastChat()` (the chat
 * the last request made) and `withFault(fault, when?)` (a fault rule on the running simulator).
 */
function useFaultSuite() {
	const vapi = useSimulator();
	vapi.stream = () => rawRequest(vapi.sim, 'POST', '/chat/responses', BODY);
	vapi.json = (body = {}) =>
		vapi.api('POST', '/chat/responses', { ...BODY, stream: false, ...body });
	vapi.lastChat = () => vapi.sim.chats.get(vapi.sim.requests.at(-1).chatId);
	vapi.withFault = (fault, when) => vapi.sim.addFault({ when, fault });
	return vapi;
}

module.exports = { BODY, REPLY, DELTAS, eventsOf, deltasOf, useFaultSuite };
