// The node's description as n8n's editor and an AI Agent read it.
const { loadPackage } = require('../harness');
const { Workflow } = require('n8n-workflow');

let description;
let nodeType;
beforeAll(async () => {
	const pkg = await loadPackage();
	nodeType = pkg.nodeTypes.getByNameAndVersion('n8n-nodes-vapi.vapi', 1);
	description = nodeType.description;
});

/** Evaluates the canvas subtitle the way the editor does, for one resource and operation. */
function subtitle(resource, operation) {
	const node = {
		id: 'vapi',
		name: 'Vapi',
		type: 'n8n-nodes-vapi.vapi',
		typeVersion: 1,
		position: [0, 0],
		parameters: { resource, operation },
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: { getByName: () => nodeType, getByNameAndVersion: () => nodeType },
	});
	return workflow.expression.getSimpleParameterValue(node, description.subtitle, 'internal', {});
}

test('the canvas subtitle names the operation and resource in words', () => {
	expect(subtitle('chat', 'sendMessage')).toBe('Send Message · Chat');
	expect(subtitle('chat', 'getAll')).toBe('Get Many · Chat');
	expect(subtitle('session', 'create')).toBe('Create · Session');
});

test('every operation has an action and a description, and actions are distinct', () => {
	const operations = description.properties
		.filter((property) => property.name === 'operation')
		.flatMap((property) => property.options)
		// n8n's loader adds a "Custom API Call" option to every operation list.
		.filter((operation) => operation.value !== '__CUSTOM_API_CALL__');
	expect(operations.map((operation) => operation.value).sort()).toEqual(
		['create', 'delete', 'delete', 'get', 'get', 'getAll', 'getAll', 'sendMessage', 'update'].sort(),
	);
	for (const operation of operations) {
		expect(operation.action).toEqual(expect.any(String));
		expect(operation.description.length).toBeGreaterThan(20);
	}
	const actions = operations.map((operation) => operation.action);
	expect(new Set(actions).size).toBe(actions.length);
});

test('usable as an AI tool, with the one credential required', () => {
	expect(description.usableAsTool).toBe(true);
	expect(description.credentials).toEqual([{ name: 'vapiApi', required: true }]);
});

describe("found by name in the editor's node panel", () => {
	// Every node the package adds, with the codex n8n's loader read beside it (Vapi.node.json).
	const packageNodes = require('../../package.json').n8n.nodes;
	let codexes;
	beforeAll(async () => {
		const pkg = await loadPackage();
		codexes = packageNodes.map((file) => {
			const NodeClass = Object.values(require(`../../${file}`))[0];
			const name = new NodeClass().description.name;
			const loaded = pkg.nodeTypes.getByName(`n8n-nodes-vapi.${name}`);
			return { file, codex: loaded.description.codex };
		});
	});

	// n8n 2.41's editor (useViewStacks, the search of the regular and trigger views) drops a node
	// of category "AI" unless its AI subcategories include "Root Nodes": without it, typing "vapi"
	// on the canvas finds nothing. n8n's own vendor nodes (OpenAI, Anthropic) list it the same way.
	const shownInMainSearch = (codex) =>
		!codex.categories.includes('AI') || (codex.subcategories?.AI ?? []).includes('Root Nodes');

	test('every node is shown in the main search, not only in the AI panel', () => {
		expect(codexes.length).toBeGreaterThan(0);
		for (const { file, codex } of codexes) {
			expect({ file, shown: shownInMainSearch(codex) }).toEqual({ file, shown: true });
		}
	});

	test('the words a user may type for it are aliases: voice, assistant, call, SMS, chat with vapi', () => {
		for (const { codex } of codexes) {
			const aliases = codex.alias.map((alias) => alias.toLowerCase());
			expect(aliases).toEqual(
				expect.arrayContaining(['voice', 'assistant', 'call', 'sms', 'chat with vapi']),
			);
		}
	});
});
