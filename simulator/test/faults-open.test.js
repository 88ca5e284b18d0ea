'use strict';

// The simulator's faults for connections that stay open after the answer (or before it ends).

const http = require('node:http');
const { DEFAULT_API_KEY } = require('..');
const { waitFor } = require('./http');
const { BODY, REPLY, eventsOf, deltasOf, useFaultSuite } = require('./fault-suite');

const vapi = useFaultSuite();
const { stream, withFault } = vapi;
const KEY = DEFAULT_API_KEY;

/**
 * A streamed BODY read until `done(text)` holds, then `waitMs` more; resolves with what came and
 * whether the server had ended the response by then. The client then leaves (destroys the socket).
 */
function readOpenStream(done, { waitMs = 100 } = {}) {
	return new Promise((resolve, reject) => {
		const payload = JSON.stringify(BODY);
		const request = http.request(
			`${vapi.sim.url}/chat/responses`,
			{
				method: 'POST',
				headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
			},
			(response) => {
				let text = '';
				let ended = false;
				response.on('data', (chunk) => {
					text += chunk;
				});
				response.on('end', () => (ended = true));
				response.on('error', () => {});
				waitFor(() => done(text), 5000)
					.then(() => new Promise((r) => setTimeout(r, waitMs)))
					.then(() => {
						resolve({ text, ended, headers: response.headers });
						request.destroy();
					}, reject);
			},
		);
		request.on('error', () => {});
		request.end(payload);
	});
}

describe('connections that stay open', () => {
	const completed = (text) => text.includes('"type":"response.completed"');

	test('keepOpen: the answer completes but the response never ends; the client must leave', async () => {
		withFault({ keepOpen: true, done: true });
		const { text, ended } = await readOpenStream(completed);
		expect(ended).toBe(false);
		expect(deltasOf(eventsOf(text)).join('')).toBe(REPLY);
		expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
		await waitFor(() => vapi.sim.requests[0].finishedAt !== null);
		expect(vapi.sim.requests[0]).toMatchObject({ status: 200, outcome: 'fault', aborted: true });
	});

	test('keepOpen with a late delta after completed and pings while open', async () => {
		withFault({ keepOpen: { lateDelta: ' and more', pingMs: 20 } });
		const pingsAfterCompleted = (t) => completed(t) && t.split(': ping\n\n').length > 3;
		const { text, ended } = await readOpenStream(pingsAfterCompleted);
		expect(ended).toBe(false);
		const end = text.indexOf('\n\n', text.indexOf('"type":"response.completed"')) + 2;
		const [answer, after] = [text.slice(0, end), text.slice(end)];
		expect(deltasOf(eventsOf(answer)).join('')).toBe(REPLY);
		expect(deltasOf(eventsOf(after))).toEqual([' and more']);
		expect(after.split(': ping\n\n').length - 1).toBeGreaterThanOrEqual(3);
	});

	test('pings for a while, then the answer (a long tool call)', async () => {
		withFault({ pings: { everyMs: 20, forMs: 120 } });
		const { text } = await stream();
		const [pings, rest] = text.split(/(?=data: )/s, 2);
		// One at once and one after each wait: at least two, however busy the machine is.
		expect(pings.split(': ping\n\n').length - 1).toBeGreaterThanOrEqual(2);
		expect(rest.startsWith('data: ')).toBe(true);
		expect(deltasOf(eventsOf(text)).join('')).toBe(REPLY);
		expect(vapi.sim.requests[0].outcome).toBe('ok');
	});

	test('pings without forMs: keep-alive comments only, until the client leaves', async () => {
		withFault({ pings: { everyMs: 20 } });
		const { text, ended } = await readOpenStream((t) => t.split(': ping').length > 5);
		expect(ended).toBe(false);
		expect(text.replace(/: ping\n\n/g, '')).toBe('');
		await waitFor(() => vapi.sim.requests[0].finishedAt !== null);
		expect(vapi.sim.requests[0]).toMatchObject({ outcome: 'fault', aborted: true });
		expect(vapi.sim.chats.size).toBe(1);
	});
});
