'use strict';

// "Chat → Get (and every single-record operation) answered 200 with something that is not a
// record fails clearly instead of outputting an empty success" (issue 10), through n8n's engine:
// each operation on one chat or session, against each shape the simulator's notARecord fault sends.
const { SEED_IDS, byId, keyLeaks, seen, useSimulator } = require('./support');

const vapi = useSimulator();

/** What the notARecord fault sends, as the error names it (`record`: the one the array holds). */
const SHAPES = [
	['empty', () => 'an empty body'],
	['null', () => 'null'],
	['array', (record) => `an array of 1 item: [{"id":"${record.id}",`],
	['string', () => 'the text "OK"'],
	['emptyObject', () => 'an object without an id: {}'],
];

const BASE_URL_ADVICE =
	"Check that the credential's Base URL is Vapi's API (https://api.vapi.ai, EU: https://api.eu.vapi.ai), not a proxy or another API.";

async function newChat() {
	const { json } = await vapi.api('POST', '/chat', {
		assistantId: SEED_IDS.assistants.supportBot,
		input: 'Where is my order?',
	});
	return json;
}

async function newSession() {
	const { json } = await vapi.api('POST', '/session', {
		assistantId: SEED_IDS.assistants.supportBot,
		name: 'order 42',
	});
	return json;
}

const LABELS = { chat: 'Chat', session: 'Session' };

/**
 * An operation on one chat or session made by newChat/newSession, named by its id (a session's
 * through its picker). The simulator still holds the record after unless it deleted it, and an
 * update leaves the name it sent.
 */
function onRecord(record, operation, method, change, updateFields) {
	return {
		operation: `${LABELS[record]} → ${operation[0].toUpperCase()}${operation.slice(1)}`,
		record,
		setUp: record === 'chat' ? newChat : newSession,
		parameters: (found) => ({
			resource: record,
			operation,
			[`${record}Id`]: record === 'chat' ? found.id : byId(found.id),
			...(updateFields && { updateFields }),
		}),
		when: { method, path: `/${record}/*` },
		change,
		stored: (sim, found) =>
			updateFields
				? sim.sessions.get(found.id)?.name === updateFields.name
				: sim[`${record}s`].has(found.id),
		storedAfter: method !== 'DELETE',
	};
}

/**
 * Each operation: its parameters for a record made by `setUp`, the request the fault bends, what
 * the description says of the change, and whether the simulator still holds the record after.
 */
const OPERATIONS = [
	onRecord('chat', 'get', 'GET', 'Nothing was changed.'),
	onRecord(
		'chat',
		'delete',
		'DELETE',
		'The chat may or may not have been deleted: check with Chat → Get (Vapi answers "not found" once it is gone).',
	),
	{
		operation: 'Session → Create',
		record: 'session',
		setUp: async () => undefined,
		parameters: () => ({
			resource: 'session',
			operation: 'create',
			assistantId: byId(SEED_IDS.assistants.supportBot),
		}),
		when: { method: 'POST', path: '/session' },
		change:
			'The session may or may not have been created: check Session → Get Many before you run this item again, or you may create a second one.',
		stored: (sim) => sim.sessions.size === 1,
		storedAfter: true,
	},
	onRecord('session', 'get', 'GET', 'Nothing was changed.'),
	onRecord(
		'session',
		'update',
		'PATCH',
		'The session may or may not have been updated: check it with Session → Get.',
		{ name: 'order 42, closed' },
	),
	onRecord(
		'session',
		'delete',
		'DELETE',
		'The session may or may not have been deleted: check with Session → Get (Vapi answers "not found" once it is gone).',
	),
];

const CASES = OPERATIONS.flatMap((op) =>
	SHAPES.map(([shape, got]) => [op.operation, shape, op, got]),
);

describe.each(CASES)('%s answered 2xx with notARecord %s', (_name, shape, op, got) => {
	test('fails the run, naming the operation and what came back, sent once, key absent', async () => {
		const record = await op.setUp();
		vapi.sim.requests.splice(0);
		vapi.sim.addFault({ when: op.when, fault: { notARecord: shape } });

		const run = await vapi.run({ parameters: op.parameters(record) });

		expect(run.items).toEqual([]);
		const error = seen(run.error);
		expect(error).toMatchObject({
			class: 'NodeApiError',
			description: `${op.change} Vapi answers with the ${op.record} itself, an object with an id. ${BASE_URL_ADVICE}`,
		});
		const expectedStart = `${op.operation}: the answer (HTTP ${op.when.method === 'POST' ? 201 : 200}) is not a ${op.record} but ${got({ id: record?.id ?? [...vapi.sim.sessions.keys()][0] })}`;
		expect(error.message.startsWith(expectedStart)).toBe(true);
		// The record inside the array is shortened; the other shapes are shown whole.
		if (shape === 'array') expect(error.message.endsWith('…')).toBe(true);
		else expect(error.message).toBe(expectedStart);
		// Not sent again: it is not an answer a retry would mend (and a POST must never be).
		expect(vapi.sim.requests.map((request) => [request.method, request.outcome])).toEqual([
			[op.when.method, 'fault'],
		]);
		// The simulator did what Vapi would have done before the answer was bent.
		expect(op.stored(vapi.sim, record)).toBe(op.storedAfter);
		expect(keyLeaks(run)).toEqual([]);
	});
});

describe.each(OPERATIONS)('$operation under continue-on-fail', (op) => {
	test('the faulted item is one error item paired with its input; the other item succeeds', async () => {
		const faulted = await op.setUp();
		const fine = await op.setUp();
		vapi.sim.requests.splice(0);
		// One request of the two is bent (n8n sends the items at once: which one is not fixed).
		vapi.sim.addFault({ when: op.when, times: 1, fault: { notARecord: 'null' } });
		const items = [faulted, fine].map((record) => ({ json: { id: record?.id ?? 'new' } }));
		const parameters = JSON.parse(JSON.stringify(op.parameters({ id: '={{ $json.id }}' })));

		const run = await vapi.run({ items, parameters, continueOnFail: true });

		expect(run.status).toBe('success');
		expect(run.items).toHaveLength(2);
		const failed = run.items.filter((item) => item.json.error !== undefined);
		const succeeded = run.items.filter((item) => item.json.error === undefined);
		expect(failed.map((item) => Object.keys(item.json))).toEqual([['error']]);
		expect(failed[0].json.error).toBe(
			`${op.operation}: the answer (HTTP ${op.when.method === 'POST' ? 201 : 200}) is not a ${op.record} but null`,
		);
		expect(succeeded).toHaveLength(1);
		expect(succeeded[0].json.id).toEqual(expect.any(String));
		// Each item is paired with its own input, whichever request the fault hit.
		expect(run.items.map((item) => item.pairedItem.item).sort()).toEqual([0, 1]);
		const faultedIndex = failed[0].pairedItem.item;
		expect(succeeded[0].pairedItem.item).toBe(1 - faultedIndex);
		expect(keyLeaks(run)).toEqual([]);
	});
});

test('a record passes: Chat → Get outputs the chat', async () => {
	const chat = await newChat();
	const run = await vapi.run({
		parameters: { resource: 'chat', operation: 'get', chatId: chat.id },
	});
	expect(run.error).toBeUndefined();
	expect(run.items.map((item) => item.json.id)).toEqual([chat.id]);
});

test('the key in an answer that is not a record is masked in the error', async () => {
	const chat = await newChat();
	vapi.sim.addFault({
		when: { method: 'GET', path: '/chat/*' },
		fault: { status: 200, body: `token ${vapi.sim.apiKey} accepted` },
	});
	const run = await vapi.run({
		parameters: { resource: 'chat', operation: 'get', chatId: chat.id },
	});
	expect(run.error.message).toBe(
		'Chat → Get: the answer (HTTP 200) is not a chat but the text "token *** accepted"',
	);
	expect(keyLeaks(run)).toEqual([]);
});
