'use strict';

// Pieces every entry point shares: the package to run, an execution's additional data as the CLI
// builds it, node settings and result helpers.
const { loadPackage } = require('./loader');

const INSTANCE_URL = 'http://localhost:5678/';

/** `options.package` (a loadPackage() result), else the package at `options.packageDir` or this repository. */
async function resolvePackage(options) {
	return (
		options.package ??
		(await loadPackage(options.packageDir ? { dir: options.packageDir } : undefined))
	);
}

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

function firstCredentialName(pkg, fullType) {
	return pkg.nodeTypes.getByName(fullType).description.credentials?.[0]?.name;
}

function nodeSettings(options) {
	return withoutUndefined({
		onError: options.onError ?? (options.continueOnFail ? 'continueRegularOutput' : undefined),
		retryOnFail: options.retryOnFail,
		maxTries: options.maxTries,
		waitBetweenTries: options.waitBetweenTries,
		alwaysOutputData: options.alwaysOutputData,
		executeOnce: options.executeOnce,
		credentials: options.nodeCredentials,
	});
}

function pickThrown(thrown, nodeName) {
	return thrown.filter((entry) => entry.nodeName === nodeName).at(-1)?.error;
}

function withoutUndefined(object) {
	return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}

module.exports = {
	resolvePackage,
	createAdditionalData,
	firstCredentialName,
	nodeSettings,
	pickThrown,
	withoutUndefined,
};
