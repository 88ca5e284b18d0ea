'use strict';

// The Vapi simulator's replies: they prove the context they were given (assistants, squads,
// previous chats, variables), streamed and whole.

const path = require('node:path');
const { SEED_IDS } = require('..');
const { parseSse, replyText, UNKNOWN_ID } = require('./http');
const { useSimulator } = require('./use-simulator');

const { supportBot, salesAssistant, bookingAgent } = SEED_IDS.assistants;

const vapi = useSimulator();
const { api: call, chat } = vapi;

describe('replies', () => {
	test('non-stream answer is a ResponseObject with the chat id, HTTP 201', async () => {
		const response = await chat({ assistantId: bookingAgent, input: 'first' });
		expect(response.status).toBe(201);
		const id = response.json.id;
		expect(response.json).toEqual({
			id,
			object: 'response',
			created_at: Math.floor(Date.parse(vapi.sim.chats.get(id).createdAt) / 1000),
			status: 'completed',
			error: null,
			output: [
				{
					id: `msg_${id.replace(/-/g, '')}`,
					type: 'message',
					role: 'assistant',
					status: 'completed',
					content: [
						{ type: 'output_text', text: 'Booking Agent — You said: "first".', annotations: [] },
					],
				},
			],
		});
		expect(vapi.sim.requests[0].chatId).toBe(id);
	});

	test('stream defaults to true: deltas, done with the full text, completed with the chat id', async () => {
		const response = await call('POST', '/chat/responses', {
			assistantId: bookingAgent,
			input: 'first',
		});
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('text/event-stream');
		expect(response.headers.get('cache-control')).toBe('no-cache');
		const events = parseSse(response.text).map((e) => e.data);
		const text = 'Booking Agent — You said: "first".';
		const completed = events.at(-1);
		const itemId = `msg_${completed.response.id.replace(/-/g, '')}`;
		const deltas = events.slice(0, -2);
		expect(deltas.length).toBeGreaterThan(1);
		for (const delta of deltas) {
			expect(delta).toEqual({
				type: 'response.output_text.delta',
				item_id: itemId,
				output_index: 0,
				content_index: 0,
				delta: expect.any(String),
			});
		}
		expect(deltas.map((e) => e.delta).join('')).toBe(text);
		expect(events.at(-2)).toEqual({
			type: 'response.output_text.done',
			item_id: itemId,
			output_index: 0,
			content_index: 0,
			text,
		});
		expect(completed.type).toBe('response.completed');
		expect(completed.response.output[0].content[0].text).toBe(text);
		const stored = await call('GET', `/chat/${completed.response.id}`);
		expect(stored.json.output).toEqual([{ role: 'assistant', content: text }]);
	});

	test('a previousChatId chain quotes every earlier user turn, streamed or not', async () => {
		const first = await chat({ assistantId: bookingAgent, input: 'first' });
		const second = await call('POST', '/chat/responses', {
			previousChatId: first.json.id,
			input: 'second',
			stream: true,
		});
		const secondId = parseSse(second.text).at(-1).data.response.id;
		const third = await chat({ previousChatId: secondId, input: 'third' });
		expect(replyText(third.json)).toBe(
			'Booking Agent — You said: "third". Earlier you said: "first", "second".',
		);
		const stored = vapi.sim.chats.get(third.json.id);
		expect(stored).toMatchObject({
			assistantId: bookingAgent,
			previousChatId: secondId,
			input: 'third',
		});
		expect(stored.messages.map((m) => `${m.role}: ${m.content}`)).toEqual([
			'system: You are Booking Agent. Book, move and cancel appointments.',
			'user: first',
			'assistant: Booking Agent — You said: "first".',
			'user: second',
			'assistant: Booking Agent — You said: "second". Earlier you said: "first".',
			'user: third',
		]);
	});

	test('user turns inside an input array count as conversation', async () => {
		const response = await chat({
			assistantId: bookingAgent,
			input: [
				{ role: 'user', content: 'one' },
				{ role: 'assistant', content: 'ok' },
				{ role: 'user', content: 'two' },
			],
		});
		expect(replyText(response.json)).toBe(
			'Booking Agent — You said: "two". Earlier you said: "one".',
		);
	});

	test('variableValues fill the system prompt and the reply names them', async () => {
		const response = await chat({
			assistantId: salesAssistant,
			input: 'hi',
			assistantOverrides: { variableValues: { customerName: 'Zoë', plan: 'Pro' } },
		});
		expect(replyText(response.json)).toBe(
			'Sales Assistant — Variables: customerName="Zoë", plan="Pro". You said: "hi".',
		);
		expect(vapi.sim.chats.get(response.json.id).messages[0]).toEqual({
			role: 'system',
			content:
				'You are Sales Assistant for Acme Telecom. You are talking to Zoë about the Pro plan.',
		});
		const without = await chat({ assistantId: salesAssistant, input: 'hi' });
		expect(replyText(without.json)).toBe('Sales Assistant — You said: "hi".');
	});

	test('a transient assistant speaks with its name and its system prompt', async () => {
		const assistant = {
			name: 'Pop-up',
			model: {
				provider: 'openai',
				model: 'gpt-4o',
				messages: [{ role: 'system', content: 'Hello {{ who }}!' }],
			},
		};
		const response = await chat({
			assistant,
			input: 'yo',
			assistantOverrides: { variableValues: { who: 'Ana' } },
		});
		expect(replyText(response.json)).toBe('Pop-up — Variables: who="Ana". You said: "yo".');
		expect(vapi.sim.chats.get(response.json.id)).toMatchObject({
			assistant,
			messages: [
				{ role: 'system', content: 'Hello Ana!' },
				{ role: 'user', content: 'yo' },
			],
		});
	});

	test('a squad answers through its first member', async () => {
		const saved = await chat({ squadId: SEED_IDS.squads.frontDesk, input: 'hi' });
		expect(replyText(saved.json)).toBe('Support Bot (Front Desk) — You said: "hi".');
		const transient = await chat({
			squad: { name: 'Duo', members: [{ assistantId: bookingAgent }, { assistantId: supportBot }] },
			input: 'hi',
		});
		expect(replyText(transient.json)).toBe('Booking Agent (Duo) — You said: "hi".');
		const unknownMember = await chat({
			squad: { members: [{ assistantId: UNKNOWN_ID }] },
			input: 'hi',
		});
		expect(unknownMember.status).toBe(404);
	});

	test('bench:N streams exactly N bytes of words in small deltas', async () => {
		const response = await call('POST', '/chat/responses', {
			assistantId: bookingAgent,
			input: 'bench:5000',
		});
		const events = parseSse(response.text).map((e) => e.data);
		const deltas = events
			.filter((e) => e.type === 'response.output_text.delta')
			.map((e) => e.delta);
		const text = events.at(-1).response.output[0].content[0].text;
		expect(Buffer.byteLength(text)).toBe(5000);
		expect(deltas.join('')).toBe(text);
		expect(text).toMatch(/^vapi stream delta café /);
		expect(deltas.length).toBeGreaterThan(100);
		for (const delta of deltas.slice(0, -1)) {
			expect(Buffer.byteLength(delta)).toBeGreaterThanOrEqual(10);
			expect(Buffer.byteLength(delta)).toBeLessThanOrEqual(40);
		}
	});

	test('POST /chat returns the Chat (201) and streams native frames when asked', async () => {
		const created = await call('POST', '/chat', {
			assistantId: bookingAgent,
			input: 'hi',
			name: 'native',
		});
		expect(created.status).toBe(201);
		expect(created.json).toMatchObject({
			id: expect.any(String),
			orgId: SEED_IDS.orgId,
			assistantId: bookingAgent,
			name: 'native',
			input: 'hi',
			output: [{ role: 'assistant', content: 'Booking Agent — You said: "hi".' }],
			cost: expect.any(Number),
			costs: [
				{ type: 'model', promptTokens: expect.any(Number), completionTokens: expect.any(Number) },
				{ type: 'chat', cost: 0.005 },
			],
		});
		expect(created.json.createdAt).toBe(created.json.updatedAt);
		const streamed = await call('POST', '/chat', {
			previousChatId: created.json.id,
			input: 'again',
			stream: true,
		});
		const frames = parseSse(streamed.text).map((e) => e.data);
		const id = frames[0].id;
		for (const frame of frames)
			expect(frame).toEqual({ id, path: 'chat.output[0].content', delta: expect.any(String) });
		expect(frames.map((f) => f.delta).join('')).toBe(
			'Booking Agent — You said: "again". Earlier you said: "hi".',
		);
	});

	test('every reply holds a non-ASCII character', async () => {
		for (const input of ['a', 'bench:64']) {
			expect(replyText((await chat({ assistantId: bookingAgent, input })).json)).toMatch(
				/[^\x00-\x7f]/,
			);
		}
	});

	test('an SMS transport with phone number and customer opens a session; without LLM it forwards the text', async () => {
		const transport = {
			type: 'twilio.sms',
			phoneNumberId: SEED_IDS.phoneNumbers.smsDesk,
			customer: { number: '+15550100' },
			useLLMGeneratedMessageForOutbound: false,
		};
		const response = await chat({
			assistantId: supportBot,
			input: 'Your order shipped — tracking 42.',
			transport,
		});
		expect(replyText(response.json)).toBe('Your order shipped — tracking 42.');
		const { sessionId } = vapi.sim.chats.get(response.json.id);
		expect(vapi.sim.sessions.get(sessionId)).toMatchObject({
			phoneNumberId: SEED_IDS.phoneNumbers.smsDesk,
			customer: { number: '+15550100' },
			assistantId: supportBot,
		});
	});
});
