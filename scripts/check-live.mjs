#!/usr/bin/env node
// `npm run check:live`: asks real Vapi the questions no test here can settle, and prints a short
// report to paste into an issue. Is the Responses `id` a chat id (GET /chat/{id} finds it, and
// previousChatId with it works)? How is the stream labelled and framed (Content-Type, `event:` lines,
// `[DONE]`, comments, line ends)? Does the server end the stream after response.completed? What does
// GET /session's `name` filter match (the spec lists it twice: session name, customer name)?
//
//   VAPI_API_KEY=… [VAPI_ASSISTANT_ID=…] [VAPI_BASE_URL=https://api.eu.vapi.ai] npm run check:live
//   npm run check:live          without a key: against the local Vapi simulator, and says so
//
// It creates at most two chats and one session, and deletes what it created. The key is never
// printed: every line is masked before it is written. Exit code 0 when every probe ran.

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { startSimulatorProcess } = require('../simulator/process.js');

const REQUEST_TIMEOUT_MS = 90_000;
// How long the stream may stay open after response.completed before it counts as "kept open".
const GRACE_MS = 2_000;
const CHAT_NAME = 'n8n-nodes-vapi check:live';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const END_TYPES = ['response.completed', 'response.failed', 'response.incomplete'];
const END_EVENT = /"type"\s*:\s*"response\.(completed|failed|incomplete)"/;

class StopCheck extends Error {}

/** Where to ask: real Vapi when VAPI_API_KEY is set, else a simulator started for the check. */
async function chooseTarget() {
	const apiKey = process.env.VAPI_API_KEY?.trim();
	if (apiKey) {
		const baseUrl = (process.env.VAPI_BASE_URL?.trim() || 'https://api.vapi.ai').replace(
			/\/+$/,
			'',
		);
		return { apiKey, baseUrl, label: `Vapi at ${baseUrl}` };
	}
	const sim = await startSimulatorProcess();
	return {
		apiKey: sim.apiKey,
		baseUrl: sim.url,
		sim,
		label:
			"the local Vapi simulator (no VAPI_API_KEY given): these are the simulator's readings, not Vapi's",
	};
}

/** The report: `name: value` lines, each masked (the key, also URL-encoded) before it is kept. */
function createReport(apiKey) {
	const lines = [];
	const secrets = [apiKey, encodeURIComponent(apiKey)].filter((s) => s.length >= 4);
	const mask = (text) => secrets.reduce((t, s) => t.split(s).join('***'), String(text));
	return {
		lines,
		mask,
		add: (name, value) => lines.push(mask(`${name}: ${value}`)),
	};
}

function shorten(text, max = 200) {
	const flat = String(text).replace(/\s+/g, ' ').trim();
	return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function vapiMessage(json, text) {
	const message = json?.message;
	if (Array.isArray(message)) return message.join('; ');
	if (typeof message === 'string') return message;
	return text;
}

/** One API call → `{ status, headers, text, json }`; a network failure stops the check. */
function createClient({ baseUrl, apiKey }) {
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

async function readJson(answer) {
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
async function readStream(response) {
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
function sseEvents(text) {
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

function parsedOrNothing(text) {
	try {
		return JSON.parse(text);
	} catch {
		return { unparsed: text };
	}
}

function idShape(id) {
	if (typeof id !== 'string' || id === '') return 'absent';
	if (UUID.test(id)) return 'UUID-shaped (like a chat id)';
	const prefix = /^([a-z]+_)/i.exec(id);
	return prefix ? `${prefix[1]}-prefixed, not UUID-shaped` : 'not UUID-shaped';
}

function countTypes(events) {
	const counts = new Map();
	for (const event of events) {
		const type =
			event.unparsed !== undefined
				? '(not JSON)'
				: (event.type ??
					(event.path !== undefined ? 'native frame {id, path, delta}' : '(untyped)'));
		counts.set(type, (counts.get(type) ?? 0) + 1);
	}
	return [...counts].map(([type, n]) => (n > 1 ? `${type} ×${n}` : type)).join(', ');
}

const partTypes = (responseObject) =>
	[
		...new Set(
			(responseObject?.output ?? []).flatMap((item) =>
				item.type === 'message' ? (item.content ?? []).map((part) => part.type) : [item.type],
			),
		),
	].join(', ') || '(none)';

async function chooseAssistant(call, report) {
	const fromEnv = process.env.VAPI_ASSISTANT_ID?.trim();
	if (fromEnv) {
		report.add('assistant', 'VAPI_ASSISTANT_ID');
		return fromEnv;
	}
	const listed = await readJson(await call('GET', '/assistant?limit=1'));
	if (listed.status === 401)
		throw new StopCheck('the key was refused (401): use a private API key');
	if (listed.status !== 200 || !Array.isArray(listed.json) || !listed.json[0]?.id) {
		throw new StopCheck(
			`GET /assistant?limit=1 answered ${listed.status} (${shorten(vapiMessage(listed.json, listed.text))}); set VAPI_ASSISTANT_ID`,
		);
	}
	report.add('assistant', 'the newest one listed (set VAPI_ASSISTANT_ID to choose)');
	return listed.json[0].id;
}

/** Chat 1, streamed: how the stream is labelled, framed and ended, and the id it carries. */
async function probeStream(call, report, assistantId, nonce) {
	const answer = await call('POST', '/chat/responses', {
		assistantId,
		name: CHAT_NAME,
		input: `check:live ${nonce}: please answer with one short sentence.`,
		stream: true,
	});
	report.add('stream HTTP status', answer.status);
	report.add('stream Content-Type', answer.headers.get('content-type') ?? '(none)');
	if (answer.status < 200 || answer.status >= 300) {
		const { json, text } = await readJson(answer);
		throw new StopCheck(`the streamed chat was refused: ${shorten(vapiMessage(json, text))}`);
	}
	const { text, ended, sawEndEvent } = await readStream(answer.response);
	const isJson = /^\s*[{[]/.test(text);
	report.add('stream body', isJson ? 'JSON, not SSE' : 'SSE (data: lines)');
	const events = isJson ? [parsedOrNothing(text)] : sseEvents(text);
	report.add('stream event lines', /^event:/m.test(text) ? 'yes' : 'no');
	report.add('stream [DONE]', /^data: ?\[DONE\]/m.test(text) ? 'yes' : 'no');
	report.add('stream comment lines (:)', /^:/m.test(text) ? 'yes' : 'no');
	report.add('stream line ends', text.includes('\r\n') ? 'CRLF' : 'LF');
	report.add('stream event types', countTypes(events) || '(none)');
	const end = events.find((e) => END_TYPES.includes(e.type));
	const responseObject = isJson ? events[0] : end?.response;
	report.add(
		'stream ends after response.completed',
		!sawEndEvent
			? ended
				? 'no end event came'
				: `no end event within ${REQUEST_TIMEOUT_MS / 1000} s`
			: ended
				? 'yes'
				: `no (still open ${GRACE_MS / 1000} s later; closed by check:live)`,
	);
	report.add(
		'stream final status',
		responseObject
			? `${responseObject.status}${responseObject.error ? ` (${shorten(responseObject.error, 80)})` : ''}`
			: '(none)',
	);
	report.add('stream content part types', partTypes(responseObject));
	report.add('Responses id', idShape(responseObject?.id));
	const nativeId = events.find((e) => e.path !== undefined && typeof e.id === 'string')?.id;
	if (nativeId) {
		report.add('native frame id', idShape(nativeId));
		if (responseObject?.id)
			report.add(
				'native frame id equals Responses id',
				nativeId === responseObject.id ? 'yes' : 'no',
			);
		else report.add('id used for the chat probes', 'the native frame id');
	}
	return { responseId: responseObject?.id ?? nativeId };
}

/** Is the Responses id a chat id: GET /chat/{id}, then chat 2 with previousChatId = that id. */
async function probeChatId(call, report, responseId, nonce, created) {
	if (!responseId) {
		report.add('GET /chat/{Responses id}', 'not probed (no id came back)');
		return;
	}
	const found = await readJson(await call('GET', `/chat/${encodeURIComponent(responseId)}`));
	if (found.status === 200) created.chats.add(responseId);
	report.add(
		'GET /chat/{Responses id}',
		found.status === 200
			? `found (200)${found.json?.id === responseId ? '' : ', but its id differs'}`
			: `${found.status === 404 ? 'not found' : 'failed'} (${found.status}: ${shorten(vapiMessage(found.json, found.text), 120)})`,
	);
	const second = await readJson(
		await call('POST', '/chat/responses', {
			previousChatId: responseId,
			name: CHAT_NAME,
			input: `check:live ${nonce}: what did I ask you before?`,
			stream: false,
		}),
	);
	const worked = second.status >= 200 && second.status < 300;
	report.add(
		'previousChatId = Responses id',
		worked
			? `works (${second.status})`
			: `refused (${second.status}: ${shorten(vapiMessage(second.json, second.text), 120)})`,
	);
	if (worked) {
		// Its id is a chat id only if the first one was (same reading); the list finds it otherwise.
		if (found.status === 200 && typeof second.json?.id === 'string')
			created.chats.add(second.json.id);
		report.add('JSON answer Content-Type', second.headers.get('content-type') ?? '(none)');
		report.add('JSON answer content part types', partTypes(second.json));
		report.add('JSON answer sessionId', second.json?.sessionId ? 'present' : 'absent');
	}
}

/** What GET /session?name= matches: a session named A whose customer is named B. */
async function probeSessionName(call, report, assistantId, nonce, created) {
	const sessionName = `check-live-s-${nonce}`;
	const customerName = `check-live-c-${nonce}`;
	const session = await readJson(
		await call('POST', '/session', {
			assistantId,
			name: sessionName,
			customer: { name: customerName },
		}),
	);
	if (session.status < 200 || session.status >= 300 || !session.json?.id) {
		report.add(
			'session name filter',
			`not probed (POST /session answered ${session.status}: ${shorten(vapiMessage(session.json, session.text), 120)})`,
		);
		return;
	}
	created.sessions.push(session.json.id);
	const finds = async (name) => {
		const listed = await readJson(
			await call('GET', `/session?name=${encodeURIComponent(name)}&limit=10`),
		);
		if (listed.status !== 200) return `failed (${listed.status})`;
		return (listed.json?.results ?? []).some((s) => s.id === session.json.id)
			? 'found'
			: 'not found';
	};
	report.add(
		'session name filter',
		`session name → ${await finds(sessionName)}, customer name → ${await finds(customerName)}`,
	);
}

/** The chats this run made: listed since it started, recognised by the nonce in their input. */
async function findOwnChats(call, assistantId, nonce, since) {
	const query = `assistantId=${encodeURIComponent(assistantId)}&createdAtGe=${encodeURIComponent(since)}&limit=100`;
	const listed = await readJson(await call('GET', `/chat?${query}`));
	const ids = new Set();
	for (const chat of listed.json?.results ?? []) {
		if (JSON.stringify(chat.input ?? '').includes(nonce)) ids.add(chat.id);
	}
	// A chat that continues another may not carry the assistant id: look for those too.
	for (const id of [...ids]) {
		const next = await readJson(
			await call('GET', `/chat?previousChatId=${encodeURIComponent(id)}&limit=10`),
		);
		for (const chat of next.json?.results ?? []) ids.add(chat.id);
	}
	return [...ids];
}

async function cleanUp(call, report, assistantId, nonce, since, created) {
	const listed = await findOwnChats(call, assistantId, nonce, since).catch(() => []);
	// The answers' ids only count where GET /chat found them (probeChatId); the list adds the rest.
	const chats = new Set([...created.chats, ...listed]);
	const failed = [];
	let deletedChats = 0;
	for (const id of chats) {
		const { status } = await readJson(await call('DELETE', `/chat/${encodeURIComponent(id)}`));
		if (status === 200) deletedChats++;
		else failed.push(`chat (${status})`);
	}
	let deletedSessions = 0;
	for (const id of created.sessions) {
		const { status } = await readJson(await call('DELETE', `/session/${encodeURIComponent(id)}`));
		if (status === 200) deletedSessions++;
		else failed.push(`session (${status})`);
	}
	const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
	report.add(
		'cleanup',
		`deleted ${plural(deletedChats, 'chat')}, ${plural(deletedSessions, 'session')}${failed.length ? `; could not delete ${failed.join(', ')}` : ''}`,
	);
}

async function main() {
	const target = await chooseTarget();
	const report = createReport(target.apiKey);
	report.lines.push(
		`n8n-nodes-vapi check:live report (${new Date().toISOString()}, Node ${process.version})`,
	);
	report.add('target', target.label);
	const call = createClient(target);
	const nonce = Math.random().toString(16).slice(2, 10);
	const since = new Date(Date.now() - 60_000).toISOString();
	const created = { chats: new Set(), sessions: [] };
	let result = 'every probe ran';
	let assistantId;
	try {
		assistantId = await chooseAssistant(call, report);
		const { responseId } = await probeStream(call, report, assistantId, nonce);
		await probeChatId(call, report, responseId, nonce, created);
		await probeSessionName(call, report, assistantId, nonce, created);
	} catch (error) {
		if (!(error instanceof StopCheck)) throw error;
		result = `stopped: ${error.message}`;
	} finally {
		if (assistantId)
			await cleanUp(call, report, assistantId, nonce, since, created).catch(() => {});
		await target.sim?.close();
	}
	report.add('result', result);
	process.stdout.write(`${report.lines.join('\n')}\n`);
	process.exitCode = result === 'every probe ran' ? 0 : 1;
}

main().catch((error) => {
	const key = process.env.VAPI_API_KEY?.trim();
	const message = String(error?.message ?? error);
	process.stderr.write(`check:live failed: ${key ? message.split(key).join('***') : message}\n`);
	process.exit(1);
});
