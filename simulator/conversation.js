'use strict';

/**
 * Who answers a chat and what it knows: the persona (assistant or squad, with its system prompt
 * after variable substitution) and the earlier turns that come from a previous chat or a session.
 */

const { badRequest, notFound } = require('./errors');
const { isPresent } = require('./validation');
const { substituteVariables } = require('./reply');

function systemPromptOf(assistant) {
	const messages = Array.isArray(assistant?.model?.messages) ? assistant.model.messages : [];
	return messages
		.filter((m) => m?.role === 'system' && typeof m.content === 'string')
		.map((m) => m.content)
		.join('\n');
}

function findAssistant(sim, assistantId) {
	const assistant = sim.assistants.find((a) => a.id === assistantId);
	if (!assistant) throw notFound('Assistant not found');
	return assistant;
}

function squadSpeaker(sim, squad) {
	const member = squad.members[0];
	const assistant = isPresent(member.assistantId)
		? findAssistant(sim, member.assistantId)
		: (member.assistant ?? {});
	return {
		speakerName: `${assistant.name ?? 'Assistant'} (${squad.name ?? 'Squad'})`,
		promptTemplate: systemPromptOf(assistant),
	};
}

/**
 * The one target of a body or record: `{ assistantId }`, `{ assistant }`, `{ squadId }`, `{ squad }`
 * or `{}`. A session may hold several (Vapi then ignores `assistant` for `assistantId`); the first wins.
 */
function targetOf(source) {
	const key = ['assistantId', 'assistant', 'squadId', 'squad'].find((k) => isPresent(source?.[k]));
	return key ? { [key]: source[key] } : {};
}

const hasTarget = (target) => Object.keys(target).length > 0;

/** Resolves a target to `{ speakerName, systemPrompt, variablesUsed }`; 404 for unknown ids. */
function resolvePersona(sim, target, variables) {
	let speaker;
	if (target.assistantId) {
		const assistant = findAssistant(sim, target.assistantId);
		speaker = { speakerName: assistant.name, promptTemplate: systemPromptOf(assistant) };
	} else if (target.assistant) {
		speaker = {
			speakerName: target.assistant.name ?? 'Assistant',
			promptTemplate: systemPromptOf(target.assistant),
		};
	} else if (target.squadId) {
		const squad = sim.squads.find((s) => s.id === target.squadId);
		if (!squad) throw notFound('Squad not found');
		speaker = squadSpeaker(sim, squad);
	} else {
		speaker = squadSpeaker(sim, target.squad);
	}
	const { text, variablesUsed } = substituteVariables(speaker.promptTemplate, variables);
	return { speakerName: speaker.speakerName, systemPrompt: text, variablesUsed };
}

const variablesOf = (body) => body?.assistantOverrides?.variableValues;

/**
 * Everything the model sees for a chat request: `{ target, persona, history, session?, previousChat? }`.
 * A session's variables were fixed when it was created; later variableValues do not change them.
 */
function resolveConversation(sim, body) {
	const bodyTarget = targetOf(body);
	if (isPresent(body.sessionId)) {
		const session = sim.sessions.get(body.sessionId);
		if (!session) throw notFound('Session not found');
		const persona = hasTarget(bodyTarget)
			? resolvePersona(sim, bodyTarget, variablesOf(body))
			: sim.sessionPersonas.get(session.id);
		if (!persona)
			throw badRequest('Session has no assistant or squad: provide assistant, squadId or squad.');
		const target = hasTarget(bodyTarget) ? bodyTarget : targetOf(session);
		return { target, persona, history: session.messages, session };
	}
	if (isPresent(body.previousChatId)) {
		const previousChat = sim.chats.get(body.previousChatId);
		if (!previousChat) throw notFound('Previous chat not found');
		const target = hasTarget(bodyTarget) ? bodyTarget : targetOf(previousChat);
		const variables = variablesOf(body) ?? variablesOf(previousChat);
		const persona = resolvePersona(sim, target, variables);
		return { target, persona, history: sim.conversations.get(previousChat.id) ?? [], previousChat };
	}
	return {
		target: bodyTarget,
		persona: resolvePersona(sim, bodyTarget, variablesOf(body)),
		history: [],
	};
}

/** Chat input as messages: a string is one user message. */
function inputMessages(input) {
	return typeof input === 'string' ? [{ role: 'user', content: input }] : input;
}

const userTurnsOf = (messages) =>
	messages.filter((m) => m.role === 'user' && typeof m.content === 'string').map((m) => m.content);

module.exports = {
	resolveConversation,
	resolvePersona,
	targetOf,
	hasTarget,
	inputMessages,
	userTurnsOf,
};
