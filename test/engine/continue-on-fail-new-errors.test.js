'use strict';

// Issue 10's new errors under continue-on-fail — a redirect, an answer that is not a record, the
// Answer Timeout, a partial answer: with two input items of which one fails, two output items,
// each paired with its own input, under both "Continue (regular output)" and "Continue (using
// error output)". Through n8n's engine against the simulator; the key is in none of it.
const { sendMessage, reply, useSimulator, keyLeaks, SEED_IDS } = require('./support');

const vapi = useSimulator();

// Nothing listens there, and nothing may be sent there: the redirect is not followed.
const REDIRECT_TARGET = 'http://127.0.0.1:9';

const askEach = (options) => sendMessage({ input: '={{ $json.question }}', options });
const questions = [{ json: { question: 'a good one' } }, { json: { question: 'a bad one' } }];
const failTheBadOne = (fault) => vapi.sim.addFault({ when: { inputIncludes: 'bad' }, fault });

/** Two chats to get; the second one's GET answered by a 200 that is not a record. */
async function twoChatsOneBent() {
	const chats = [];
	for (const input of ['first', 'second']) {
		const { json } = await vapi.api('POST', '/chat', {
			assistantId: SEED_IDS.assistants.supportBot,
			input,
		});
		chats.push(json.id);
	}
	vapi.sim.addFault({
		when: { method: 'GET', path: `/chat/${chats[1]}` },
		fault: { notARecord: 'null' },
	});
	vapi.sim.requests.splice(0);
	return chats;
}

/**
 * Each new error: the set-up (returns the items), the parameters, what the good item holds, and
 * the error item's json. Under the error output n8n keeps the input's fields beside an error that
 * came with `details` (the answer's partial text, README "Partial is never success"), and makes an
 * item carrying n8n's error object `{ error }` only.
 */
const CASES = [
	{
		name: 'a redirect',
		setUp: () => {
			failTheBadOne({ redirect: { location: `${REDIRECT_TARGET}/chat/responses?t=1` } });
			return questions;
		},
		parameters: askEach(),
		good: (item) => item.json.text === reply('a good one'),
		failed: {
			error: `Vapi answered with a redirect (HTTP 307) to ${REDIRECT_TARGET}; it was not followed`,
		},
	},
	{
		name: 'an answer that is not a record (Chat → Get)',
		setUp: async () => (await twoChatsOneBent()).map((id) => ({ json: { id } })),
		parameters: { resource: 'chat', operation: 'get', chatId: '={{ $json.id }}' },
		good: (item, items) => item.json.id === items[0].json.id,
		failed: { error: 'Chat → Get: the answer (HTTP 200) is not a chat but null' },
	},
	{
		name: 'the Answer Timeout (keep-alives only)',
		setUp: () => {
			failTheBadOne({ pings: { everyMs: 50 } });
			return questions;
		},
		parameters: askEach({ answerTimeout: 0.5 }),
		good: (item) => item.json.text === reply('a good one'),
		failed: { error: "Vapi's answer did not finish within 0.5 seconds", details: { text: '' } },
		keepsInput: true,
	},
	{
		name: 'a partial answer (status incomplete)',
		setUp: () => {
			failTheBadOne({ finalStatus: 'incomplete' });
			return questions;
		},
		parameters: askEach(),
		good: (item) => item.json.text === reply('a good one'),
		failed: {
			error: "Vapi's answer has status incomplete, not completed: max_output_tokens",
			details: {
				chatId: expect.any(String),
				text: 'Support Bot — You said: ',
				status: 'incomplete',
			},
		},
		keepsInput: true,
	},
];

describe.each(CASES)('$name under continue-on-fail', (c) => {
	test('Continue (regular output): two items, each paired with its input, the good one intact', async () => {
		const items = await c.setUp();
		const run = await vapi.run({ parameters: c.parameters, items, continueOnFail: true });

		expect(run.status).toBe('success');
		expect(run.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(c.good(run.items[0], items)).toBe(true);
		expect(run.items[1].json).toEqual(c.failed);
		expect(keyLeaks(run)).toEqual([]);
	});

	test('Continue (using error output): one item on each output, each paired with its input', async () => {
		const items = await c.setUp();
		const run = await vapi.run({
			parameters: c.parameters,
			items,
			onError: 'continueErrorOutput',
		});

		expect(run.status).toBe('success');
		const [success, failure] = run.outputs;
		expect(success.map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
		expect(c.good(success[0], items)).toBe(true);
		expect(failure.map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
		expect(failure[0].json).toEqual(c.keepsInput ? { ...items[1].json, ...c.failed } : c.failed);
		// run.items is the success output only: check the error output's items too.
		expect(keyLeaks({ ...run, items: run.outputs.flat() })).toEqual([]);
	});
});
