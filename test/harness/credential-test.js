'use strict';

const { core, workflow, logsSince, logMark } = require('./runtime');
const { HarnessCredentialsHelper } = require('./credentials');
const local = require('./local-nodes');
const { createAdditionalData } = require('./additional-data');
const { resolvePackage, withoutUndefined } = require('./run-options');

const { Workflow } = workflow;

/**
 * Test a credential the way n8n's "Test" button does (CLI CredentialsTester.runRequestTest of
 * n8n 2.41.1): the credential type's `test.request` becomes the routing of a throw-away node of
 * type NoOp (so the node's requestDefaults do NOT apply), run by RoutingNode in mode 'internal'
 * with the decrypted credential, `authenticate` applied, over real HTTP.
 */
async function testCredential(options) {
	const pkg = await resolvePackage(options);
	const credentialType = options.credentialName ?? pkg.credentialNames[0];
	const typeDef = pkg.credentialTypes.getByName(credentialType);
	if (!typeDef.test)
		return { status: 'Error', message: 'No testing function found for this credential.' };
	const credentialsHelper = new HarnessCredentialsHelper(pkg.credentialTypes);
	const raw = options.credentials ?? { apiKey: options.apiKey, baseUrl: options.baseUrl };
	const logStart = logMark();
	const base = createAdditionalData({
		credentialsHelper,
		executionId: undefined,
		mode: 'internal',
	});

	let data;
	try {
		data = await credentialsHelper.applyDefaultsAndOverwrites(
			base,
			withoutUndefined(raw),
			credentialType,
			'internal',
		);
	} catch (error) {
		return { status: 'Error', message: error.message.toString(), logs: logsSince(logStart) };
	}
	const credentialsDecrypted = {
		id: 'harness-credential-test',
		name: `${credentialType} (test)`,
		type: credentialType,
		data,
	};

	const nodeType = local.noOpNode;
	const node = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: nodeType.description.name,
		typeVersion: nodeType.description.version,
		position: [0, 0],
		credentials: {
			[credentialType]: { id: credentialsDecrypted.id, name: credentialsDecrypted.name },
		},
	};
	const nodeTypeCopy = {
		description: {
			...nodeType.description,
			credentials: [{ name: credentialType, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: typeDef.test.request },
					default: '',
				},
			],
		},
	};
	const nodeTypes = {
		getKnownTypes: () => ({}),
		getByName: () => nodeTypeCopy,
		getByNameAndVersion: () => nodeTypeCopy,
	};
	const wf = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = createAdditionalData({
		credentialsHelper: credentialsHelperReturning(credentialsHelper, data),
		executionId: undefined,
		mode: 'internal',
	});
	additionalData.currentNodeParameters = node.parameters;
	const context = new core.ExecuteContext(
		wf,
		node,
		additionalData,
		'internal',
		workflow.createEmptyRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	const routingNode = new core.RoutingNode(context, nodeTypeCopy, credentialsDecrypted);
	const outcome = (result) => ({ ...result, logs: logsSince(logStart) });
	let response;
	try {
		await wf.expression.acquireIsolate();
		response = await routingNode.runNode();
	} catch (error) {
		if (error.cause?.response) {
			const statusCode = error.cause.response.status;
			const statusMessage = error.cause.response.statusText;
			for (const rule of typeDef.test.rules ?? []) {
				if (rule.type === 'responseCode' && statusCode === rule.properties.value) {
					return outcome({ status: 'Error', message: rule.properties.message, error });
				}
			}
			if (statusCode < 199 || statusCode > 299) {
				return outcome({
					status: 'Error',
					message: statusMessage || `Received HTTP status code: ${statusCode}`,
					error,
				});
			}
		} else if (error.cause?.code) {
			return outcome({ status: 'Error', message: error.cause.code, error });
		}
		return outcome({ status: 'Error', message: error.message.toString(), error });
	} finally {
		await wf.expression.releaseIsolate();
	}
	for (const rule of typeDef.test.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const body = response[0][0].json;
			if (lodashGet(body, rule.properties.key) === rule.properties.value) {
				return outcome({ status: 'Error', message: rule.properties.message });
			}
		}
	}
	return outcome({ status: 'OK', message: 'Connection successful!' });
}

// The CLI's runRequestTest hands RoutingNode a helper whose getDecrypted returns the data under test.
function credentialsHelperReturning(helper, data) {
	return new Proxy(helper, {
		get(target, prop) {
			if (prop === 'getDecrypted') {
				return async (...args) => (args[5] ? await target.getDecrypted(...args) : data);
			}
			const value = Reflect.get(target, prop);
			return typeof value === 'function' ? value.bind(target) : value;
		},
	});
}

function lodashGet(object, path) {
	return String(path)
		.split('.')
		.reduce(
			(current, key) => (current === undefined || current === null ? undefined : current[key]),
			object,
		);
}

module.exports = { testCredential };
