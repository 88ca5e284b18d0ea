/**
 * Checks on Send Message's input: one text, or a list of OpenAI-style messages (Vapi's
 * OpenAIMessage). Pure: no n8n.
 */

import {
	describeKind,
	findTextProblems,
	isBlankText,
	isGiven,
	isPlainObject,
	MAX_CONTENT_LENGTH,
	MAX_FUNCTION_NAME_LENGTH,
	MAX_NAME_LENGTH,
	MESSAGE_ROLES,
	shorten,
} from './checks';

/** The properties each role's message may have (Vapi rejects any other). */
const MESSAGE_FIELDS: Record<string, string[]> = {
	system: ['role', 'content', 'name', 'metadata'],
	user: ['role', 'content', 'name', 'metadata'],
	developer: ['role', 'content', 'name', 'metadata'],
	assistant: ['role', 'content', 'refusal', 'tool_calls', 'name', 'metadata'],
	tool: ['role', 'content', 'tool_call_id', 'name', 'metadata'],
};

const ROLE_CHOICES = `use ${MESSAGE_ROLES.slice(0, -1).join(', ')} or ${MESSAGE_ROLES[MESSAGE_ROLES.length - 1]}`;

/** Problems of the input, named `label` ("Message" or "Messages"). */
export function findInputProblems(input: unknown, label: string): string[] {
	if (input === undefined || input === null || input === '' || isBlankText(input)) {
		return [`${label} is empty; enter the message to send.`];
	}
	if (typeof input === 'string') return [];
	if (!Array.isArray(input)) {
		return [`${label} must be text or a list of messages, not ${describeKind(input)}.`];
	}
	if (input.length === 0) return [`${label} has no messages; add at least one.`];
	return input.flatMap((message, index) =>
		findMessageProblems(message, `${label}: message ${index + 1}`),
	);
}

function findMessageProblems(message: unknown, where: string): string[] {
	if (!isPlainObject(message)) {
		return [`${where} must be an object with a role and content, not ${describeKind(message)}.`];
	}
	const role = message.role;
	if (!isGiven(role)) return [`${where} has no role; ${ROLE_CHOICES}.`];
	if (typeof role !== 'string' || !(MESSAGE_ROLES as readonly string[]).includes(role)) {
		const shown = typeof role === 'string' ? `"${shorten(role, 40)}"` : describeKind(role);
		return [`${where} has role ${shown}; ${ROLE_CHOICES}.`];
	}
	const at = `${where} (${role})`;
	return [
		...findUnknownProperties(message, role, at),
		...findContentProblems(message, role, at),
		...findTextProblems(message.content, `${at} content`, MAX_CONTENT_LENGTH),
		...findTextProblems(message.refusal, `${at} refusal`, MAX_CONTENT_LENGTH),
		...findTextProblems(message.name, `${at} name`, MAX_NAME_LENGTH),
		...findToolReplyProblems(message, role, at),
		...findMetadataProblems(message.metadata, at),
		...findToolCallsProblems(message, role, at),
	];
}

function findUnknownProperties(message: Record<string, unknown>, role: string, at: string) {
	const allowed = MESSAGE_FIELDS[role];
	const unknown = Object.keys(message).filter(
		(key) => !allowed.includes(key) && message[key] !== undefined,
	);
	if (unknown.length === 0) return [];
	const names = unknown.map((key) => `"${key}"`).join(', ');
	return [
		`${at} has ${unknown.length > 1 ? 'properties' : 'a property'} Vapi does not accept: ${names}; allowed are ${allowed.join(', ')}.`,
	];
}

function findContentProblems(message: Record<string, unknown>, role: string, at: string) {
	if (isGiven(message.content)) return [];
	if (role !== 'assistant') {
		const hint = isGiven(message.message) ? ' (the text goes in content, not message)' : '';
		return [`${at} has no content; enter its text${hint}.`];
	}
	const toolCalls = message.tool_calls;
	const hasToolCalls = Array.isArray(toolCalls) && toolCalls.length > 0;
	if (hasToolCalls || isGiven(message.refusal)) return [];
	return [`${at} has no content; enter its text (only a message with tool_calls may omit it).`];
}

function findToolReplyProblems(message: Record<string, unknown>, role: string, at: string) {
	if (role !== 'tool') return [];
	if (!isGiven(message.tool_call_id)) {
		return [`${at} has no tool_call_id; set it to the id of the tool call it answers.`];
	}
	return typeof message.tool_call_id === 'string'
		? []
		: [`${at} tool_call_id must be text, not ${describeKind(message.tool_call_id)}.`];
}

function findMetadataProblems(metadata: unknown, at: string): string[] {
	return isGiven(metadata) && !isPlainObject(metadata)
		? [`${at} metadata must be an object, not ${describeKind(metadata)}.`]
		: [];
}

function findToolCallsProblems(message: Record<string, unknown>, role: string, at: string) {
	const toolCalls = message.tool_calls;
	if (role !== 'assistant' || !isGiven(toolCalls)) return [];
	if (!Array.isArray(toolCalls)) {
		return [`${at} tool_calls must be a list, not ${describeKind(toolCalls)}.`];
	}
	return toolCalls.flatMap((call, index) =>
		findToolCallProblems(call, `${at} tool call ${index + 1}`),
	);
}

function findToolCallProblems(call: unknown, where: string): string[] {
	const shape = 'an object {id, type, function: {name, arguments}}';
	if (!isPlainObject(call)) return [`${where} must be ${shape}, not ${describeKind(call)}.`];
	const fn = call.function;
	const missing = [
		typeof call.id === 'string' ? undefined : 'id',
		typeof call.type === 'string' ? undefined : 'type',
		isPlainObject(fn) && typeof fn.name === 'string' ? undefined : 'function.name',
		isPlainObject(fn) && typeof fn.arguments === 'string' ? undefined : 'function.arguments',
	].filter((field): field is string => field !== undefined);
	const problems =
		missing.length > 0
			? [`${where} needs ${missing.join(', ')} as text; it must be ${shape}.`]
			: [];
	if (isPlainObject(fn) && typeof fn.name === 'string') {
		problems.push(...findTextProblems(fn.name, `${where} function.name`, MAX_FUNCTION_NAME_LENGTH));
	}
	return problems;
}
