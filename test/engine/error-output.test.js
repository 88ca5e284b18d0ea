// "On Error → Continue (using error output)": n8n splits the node's items into a success and an
// error output before it pairs items by index, so an error item must carry its own pairedItem —
// otherwise downstream `$('…').item` fails ("Paired item data … unavailable").
const { useSimulator, sendMessage, reply, byId } = require('./support');

const env = useSimulator();

const items = [
	{ json: { customer: 'ada', question: 'Where is my order?' } },
	{ json: { customer: 'bob', question: '' } },
	{ json: { customer: 'cy', question: 'And mine?', assistant: 'no-such-assistant' } },
	{ json: { customer: 'dee', question: 'Opening hours?' } },
];

const parameters = sendMessage({
	input: '={{ $json.question }}',
	assistantId: byId('={{ $json.assistant || "' + sendMessage().assistantId.value + '" }}'),
});

test('success and error outputs each keep their input item', async () => {
	const run = await env.run({ items, parameters, onError: 'continueErrorOutput' });
	expect(run.status).toBe('success');
	const [success, failure] = run.outputs;

	expect(success.map((item) => [item.pairedItem, item.json.text])).toEqual([
		[{ item: 0 }, reply('Where is my order?')],
		[{ item: 3 }, reply('Opening hours?')],
	]);
	expect(failure.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
	expect(failure[0].json.error).toBe(
		`Can't send item 2: "Message" (input) is empty; enter the message to send.`,
	);
	expect(failure[1].json.error).toMatch(/not found/i);
	// Only the valid items reached Vapi; the empty message was stopped before any request.
	const posts = env.sim.requests.filter((entry) => entry.method === 'POST');
	expect(posts.map((entry) => entry.body.input)).toEqual(
		expect.arrayContaining(['Where is my order?', 'And mine?', 'Opening hours?']),
	);
	expect(posts).toHaveLength(3);
});

test('regular continue-on-fail: one output per input, in order, each paired with its input', async () => {
	const run = await env.run({ items, parameters, continueOnFail: true });
	expect(run.status).toBe('success');
	expect(run.items.map((item) => item.pairedItem)).toEqual([
		{ item: 0 },
		{ item: 1 },
		{ item: 2 },
		{ item: 3 },
	]);
	expect(run.items.map((item) => Boolean(item.json.error))).toEqual([false, true, true, false]);
});
