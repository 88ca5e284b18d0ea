/**
 * The routed parameters made into a body Vapi accepts: JSON parameters parsed, empty fields
 * dropped. Pure: no n8n.
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
