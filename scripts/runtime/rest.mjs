// n8n's REST API, as the editor uses it: the owner account, a logged-in client, publishing a
// workflow, waiting for its webhooks, reading executions back.
import { createRequire } from 'node:module';
import path from 'node:path';
import { runtimeFor } from './install.mjs';
import { formatSeconds, UserError } from './processes.mjs';

/** The owner account `npm run dev` and the browser check create (local, throwaway n8n only). */
export const OWNER = {
	email: 'owner@example.com',
	password: 'VapiDemo-2026!',
	firstName: 'Vapi',
	lastName: 'Developer',
};

/**
 * Create the instance owner through n8n's REST setup endpoint (`POST /rest/owner/setup`, open only
 * while no owner exists). A reused user folder already has one: then the same login is kept.
 */
export async function ensureOwner(url, owner = OWNER) {
	const response = await fetch(`${url}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(owner),
	});
	if (response.ok) return owner;
	const body = await response.text();
	if (response.status === 400 && /already setup/i.test(body)) return owner;
	throw new UserError(`Creating the n8n owner account failed: ${response.status} ${body}`);
}

/**
 * A logged-in REST client for `n8n start` (the owner's session cookie, as the editor has it):
 * `get(path)` / `post(path, body)` / `patch(path, body)` resolve with the answer's `data`, and throw
 * with n8n's message otherwise; `version` is the server's n8n version. n8n ties the session cookie
 * to a `browser-id` header, sent with every request.
 */
export async function n8nRest(url, owner = OWNER) {
	const headers = { 'content-type': 'application/json', 'browser-id': 'n8n-nodes-vapi-scripts' };
	const login = await fetch(`${url}/rest/login`, {
		method: 'POST',
		headers,
		body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
	});
	if (!login.ok)
		throw new UserError(`Logging in to n8n failed: ${login.status} ${await login.text()}`);
	const cookie = login.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.join('; ');
	const request = async (method, pathName, body) => {
		const response = await fetch(`${url}${pathName}`, {
			method,
			headers: { ...headers, cookie },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok)
			throw new UserError(`n8n ${method} ${pathName} → ${response.status}: ${text.slice(0, 500)}`);
		return text ? JSON.parse(text).data : undefined;
	};
	const settings = await request('GET', '/rest/settings');
	return {
		version: settings?.versionCli,
		get: (pathName) => request('GET', pathName),
		post: (pathName, body) => request('POST', pathName, body ?? {}),
		patch: (pathName, body) => request('PATCH', pathName, body ?? {}),
	};
}

/**
 * Publish (activate) a workflow in a running n8n, as the editor's Publish button does, and wait
 * until its production webhooks answer: n8n registers them shortly after the REST call returns.
 * `webhooks` are the production paths to wait for, e.g. `['my-path', '<webhookId>/chat']`.
 * (n8n before `POST /rest/workflows/:id/activate` existed took `PATCH { active: true }`.)
 */
export async function publishWorkflow(url, rest, id, { webhooks = [], timeoutMs = 30_000 } = {}) {
	let workflow = await rest.get(`/rest/workflows/${id}`);
	const activate = () =>
		rest.post(`/rest/workflows/${id}/activate`, { versionId: workflow.versionId });
	try {
		await activate();
	} catch (error) {
		if (/→ 404: .*Version not found/.test(error.message)) {
			workflow = await recordVersion(rest, workflow);
			await activate();
		} else if (/→ 404/.test(error.message)) {
			await rest.patch(`/rest/workflows/${id}`, { active: true, versionId: workflow.versionId });
		} else throw error;
	}
	for (const webhookPath of webhooks) await waitForWebhook(url, webhookPath, { timeoutMs });
	return workflow;
}

/**
 * n8n 2.0's `import:workflow` records no version in the workflow history, and only a recorded
 * version can be published. Saving a change does record one: save an edit, then its undo, as the
 * editor would; the workflow ends as it was imported, with that content recorded.
 */
async function recordVersion(rest, workflow) {
	const path = `/rest/workflows/${workflow.id}`;
	const [first, ...others] = workflow.nodes;
	const edited = await rest.patch(path, {
		versionId: workflow.versionId,
		nodes: [{ ...first, notes: 'recording a version' }, ...others],
	});
	return await rest.patch(path, { versionId: edited.versionId, nodes: workflow.nodes });
}

/**
 * Wait until `POST /webhook/<webhookPath>` is registered, without running the workflow: a CORS
 * preflight (OPTIONS with an Origin) answers 204 for a registered webhook and 404 before that.
 */
export async function waitForWebhook(
	url,
	webhookPath,
	{ method = 'POST', timeoutMs = 30_000 } = {},
) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const response = await fetch(`${url}/webhook/${webhookPath}`, {
			method: 'OPTIONS',
			headers: { origin: url, 'access-control-request-method': method },
		});
		await response.arrayBuffer();
		if (response.status === 204) return;
		if (Date.now() > deadline)
			throw new UserError(
				`The webhook ${method} /webhook/${webhookPath} was not registered within ${formatSeconds(timeoutMs)} (last answer ${response.status}).`,
			);
		await new Promise((r) => setTimeout(r, 250));
	}
}

/** n8n's REST API sends run data serialised with `flatted`; parsed with the runtime's own copy. */
function parseFlatted(text, runtime) {
	const require = createRequire(path.join(runtime.n8nDir, 'node_modules', 'n8n', 'package.json'));
	return require('flatted').parse(text);
}

/**
 * One execution with its run data: `{ id, status, mode, startedAt, stoppedAt, data }` where `data`
 * is an IRun's `data` (`resultData.runData`…), so nodeOutput({ data }, name) reads it.
 */
export async function getExecution(rest, id, { runtime = runtimeFor() } = {}) {
	const full = await rest.get(`/rest/executions/${id}`);
	return {
		id: full.id,
		status: full.status,
		mode: full.mode,
		startedAt: full.startedAt,
		stoppedAt: full.stoppedAt,
		data: parseFlatted(full.data, runtime),
	};
}

/** Summaries (no run data) of a workflow's executions, newest first: `{ id, status, stoppedAt… }`. */
export async function listExecutions(rest, workflowId, { limit = 100 } = {}) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const list = await rest.get(`/rest/executions?filter=${filter}&limit=${limit}`);
	return list?.results ?? [];
}

const isFinished = (execution) =>
	execution.stoppedAt && !['new', 'running', 'waiting'].includes(execution.status);

/**
 * The newest finished execution of a workflow, with its run data (see getExecution).
 * Waits up to `timeoutMs` for an execution newer than `newerThan` (an execution id) to finish.
 */
export async function latestExecution(
	rest,
	workflowId,
	{ newerThan, timeoutMs = 15_000, runtime } = {},
) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const [latest] = await listExecutions(rest, workflowId, { limit: 1 });
		const isNew = latest && (newerThan === undefined || Number(latest.id) > Number(newerThan));
		if (isNew && isFinished(latest)) return await getExecution(rest, latest.id, { runtime });
		if (Date.now() > deadline)
			throw new UserError(
				`No finished execution of workflow ${workflowId} within ${formatSeconds(timeoutMs)}.`,
			);
		await new Promise((r) => setTimeout(r, 200));
	}
}
