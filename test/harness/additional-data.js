'use strict';

// An execution's additional data (IWorkflowExecuteAdditionalData) as n8n 2.41.1's CLI builds it
// (WorkflowExecuteAdditionalData.getBase), without its database, webhooks or task runner: what an
// entry point of the harness hands to n8n-core alongside the workflow.

const INSTANCE_URL = 'http://localhost:5678/';

function createAdditionalData({
	credentialsHelper,
	hooks,
	executionId,
	streaming = false,
	workflowData,
	mode,
}) {
	const unsupported = (what) => async () => {
		throw new Error(`${what} is not available in the engine harness`);
	};
	return {
		credentialsHelper,
		hooks,
		executionId,
		currentNodeExecutionIndex: 0,
		streamingEnabled: streaming,
		restApiUrl: `${INSTANCE_URL}rest`,
		instanceBaseUrl: INSTANCE_URL,
		formBaseUrl: `${INSTANCE_URL}form`,
		formWaitingBaseUrl: `${INSTANCE_URL}form-waiting`,
		formTestBaseUrl: `${INSTANCE_URL}form-test`,
		webhookBaseUrl: `${INSTANCE_URL}webhook`,
		webhookWaitingBaseUrl: `${INSTANCE_URL}webhook-waiting`,
		webhookTestBaseUrl: `${INSTANCE_URL}webhook-test`,
		mcpBaseUrl: `${INSTANCE_URL}mcp`,
		mcpTestBaseUrl: `${INSTANCE_URL}mcp-test`,
		variables: {},
		userId: 'harness-user',
		workflowId: workflowData?.id,
		rootExecutionMode: mode,
		executeWorkflow: unsupported('Executing sub-workflows'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: unsupported('The task runner'),
		logAiEvent: () => {},
	};
}

module.exports = { createAdditionalData };
