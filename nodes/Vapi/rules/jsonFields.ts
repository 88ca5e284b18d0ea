/**
 * The routed parameters made into a body Vapi accepts: JSON parameters parsed, empty fields
 * dropped, and the body as the JSON text that is sent. Pure: no n8n.
 */

import { describeKind, isPlainObject, shorten } from './checks';
import { FieldError } from './fieldLabels';

const MAX_JSON_ERROR_LENGTH = 120;

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
	if (typeof value === 'string' && value.trim() === '') return undefined;
	const parsed = typeof value === 'string' ? parseJsonText(value, label, apiField) : value;
	if (!isPlainObject(parsed)) {
		const kind = typeof value === 'string' ? describeJsonKind(parsed) : describeKind(parsed);
		throw new FieldError(label, `must be a JSON object ({…}), but it is ${kind}.`, apiField);
	}
	return parsed;
}

function parseJsonText(text: string, label: string, apiField?: string): unknown {
	let parserMessage: string;
	try {
		return JSON.parse(text);
	} catch (error) {
		parserMessage = shorten(String((error as Error)?.message ?? error), MAX_JSON_ERROR_LENGTH);
	}
	// Thrown outside the catch: n8n's lint wants node errors there, and this one is not (yet).
	throw new FieldError(
		label,
		`is not valid JSON (${parserMessage}): enter a JSON object like {"key": "value"}.`,
		apiField,
	);
}

function describeJsonKind(value: unknown): string {
	if (value === null) return 'JSON null';
	if (typeof value === 'boolean') return `JSON ${String(value)}`;
	if (typeof value === 'string') return 'a JSON string';
	return `a JSON ${typeof value === 'number' ? 'number' : describeKind(value).replace(/^an? /, '')}`;
}

/** A JSON parameter taken out of the routed body: parsed for the checks, its text for the wire. */
export interface JsonField {
	/** Its body path, one or two levels deep: `assistant`, `assistantOverrides.variableValues`. */
	path: string;
	value: Record<string, unknown>;
	/** What the user wrote, trimmed; undefined when an expression gave an object. */
	text?: string;
}

/** The object holding the last key of `path`, and that key. */
function holderOf(body: Record<string, unknown>, path: string) {
	const keys = path.split('.');
	const key = keys.pop() as string;
	let holder: unknown = body;
	for (const outer of keys) holder = isPlainObject(holder) ? holder[outer] : undefined;
	return { holder: isPlainObject(holder) ? holder : undefined, key };
}

/**
 * Takes the JSON parameters at `paths` out of the routed `body` and parses them, so that the rest
 * can be pruned of empty fields without touching what the user wrote inside their own JSON. A
 * field left empty (`{}` too: an empty object says nothing) is dropped. Throws FieldError, the
 * field named by `labelOf(path)`, when one is not a JSON object.
 */
export function takeJsonFields(
	body: Record<string, unknown>,
	paths: readonly string[],
	labelOf: (path: string) => string,
): JsonField[] {
	const fields: JsonField[] = [];
	for (const path of paths) {
		const { holder, key } = holderOf(body, path);
		if (!holder || !Object.prototype.hasOwnProperty.call(holder, key)) continue;
		const given = holder[key];
		delete holder[key];
		const value = parseJsonObject(given, labelOf(path), path);
		if (!value || Object.keys(value).length === 0) continue;
		fields.push({ path, value, text: typeof given === 'string' ? given.trim() : undefined });
	}
	return fields;
}

/** Puts the parsed fields back into `body`, so that the checks see the request Vapi will get. */
export function putJsonFields(body: Record<string, unknown>, fields: readonly JsonField[]) {
	for (const { path, value } of fields) {
		const [outer, inner] = path.split('.');
		if (inner === undefined) body[outer] = value;
		else body[outer] = { ...(isPlainObject(body[outer]) ? body[outer] : {}), [inner]: value };
	}
}

/** A routed body pruned of empty fields, its JSON fields parsed in place and kept for the wire. */
export interface CleanBody<T> {
	body: T;
	jsonFields: JsonField[];
}

/**
 * The routed `body` as the checks and the wire need it (the one way both preSend steps prepare a
 * body): its JSON fields taken out and parsed, the rest pruned of empty fields, the parsed fields
 * put back. Throws FieldError like takeJsonFields; `jsonFields` go on to toRequestJson.
 */
export function cleanRoutedBody<T extends Record<string, unknown>>(
	body: T,
	paths: readonly string[],
	labelOf: (path: string) => string,
): CleanBody<T> {
	const jsonFields = takeJsonFields(body, paths, labelOf);
	const cleanBody = pruneEmpty(body);
	putJsonFields(cleanBody, jsonFields);
	return { body: cleanBody, jsonFields };
}

/**
 * The body as the JSON text that is sent, each JSON field exactly as the user wrote it. The body
 * goes as text because n8n copies object bodies without the keys `__proto__`, `constructor` and
 * `prototype`, which a user's JSON may hold (and Vapi accepts), and because only text keeps what
 * the user wrote (spacing, key order, digits). A valid JSON text is a valid JSON value in place.
 */
export function toRequestJson(body: Record<string, unknown>, fields: readonly JsonField[]): string {
	const texts = new Map<string, string>();
	for (const { path, text } of fields) if (text !== undefined) texts.set(path, text);
	return jsonText(body, texts, '');
}

function jsonText(value: unknown, texts: Map<string, string>, path: string): string {
	const written = texts.get(path);
	if (written !== undefined) return written;
	if (!isPlainObject(value)) return JSON.stringify(value);
	const members = Object.entries(value)
		.filter(([, child]) => child !== undefined)
		.map(([key, child]) => {
			const childPath = path === '' ? key : `${path}.${key}`;
			return `${JSON.stringify(key)}:${jsonText(child, texts, childPath)}`;
		});
	return `{${members.join(',')}}`;
}
