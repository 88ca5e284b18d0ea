/**
 * What chat and session rules share: Vapi's limits and roles, and the one way to count, name and
 * check a value in a message. Pure: no n8n.
 *
 * The limits come from Vapi's OpenAPI document (CreateChatDTO, CreateSessionDTO, OpenAIMessage).
 */

/** Chat, session and customer names, message `name`s. */
export const MAX_NAME_LENGTH = 40;
/** A customer's number (CreateCustomerDTO: 3 to 40 characters). */
export const MIN_CUSTOMER_NUMBER_LENGTH = 3;
export const MAX_CUSTOMER_NUMBER_LENGTH = 40;
/** A message's content or refusal. */
export const MAX_CONTENT_LENGTH = 10000;
/** A tool call's function.name. */
export const MAX_FUNCTION_NAME_LENGTH = 80;
/** A session's expirationSeconds: one minute to 30 days. */
export const EXPIRATION_MIN_S = 60;
export const EXPIRATION_MAX_S = 2592000;

/** The roles of a chat's input messages. */
export const MESSAGE_ROLES = ['system', 'user', 'developer', 'assistant', 'tool'] as const;
/** A session's stored messages have no tool results. */
export const SESSION_MESSAGE_ROLES: readonly string[] = MESSAGE_ROLES.filter(
	(role) => role !== 'tool',
);
export const SESSION_STATUSES: readonly string[] = ['active', 'completed'];

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

/** Text on one line, cut to `max` characters with an ellipsis: a preview inside a message. */
export function shorten(text: string, max: number): string {
	const oneLine = text.replace(/\s+/g, ' ').trim();
	return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/** Set at all: not undefined, null or ''. */
export function isGiven(value: unknown): boolean {
	return value !== undefined && value !== null && value !== '';
}

/** Text of white space only. */
export function isBlankText(value: unknown): boolean {
	return typeof value === 'string' && value !== '' && value.trim() === '';
}

/** `a`, `a and b`, `a, b and c`. */
export function joinAnd(items: string[]): string {
	return items.length <= 1
		? items.join('')
		: `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * Problems of a text field (`what` names it) that holds at most `max` characters (and at least
 * `min`), counted as Vapi counts them: the one length rule of every field.
 */
export function findTextProblems(value: unknown, what: string, max: number, min = 0): string[] {
	if (!isGiven(value)) return [];
	if (typeof value !== 'string') return [`${what} must be text, not ${describeKind(value)}.`];
	const length = countCharacters(value);
	if (length > max) {
		return [`${what} is ${length} characters long; Vapi accepts at most ${max}, so shorten it.`];
	}
	return length < min ? [`${what} is ${length} characters long; Vapi needs at least ${min}.`] : [];
}

/**
 * Problems of a customer (Vapi's CreateCustomerDTO) in the fields the node sets; `nameOf` names
 * a customer field ('number', 'name', 'numberE164CheckEnabled') for the message.
 */
export function findCustomerProblems(
	customer: Record<string, unknown>,
	nameOf: (field: string) => string,
): string[] {
	return [
		...findTextProblems(
			customer.number,
			nameOf('number'),
			MAX_CUSTOMER_NUMBER_LENGTH,
			MIN_CUSTOMER_NUMBER_LENGTH,
		),
		...findTextProblems(customer.name, nameOf('name'), MAX_NAME_LENGTH),
		...findBooleanProblems(customer.numberE164CheckEnabled, nameOf('numberE164CheckEnabled')),
	];
}

/** Problems of an id field (`what` names it). */
export function findIdProblems(value: unknown, what: string): string[] {
	if (!isGiven(value)) return [];
	if (typeof value !== 'string')
		return [`${what} must be an id (text), not ${describeKind(value)}.`];
	return isBlankText(value) ? [`${what} is blank; enter an id or clear the field.`] : [];
}

/** Problems of a true/false field (`what` names it). */
export function findBooleanProblems(value: unknown, what: string): string[] {
	return isGiven(value) && typeof value !== 'boolean'
		? [`${what} must be true or false, not ${describeKind(value)}.`]
		: [];
}
