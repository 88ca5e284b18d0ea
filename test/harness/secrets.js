'use strict';

// Deep search for a secret in anything a run produced: items, errors (own non-enumerable props
// such as message, stack and cause included), run data, log records.

const MAX_DEPTH = 40;
const MAX_NODES = 500_000;

/**
 * Paths at which `secret` occurs in `value` — verbatim, URL-encoded or base64-encoded (as in a
 * Basic auth header). `[]` means it does not occur. Paths look like `items[0].error.cause.config.headers.Authorization`.
 */
function secretsIn(value, secret, rootPath = '$') {
	if (typeof secret !== 'string' || secret.length === 0)
		throw new TypeError('secretsIn: secret must be a non-empty string');
	const needles = [
		...new Set([secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')]),
	];
	const found = [];
	const seen = new WeakSet();
	let visited = 0;

	const contains = (text) => needles.some((needle) => text.includes(needle));

	const visit = (current, path, depth) => {
		if (++visited > MAX_NODES)
			throw new Error(`secretsIn: more than ${MAX_NODES} values under ${rootPath}`);
		if (typeof current === 'string') {
			if (contains(current)) found.push(path);
			return;
		}
		if (current === null || typeof current !== 'object' || depth > MAX_DEPTH) return;
		if (seen.has(current)) return;
		seen.add(current);

		if (Buffer.isBuffer(current) || current instanceof Uint8Array) {
			if (contains(Buffer.from(current).toString('utf8'))) found.push(path);
			return;
		}
		if (current instanceof Map) {
			for (const [key, entry] of current) {
				visit(key, `${path}<key ${String(key)}>`, depth + 1);
				visit(entry, `${path}.get(${String(key)})`, depth + 1);
			}
			return;
		}
		if (current instanceof Set) {
			let index = 0;
			for (const entry of current) visit(entry, `${path}<set ${index++}>`, depth + 1);
			return;
		}
		if (Array.isArray(current)) {
			current.forEach((entry, index) => visit(entry, `${path}[${index}]`, depth + 1));
			return;
		}
		const errorKeys = current instanceof Error ? ['message', 'stack', 'description', 'cause'] : [];
		for (const key of errorKeys) {
			// stack may be an accessor and message/cause may sit on the prototype: read them as n8n does.
			let entry;
			try {
				entry = current[key];
			} catch {
				continue;
			}
			visit(entry, `${path}.${key}`, depth + 1);
		}
		for (const key of Reflect.ownKeys(current)) {
			if (typeof key === 'symbol' || errorKeys.includes(key)) continue;
			if (contains(key)) found.push(`${path}<key ${key}>`);
			const descriptor = Object.getOwnPropertyDescriptor(current, key);
			if (!descriptor || !('value' in descriptor)) continue; // never run other getters
			visit(descriptor.value, `${path}.${key}`, depth + 1);
		}
	};

	visit(value, rootPath, 0);
	return found;
}

/**
 * The value as n8n persists it and sends it to the editor: JSON with each object's toJSON (n8n
 * errors project `cause` to `{name, message}`), repeated references cut. In memory, an error from
 * n8n-core's request helpers keeps the axios error as `cause`, whose `config.headers` hold the
 * Authorization header n8n added; the persisted form does not.
 */
function persisted(value) {
	const stack = [];
	const text = JSON.stringify(value, function (key, current) {
		if (current === null || typeof current !== 'object') return current;
		while (stack.length > 0 && stack.at(-1) !== this) stack.pop();
		if (stack.includes(current)) return '[Circular]';
		stack.push(current);
		return current;
	});
	return text === undefined ? undefined : JSON.parse(text);
}

module.exports = { secretsIn, persisted };
