'use strict';

// The pickers absorb 429 like every other request: each list the editor asks for is sent again
// after Retry-After (or a short backoff), a few times at most and never waiting longer than a
// user waits for a list; then a clear error. Real n8n-core LoadOptionsContext, simulator's 429s.
const { NodeApiError } = require('n8n-workflow');
const { persisted, secretsIn } = require('../harness');
const { API_KEY, useSimulator, pickerList } = require('./support');

const vapi = useSimulator();

const PICKERS = [
	['searchAssistants', '/assistant', 'parameters.assistantId'],
	['searchSquads', '/squad', 'parameters.squadId'],
	['searchPhoneNumbers', '/phone-number', 'parameters.transport.phoneNumberId'],
	['searchSessions', '/session', 'parameters.sessionId'],
];

/** Milliseconds between the end of the answer to `first` and the arrival of `second`. */
const gap = (first, second) => second.startedAt - first.finishedAt;

/** The picker's list, or the error it failed with (and whether the key is anywhere in either). */
async function pick(method, path) {
	try {
		const list = await pickerList(vapi.sim, method, { path });
		return { list, leaks: secretsIn(persisted(list), API_KEY) };
	} catch (error) {
		const leaks = [...secretsIn(persisted(error), API_KEY), ...secretsIn([error], API_KEY)];
		return { error, leaks };
	}
}

describe('pickers absorb 429 like every other request', () => {
	test.each(PICKERS)('%s: Retry-After honoured, then the list', async (method, route, path) => {
		expect((await vapi.api('POST', '/session', { name: 'Picked' })).status).toBe(201);
		const expected = await pick(method, path);
		expect(expected.list.results.length).toBeGreaterThan(0);
		vapi.sim.requests.splice(0);

		vapi.sim.addFault({
			when: { path: route },
			times: 2,
			fault: { status: 429, retryAfter: '0.3' },
		});
		const picked = await pick(method, path);
		expect(picked).toEqual({ list: expected.list, leaks: [] });
		const sent = vapi.sim.requests;
		expect(sent.map((request) => [request.path, request.status])).toEqual([
			[route, 429],
			[route, 429],
			[route, 200],
		]);
		expect(gap(sent[0], sent[1])).toBeGreaterThanOrEqual(300);
		expect(gap(sent[1], sent[2])).toBeGreaterThanOrEqual(300);
	});

	test('without Retry-After a short backoff, then the list', async () => {
		vapi.sim.addFault({ when: { path: '/assistant' }, times: 1, fault: { status: 429 } });
		const picked = await pick('searchAssistants', 'parameters.assistantId');
		expect(picked.error).toBeUndefined();
		expect(picked.leaks).toEqual([]);
		expect(vapi.sim.requests.map((request) => request.status)).toEqual([429, 200]);
	});

	test('a bound: after 4 answers of 429 the list fails and says what to do', async () => {
		vapi.sim.addFault({ when: { path: '/squad' }, fault: { status: 429, retryAfter: '0.1' } });
		const picked = await pick('searchSquads', 'parameters.squadId');
		expect(picked.error).toBeInstanceOf(NodeApiError);
		const { message, description, httpCode } = picked.error;
		expect({ message, description, httpCode }).toEqual({
			message: 'Vapi rate-limited the list 4 time(s): "Rate limit exceeded"',
			description:
				'Wait a moment and open the list again, or switch the field to "By ID" and enter the ID.',
			httpCode: '429',
		});
		expect(picked.leaks).toEqual([]);
		expect(vapi.sim.requests.map((request) => request.status)).toEqual([429, 429, 429, 429]);
	});

	test('a Retry-After longer than a user waits for a list is not waited out', async () => {
		vapi.sim.addFault({ when: { path: '/session' }, fault: { status: 429, retryAfter: '60' } });
		const picked = await pick('searchSessions', 'parameters.sessionId');
		expect(picked.error.message).toBe(
			'Vapi rate-limited the list 1 time(s), and asked to wait 60 seconds: "Rate limit exceeded"',
		);
		expect(picked.leaks).toEqual([]);
		expect(vapi.sim.requests).toHaveLength(1);
	});
});
