// Workflows only the end-to-end test runs (the examples are in examples/): a node that stops the
// run on error, a credential with a wrong key, continue-on-fail keeping all items on one output, and
// a Webhook in response mode Streaming in front of Send Message (live answers, with `n8n start`).
import { CUSTOM_NODE_TYPE, EXAMPLE_ASSISTANT_ID } from '../../scripts/n8n-runtime.mjs';

export const BAD_KEY_CREDENTIAL = { id: 'vapiBadKeyCred01', name: 'Vapi (wrong key)' };
export const UNKNOWN_ASSISTANT_ID = '00000000-0000-4000-8000-000000000000';

const trigger = {
	parameters: {},
	name: 'Start',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
};

function vapiNode(name, parameters, extra = {}) {
	return {
		name,
		type: CUSTOM_NODE_TYPE,
		typeVersion: 1,
		position: [480, 0],
		credentials: { vapiApi: { id: 'vapiLocalCred001', name: 'Vapi account' } },
		parameters: {
			resource: 'chat',
			operation: 'sendMessage',
			inputType: 'text',
			simplify: true,
			options: {},
			...parameters,
		},
		...extra,
	};
}

const assistant = (id) => ({ __rl: true, mode: 'id', value: id });

/** Manual trigger → items (from a JSON list) → one Vapi node. */
function itemsWorkflow(id, name, items, node) {
	return {
		id,
		name,
		nodes: [
			trigger,
			{
				name: 'Items',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [160, 0],
				parameters: { mode: 'raw', jsonOutput: JSON.stringify({ items }), options: {} },
			},
			{
				name: 'Split',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [320, 0],
				parameters: { fieldToSplitOut: 'items', options: {} },
			},
			node,
		],
		connections: {
			Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: 'Split', type: 'main', index: 0 }]] },
			Split: { main: [[{ node: node.name, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

function singleNodeWorkflow(id, name, node) {
	return {
		id,
		name,
		nodes: [trigger, node],
		connections: { Start: { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

export const stopOnError = singleNodeWorkflow(
	'e2eStopOnError01',
	'e2e: unknown assistant stops the run',
	vapiNode('Ask unknown assistant', {
		target: 'assistantId',
		assistantId: assistant(UNKNOWN_ASSISTANT_ID),
		input: 'Hello?',
	}),
);

export const badKey = singleNodeWorkflow(
	'e2eBadKey0000001',
	'e2e: wrong API key',
	vapiNode(
		'Ask with wrong key',
		{ target: 'assistantId', assistantId: assistant(EXAMPLE_ASSISTANT_ID), input: 'Hello?' },
		{ credentials: { vapiApi: BAD_KEY_CREDENTIAL } },
	),
);

export const continueRegular = itemsWorkflow(
	'e2eContinueReg01',
	'e2e: continue-on-fail keeps one output',
	[
		{ assistantId: EXAMPLE_ASSISTANT_ID, question: 'first question', stream: true },
		{ assistantId: UNKNOWN_ASSISTANT_ID, question: 'second question', stream: true },
		{ assistantId: EXAMPLE_ASSISTANT_ID, question: 'third question', stream: false },
	],
	vapiNode(
		'Ask each',
		{
			target: 'assistantId',
			assistantId: assistant('={{ $json.assistantId }}'),
			input: '={{ $json.question }}',
			options: { stream: '={{ $json.stream }}' },
		},
		{ onError: 'continueRegularOutput' },
	),
);

/** The production path of the live-answer webhook: POST /webhook/<LIVE_WEBHOOK_PATH>. */
export const LIVE_WEBHOOK_PATH = 'vapi-live-e2e';

/**
 * Webhook (POST, Respond: Streaming) → Send Message. The caller posts `{ message, forward? }`;
 * `forward: false` turns the node's "Stream Answer to Caller" off for that request.
 */
export const liveWebhook = {
	id: 'e2eLiveWebhook01',
	name: 'e2e: Webhook (Streaming) → Vapi live answer',
	nodes: [
		{
			parameters: {
				httpMethod: 'POST',
				path: LIVE_WEBHOOK_PATH,
				responseMode: 'streaming',
				options: {},
			},
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2.1,
			position: [0, 0],
			webhookId: '5e2f7a3c-9d14-4b6e-8c21-00000000e2e1',
		},
		vapiNode('Ask Vapi', {
			target: 'assistantId',
			assistantId: assistant(EXAMPLE_ASSISTANT_ID),
			input: '={{ $json.body.message }}',
			options: { forwardStream: '={{ $json.body.forward ?? true }}' },
		}),
	],
	connections: { Webhook: { main: [[{ node: 'Ask Vapi', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
	active: false,
};

export const testWorkflows = [stopOnError, badKey, continueRegular, liveWebhook];
