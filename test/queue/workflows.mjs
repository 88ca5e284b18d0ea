// The workflow only the queue-mode test runs: a bulk run started by a webhook, so that several
// executions of it are queued at once and the workers share them. (The examples and the end-to-end
// test's workflows are reused as they are.)
import {
	CREDENTIAL_ID,
	CREDENTIAL_NAME,
	EXAMPLE_ASSISTANT_ID,
	PACKAGE_NODE_TYPE,
} from '../../scripts/n8n-runtime.mjs';

/** The production path of the bulk webhook: POST /webhook/<BULK_WEBHOOK_PATH> `{ items: [{ question }] }`. */
export const BULK_WEBHOOK_PATH = 'vapi-bulk-queue';
/** The bulk node's Max Concurrent Requests: per node run, so per execution. */
export const BULK_MAX_CONCURRENCY = 4;

/** Webhook (answers when the last node is done) → one item per question → Send Message. */
export const bulkWebhook = {
	id: 'queueBulkRun0001',
	name: 'queue: a bulk run per webhook call',
	nodes: [
		{
			parameters: {
				httpMethod: 'POST',
				path: BULK_WEBHOOK_PATH,
				responseMode: 'lastNode',
				options: {},
			},
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2.1,
			position: [0, 0],
			webhookId: '5e2f7a3c-9d14-4b6e-8c21-0000000b0001',
		},
		{
			parameters: { fieldToSplitOut: 'body.items', options: {} },
			name: 'One item per question',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [240, 0],
		},
		{
			parameters: {
				resource: 'chat',
				operation: 'sendMessage',
				target: 'assistantId',
				assistantId: { __rl: true, mode: 'id', value: EXAMPLE_ASSISTANT_ID },
				inputType: 'text',
				input: '={{ $json.question }}',
				simplify: true,
				// generous attempts: ten executions at once share a limit Vapi (the simulator) sets low
				options: { maxConcurrency: BULK_MAX_CONCURRENCY, maxAttempts: 50 },
			},
			name: 'Ask each',
			type: PACKAGE_NODE_TYPE,
			typeVersion: 1,
			position: [480, 0],
			credentials: { vapiApi: { id: CREDENTIAL_ID, name: CREDENTIAL_NAME } },
		},
	],
	connections: {
		Webhook: { main: [[{ node: 'One item per question', type: 'main', index: 0 }]] },
		'One item per question': { main: [[{ node: 'Ask each', type: 'main', index: 0 }]] },
	},
	settings: { executionOrder: 'v1' },
	active: false,
};
