'use strict';

// The engine harness itself: it must run a declarative package the way n8n does. Proven on a tiny
// fixture package (test/harness/fixtures) against a local server, then smoke-tested on the built
// Vapi node. Runs with n8n's SSRF protection switched on, to prove loopback is reachable the way
// an n8n admin allows it (N8N_SSRF_ALLOWED_IP_RANGES), not by patching.
process.env.N8N_SSRF_PROTECTION_ENABLED = 'true';

const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { setTimeout: sleep } = require('node:timers/promises');
const harness = require('../harness');
const { startFixtureServer } = require('../harness/fixtures/server');
const { Container, coreRequire } = require('../harness/runtime');
const { NodeApiError, NodeOperationError } = require('n8n-workflow');

const FIXTURE_DIR = path.join(__dirname, '../harness/fixtures');
const API_KEY = 'fixture-private-key-7f3a9c';

let server;
let fixture;
let base;

beforeAll(async () => {
	server = await startFixtureServer({ apiKey: API_KEY });
	fixture = await harness.loadPackage({ dir: FIXTURE_DIR });
	base = { package: fixture, baseUrl: server.url, apiKey: API_KEY };
});
afterEach(() => server.reset());
afterAll(() => server.close());

describe('loadPackage', () => {
	test('loads nodes and credentials from the package.json "n8n" section, named as n8n names them', () => {
		expect(fixture.packageName).toBe('n8n-nodes-harness-fixture');
		expect(fixture.nodeNames).toEqual(['fixture']);
		expect(fixture.credentialNames).toEqual(['fixtureApi']);
		expect(Object.keys(fixture.nodeTypes.getKnownTypes())).toEqual([
			'n8n-nodes-harness-fixture.fixture',
		]);
		expect(fixture.credentialTypes.getSupportedNodes('fixtureApi')).toEqual([
			'n8n-nodes-harness-fixture.fixture',
		]);
	});

	test('applies what n8n adds at load time: Request Options, RoutingNode execute, tool variant', () => {
		const node = fixture.nodeTypes.getByNameAndVersion('n8n-nodes-harness-fixture.fixture', 1);
		expect(node.description.properties.map((p) => p.name)).toContain('requestOptions');
		expect(typeof node.execute).toBe('function');
		const tool = fixture.nodeTypes.getByNameAndVersion('n8n-nodes-harness-fixture.fixtureTool', 1);
		expect(tool.description.outputs).toEqual(['ai_tool']);
		expect(tool.description.properties.map((p) => p.name)).toContain('toolDescription');
		const credential = fixture.credentialTypes.getByName('fixtureApi');
		expect(credential.properties.map((p) => p.name)).toContain('allowedHttpRequestDomains');
	});

	test('names what to build when the dist files are missing', async () => {
		const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'harness-empty-'));
		fs.writeFileSync(
			path.join(dir, 'package.json'),
			JSON.stringify({ name: 'x', n8n: { nodes: ['dist/X.node.js'] } }),
		);
		await expect(harness.loadPackage({ dir })).rejects.toThrow(
			'dist/X.node.js not found — build the package first',
		);
	});
});

describe('runNode', () => {
	test('sends the routed request over HTTP with the credential’s Bearer header, one item per input', async () => {
		const run = await harness.runNode({
			...base,
			parameters: { input: 'hi' },
			items: [{ json: { n: 1 } }, { json: { n: 2 } }],
		});

		expect(run.status).toBe('success');
		expect(run.error).toBeUndefined();
		expect(run.items).toEqual([
			{
				json: {
					chatId: 'chat_1',
					text: 'echo: hi',
					echoed: { id: 'chat_1', input: 'hi', reply: 'echo: hi' },
				},
				pairedItem: { item: 0 },
			},
			{
				json: {
					chatId: 'chat_2',
					text: 'echo: hi',
					echoed: { id: 'chat_2', input: 'hi', reply: 'echo: hi' },
				},
				pairedItem: { item: 1 },
			},
		]);
		expect(
			server.requests.map(({ method, path: p, headers, body }) => [
				method,
				p,
				headers.authorization,
				body,
			]),
		).toEqual([
			['POST', '/echo', `Bearer ${API_KEY}`, { input: 'hi' }],
			['POST', '/echo', `Bearer ${API_KEY}`, { input: 'hi' }],
		]);
		// RoutingNode decrypts once up front, then n8n-core's request helper once per item.
		expect(run.decryptions).toEqual(
			Array(3).fill({ type: 'fixtureApi', id: 'harness-fixtureApi', mode: 'manual' }),
		);
	});

	test('an HTTP error fails the node with the NodeApiError instance RoutingNode threw', async () => {
		const run = await harness.runNode({
			...base,
			parameters: { operation: 'getStatus', statusCode: '={{ $json.code }}' },
			items: [{ json: { code: 200 } }, { json: { code: 404 } }],
		});

		expect(run.status).toBe('error');
		expect(run.items).toEqual([]);
		expect(run.error).toBeInstanceOf(NodeApiError);
		expect(run.error).toMatchObject({
			message: 'The resource you are requesting could not be found',
			description: 'Status 404 from the fixture server',
			httpCode: '404',
			context: { itemIndex: 1, runIndex: 0 },
		});
		// n8n stores a plain copy in the run data.
		expect(run.storedError).not.toBeInstanceOf(Error);
		expect(run.storedError).toMatchObject({
			name: 'NodeApiError',
			message: run.error.message,
			httpCode: '404',
		});
	});

	test('continue-on-fail: one output per input, errors as items, pairedItem kept; 429 keeps n8n’s NodeApiError text', async () => {
		const codes = [200, 429, 404, 200];
		const run = await harness.runNode({
			...base,
			continueOnFail: true,
			parameters: { operation: 'getStatus', statusCode: '={{ $json.code }}' },
			items: codes.map((code) => ({ json: { code } })),
		});

		expect(run.status).toBe('success');
		expect(run.items.map((item) => [item.json, item.pairedItem, item.error?.httpCode])).toEqual([
			[{ ok: true }, { item: 0 }, undefined],
			[{ error: 'The service is receiving too many requests from you' }, { item: 1 }, '429'],
			[{ error: 'The resource you are requesting could not be found' }, { item: 2 }, '404'],
			[{ ok: true }, { item: 3 }, undefined],
		]);
		expect(run.items[1].error).toBeInstanceOf(NodeApiError);
		expect(run.items[1].error.description).toBe('Status 429 from the fixture server');
	});

	test('a required parameter left empty stops the run before any request, as n8n does', async () => {
		const run = await harness.runNode({ ...base, parameters: { input: '' } });
		expect(run.status).toBe('error');
		expect(run.error.name).toBe('WorkflowHasIssuesError');
		expect(server.requests).toEqual([]);
	});

	test('loopback is reached with SSRF protection on, through n8n’s allow-list configuration', () => {
		const { SsrfProtectionConfig } = coreRequire('@n8n/config');
		expect(Container.get(SsrfProtectionConfig)).toMatchObject({
			enabled: true,
			blockedIpRanges: expect.arrayContaining(['127.0.0.0/8']),
			allowedIpRanges: expect.arrayContaining(['127.0.0.0/8', '::1/128']),
		});
	});

	test('no credential on the node is n8n’s NodeOperationError', async () => {
		const run = await harness.runNode({ ...base, credentials: null, parameters: { input: 'x' } });
		expect(run.error).toBeInstanceOf(NodeOperationError);
		expect(run.error.message).toBe('Node does not have any credentials set');
	});
});

describe('runWorkflow', () => {
	test('a chain passes the first answer’s chatId on through an expression', async () => {
		const run = await harness.runWorkflow({
			package: fixture,
			credentials: { fixtureApi: { apiKey: API_KEY, baseUrl: server.url } },
			nodes: [
				{ name: 'First', type: 'fixture', parameters: { input: 'one' } },
				{
					name: 'Second',
					type: 'fixture',
					parameters: { input: 'two', previousChatId: '={{ $json.chatId }}' },
				},
				{
					name: 'Third',
					type: 'fixture',
					parameters: { input: 'three', previousChatId: '={{ $json.chatId }}' },
				},
			],
			connections: {
				First: { main: [[{ node: 'Second', type: 'main', index: 0 }]] },
				Second: { main: [[{ node: 'Third', type: 'main', index: 0 }]] },
			},
		});

		expect(run.status).toBe('success');
		expect(run.lastNodeExecuted).toBe('Third');
		expect(run.lastNodeItems.map((item) => item.json.text)).toEqual(['echo: three (after chat_2)']);
		expect(server.requests.map((request) => request.body)).toEqual([
			{ input: 'one' },
			{ input: 'two', previousChatId: 'chat_1' },
			{ input: 'three', previousChatId: 'chat_2' },
		]);
		expect(run.events.filter((e) => e.event === 'nodeExecuteAfter').map((e) => e.nodeName)).toEqual(
			['Start', 'First', 'Second', 'Third'],
		);
	});
});

describe('streaming', () => {
	test.each(['manual', 'webhook'])(
		'%s mode with a sendChunk hook: chunks in order, the first before the server finishes',
		async (mode) => {
			const chunks = [];
			const run = await harness.runNode({
				...base,
				mode,
				parameters: { operation: 'streamMessage', input: 'one two three' },
				onChunk: (chunk) => chunks.push({ ...chunk, receivedAt: Date.now() }),
			});

			expect(run.items.map((item) => item.json)).toEqual([
				{ text: 'one two three', streamed: true },
			]);
			expect(chunks.map((chunk) => [chunk.type, chunk.content])).toEqual([
				['begin', undefined],
				['item', 'one'],
				['item', ' two'],
				['item', ' three'],
				['end', undefined],
			]);
			expect(chunks[1].metadata).toMatchObject({ nodeName: 'Fixture', itemIndex: 0, runIndex: 0 });
			expect(chunks[1].receivedAt).toBeLessThan(server.requests[0].endedAt);
			expect(run.chunks).toHaveLength(5);
		},
	);

	test('without one the execution is not streaming and no chunk is sent', async () => {
		const run = await harness.runNode({
			...base,
			parameters: { operation: 'streamMessage', input: 'one two' },
		});
		expect(run.items.map((item) => item.json)).toEqual([{ text: 'one two', streamed: false }]);
		expect(run.chunks).toEqual([]);
	});
});

describe('cancel', () => {
	test('{ cancelAfterMs } stops the execution like n8n’s Stop and aborts the pending request', async () => {
		const run = await harness.runNode({
			...base,
			parameters: { operation: 'getStatus', statusCode: 'hang' },
			signal: { cancelAfterMs: 50 },
		});

		expect(run.status).toBe('canceled');
		expect(run.settled).toBe(true);
		expect(run.durationMs).toBeLessThan(1000);
		expect(run.error).toBeInstanceOf(NodeApiError);
		expect(run.error.message).toBe('canceled');
		await sleep(50);
		expect(server.closedConnections.map((c) => c.path)).toContain('/status/hang');
	});

	test('an AbortSignal aborts a stream that stalls mid-body', async () => {
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 50);
		const run = await harness.runNode({
			...base,
			parameters: { operation: 'streamMessage', input: 'stall' },
			signal: controller.signal,
		});

		expect(run.status).toBe('canceled');
		expect(run.durationMs).toBeLessThan(1000);
		expect(run.task.executionStatus).toBe('error');
	});

	test('Request Options → Timeout is a socket idle timeout: it also ends a stalled stream', async () => {
		const run = await harness.runNode({
			...base,
			parameters: { operation: 'streamMessage', input: 'stall', requestOptions: { timeout: 80 } },
		});

		expect(run.status).toBe('error');
		expect(run.error).toBeInstanceOf(NodeApiError);
		expect(run.error.message).toBe('aborted');
		expect(run.durationMs).toBeLessThan(1000);
	});
});

describe('testCredential', () => {
	test('runs the credential’s test request with authenticate applied', async () => {
		expect(await harness.testCredential({ ...base })).toMatchObject({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(server.requests.map((r) => [r.path, r.query, r.headers.authorization])).toEqual([
			['/me', { limit: '1' }, `Bearer ${API_KEY}`],
		]);
	});

	test('reports what n8n reports: the HTTP status text, or the connection error code', async () => {
		expect(await harness.testCredential({ ...base, apiKey: 'wrong' })).toMatchObject({
			status: 'Error',
			message: 'Unauthorized',
		});
		expect(await harness.testCredential({ ...base, baseUrl: 'http://127.0.0.1:1' })).toMatchObject({
			status: 'Error',
			message: 'ECONNREFUSED',
		});
	});
});

describe('runNodeAsTool', () => {
	const parameters = { input: "={{ $fromAI('message', 'What to say', 'string') }}" };

	test.each(['engine', 'langchain'])(
		'via %s: the agent gets the node’s output as the observation',
		async (via) => {
			const run = await harness.runNodeAsTool({
				...base,
				parameters,
				toolInput: { message: 'hello tool' },
				via,
			});

			expect(run.status).toBe('success');
			expect(run.tool).toMatchObject({
				name: 'Fixture',
				description: 'Send a message in Fixture',
				schema: {
					type: 'object',
					properties: { message: { type: 'string', description: 'What to say' } },
					required: ['message'],
				},
			});
			expect(run.response).toEqual([
				{
					chatId: 'chat_1',
					text: 'echo: hello tool',
					echoed: { id: 'chat_1', input: 'hello tool', reply: 'echo: hello tool' },
				},
			]);
			expect(typeof run.observation).toBe('string');
			expect(server.requests.map((r) => r.body)).toEqual([{ input: 'hello tool' }]);
		},
	);

	test('via engine, a failing tool hands the agent the error message instead of stopping the workflow', async () => {
		const run = await harness.runNodeAsTool({
			...base,
			apiKey: 'wrong',
			parameters,
			toolInput: { message: 'x' },
		});
		expect(run.status).toBe('success');
		expect(run.response).toEqual([
			{ error: 'Authorization failed - please check your credentials' },
		]);
		expect(run.error).toBeInstanceOf(NodeApiError);
	});
});

describe('secretsIn', () => {
	test('finds a key anywhere: nested, in error causes, URL- or base64-encoded; [] when absent', () => {
		const error = new Error('outer', {
			cause: { config: { headers: { Authorization: `Bearer ${API_KEY}` } } },
		});
		expect(harness.secretsIn({ items: [{ json: { ok: 1 }, error }] }, API_KEY)).toEqual([
			'$.items[0].error.cause.config.headers.Authorization',
		]);
		expect(harness.secretsIn({ q: `k=${encodeURIComponent('a b/c')}` }, 'a b/c')).toEqual(['$.q']);
		expect(
			harness.secretsIn({ basic: Buffer.from('user:pw').toString('base64') }, 'user:pw'),
		).toEqual(['$.basic']);
		expect(harness.secretsIn({ clean: true, message: 'nothing here' }, API_KEY)).toEqual([]);
	});

	test('n8n-core keeps the Authorization header in the in-memory error cause; not in what it persists or logs', async () => {
		const run = await harness.runNode({
			...base,
			continueOnFail: true,
			parameters: { operation: 'getStatus', statusCode: 404 },
		});

		expect(harness.secretsIn(run.items, API_KEY)).toContain(
			'$[0].error.cause.config.headers.Authorization',
		);
		expect(harness.secretsIn(harness.persisted(run.items), API_KEY)).toEqual([]);
		expect(harness.secretsIn(harness.persisted(run.runData), API_KEY)).toEqual([]);
		expect(harness.secretsIn(run.logs, API_KEY)).toEqual([]);
		expect(run.logs.some((entry) => entry.level === 'error')).toBe(false);
	});
});

const distNode = path.join(__dirname, '../../dist/nodes/Vapi/Vapi.node.js');
(fs.existsSync(distNode) ? describe : describe.skip)('the built Vapi package', () => {
	test('smoke: Send Message through the engine to a trivial SSE server', async () => {
		const requests = [];
		const completed = {
			id: 'chat_smoke',
			object: 'response',
			created_at: 1,
			status: 'completed',
			error: null,
			output: [
				{
					id: 'msg_1',
					type: 'message',
					role: 'assistant',
					status: 'completed',
					content: [{ type: 'output_text', text: 'Hi there', annotations: [] }],
				},
			],
		};
		const vapi = http.createServer(async (req, res) => {
			let raw = '';
			for await (const chunk of req) raw += chunk;
			requests.push({
				url: req.url,
				authorization: req.headers.authorization,
				body: JSON.parse(raw),
			});
			res.writeHead(200, { 'Content-Type': 'text/event-stream' });
			res.write(
				`data: ${JSON.stringify({ type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'Hi there' })}\n\n`,
			);
			res.end(`data: ${JSON.stringify({ type: 'response.completed', response: completed })}\n\n`);
		});
		await new Promise((resolve) => vapi.listen(0, '127.0.0.1', resolve));
		try {
			const run = await harness.runNode({
				baseUrl: `http://127.0.0.1:${vapi.address().port}`,
				apiKey: API_KEY,
				parameters: {
					resource: 'chat',
					operation: 'sendMessage',
					assistantId: { __rl: true, mode: 'id', value: 'asst_1' },
					input: 'Hello',
				},
			});

			expect(run.error).toBeUndefined();
			expect(run.items).toHaveLength(1);
			expect(run.items[0].json).toMatchObject({ chatId: 'chat_smoke', text: 'Hi there' });
			expect(run.items[0].pairedItem).toEqual({ item: 0 });
			expect(requests).toHaveLength(1);
			expect(requests[0]).toMatchObject({
				url: '/chat/responses',
				authorization: `Bearer ${API_KEY}`,
				body: { assistantId: 'asst_1', input: 'Hello', stream: true },
			});
			expect(harness.secretsIn(harness.persisted(run), API_KEY)).toEqual([]);
		} finally {
			vapi.closeAllConnections();
			await new Promise((resolve) => vapi.close(resolve));
		}
	});
});
