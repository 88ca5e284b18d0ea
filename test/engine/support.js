'use strict';

// The one support module of the engine suites: a simulator per test file, the node's parameters
// (resource locators, Send Message), the sentences the suites expect more than once, the request
// log read as the tests need it, and the check that the API key appears nowhere a user or a log
// could see it.
const { loadPackage, runNode, runWorkflow, secretsIn, persisted } = require('../harness');
const { core, workflow } = require('../harness/runtime');
const { HarnessCredentialsHelper } = require('../harness/credentials');
const { createAdditionalData } = require('../harness/additional-data');
const { SEED_IDS } = require('../../simulator');
const simulatorTests = require('../../simulator/test/use-simulator');

/** A key long and odd enough that any leak of it is found (verbatim, URL- or base64-encoded). */
const API_KEY = 'sk-vapi-priv-9f3c1e7a5b2d4c86';

const ASSISTANT = SEED_IDS.assistants.supportBot;
const ASSISTANT_NAME = 'Support Bot';

/** A resource locator value in "By ID" mode. */
const byId = (value) => ({ __rl: true, mode: 'id', value });
/** A resource locator value in "From list" mode (what a pick in the list stores). */
const fromList = (value) => ({ __rl: true, mode: 'list', value });

/** Send Message to the Support Bot, streaming (the default), with the given changes. */
function sendMessage(changes = {}) {
	return {
		resource: 'chat',
		operation: 'sendMessage',
		assistantId: byId(ASSISTANT),
		input: 'Hello',
		...changes,
	};
}

/** A Send Message node (version 1) of a workflow, named `name`, with `parameters`. */
const sendMessageNode = (name, parameters) => ({
	name,
	type: 'vapi',
	typeVersion: 1,
	parameters: { resource: 'chat', operation: 'sendMessage', ...parameters },
});

// The node's sentences for a chat that may exist, as the suites expect them: written out here, not
// imported from the node, so that a changed wording fails the tests.
const MAY_HAVE_CREATED =
	'The chat may or may not have been created (and billed): check Chats in the Vapi dashboard before sending it again.';
const STREAM_BROKE =
	'Vapi had started to answer, so the chat may or may not exist (and be billed); it was not sent again, to avoid billing a second chat. Check Chats in the Vapi dashboard before you run this item again.';

/** The Support Bot's reply to `text` with no earlier turns (the simulator is deterministic). */
const reply = (text, speaker = ASSISTANT_NAME) => `${speaker} — You said: "${text}".`;

/**
 * Starts one simulator for the test file that accepts API_KEY, with seeded ids; checked and reset
 * after each test (simulator/test/use-simulator.js). The handle's `sim` is the running simulator,
 * `api(...)` a client of its API, `run(options)` runNode (version 1 by default),
 * `runLatest(options)` runNode (the latest version) and `workflow(options)` runWorkflow against
 * it; `credential` the Vapi credential's data for it ({ apiKey, baseUrl }), from beforeAll on.
 */
function useSimulator(options = {}) {
	const handle = simulatorTests.useSimulator({ apiKey: API_KEY, seed: 'engine-tests', ...options });
	Object.defineProperty(handle, 'credential', {
		get: () => ({ apiKey: handle.sim.apiKey, baseUrl: handle.sim.url }),
	});
	// Version 1 unless a test asks for another: the suites written for it keep running it unchanged.
	handle.run = (runOptions) =>
		runNode({ typeVersion: 1, baseUrl: handle.sim.url, apiKey: API_KEY, ...runOptions });
	// The latest version, as the editor adds the node today (the chat and session operation suites).
	handle.runLatest = (runOptions) => runNode({ ...handle.credential, ...runOptions });
	handle.workflow = (runOptions) =>
		runWorkflow({
			credentials: { vapiApi: handle.credential },
			...runOptions,
			nodes: runOptions.nodes?.map((node) =>
				node.type === 'vapi' ? { typeVersion: 1, ...node } : node,
			),
		});
	return handle;
}

/** The chat-creating requests the simulator saw (control requests are not logged). */
const chatPosts = (sim) =>
	sim.requests.filter((request) => request.method === 'POST' && request.path === '/chat/responses');

/** The input of every chat-creating request, sorted (n8n sends a run's items at once). */
const postedInputs = (sim) =>
	chatPosts(sim)
		.map((post) => post.body.input)
		.sort();

/** The user text of a request body (text input, or the contents of a message list). */
function inputOf(body) {
	const input = body?.input;
	if (typeof input === 'string') return input;
	if (Array.isArray(input)) return input.map((message) => message.content).join('\n');
	return undefined;
}

/** An item's json without what differs between two runs of the same request: ids and timestamps. */
function withoutIds(json) {
	const copy = structuredClone(json);
	delete copy.chatId;
	const scrub = (output) => output?.forEach((message) => delete message.id);
	scrub(copy.output);
	if (copy.response) {
		delete copy.response.id;
		delete copy.response.created_at;
		scrub(copy.response.output);
	}
	return copy;
}

/**
 * The key in no item, error (message, description, context — ours in memory, all as persisted),
 * run data, log record or streamed chunk. Returns the paths where it was found, [] when absent.
 */
function keyLeaks(run, key = API_KEY) {
	const ownErrors = [run.error, ...(run.items ?? []).map((item) => item.error)].filter(Boolean);
	return [
		...secretsIn(persisted(run.items ?? []), key, 'items'),
		...secretsIn(persisted(run.runData ?? {}), key, 'runData'),
		...secretsIn(persisted(run.error ?? null), key, 'error'),
		...secretsIn(persisted(run.storedError ?? null), key, 'storedError'),
		...secretsIn(ownErrors, key, 'errorsInMemory'),
		...secretsIn(
			(run.items ?? []).map((item) => item.json),
			key,
			'itemJsonInMemory',
		),
		...secretsIn(run.logs ?? [], key, 'logs'),
		...secretsIn(run.chunks ?? [], key, 'chunks'),
	];
}

/** What the user reads of an error: class, message, description, HTTP code. */
const seen = (error) =>
	error && {
		class: error.constructor.name,
		message: error.message,
		description: error.description,
		httpCode: error.httpCode,
	};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What the editor gets for the picker `method` (filter and token as the editor sends them) from
 * simulator `sim`. The editor asks n8n's backend for a list; the CLI
 * (DynamicNodeParametersService.getResourceLocatorResults) builds a one-node workflow and an
 * n8n-core LoadOptionsContext for the parameter's path, and calls the node's listSearch method:
 * the same is done here, so requests go through httpRequestWithAuthentication.
 */
async function pickerList(
	sim,
	method,
	{
		filter,
		paginationToken,
		apiKey = sim.apiKey,
		baseUrl = sim.url,
		path = 'parameters.assistantId',
		parameters,
	} = {},
) {
	const pkg = await loadPackage();
	const type = `${pkg.packageName}.vapi`;
	const nodeType = pkg.nodeTypes.getByNameAndVersion(type, 1);
	const credentialsHelper = new HarnessCredentialsHelper(pkg.credentialTypes);
	const credential = await credentialsHelper.add({
		id: 'picker-credential',
		name: 'Vapi (pickers)',
		type: 'vapiApi',
		data: { apiKey, baseUrl },
	});
	const currentNodeParameters = parameters ?? {
		resource: 'chat',
		operation: 'sendMessage',
		assistantId: { __rl: true, mode: 'list', value: '' },
	};
	const node = {
		id: 'uuid-1234',
		name: 'Temp-Node',
		type,
		typeVersion: 1,
		position: [0, 0],
		parameters: currentNodeParameters,
		credentials: { vapiApi: credential },
	};
	const wf = new workflow.Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: pkg.nodeTypes,
	});
	const additionalData = createAdditionalData({
		credentialsHelper,
		mode: 'internal',
		workflowData: { id: undefined },
	});
	additionalData.currentNodeParameters = currentNodeParameters;
	const context = new core.LoadOptionsContext(wf, wf.getNode('Temp-Node'), additionalData, path);
	return await nodeType.methods.listSearch[method].call(context, filter, paginationToken);
}

/** The chunks the Vapi node streamed to the caller (n8n adds its own, for other nodes). */
const nodeChunks = (run) => run.chunks.filter((chunk) => chunk.metadata?.nodeName === 'Vapi');

/** The answer text the caller received live: the node's item chunks joined. */
const liveText = (run) =>
	nodeChunks(run)
		.filter((chunk) => chunk.type === 'item')
		.map((chunk) => chunk.content)
		.join('');

module.exports = {
	API_KEY,
	ASSISTANT,
	ASSISTANT_NAME,
	SEED_IDS,
	byId,
	fromList,
	sendMessage,
	sendMessageNode,
	reply,
	MAY_HAVE_CREATED,
	STREAM_BROKE,
	useSimulator,
	chatPosts,
	postedInputs,
	inputOf,
	withoutIds,
	keyLeaks,
	liveText,
	nodeChunks,
	pickerList,
	seen,
	sleep,
};
