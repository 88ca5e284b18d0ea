'use strict';

const { workflow } = require('./runtime');
const local = require('./local-nodes');
const { runWorkflow, pickThrown } = require('./run');
const { nodeUnderTest, nodeSettings } = require('./run-options');

const { NodeConnectionTypes } = workflow;

/**
 * What an AI Agent gets when its model calls the package's node connected as a tool
 * (`<node>Tool`, the variant n8n synthesises for `usableAsTool` nodes).
 *
 * `parameters` are the tool node's parameters — typically with `$fromAI('key', …)` expressions,
 * which become the tool's input schema. `toolInput` is what the model sends.
 * `via: 'engine'` (default) is how n8n 2.x's Tools Agent runs a tool: an engine request that
 * WorkflowExecute executes as an ai_tool sub-run of the node. `via: 'langchain'` invokes the
 * LangChain tool object that n8n-core's createNodeAsTool built.
 * Returns `{ observation (the string the model sees), response (observation parsed), tool: {name,
 * description, schema}, items (tool node's output), error, runData, … }`.
 */
async function runNodeAsTool(options) {
	const { pkg, type: baseType, name: toolNodeName, credentials } = await nodeUnderTest(options);
	const record = {};
	const agentType = local.createAgentNode(record, {
		toolInput: options.toolInput ?? {},
		via: options.via ?? 'engine',
	});
	const agentName = 'AI Agent';
	const result = await runWorkflow({
		...options,
		package: pkg,
		localTypes: { [local.AGENT_TYPE]: agentType, ...options.localTypes },
		nodes: [
			{ name: agentName, type: local.AGENT_TYPE, typeVersion: 1, parameters: {} },
			{
				name: toolNodeName,
				type: `${baseType}Tool`,
				typeVersion: options.typeVersion,
				parameters: options.parameters ?? {},
				...nodeSettings(options),
			},
		],
		connections: {
			[toolNodeName]: {
				[NodeConnectionTypes.AiTool]: [
					[{ node: agentName, type: NodeConnectionTypes.AiTool, index: 0 }],
				],
			},
		},
		startItems: options.items ?? [{ json: { chatInput: 'harness' } }],
		credentials,
	});
	const toolRun = result.runData[toolNodeName]?.at(-1);
	let response;
	try {
		response = record.observation === undefined ? undefined : JSON.parse(record.observation);
	} catch {
		response = record.observation;
	}
	return {
		...result,
		observation: record.observation,
		response,
		tool: record.tool && {
			name: record.tool.name,
			description: record.tool.description,
			schema: record.tool.schema,
		},
		items: toolRun?.data?.[NodeConnectionTypes.AiTool]?.[0] ?? toolRun?.data?.main?.[0] ?? [],
		toolRun,
		error:
			record.toolError ??
			pickThrown(result.thrown, toolNodeName) ??
			toolRun?.error ??
			(result.status === 'error' ? result.error : undefined),
	};
}

module.exports = { runNodeAsTool };
