// check:live's probes: each asks Vapi one question and adds its readings to the report.
import {
	GRACE_MS,
	REQUEST_TIMEOUT_MS,
	StopCheck,
	parsedOrNothing,
	readJson,
	readStream,
	shorten,
	sseEvents,
	vapiMessage,
} from './http.mjs';

const CHAT_NAME = 'n8n-nodes-vapi check:live';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const END_TYPES = ['response.completed', 'response.failed', 'response.incomplete'];

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

export async function chooseAssistant(call, report) {
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
export async function probeStream(call, report, assistantId, nonce) {
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
export async function probeChatId(call, report, responseId, nonce, created) {
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
export async function probeSessionName(call, report, assistantId, nonce, created) {
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
