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
// Here: the target, the report, the run and the clean-up; the probes are in check-live/probes.mjs,
// the HTTP and stream reading in check-live/http.mjs.

import { createRequire } from 'node:module';
import { StopCheck, createClient, readJson } from './check-live/http.mjs';
import {
	chooseAssistant,
	probeChatId,
	probeSessionName,
	probeStream,
} from './check-live/probes.mjs';

const require = createRequire(import.meta.url);
const { startSimulatorProcess } = require('../simulator/process.js');

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
