'use strict';

// Issue 10, "Answers": content parts of `type: "text"` count like `output_text`. Vapi's
// OpenAI-compatibility page shows `text` parts where its spec has `output_text`: both readings are
// accepted. The simulator's textParts fault labels every part of the answer (the JSON body and the
// stream's response.completed) `text`. Through n8n's engine; the key is in none of it.
const { sendMessage, reply, useSimulator, chatPosts, keyLeaks } = require('./support');

const vapi = useSimulator();

const ownText = (run) =>
	run.chunks
		.filter((chunk) => chunk.metadata?.nodeName === 'Vapi' && chunk.type === 'item')
		.map((chunk) => chunk.content)
		.join('');

describe('Vapi\'s docs disagree: content parts of type "text" count like output_text', () => {
	test("as one JSON body (Stream off): the text parts are the item's text", async () => {
		vapi.sim.addFault({ fault: { textParts: true } });
		const run = await vapi.run({
			parameters: sendMessage({ input: 'Hello', options: { stream: false } }),
		});

		expect(run.error).toBeUndefined();
		expect(chatPosts(vapi.sim).map((post) => post.body.stream)).toEqual([false]);
		expect(run.items.map((item) => item.json.text)).toEqual([reply('Hello')]);
		expect(keyLeaks(run)).toEqual([]);
	});

	test('streamed: the completed answer with text parts is the item, and the live chunks join to it', async () => {
		vapi.sim.addFault({ fault: { textParts: true } });
		const run = await vapi.run({
			parameters: sendMessage({ input: 'Hello' }),
			onChunk: () => {},
		});

		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.json.text)).toEqual([reply('Hello')]);
		expect(ownText(run)).toBe(reply('Hello'));
		expect(keyLeaks(run)).toEqual([]);
	});

	test("with Simplify Output off, the answer keeps Vapi's parts as sent", async () => {
		vapi.sim.addFault({ fault: { textParts: true } });
		const run = await vapi.run({
			parameters: sendMessage({ input: 'Hello', options: { stream: false }, simplify: false }),
		});

		expect(run.error).toBeUndefined();
		expect(run.items[0].json.text).toBe(reply('Hello'));
		expect(run.items[0].json.response.output[0].content).toEqual([
			{ type: 'text', text: reply('Hello') },
		]);
		expect(keyLeaks(run)).toEqual([]);
	});
});
