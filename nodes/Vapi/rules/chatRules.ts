/**
 * Checks on a Create Chat request body, run before anything is sent. Pure: no n8n, no I/O.
 *
 * Every rule comes from Vapi's API reference (docs.vapi.ai) or the CreateChatDTO schema in Vapi's
 * OpenAPI document; where those are silent the body is accepted and Vapi stays the judge.
 */

import {
	describeKind,
	findBooleanProblems,
	findCustomerProblems,
	findIdProblems,
	findTextProblems,
	isBlankText,
	isGiven,
	isPlainObject,
	joinAnd,
	MAX_NAME_LENGTH,
} from './checks';
import { fieldName, OPTION_LABELS, PARAMETER_LABELS } from './fieldLabels';
import { findInputProblems } from './messageRules';

export type ChatRequestBody = Record<string, unknown>;

/** `"Label" (path)` of a body field. */
type NameOf = (path: string) => string;

/**
 * The fields of a Create Chat body (Vapi rejects any other property with a 400). The simulator
 * keeps its own list (simulator/dto-fields.js) on purpose: it checks requests independently.
 */
export const CHAT_REQUEST_FIELDS: readonly string[] = [
	'input',
	'assistantId',
	'assistant',
	'assistantOverrides',
	'squadId',
	'squad',
	'name',
	'sessionId',
	'previousChatId',
	'stream',
	'transport',
];

const TRANSPORT_FIELDS = [
	'type',
	'phoneNumberId',
	'customer',
	'customerId',
	'useLLMGeneratedMessageForOutbound',
	'conversationType',
];

/** Each chooses who answers; at most one may be set. */
const TARGET_FIELDS = ['assistantId', 'assistant', 'squadId', 'squad'];

/** Set, and not only white space. */
const isSet = (value: unknown) => isGiven(value) && !isBlankText(value);

/**
 * Every broken rule, each as one sentence that names the field (UI label and API field) and
 * says what to do; [] when the body may be sent.
 */
export function findChatRequestProblems(body: ChatRequestBody): string[] {
	const name: NameOf = (path) => fieldName(path, body);
	return [
		...findUnknownFields(body),
		...findInputProblems(body.input, name('input')),
		...['assistantId', 'squadId', 'sessionId', 'previousChatId'].flatMap((path) =>
			findIdProblems(body[path], name(path)),
		),
		...['assistant', 'squad'].flatMap((path) =>
			isGiven(body[path]) && !isPlainObject(body[path])
				? [`${name(path)} must be a JSON object ({…}), not ${describeKind(body[path])}.`]
				: [],
		),
		...findSquadProblems(body.squad, name('squad')),
		...findTargetProblems(body, name),
		...findTextProblems(body.name, name('name'), MAX_NAME_LENGTH),
		...findBooleanProblems(body.stream, name('stream')),
		...findOverridesProblems(body.assistantOverrides, name),
		...findTransportProblems(body.transport, isSet(body.sessionId), name),
	];
}

function findUnknownFields(body: ChatRequestBody): string[] {
	return Object.keys(body)
		.filter((key) => !CHAT_REQUEST_FIELDS.includes(key) && body[key] !== undefined)
		.map(
			(key) =>
				`The request has a field Vapi does not accept: "${key}"; remove it (Vapi rejects unknown fields).`,
		);
}

/**
 * Send Message version 2: the field the chosen Conversation needs is set (as a mapped expression
 * it may give nothing). With Send To an assistant or squad, a previous chat may be empty: the
 * message starts a new conversation, as an AI Agent's first turn does. [] when nothing is missing.
 */
export function findConversationProblems(conversation: string, body: ChatRequestBody): string[] {
	const name: NameOf = (path) => fieldName(path, body);
	const has = (path: string) => isSet(body[path]);
	const newConversation = `"${PARAMETER_LABELS.conversation}" to "${OPTION_LABELS.newConversation.name}"`;
	if (conversation === 'session' && !has('sessionId')) {
		return [
			`${name('sessionId')} is empty: pick the session to continue or map its id (e.g. {{ $json.id }} after Session → Create), or set ${newConversation}.`,
		];
	}
	if (conversation === 'previousChat' && !has('previousChatId') && !TARGET_FIELDS.some(has)) {
		return [
			`${name('previousChatId')} is empty, so no previous chat's assistant can answer: map the Chat ID of an earlier Vapi node (e.g. {{ $json.chatId }}), or choose an assistant or squad in "${PARAMETER_LABELS.target}".`,
		];
	}
	return [];
}

/** Who answers: exactly one target, or a conversation to continue; no clashing pair. */
function findTargetProblems(body: ChatRequestBody, name: NameOf): string[] {
	const has = (path: string) => isSet(body[path]);
	const targets = TARGET_FIELDS.filter(has);
	const problems: string[] = [];
	if (targets.length === 0 && !has('sessionId') && !has('previousChatId')) {
		problems.push(
			`Choose who answers: pick an assistant or a squad in "${PARAMETER_LABELS.target}", or continue a conversation with ${name('sessionId')} or ${name('previousChatId')}.`,
		);
	}
	if (targets.length > 1) {
		problems.push(
			`Set only one of ${joinAnd(targets.map(name))}: each chooses who answers, so clear the others.`,
		);
	}
	if (has('sessionId') && has('previousChatId')) {
		problems.push(
			`${name('sessionId')} and ${name('previousChatId')} cannot be used together: the session already holds the earlier messages, so clear one of them.`,
		);
	}
	if (has('sessionId') && has('assistantId')) {
		problems.push(
			`${name('sessionId')} and ${name('assistantId')} cannot be used together: a session stays with the assistant it was created with, so set "${PARAMETER_LABELS.target}" to "${OPTION_LABELS.sessionsAssistant.name}".`,
		);
	}
	return problems;
}

/**
 * Squad (JSON)'s default is a member with an empty assistantId, to be filled in: left as is (or
 * emptied by an expression), it must not reach Vapi. Vapi itself judges the rest of the squad.
 */
function findSquadProblems(squad: unknown, label: string): string[] {
	if (!isPlainObject(squad) || !Array.isArray(squad.members)) return [];
	return squad.members.flatMap((member, index) => {
		const id = isPlainObject(member) ? member.assistantId : undefined;
		if (!isPlainObject(member) || typeof id !== 'string' || id.trim() !== '') return [];
		const where = `${label} member ${index + 1} has an empty "assistantId"`;
		return [
			isGiven(member.assistant)
				? `${where}: remove it, the member describes its "assistant".`
				: `${where}: fill in the ID of a saved assistant (Vapi dashboard → Assistants), or use Send To → Squad to pick a saved squad.`,
		];
	});
}

function findOverridesProblems(overrides: unknown, name: NameOf): string[] {
	if (!isGiven(overrides)) return [];
	if (!isPlainObject(overrides)) {
		return [`${name('assistantOverrides')} must be an object, not ${describeKind(overrides)}.`];
	}
	const values = overrides.variableValues;
	if (isGiven(values) && !isPlainObject(values)) {
		return [
			`${name('assistantOverrides.variableValues')} must be a JSON object of names and values, not ${describeKind(values)}.`,
		];
	}
	return [];
}

function findTransportProblems(transport: unknown, hasSession: boolean, name: NameOf): string[] {
	if (!isGiven(transport)) return [];
	if (!isPlainObject(transport)) {
		return [`${name('transport')} must be an object, not ${describeKind(transport)}.`];
	}
	return [
		...findTransportFieldProblems(transport, name),
		...(hasSession ? findSessionClashes(transport, name) : findMissingRecipient(transport, name)),
	];
}

/** Each transport field on its own. */
function findTransportFieldProblems(transport: Record<string, unknown>, name: NameOf): string[] {
	const problems = Object.keys(transport)
		.filter((key) => !TRANSPORT_FIELDS.includes(key) && transport[key] !== undefined)
		.map(
			(key) => `The SMS transport has a field Vapi does not accept: "transport.${key}"; remove it.`,
		);
	if (transport.type !== 'twilio.sms') {
		const shown = isGiven(transport.type) ? `"${String(transport.type)}"` : 'missing';
		problems.push(`${name('transport.type')} must be "twilio.sms", not ${shown}.`);
	}
	for (const path of ['phoneNumberId', 'customerId']) {
		problems.push(...findIdProblems(transport[path], name(`transport.${path}`)));
	}
	if (isGiven(transport.customer) && !isPlainObject(transport.customer)) {
		problems.push(
			`${name('transport.customer')} must be a customer object like {"number": "+14155550100"}, not ${describeKind(transport.customer)}.`,
		);
	} else if (isPlainObject(transport.customer)) {
		problems.push(
			...findCustomerProblems(transport.customer, (field) => name(`transport.customer.${field}`)),
		);
	}
	const flag = 'transport.useLLMGeneratedMessageForOutbound';
	problems.push(...findBooleanProblems(transport.useLLMGeneratedMessageForOutbound, name(flag)));
	if (isGiven(transport.conversationType) && transport.conversationType !== 'chat') {
		problems.push(`${name('transport.conversationType')} must be "chat".`);
	}
	return problems;
}

/** A session already has its phone number and customer. */
function findSessionClashes(transport: Record<string, unknown>, name: NameOf): string[] {
	const clashes = ['phoneNumberId', 'customer']
		.filter((path) => isSet(transport[path]))
		.map((path) => name(`transport.${path}`));
	if (clashes.length === 0) return [];
	return [
		`${name('sessionId')} cannot be combined with ${joinAnd(clashes)}: the session already has its phone number and customer, so clear ${clashes.length > 1 ? 'them' : 'it'} or the session.`,
	];
}

/** Without a session, an SMS needs who sends it and who receives it. */
function findMissingRecipient(transport: Record<string, unknown>, name: NameOf): string[] {
	const has = (path: string) => isSet(transport[path]);
	const problems: string[] = [];
	if (!has('phoneNumberId')) {
		problems.push(
			`SMS needs ${name('transport.phoneNumberId')}, the Vapi number that sends it, unless the chat continues a ${name('sessionId')}.`,
		);
	}
	// A customer's name alone reaches nobody: an SMS goes to a number. (A customer that is not an
	// object has its own problem already.)
	const customer = transport.customer;
	const hasCustomer = isPlainObject(customer) ? isSet(customer.number) : isSet(customer);
	if (!hasCustomer && !has('customerId')) {
		problems.push(
			`SMS needs ${name('transport.customer')} or ${name('transport.customerId')}, who receives it, unless the chat continues a ${name('sessionId')}.`,
		);
	}
	return problems;
}
