'use strict';

/** Chats: creating them (the simulated model turn), storing them, and the /chat handlers. */

const { notFound } = require('./errors');
const { parseListQuery, paginate } = require('./query');
const { validateChatBody, isObject, isPresent } = require('./validation');
const { resolveConversation, inputMessages, userTurnsOf } = require('./conversation');
const { composeReply, benchReplyBytes, benchText, splitIntoDeltas } = require('./reply');
const { toResponseObject, responseStreamEvents, nativeStreamEvents } = require('./response-shapes');
const { createSessionRecord, checkPhoneNumber } = require('./sessions');
const { finalStatusOf } = require('./faults');
const { echoDeltas, echoFinalStatus } = require('./echo-key');

// Prices of the simulated model, per token, in USD; a flat fee per chat.
const PROMPT_TOKEN_USD = 0.15 / 1e6;
const COMPLETION_TOKEN_USD = 0.6 / 1e6;
const CHAT_FEE_USD = 0.005;

const roundUsd = (value) => Math.round(value * 1e8) / 1e8;
const tokensIn = (text) => Math.ceil(text.length / 4);

function costsFor(messages, replyText) {
	const promptTokens = tokensIn(messages.map((m) => m.content ?? '').join('\n'));
	const completionTokens = tokensIn(replyText);
	const modelCost = roundUsd(
		promptTokens * PROMPT_TOKEN_USD + completionTokens * COMPLETION_TOKEN_USD,
	);
	return {
		cost: roundUsd(modelCost + CHAT_FEE_USD),
		costs: [
			{
				type: 'model',
				model: { provider: 'openai', model: 'gpt-4o-mini' },
				promptTokens,
				completionTokens,
				cost: modelCost,
			},
			{ type: 'chat', cost: CHAT_FEE_USD },
		],
	};
}

function replyTextFor(body, persona, turns, input) {
	const latestInput = userTurnsOf(input).at(-1);
	// With an SMS transport Vapi can forward the input verbatim instead of asking the model.
	if (body.transport?.useLLMGeneratedMessageForOutbound === false) {
		return typeof body.input === 'string' ? body.input : (latestInput ?? '');
	}
	const userTurns = userTurnsOf(turns);
	const benchBytes = benchReplyBytes(userTurns.at(-1));
	if (benchBytes !== null) return benchText(benchBytes);
	return composeReply({
		speakerName: persona.speakerName,
		variablesUsed: persona.variablesUsed,
		userTurns,
	});
}

/** An SMS transport with a phone number and a customer opens a new session for the chat. */
function transportSession(sim, body, target) {
	const transport = body.transport;
	if (!isObject(transport)) return undefined;
	checkPhoneNumber(sim, transport.phoneNumberId);
	if (!isPresent(transport.phoneNumberId) || !isPresent(transport.customer)) return undefined;
	return createSessionRecord(sim, {
		...target,
		assistantOverrides: body.assistantOverrides,
		phoneNumberId: transport.phoneNumberId,
		customer: transport.customer,
		customerId: transport.customerId,
	});
}

// The model's turn as deltas, unbent.
const plainReply = (text) => ({ deltas: splitIntoDeltas(text) });

/**
 * Runs one model turn for a validated body and stores the Chat (and the session's new turns).
 * `planReply(text)` → `{ deltas, toolCall? }` is what the model answers instead of `text` (faults):
 * the stored reply is the deltas joined, or a tool call without text. Returns `{ chat, deltas }`.
 */
function createChat(sim, body, planReply = plainReply) {
	const { target, persona, history, session: existingSession } = resolveConversation(sim, body);
	const session = existingSession ?? transportSession(sim, body, target);
	const input = inputMessages(body.input);
	const turns = [...history, ...input];
	const plan = planReply(replyTextFor(body, persona, turns, input));
	const replyText = plan.deltas.join('');
	const messages = [
		...(persona.systemPrompt ? [{ role: 'system', content: persona.systemPrompt }] : []),
		...turns,
	];
	const output = [
		plan.toolCall
			? { role: 'assistant', tool_calls: [plan.toolCall] }
			: { role: 'assistant', content: replyText },
	];
	const now = new Date(sim.clock.nowMs()).toISOString();
	const chat = {
		id: sim.ids.uuid(),
		orgId: sim.orgId,
		...structuredClone(target),
		...(isPresent(body.assistantOverrides)
			? { assistantOverrides: structuredClone(body.assistantOverrides) }
			: {}),
		...(isPresent(body.name) ? { name: body.name } : {}),
		...(session ? { sessionId: session.id } : {}),
		...(isPresent(body.previousChatId) ? { previousChatId: body.previousChatId } : {}),
		input: structuredClone(body.input),
		messages: structuredClone(messages),
		output,
		...costsFor(messages, replyText),
		createdAt: now,
		updatedAt: now,
	};
	sim.chats.set(chat.id, chat);
	// What a later previousChatId continues from: the turns without the system prompt.
	sim.conversations.set(chat.id, structuredClone([...turns, ...output]));
	if (session) {
		session.messages.push(...structuredClone([...input, ...output]));
		session.updatedAt = now;
	}
	return { chat, deltas: plan.deltas };
}

function validatedChatBody(body) {
	const fields = isObject(body) ? body : {};
	validateChatBody(fields);
	return fields;
}

/**
 * What the faults make of the model's turn: a tool call instead of text (functionCall), the text
 * cut where an unfinished answer stops (finalStatus), the key echoed in a delta (echoKey).
 */
function faultedReply(fault, final, apiKey) {
	return (text) => {
		if (fault.functionCall) {
			const given = fault.functionCall === true ? {} : fault.functionCall;
			const toolCall = {
				id: given.callId ?? 'call_sim_1',
				type: 'function',
				function: {
					name: given.name ?? 'lookup_order',
					arguments: given.arguments ?? '{"orderId":"42"}',
				},
			};
			return { deltas: [], toolCall };
		}
		let deltas = splitIntoDeltas(text);
		if (final && final.status !== 'completed')
			deltas = deltas.slice(0, final.afterDeltas ?? Math.ceil(deltas.length / 2));
		return { deltas: [...deltas, ...echoDeltas(fault, apiKey)] };
	};
}

/** POST /chat/responses — OpenAI-compatible; streams unless `stream: false`. */
function createResponse(sim, { body, entry, fault }) {
	const fields = validatedChatBody(body);
	const final = echoFinalStatus(fault, sim.apiKey) ?? finalStatusOf(fault);
	const { chat, deltas } = createChat(sim, fields, faultedReply(fault, final, sim.apiKey));
	entry.chatId = chat.id;
	const shape = {
		partType: fault.textParts ? 'text' : 'output_text',
		responseId: Boolean(fault.responseId),
		...(final ?? {}),
	};
	if (fields.stream === false) return { status: 201, json: toResponseObject(chat, shape) };
	return {
		status: 200,
		events: fault.nativeStream
			? nativeStreamEvents(chat, deltas)
			: responseStreamEvents(chat, deltas, shape),
	};
}

/** POST /chat — returns the Chat; streams native frames only with `stream: true`. */
function createNative(sim, { body, entry }) {
	const fields = validatedChatBody(body);
	const { chat, deltas } = createChat(sim, fields);
	entry.chatId = chat.id;
	if (fields.stream !== true) return { status: 201, json: chat };
	return { status: 200, events: nativeStreamEvents(chat, deltas) };
}

function findChat(sim, id) {
	const chat = sim.chats.get(id);
	if (!chat) throw notFound('Chat not found');
	return chat;
}

function list(sim, { query }) {
	return { status: 200, json: paginate([...sim.chats.values()], parseListQuery(query, 'chat')) };
}

function get(sim, { params }) {
	return { status: 200, json: findChat(sim, params.id) };
}

function remove(sim, { params }) {
	const chat = findChat(sim, params.id);
	sim.chats.delete(chat.id);
	sim.conversations.delete(chat.id);
	return { status: 200, json: chat };
}

module.exports = { createResponse, createNative, list, get, remove };
