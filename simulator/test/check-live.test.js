'use strict';

// `npm run check:live` (scripts/check-live.mjs) run as a user runs it: without a key against a
// simulator it starts itself, and with VAPI_API_KEY + VAPI_BASE_URL against this file's simulator,
// whose faults stand in for the other readings of Vapi (so each report line is seen to change).

const { execFile } = require('node:child_process');
const path = require('node:path');
const { useSimulator } = require('./use-simulator');

const SCRIPT = path.join(__dirname, '..', '..', 'scripts', 'check-live.mjs');
const KEY = 'sk-check-live-7d1e5a9c3b';

const vapi = useSimulator({ apiKey: KEY });

/** Runs the script with `env` (VAPI_* of this process left out) → `{ code, stdout, stderr, report }`. */
function checkLive(env = {}) {
	const base = Object.fromEntries(
		Object.entries(process.env).filter(([name]) => !name.startsWith('VAPI_')),
	);
	return new Promise((resolve) => {
		execFile(
			process.execPath,
			[SCRIPT],
			{ env: { ...base, ...env }, timeout: 60_000 },
			(error, stdout, stderr) => {
				const report = Object.fromEntries(
					stdout
						.split('\n')
						.slice(1)
						.filter(Boolean)
						.map((line) => [line.slice(0, line.indexOf(': ')), line.slice(line.indexOf(': ') + 2)]),
				);
				resolve({ code: error ? error.code : 0, stdout, stderr, report });
			},
		);
	});
}

const againstThisSimulator = (env = {}) =>
	checkLive({ VAPI_API_KEY: KEY, VAPI_BASE_URL: `${vapi.sim.url}/`, ...env });
const chatPosts = () =>
	vapi.sim.requests.filter((r) => r.method === 'POST' && r.path === '/chat/responses');

test('without a key it starts the simulator, says so, and reports its readings', async () => {
	const { code, stdout, report } = await checkLive();
	expect(code).toBe(0);
	expect(stdout).toMatch(/^n8n-nodes-vapi check:live report \(.+, Node v\d+/);
	expect(report).toEqual({
		target:
			"the local Vapi simulator (no VAPI_API_KEY given): these are the simulator's readings, not Vapi's",
		assistant: 'the newest one listed (set VAPI_ASSISTANT_ID to choose)',
		'stream HTTP status': '200',
		'stream Content-Type': 'text/event-stream',
		'stream body': 'SSE (data: lines)',
		'stream event lines': 'no',
		'stream [DONE]': 'no',
		'stream comment lines (:)': 'no',
		'stream line ends': 'LF',
		'stream event types': expect.stringMatching(
			/^response\.output_text\.delta ×\d+, response\.output_text\.done, response\.completed$/,
		),
		'stream ends after response.completed': 'yes',
		'stream final status': 'completed',
		'stream content part types': 'output_text',
		'Responses id': 'UUID-shaped (like a chat id)',
		'GET /chat/{Responses id}': 'found (200)',
		'previousChatId = Responses id': 'works (201)',
		'JSON answer Content-Type': 'application/json; charset=utf-8',
		'JSON answer content part types': 'output_text',
		'JSON answer sessionId': 'absent',
		'session name filter': 'session name → found, customer name → found',
		cleanup: 'deleted 2 chats, 1 session',
		result: 'every probe ran',
	});
});

test('with a key: two chats at most, everything it made deleted, the key never printed', async () => {
	const { code, stdout, stderr, report } = await againstThisSimulator({
		VAPI_ASSISTANT_ID: vapi.sim.assistants[2].id,
	});
	expect(code).toBe(0);
	expect(report.target).toBe(`Vapi at ${vapi.sim.url}`);
	expect(report.assistant).toBe('VAPI_ASSISTANT_ID');
	expect(chatPosts().map((r) => r.body.assistantId ?? 'previousChatId')).toEqual([
		vapi.sim.assistants[2].id,
		'previousChatId',
	]);
	expect([vapi.sim.chats.size, vapi.sim.sessions.size]).toEqual([0, 0]);
	expect(report.cleanup).toBe('deleted 2 chats, 1 session');
	expect(`${stdout}${stderr}`).not.toContain(KEY);
});

test('the report follows what the server does: framing, labels, a Responses id that is no chat id, a kept-open stream', async () => {
	vapi.sim.addFault({
		when: { method: 'POST', path: '/chat/responses' },
		fault: {
			eventLines: true,
			done: true,
			crlf: true,
			comments: true,
			contentType: 'application/json',
			responseId: true,
			textParts: true,
			keepOpen: true,
		},
	});
	const { code, report } = await againstThisSimulator();
	expect(code).toBe(0);
	expect(report).toMatchObject({
		'stream Content-Type': 'application/json',
		'stream body': 'SSE (data: lines)',
		'stream event lines': 'yes',
		'stream [DONE]': 'yes',
		'stream comment lines (:)': 'yes',
		'stream line ends': 'CRLF',
		'stream ends after response.completed': 'no (still open 2 s later; closed by check:live)',
		'stream content part types': 'text',
		'Responses id': 'resp_-prefixed, not UUID-shaped',
		'GET /chat/{Responses id}': 'not found (404: Chat not found)',
		'previousChatId = Responses id': 'refused (404: Previous chat not found)',
		cleanup: 'deleted 1 chat, 1 session',
	});
	expect(chatPosts()).toHaveLength(2);
	expect(vapi.sim.chats.size).toBe(0);
});

test('an unfinished answer and a native stream are reported as such', async () => {
	vapi.sim.addFault({
		when: { method: 'POST', path: '/chat/responses' },
		times: 1,
		fault: { finalStatus: 'incomplete' },
	});
	const incomplete = (await againstThisSimulator()).report;
	expect(incomplete['stream final status']).toBe('incomplete (max_output_tokens)');
	vapi.sim.addFault({
		when: { method: 'POST', path: '/chat/responses' },
		times: 1,
		fault: { nativeStream: true },
	});
	const native = (await againstThisSimulator()).report;
	expect(native['stream event types']).toMatch(/^native frame \{id, path, delta\}( ×\d+)?$/);
	expect(native['stream ends after response.completed']).toBe('no end event came');
	expect(native['Responses id']).toBe('absent');
	expect(native['native frame id']).toBe('UUID-shaped (like a chat id)');
	expect(native['id used for the chat probes']).toBe('the native frame id');
	expect(native['GET /chat/{Responses id}']).toBe('found (200)');
	expect(native['previousChatId = Responses id']).toBe('works (201)');
	expect(vapi.sim.chats.size).toBe(0);
});

test('a refused key or an echoed key: the check stops, masks the key and exits 1', async () => {
	vapi.sim.addFault({ when: { path: '/assistant' }, fault: { echoKey: 'errorBody', status: 500 } });
	const { code, stdout, stderr, report } = await againstThisSimulator();
	expect(code).toBe(1);
	expect(report.result).toMatch(
		/^stopped: GET \/assistant\?limit=1 answered 500 \(.*\*\*\*.*\); set VAPI_ASSISTANT_ID$/,
	);
	expect(`${stdout}${stderr}`).not.toContain(KEY);
	const refused = await checkLive({ VAPI_API_KEY: 'wrong-key', VAPI_BASE_URL: vapi.sim.url });
	expect([refused.code, refused.report.result]).toEqual([
		1,
		'stopped: the key was refused (401): use a private API key',
	]);
});
