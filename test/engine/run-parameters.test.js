'use strict';

// Send Message's hooks read a parameter without an expression once per node run
// (hooks/runParameters.ts) and one with an expression per item: a mapped value still
// differs item by item, and a second run of the node reads its own values. Through n8n's engine.
const { sendMessage, reply, useSimulator, chatPosts, keyLeaks } = require('./support');

const vapi = useSimulator();

const items = (...values) => values.map((json) => ({ json }));

describe('parameters read once per run, unless they are mapped per item', () => {
	test('Simplify Output mapped per item: each item is simplified or not as its own value says', async () => {
		const run = await vapi.runLatest({
			parameters: sendMessage({
				input: '={{ $json.message }}',
				simplify: '={{ $json.simplify }}',
			}),
			items: items(
				{ message: 'One', simplify: true },
				{ message: 'Two', simplify: false },
				{ message: 'Three', simplify: true },
			),
		});

		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.json.text)).toEqual([
			reply('One'),
			reply('Two'),
			reply('Three'),
		]);
		expect(run.items.map((item) => 'output' in item.json)).toEqual([false, true, false]);
		expect(keyLeaks(run)).toEqual([]);
	});

	test('Input Type and Simplify Output as set: the same for every item', async () => {
		const run = await vapi.runLatest({
			parameters: sendMessage({ input: '={{ $json.message }}', simplify: false }),
			items: items({ message: 'One' }, { message: 'Two' }),
		});

		expect(run.error).toBeUndefined();
		expect(chatPosts(vapi.sim).map((post) => post.body.input)).toEqual(['One', 'Two']);
		expect(run.items.map((item) => 'output' in item.json)).toEqual([true, true]);
	});

	test("two runs of one node in one execution: each run reads its node's values", async () => {
		const node = (name, simplify) => ({
			name,
			type: 'vapi',
			parameters: sendMessage({ input: `={{ "${name}" }}`, simplify }),
		});
		const run = await vapi.workflow({
			nodes: [node('Simplified', true), node('Full', false)],
			connections: {
				Simplified: { main: [[{ node: 'Full', type: 'main', index: 0 }]] },
			},
		});

		expect(run.error).toBeUndefined();
		const out = (name) => run.runData[name][0].data.main[0].map((item) => item.json);
		expect(out('Simplified').map((json) => 'output' in json)).toEqual([false]);
		expect(out('Full').map((json) => 'output' in json)).toEqual([true]);
		expect(out('Full')[0].text).toBe(reply('Full'));
	});
});
