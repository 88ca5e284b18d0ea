'use strict';

// Ids in the path (Chat → Get and Delete; Session → Get, Update and Delete): an id that names no
// record — empty, `.` or `..` after trimming — is refused before sending, naming the field and
// the item; every other id is path-encoded and reaches Vapi as one segment of its own path.
const { NodeOperationError } = require('n8n-workflow');
const { byId, useSimulator, keyLeaks } = require('./support');

const vapi = useSimulator();

const CHAT_HINT =
	'Map the chatId of an earlier Vapi node, e.g. {{ $json.chatId }}, or the id of a chat from Get Many.';
const SESSION_HINT = 'Pick a session from the list or map its id, e.g. {{ $json.sessionId }}.';

/** Each operation with a path id, the id mapped from the item's `id`, and what it is sent to. */
const OPERATIONS = [
	{ resource: 'chat', operation: 'get', method: 'GET', id: { chatId: '={{ $json.id }}' } },
	{ resource: 'chat', operation: 'delete', method: 'DELETE', id: { chatId: '={{ $json.id }}' } },
	{
		resource: 'session',
		operation: 'get',
		method: 'GET',
		id: { sessionId: byId('={{ $json.id }}') },
	},
	{
		resource: 'session',
		operation: 'delete',
		method: 'DELETE',
		id: { sessionId: byId('={{ $json.id }}') },
	},
	{
		resource: 'session',
		operation: 'update',
		method: 'PATCH',
		id: { sessionId: byId('={{ $json.id }}') },
		fields: { updateFields: { name: 'Renamed' } },
	},
].map((entry) => ({ ...entry, name: `${entry.resource} → ${entry.operation}` }));

const run = ({ resource, operation, id, fields }, ids) =>
	vapi.run({
		parameters: { resource, operation, ...id, ...fields },
		items: ids.map((value) => ({ json: { id: value } })),
		continueOnFail: true,
	});

describe('ids that are empty, "." or ".." after trimming are refused before sending', () => {
	const NOT_IDS = ['', '   ', '.', ' . ', '..', '\t..\n'];

	test.each(OPERATIONS)('$name', async (operation) => {
		const result = await run(operation, NOT_IDS);
		const label = operation.resource === 'chat' ? 'Chat ID' : 'Session';
		const what = (id) => (id === '' ? 'is empty' : `is "${id}", which is not an ID`);
		expect(result.items.map((item) => [item.json, item.pairedItem])).toEqual(
			NOT_IDS.map((id, index) => [
				{
					error: `Can't send the request for item ${index + 1}: "${label}" ${what(id.trim())}`,
				},
				{ item: index },
			]),
		);
		for (const item of result.items) {
			expect(item.error).toBeInstanceOf(NodeOperationError);
			expect(item.error.description).toBe(operation.resource === 'chat' ? CHAT_HINT : SESSION_HINT);
		}
		expect(vapi.sim.requests).toEqual([]);
		expect(keyLeaks(result)).toEqual([]);
	});
});

describe('every other id is path-encoded and reaches Vapi as one segment: it can never reach another path', () => {
	const ODD_IDS = ['../assistant', 'a/b', '%2e%2e', '?x=1', '#', '.../..', '..%2F..', ' a b '];

	test.each(OPERATIONS)('$name', async (operation) => {
		const result = await run(operation, ODD_IDS);
		const requests = vapi.sim.requests.map((request) => [request.method, request.path]);
		expect(requests).toEqual(
			ODD_IDS.map((id) => [
				operation.method,
				`/${operation.resource}/${encodeURIComponent(id.trim())}`,
			]),
		);
		// Vapi looked each one up as an id of this collection: not found, or not a session id.
		const expected =
			operation.resource === 'chat' ? 'Chat not found' : 'Validation failed (uuid is expected)';
		expect(result.items.map((item) => item.json.error)).toEqual(ODD_IDS.map(() => expected));
		expect(vapi.sim.internalErrors).toEqual([]);
		expect(keyLeaks(result)).toEqual([]);
	});
});
