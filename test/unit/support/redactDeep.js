'use strict';

// Test support: a deep copy with the API key masked in every string and key, for checking that a
// run's output holds no key. The node itself masks at the boundary (SecretMask, in
// nodes/Vapi/http/maskSecret.ts), so this lives with the tests, not in the package.
const { SecretMask } = require('../../../dist/nodes/Vapi/http/maskSecret.js');

const redactSecret = (text, secret) => new SecretMask(secret).text(text);

/**
 * A copy of a JSON-like value (objects, arrays, errors) with every string and key redacted.
 * Cycles are kept as cycles; other objects (dates, buffers…) are passed through.
 */
function redactDeep(value, secret) {
	return redactValue(value, secret, new Map());
}

function redactValue(value, secret, seen) {
	if (typeof value === 'string') return redactSecret(value, secret);
	if (typeof value !== 'object' || value === null) return value;
	if (seen.has(value)) return seen.get(value);
	if (Array.isArray(value)) {
		const copy = [];
		seen.set(value, copy);
		for (const element of value) copy.push(redactValue(element, secret, seen));
		return copy;
	}
	const prototype = Object.getPrototypeOf(value);
	const tag = Object.prototype.toString.call(value);
	const isError = tag === '[object Error]';
	const isPlain =
		tag === '[object Object]' && (prototype === null || Object.getPrototypeOf(prototype) === null);
	// Dates, buffers, class instances: not JSON-like, passed through as they are.
	if (!isPlain && !isError) return value;
	const copy = Object.create(prototype);
	seen.set(value, copy);
	const keys = isError
		? [...new Set(['message', 'stack', ...Object.getOwnPropertyNames(value)])]
		: Object.keys(value);
	for (const key of keys) {
		const child = value[key];
		if (child === undefined && !(key in value)) continue;
		const redacted = redactValue(child, secret, seen);
		if (isError) {
			Object.defineProperty(copy, key, {
				value: redacted,
				writable: true,
				configurable: true,
				enumerable: Object.prototype.propertyIsEnumerable.call(value, key),
			});
		} else {
			copy[redactSecret(key, secret)] = redacted;
		}
	}
	return copy;
}

module.exports = { redactDeep };
