'use strict';

// Node types the harness needs around the package under test. n8n-nodes-base and the LangChain
// nodes are not installed here, so these stand in for the Manual Trigger, the AI Agent and NoOp,
// doing exactly the part of their job the engine sees.
const { workflow, coreRequire } = require('./runtime');

// The converter LangChain uses to show a tool's zod schema to the model, from n8n-core's copy.
const { toJsonSchema } = coreRequire('@langchain/core/utils/json_schema');

const { NodeConnectionTypes } = workflow;

const START_TYPE = 'n8n-nodes-harness.start';
const AGENT_TYPE = 'n8n-nodes-harness.agent';
const NOOP_TYPE = 'n8n-nodes-base.noOp';

/** Emits the items the harness seeds on the execution stack (what a trigger hands the engine). */
const startNode = {
	description: {
		displayName: 'Harness Start',
		name: START_TYPE,
		group: ['trigger'],
		version: 1,
		description: 'Emits the items the harness starts the execution with',
		defaults: { name: 'Start' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	},
	async execute() {
		return [this.getInputData()];
	},
};

/** The CLI looks this up for credential tests that bring their own request (`test.request`). */
const noOpNode = {
	description: {
		displayName: 'No Operation, do nothing',
		name: NOOP_TYPE,
		group: ['organization'],
		version: 1,
		description: 'No Operation',
		defaults: { name: 'No Operation, do nothing' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	},
	async execute() {
		return [this.getInputData()];
	},
};

/**
 * What an AI Agent does with one connected tool when its model decides to call it with
 * `toolInput`. Like n8n's Tools Agent it fetches the tools with getInputConnectionData (n8n-core's
 * createNodeAsTool builds them). Then, per `via`:
 *  - 'engine' (how the n8n 2.x Tools Agent runs tools): returns an engine request; WorkflowExecute
 *    runs the tool node as an ai_tool sub-run and resumes the agent with its task data, which the
 *    agent turns into the observation string exactly like the LangChain nodes' buildObservation.
 *  - 'langchain': calls the LangChain tool object directly (tool.invoke), the path older agents
 *    and other tool consumers use; the string it returns is the observation.
 * The outcome is reported to `record` and also output as the agent's item.
 */
function createAgentNode(record, { toolInput, via = 'engine', toolCallId = 'call_harness_1' }) {
	return {
		description: {
			displayName: 'Harness Agent',
			name: AGENT_TYPE,
			group: ['transform'],
			version: 1,
			description: 'Calls its connected tool once, as an AI Agent would',
			defaults: { name: 'AI Agent' },
			inputs: [
				NodeConnectionTypes.Main,
				{ type: NodeConnectionTypes.AiTool, displayName: 'Tool', required: true },
			],
			outputs: [NodeConnectionTypes.Main],
			properties: [],
		},
		async execute(response) {
			const tools = await this.getInputConnectionData(NodeConnectionTypes.AiTool, 0);
			const tool = tools[0];
			record.tool = describeTool(tool);

			if (via === 'langchain') {
				try {
					record.observation = await tool.invoke(toolInput);
				} catch (error) {
					record.toolError = error;
					record.observation = `Error: ${error.message}`;
				}
				return [[{ json: { observation: record.observation } }]];
			}

			const answered = response?.actionResponses?.find((entry) => entry.action.id === toolCallId);
			if (!answered) {
				return {
					actions: [
						{
							actionType: 'ExecutionNodeAction',
							nodeName: tool.metadata.sourceNodeName,
							input: toolInput,
							type: NodeConnectionTypes.AiTool,
							id: toolCallId,
							metadata: { itemIndex: 0, toolName: tool.name },
						},
					],
					metadata: {},
				};
			}
			record.toolTaskData = answered.data;
			record.observation = buildObservation(answered.data);
			return [[{ json: { observation: record.observation } }]];
		},
	};
}

function describeTool(tool) {
	return { name: tool.name, description: tool.description, schema: toJsonSchema(tool.schema) };
}

// @n8n/n8n-nodes-langchain 2.41.1 utils/agent-execution/buildSteps.js buildObservation.
function buildObservation(toolData) {
	const aiToolData = toolData?.data?.ai_tool?.[0]?.map((item) => item?.json);
	if (aiToolData && aiToolData.length > 0) return JSON.stringify(aiToolData);
	if (toolData?.error) {
		return JSON.stringify({
			error: toolData.error.message ?? 'Unknown error',
			...(toolData.error.name && { errorType: toolData.error.name }),
		});
	}
	return JSON.stringify('');
}

module.exports = { START_TYPE, AGENT_TYPE, NOOP_TYPE, startNode, noOpNode, createAgentNode };
