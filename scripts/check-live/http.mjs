// check:live's HTTP: one API call, a JSON answer, a stream read to its end, its SSE events.

export const REQUEST_TIMEOUT_MS = 90_000;

// How long the stream may stay open after response.completed before it counts as "kept open".
export const GRACE_MS = 2_000;

const END_EVENT = /"type"\s*:\s*"response\.(completed|failed|incomplete)"/;

export class StopCheck extends Error {}

export function shorten(text, max = 200) {
	const flat = String(text).replace(/\s+/g, ' ').trim();
	return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function vapiMessage(json, text) {
	const message = json?.message;
	if (Array.isArray(message)) return message.join('; ');
	if (typeof message === 'string') return message;
	return text;
}

/** One API call → `{ status, headers, text, json }`; a network failure stops the check. */
export function createClient({ baseUrl, apiKey }) {
	return async function call(method, path, body) {
		let response;
		try {
			response = await fetch(`${baseUrl}${path}`, {
				method,
				redirect: 'manual',
				headers: {
					Authorization: `Bearer ${apiKey}`,
					...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
				},
				body: body === undefined ? undefined : JSON.stringify(body),
				signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
			});
		} catch (error) {
			throw new StopCheck(`${method} ${path} failed: ${error.cause?.message ?? error.message}`);
		}
		return { status: response.status, headers: response.headers, response };
	};
}

export async function readJson(answer) {
	const text = await answer.response.text();
	let json;
	try {
		json = text.trim() ? JSON.parse(text) : undefined;
	} catch {
		json = undefined;
	}
	return { ...answer, text, json };
}

/**
 * Reads a stream until it ends, or GRACE_MS after its end event (response.completed, .failed,
 * .incomplete), or the request timeout. `ended`: the server ended it.
 */
export async function readStream(response) {
	const reader = response.body.getReader();
	const decoder = new TextDecoder();
	const deadline = Date.now() + REQUEST_TIMEOUT_MS;
	let text = '';
	let endEventAt = null;
	let ended = false;
	for (;;) {
		const waitMs = (endEventAt === null ? deadline : endEventAt + GRACE_MS) - Date.now();
		if (waitMs <= 0) break;
		let timer;
		const next = await Promise.race([
			reader.read(),
			new Promise((resolve) => (timer = setTimeout(() => resolve('wait over'), waitMs))),
		]);
		clearTimeout(timer);
		if (next === 'wait over') break;
		if (next.done) {
			ended = true;
			break;
		}
		text += decoder.decode(next.value, { stream: true });
		if (endEventAt === null && END_EVENT.test(text)) endEventAt = Date.now();
	}
	if (!ended) await reader.cancel().catch(() => {});
	return { text, ended, sawEndEvent: endEventAt !== null };
}

/** The SSE events of a body: blocks split on blank lines, `data:` lines joined. */
export function sseEvents(text) {
	const events = [];
	for (const block of text.split(/\r?\n\r?\n/)) {
		const data = block
			.split(/\r?\n/)
			.filter((line) => line.startsWith('data:'))
			.map((line) => line.slice(5).replace(/^ /, ''));
		if (data.length === 0) continue;
		events.push(parsedOrNothing(data.join('\n')));
	}
	return events;
}

export function parsedOrNothing(text) {
	try {
		return JSON.parse(text);
	} catch {
		return { unparsed: text };
	}
}
