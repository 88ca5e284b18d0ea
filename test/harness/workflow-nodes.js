'use strict';

// The workflow a test's `nodes` make (runWorkflow): full types, ids, versions, positions and the
// stored credentials filled in, and a Start node (local-nodes.js) connected to every node without
// an incoming main connection, unless the test has its own.
const { randomUUID } = require('node:crypto');
const { workflow } = require('./runtime');
const local = require('./local-nodes');
const { withoutUndefined } = require('./run-options');

const { NodeConnectionTypes } = workflow;

function prepareNodes(pkg, nodeTypes, options, storedCredentials) {
	const nodes = options.nodes.map((input, index) => {
		const type = expandType(pkg, input.type);
		const node = {
			id: input.id ?? randomUUID(),
			name: input.name,
			type,
			typeVersion: input.typeVersion ?? nodeTypes.latestVersion(type),
			position: input.position ?? [220 * (index + 1), 0],
			parameters: structuredClone(input.parameters ?? {}),
			...withoutUndefined({
				...input,
				id: undefined,
				name: undefined,
				type: undefined,
				typeVersion: undefined,
				position: undefined,
				parameters: undefined,
			}),
		};
		if (node.credentials === undefined) {
			const wanted = credentialNamesOf(nodeTypes, type, node.typeVersion).filter(
				(name) => storedCredentials[name],
			);
			if (wanted.length > 0)
				node.credentials = Object.fromEntries(
					wanted.map((name) => [name, storedCredentials[name]]),
				);
		}
		return node;
	});
	const connections = structuredClone(options.connections ?? {});

	let startNode = nodes.find((node) => node.type === local.START_TYPE);
	if (!startNode) {
		startNode = {
			id: randomUUID(),
			name: uniqueName('Start', nodes),
			type: local.START_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		};
		const targets = new Set();
		const subNodes = new Set();
		for (const [source, byType] of Object.entries(connections)) {
			for (const [connectionType, outputs] of Object.entries(byType)) {
				if (connectionType !== NodeConnectionTypes.Main) subNodes.add(source);
				for (const output of outputs ?? [])
					for (const target of output ?? [])
						if (target.type === NodeConnectionTypes.Main) targets.add(target.node);
			}
		}
		const roots = nodes.filter((node) => !targets.has(node.name) && !subNodes.has(node.name));
		connections[startNode.name] = {
			[NodeConnectionTypes.Main]: [
				roots.map((node) => ({ node: node.name, type: NodeConnectionTypes.Main, index: 0 })),
			],
		};
		nodes.unshift(startNode);
	}
	return { nodes, connections, startNode };
}

function expandType(pkg, type) {
	if (typeof type !== 'string') throw new TypeError('every node needs a type');
	return type.includes('.') ? type : `${pkg.packageName}.${type}`;
}

function credentialNamesOf(nodeTypes, type, version) {
	try {
		return (nodeTypes.getByNameAndVersion(type, version).description.credentials ?? []).map(
			({ name }) => name,
		);
	} catch {
		return [];
	}
}

function uniqueName(wanted, nodes) {
	let name = wanted;
	for (let index = 1; nodes.some((node) => node.name === name); index++) name = `${wanted}${index}`;
	return name;
}

module.exports = { prepareNodes };
