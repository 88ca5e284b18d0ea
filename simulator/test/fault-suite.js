'use strict';

const { SEED_IDS } = require('..');
const { rawRequest } = require('./http');
const { useSimulator } = require('./use-simulator');

/** What the fault suites send: one chat to the Booking Agent saying hello, and its whole reply. */
const BODY = { assistantId: SEED_IDS.assistants.bookingAgent, input: 'hello' };
const REPLY = 'Booking Agent — You said: "hello".';

/**
 * useSimulator() for the fault suites, with `stream()` (BODY as a raw streamed request: chunks as
 * they arrived) and `withFault(fault, when?)` (a fault rule on the running simulator).
 */
function useFaultSuite() {
	const vapi = useSimulator();
	vapi.stream = () => rawRequest(vapi.sim, 'POST', '/chat/responses', BODY);
	vapi.withFault = (fault, when) => vapi.sim.addFault({ when, fault });
	return vapi;
}

module.exports = { BODY, REPLY, useFaultSuite };
