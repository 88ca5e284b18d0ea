'use strict';

// The Vapi simulator's controls: the control API over HTTP, seeded ids and the CLI.

const { spawn } = require('node:child_process');
const path = require('node:path');
const { startSimulator, SEED_IDS } = require('..');
const { apiClient } = require('./http');
const { useSimulator } = require('./use-simulator');

const { supportBot, bookingAgent } = SEED_IDS.assistants;

const vapi = useSimulator();
const { api: call, chat } = vapi;

describe('control API over HTTP', () => {
	const control = (method, p, body) => call(method, `/__sim/${p}`, body, { apiKey: null });

	test('faults, request log, options and reset', async () => {
		const added = await control('POST', 'faults', {
			when: { method: 'GET', path: '/assistant' },
			times: 1,
			fault: { status: 503 },
		});
		expect(added.status).toBe(201);
		expect(added.json).toEqual({ id: expect.any(Number) });
		expect((await call('GET', '/assistant')).status).toBe(503);
		expect((await call('GET', '/assistant')).status).toBe(200);
		const log = (await control('GET', 'requests')).json;
		expect(log.map((e) => [e.seq, e.path, e.status, e.outcome])).toEqual([
			[1, '/assistant', 503, 'fault'],
			[2, '/assistant', 200, 'ok'],
		]);
		expect(log[0].fault).toEqual({ status: 503 });
		expect(log[0].headers.authorization).toBe('Bearer sim-test-key');

		expect(
			(await control('POST', 'options', { maxConcurrentChats: 5, latencyMs: 0 })).json,
		).toEqual({ maxConcurrentChats: 5, latencyMs: 0, frameDelayMs: 0, retryAfterSeconds: 1 });
		expect(
			(await control('POST', 'options', { maxConcurrentChats: null })).json.maxConcurrentChats,
		).toBe(null);
		expect(vapi.sim.options.maxConcurrentChats).toBe(Infinity);

		await control('POST', 'faults', { fault: { status: 500 } });
		expect((await control('DELETE', 'faults')).json).toEqual({ removed: 1 });
		await chat({ assistantId: supportBot, input: 'x' });
		expect((await control('POST', 'reset')).json).toEqual({ ok: true });
		expect(vapi.sim.requests).toEqual([]);
		expect(vapi.sim.chats.size).toBe(0);
	});

	test('a typo in a fault is a 400, not a silent no-op', async () => {
		const response = await control('POST', 'faults', { fault: { chunksize: 3 } });
		expect(response.json).toEqual({
			message: 'unknown fault switch: chunksize',
			error: 'Bad Request',
			statusCode: 400,
		});
		expect((await control('POST', 'options', { latency: 5 })).json.message).toBe(
			'unknown simulator option: latency',
		);
	});
});

test('with a seed, generated ids repeat run after run (and after reset)', async () => {
	const sims = [await startSimulator({ seed: 42 }), await startSimulator({ seed: 42 })];
	const firstChatId = async (s) =>
		(
			await apiClient(s)('POST', '/chat/responses', {
				assistantId: bookingAgent,
				input: 'x',
				stream: false,
			})
		).json.id;
	try {
		const [a, b] = [await firstChatId(sims[0]), await firstChatId(sims[1])];
		expect(a).toBe(b);
		expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		sims[0].reset();
		expect(await firstChatId(sims[0])).toBe(a);
	} finally {
		await Promise.all(sims.map((s) => s.close()));
	}
});

test('CLI prints {url, apiKey} once listening and stops on SIGTERM', async () => {
	const child = spawn(
		process.execPath,
		[path.join(__dirname, '..', 'cli.js'), '--api-key', 'cli-key', '--max-concurrent-chats', '3'],
		{ stdio: ['ignore', 'pipe', 'inherit'] },
	);
	const line = await new Promise((resolve) =>
		child.stdout.once('data', (data) => resolve(data.toString())),
	);
	const { url, apiKey } = JSON.parse(line);
	expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
	expect(apiKey).toBe('cli-key');
	const response = await fetch(`${url}/assistant?limit=1`, {
		headers: { Authorization: 'Bearer cli-key' },
	});
	expect(response.status).toBe(200);
	expect(
		(await fetch(`${url}/__sim/options`, { method: 'POST', body: '{}' }).then((r) => r.json()))
			.maxConcurrentChats,
	).toBe(3);
	const exitCode = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	expect(await exitCode).toBe(0);
});
