'use strict';

// The engine harness (require('../harness')): runs the built package through n8n's real engine,
// in-process. n8n-core's WorkflowExecute drives the workflow, the declarative node runs in
// n8n-core's RoutingNode, requests go out through n8n-core's httpRequestWithAuthentication and
// @n8n/backend-network to a real HTTP server. Only what n8n's CLI would supply around the engine
// (node registry, credential store, the additional data of an execution) is provided here,
// modelled on n8n 2.41.1's CLI.
const { loadPackage } = require('./loader');
const { runWorkflow, runNode } = require('./run');
const { testCredential } = require('./credential-test');
const { runNodeAsTool } = require('./tool');
const { secretsIn, persisted } = require('./secrets');
const { START_TYPE } = require('./local-nodes');

module.exports = {
	loadPackage,
	runNode,
	runWorkflow,
	testCredential,
	runNodeAsTool,
	secretsIn,
	persisted,
	START_TYPE,
};
