/**
 * Checks on a Create Chat request body, run before anything is sent. Pure: no n8n, no I/O.
 *
 * Every rule comes from the project's Vapi notes (CHAT-API.md) or the request schema in Vapi's
 * OpenAPI document; where those are silent the body is accepted and Vapi stays the judge.
 */

export type ChatRequestBody = Record<string, unknown>;

/** UI label of each request field, keyed by its path in the request body. */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
	input: 'Message',
	assistantId: 'Assistant',
	assistant: 'Assistant (JSON)',
	squadId: 'Squad',
	squad: 'Squad (JSON)',
	sessionId: 'Session',
	previousChatId: 'Previous Chat ID',
	name: 'Chat Name',
	stream: 'Stream',
	assistantOverrides: 'Assistant Overrides',
	'assistantOverrides.variableValues': 'Variable Values',
	transport: 'SMS',
	'transport.type': 'SMS Transport Type',
	'transport.phoneNumberId': 'SMS Phone Number',
	'transport.customer': 'SMS Customer Number',
	'transport.customerId': 'SMS Customer ID',
	'transport.useLLMGeneratedMessageForOutbound': 'SMS Uses Assistant Reply',
	'transport.conversationType': 'SMS Conversation Type',
};

/** The fields of a Create Chat body (Vapi rejects any other property with a 400). */
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

const TARGET_FIELDS = ['assistantId', 'assistant', 'squadId', 'squad'];

export const MESSAGE_ROLES = ['system', 'user', 'developer', 'assistant', 'tool'] as const;

const MESSAGE_FIELDS: Record<string, string[]> = {
	system: ['role', 'content', 'name', 'metadata'],
	user: ['role', 'content', 'name', 'metadata'],
	developer: ['role', 'content', 'name', 'metadata'],
	assistant: ['role', 'content', 'refusal', 'tool_calls', 'name', 'metadata'],
	tool: ['role', 'content', 'tool_call_id', 'name', 'metadata'],
};

export const MAX_NAME_LENGTH = 40;
export const MAX_CONTENT_LENGTH = 10000;
const MAX_FUNCTION_NAME_LENGTH = 80;
const MAX_JSON_ERROR_LENGTH = 120;

export class FieldError extends Error {
	/** The UI label of the field at fault. */
	readonly field: string;
	readonly reason: string;

	constructor(field: string, reason: string, apiField = apiFieldOfLabel(field)) {
		super(`${quoteField(field, apiField)} ${reason}`);
		this.name = 'FieldError';
		this.field = field;
		this.reason = reason;
	}
}

/** `"Previous Chat ID" (previousChatId)`; the input's label follows its shape. */
export function fieldName(path: string, body?: ChatRequestBody): string {
	const label =
		path === 'input' && Array.isArray(body?.input) ? 'Messages' : (FIELD_LABELS[path] ?? path);
	return quoteField(label, path);
}

function quoteField(label: string, apiField: string | undefined): string {
	return apiField && apiField !== label ? `"${label}" (${apiField})` : `"${label}"`;
}

function apiFieldOfLabel(label: string): string | undefined {
	if (label === 'Messages') return 'input';
	return Object.keys(FIELD_LABELS).find((path) => FIELD_LABELS[path] === label);
}

/** An object literal or JSON object (also from another realm, as n8n expressions may make). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
	if (Object.prototype.toString.call(value) !== '[object Object]') return false;
	const prototype = Object.getPrototypeOf(value);
	return prototype === null || Object.getPrototypeOf(prototype) === null;
}

/** What a value is, in words a user understands ("an array", "a number"…). */
export function describeKind(value: unknown): string {
	if (value === null) return 'null';
	if (value === undefined) return 'missing';
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'string') return 'text';
	if (typeof value === 'boolean') return 'a boolean';
	if (typeof value === 'number') return 'a number';
	if (typeof value === 'object') return 'an object';
	return `a ${typeof value}`;
}

/**
 * Length as Vapi's validator (class-validator `MaxLength`, i.e. validator.js `isLength`) counts it:
 * one per Unicode code point, variation selectors U+FE0E/U+FE0F not counted.
 */
export function countCharacters(text: string): number {
	let count = 0;
	for (const character of text) {
		if (character !== '\uFE0E' && character !== '\uFE0F') count++;
	}
	return count;
}

/**
 * Deep copy without undefined, null, '' and objects that end up empty. Arrays keep every element
 * (elements are pruned inside, never removed, so message positions stay put). A top-level object
 * that ends up empty is returned as {}; a top-level empty value as undefined.
 */
export function pruneEmpty<T>(value: T): T {
	const pruned = pruneValue(value);
	if (pruned === undefined && isPlainObject(value)) return {} as T;
	return pruned as T;
}

function pruneValue(value: unknown): unknown {
	if (value === undefined || value === null || value === '') return undefined;
	if (Array.isArray(value)) return value.map((element) => pruneElement(element));
	if (!isPlainObject(value)) return value;
	const result: Record<string, unknown> = {};
	for (const [key, child] of Object.entries(value)) {
		const pruned = pruneValue(child);
		if (pruned !== undefined) result[key] = pruned;
	}
	return Object.keys(result).length > 0 ? result : undefined;
}

function pruneElement(element: unknown): unknown {
	if (Array.isArray(element)) return pruneValue(element);
	if (isPlainObject(element)) return pruneValue(element) ?? {};
	return element;
}

/**
 * A JSON parameter that must hold an object: an object is taken as is, a string is parsed,
 * '' / whitespace / undefined / null mean "not set" (undefined). Anything else throws FieldError.
 */
export function parseJsonObject(
	value: unknown,
	label: string,
	apiField?: string,
): Record<string, unknown> | undefined {
	if (value === undefined || value === null) return undefined;
	let parsed = value;
	if (typeof value === 'string') {
		if (value.trim() === '') return undefined;
		let parserMessage: string | undefined;
		try {
			parsed = JSON.parse(value);
		} catch (error) {
			parserMessage = String((error as Error)?.message ?? error);
		}
		if (parserMessage !== undefined) {
			throw new FieldError(
				label,
				`is not valid JSON (${shorten(parserMessage, MAX_JSON_ERROR_LENGTH)}): enter a JSON object like {"key": "value"}.`,
				apiField ?? apiFieldOfLabel(label),
			);
		}
	}
	if (!isPlainObject(parsed)) {
		const kind = typeof value === 'string' ? describeJsonKind(parsed) : describeKind(parsed);
		throw new FieldError(
			label,
			`must be a JSON object ({…}), but it is ${kind}.`,
			apiField ?? apiFieldOfLabel(label),
		);
	}
	return parsed;
}

function describeJsonKind(value: unknown): string {
	if (value === null) return 'JSON null';
	if (typeof value === 'boolean') return `JSON ${String(value)}`;
	if (typeof value === 'string') return 'a JSON string';
	return `a JSON ${typeof value === 'number' ? 'number' : describeKind(value).replace(/^an? /, '')}`;
}

function shorten(text: string, max: number): string {
	const oneLine = text.replace(/\s+/g, ' ').trim();
	return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

function isGiven(value: unknown): boolean {
	return value !== undefined && value !== null && value !== '';
}

function isBlankText(value: unknown): boolean {
	return typeof value === 'string' && value !== '' && value.trim() === '';
}

/**
 * Every broken rule, each as one sentence that names the field (UI label and API field) and
 * says what to do; [] when the body may be sent.
 */
export function findChatRequestProblems(body: ChatRequestBody): string[] {
	const problems: string[] = [];
	const name = (path: string) => fieldName(path, body);

	for (const key of Object.keys(body)) {
		if (!CHAT_REQUEST_FIELDS.includes(key) && body[key] !== undefined) {
			problems.push(
				`The request has a field Vapi does not accept: "${key}"; remove it (Vapi rejects unknown fields).`,
			);
		}
	}

	problems.push(...findInputProblems(body.input, name('input')));

	for (const path of ['assistantId', 'squadId', 'sessionId', 'previousChatId']) {
		const value = body[path];
		if (!isGiven(value)) continue;
		if (typeof value !== 'string') {
			problems.push(`${name(path)} must be an id (text), not ${describeKind(value)}.`);
		} else if (isBlankText(value)) {
			problems.push(`${name(path)} is blank; enter an id or clear the field.`);
		}
	}
	for (const path of ['assistant', 'squad']) {
		const value = body[path];
		if (isGiven(value) && !isPlainObject(value)) {
			problems.push(`${name(path)} must be a JSON object ({…}), not ${describeKind(value)}.`);
		}
	}

	const has = (path: string) => isGiven(body[path]) && !isBlankText(body[path]);
	const targets = TARGET_FIELDS.filter(has);
	if (targets.length === 0 && !has('sessionId') && !has('previousChatId')) {
		problems.push(
			`Choose who answers: set ${name('assistantId')}, ${name('assistant')}, ${name('squadId')} or ${name('squad')}, or continue a conversation with ${name('sessionId')} or ${name('previousChatId')}.`,
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
			`${name('sessionId')} and ${name('assistantId')} cannot be used together: a session stays with the assistant it was created with, so clear ${name('assistantId')}.`,
		);
	}

	if (isGiven(body.name)) {
		if (typeof body.name !== 'string') {
			problems.push(`${name('name')} must be text, not ${describeKind(body.name)}.`);
		} else {
			const length = countCharacters(body.name);
			if (length > MAX_NAME_LENGTH) {
				problems.push(
					`${name('name')} is ${length} characters long; Vapi accepts at most ${MAX_NAME_LENGTH}, so shorten it.`,
				);
			}
		}
	}

	if (isGiven(body.stream) && typeof body.stream !== 'boolean') {
		problems.push(`${name('stream')} must be true or false, not ${describeKind(body.stream)}.`);
	}

	problems.push(...findOverridesProblems(body.assistantOverrides, name));
	problems.push(...findTransportProblems(body.transport, has('sessionId'), name));
	return problems;
}

function joinAnd(items: string[]): string {
	return items.length <= 1
		? items.join('')
		: `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function findInputProblems(input: unknown, label: string): string[] {
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
	const roles = `use ${MESSAGE_ROLES.slice(0, -1).join(', ')} or ${MESSAGE_ROLES[MESSAGE_ROLES.length - 1]}`;
	if (!isGiven(role)) return [`${where} has no role; ${roles}.`];
	if (typeof role !== 'string' || !(MESSAGE_ROLES as readonly string[]).includes(role)) {
		const shown = typeof role === 'string' ? `"${shorten(role, 40)}"` : describeKind(role);
		return [`${where} has role ${shown}; ${roles}.`];
	}
	const at = `${where} (${role})`;
	const problems: string[] = [];
	const allowed = MESSAGE_FIELDS[role];
	const unknown = Object.keys(message).filter(
		(key) => !allowed.includes(key) && message[key] !== undefined,
	);
	if (unknown.length > 0) {
		const names = unknown.map((key) => `"${key}"`).join(', ');
		problems.push(
			`${at} has ${unknown.length > 1 ? 'properties' : 'a property'} Vapi does not accept: ${names}; allowed are ${allowed.join(', ')}.`,
		);
	}

	const toolCalls = message.tool_calls;
	const hasToolCalls = Array.isArray(toolCalls) && toolCalls.length > 0;
	if (!isGiven(message.content)) {
		if (role !== 'assistant') {
			const hint = isGiven(message.message) ? ' (the text goes in content, not message)' : '';
			problems.push(`${at} has no content; enter its text${hint}.`);
		} else if (!hasToolCalls && !isGiven(message.refusal)) {
			problems.push(
				`${at} has no content; enter its text (only a message with tool_calls may omit it).`,
			);
		}
	}
	problems.push(...findTextProblems(message.content, `${at} content`, MAX_CONTENT_LENGTH));
	problems.push(...findTextProblems(message.refusal, `${at} refusal`, MAX_CONTENT_LENGTH));
	problems.push(...findTextProblems(message.name, `${at} name`, MAX_NAME_LENGTH));

	if (role === 'tool') {
		if (!isGiven(message.tool_call_id)) {
			problems.push(`${at} has no tool_call_id; set it to the id of the tool call it answers.`);
		} else if (typeof message.tool_call_id !== 'string') {
			problems.push(`${at} tool_call_id must be text, not ${describeKind(message.tool_call_id)}.`);
		}
	}
	if (isGiven(message.metadata) && !isPlainObject(message.metadata)) {
		problems.push(`${at} metadata must be an object, not ${describeKind(message.metadata)}.`);
	}
	if (role === 'assistant' && isGiven(toolCalls)) {
		if (!Array.isArray(toolCalls)) {
			problems.push(`${at} tool_calls must be a list, not ${describeKind(toolCalls)}.`);
		} else {
			toolCalls.forEach((call, index) =>
				problems.push(...findToolCallProblems(call, `${at} tool call ${index + 1}`)),
			);
		}
	}
	return problems;
}

function findTextProblems(value: unknown, what: string, max: number): string[] {
	if (!isGiven(value)) return [];
	if (typeof value !== 'string') return [`${what} must be text, not ${describeKind(value)}.`];
	const length = countCharacters(value);
	return length > max
		? [`${what} is ${length} characters long; Vapi accepts at most ${max}, so shorten it.`]
		: [];
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

function findOverridesProblems(overrides: unknown, name: (path: string) => string): string[] {
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

function findTransportProblems(
	transport: unknown,
	hasSession: boolean,
	name: (path: string) => string,
): string[] {
	if (!isGiven(transport)) return [];
	if (!isPlainObject(transport)) {
		return [`${name('transport')} must be an object, not ${describeKind(transport)}.`];
	}
	const problems: string[] = [];
	for (const key of Object.keys(transport)) {
		if (!TRANSPORT_FIELDS.includes(key) && transport[key] !== undefined) {
			problems.push(
				`The SMS transport has a field Vapi does not accept: "transport.${key}"; remove it.`,
			);
		}
	}
	if (transport.type !== 'twilio.sms') {
		const shown = isGiven(transport.type) ? `"${String(transport.type)}"` : 'missing';
		problems.push(`${name('transport.type')} must be "twilio.sms", not ${shown}.`);
	}
	for (const path of ['phoneNumberId', 'customerId']) {
		const value = transport[path];
		if (!isGiven(value)) continue;
		if (typeof value !== 'string') {
			problems.push(
				`${name(`transport.${path}`)} must be an id (text), not ${describeKind(value)}.`,
			);
		} else if (isBlankText(value)) {
			problems.push(`${name(`transport.${path}`)} is blank; enter an id or clear the field.`);
		}
	}
	if (isGiven(transport.customer) && !isPlainObject(transport.customer)) {
		problems.push(
			`${name('transport.customer')} must be a customer object like {"number": "+14155550100"}, not ${describeKind(transport.customer)}.`,
		);
	}
	const flag = transport.useLLMGeneratedMessageForOutbound;
	if (isGiven(flag) && typeof flag !== 'boolean') {
		problems.push(
			`${name('transport.useLLMGeneratedMessageForOutbound')} must be true or false, not ${describeKind(flag)}.`,
		);
	}
	if (isGiven(transport.conversationType) && transport.conversationType !== 'chat') {
		problems.push(`${name('transport.conversationType')} must be "chat".`);
	}

	const has = (path: string) => isGiven(transport[path]) && !isBlankText(transport[path]);
	if (hasSession) {
		const clashes = ['phoneNumberId', 'customer']
			.filter(has)
			.map((path) => name(`transport.${path}`));
		if (clashes.length > 0) {
			problems.push(
				`${name('sessionId')} cannot be combined with ${joinAnd(clashes)}: the session already has its phone number and customer, so clear ${clashes.length > 1 ? 'them' : 'it'} or the session.`,
			);
		}
	} else {
		if (!has('phoneNumberId')) {
			problems.push(
				`SMS needs ${name('transport.phoneNumberId')}, the Vapi number that sends it, unless the chat continues a ${name('sessionId')}.`,
			);
		}
		if (!has('customer') && !has('customerId')) {
			problems.push(
				`SMS needs ${name('transport.customer')} or ${name('transport.customerId')}, who receives it, unless the chat continues a ${name('sessionId')}.`,
			);
		}
	}
	return problems;
}
