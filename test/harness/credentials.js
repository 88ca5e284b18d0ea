'use strict';

// An ICredentialsHelper that behaves like the CLI's CredentialsHelper (n8n 2.41.1
// packages/cli/src/credentials-helper.ts) minus the database: credentials are kept encrypted with
// n8n-core's Credentials/Cipher (N8N_ENCRYPTION_KEY) and decrypted on demand, defaults of the
// credential type are applied, expressions in credential data are resolved, and declarative
// `authenticate` blocks are evaluated with the workflow's expression engine.
const { core, workflow } = require('./runtime');

const { ICredentialsHelper, NodeHelpers, Workflow, UnexpectedError, UserError, isExpression } =
	workflow;

const mockNode = { name: '', typeVersion: 1, type: 'mock', position: [0, 0], parameters: {} };
const mockNodeTypes = {
	getKnownTypes: () => ({}),
	getByName: (type) => (type === 'mock' ? { description: { properties: [] } } : undefined),
	getByNameAndVersion(type, version) {
		if (type !== 'mock')
			throw new UnexpectedError('Unknown node type', { tags: { nodeType: type } });
		return NodeHelpers.getVersionedNodeType({ description: { properties: [] } }, version);
	},
};

class HarnessCredentialsHelper extends ICredentialsHelper {
	/** @param {import('./loader').CredentialTypes} credentialTypes */
	constructor(credentialTypes) {
		super();
		this.credentialTypes = credentialTypes;
		this.store = new Map();
		/** Every getDecrypted call: `{ type, id, mode }` — lets tests see which credential was used. */
		this.decryptions = [];
	}

	/** Store a credential (encrypted, like the database row) and return its `{ id, name }`. */
	async add({ id, name, type, data }) {
		const credentials = new core.Credentials({ id, name }, type);
		await credentials.setData(data);
		this.store.set(id, { id, name, type, data: credentials.getDataToSave().data });
		return { id, name };
	}

	async authenticate(credentials, typeName, requestOptions, workflowInstance, node) {
		const credentialType = this.credentialTypes.getByName(typeName);
		const { authenticate } = credentialType;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (typeof authenticate === 'object') {
			if (!workflowInstance || !node) {
				throw new UnexpectedError(
					'Workflow and node are required for declarative credential authentication',
				);
			}
			requestOptions.headers ??= {};
			if (authenticate.type === 'generic') {
				for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
					for (const [key, value] of Object.entries(outerValue)) {
						const keyResolved = resolveValue(
							key,
							{ $credentials: credentials },
							workflowInstance,
							node,
						);
						const valueResolved = resolveValue(
							value,
							{ $credentials: credentials },
							workflowInstance,
							node,
						);
						requestOptions[outerKey] ??= {};
						requestOptions[outerKey][keyResolved] = valueResolved;
					}
				}
			}
		}
		return requestOptions;
	}

	async preAuthentication(helpers, credentials, typeName, node, credentialsExpired) {
		const credentialType = this.credentialTypes.getByName(typeName);
		const expirable = credentialType.properties.find(
			(property) => property.type === 'hidden' && property?.typeOptions?.expirable === true,
		);
		if (expirable?.name === undefined || typeof credentialType.preAuthentication !== 'function')
			return undefined;
		const isTestingCredentials =
			node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
		if (credentials[expirable.name] !== '' && !credentialsExpired && !isTestingCredentials)
			return undefined;
		const output = await credentialType.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		if (node.credentials) {
			const nodeCredentials = node.credentials[credentialType.name];
			const stored = await (
				await this.getCredentials(nodeCredentials, credentialType.name)
			).getData();
			await this.updateCredentials(nodeCredentials, credentialType.name, { ...stored, ...output });
			return Object.assign(credentials, output);
		}
		return undefined;
	}

	async runPreAuthentication(helpers, credentials, typeName) {
		const credentialType = this.credentialTypes.getByName(typeName);
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		return (await credentialType.preAuthentication.call(helpers, credentials)) ?? undefined;
	}

	getParentTypes(typeName) {
		return this.credentialTypes.getParentTypes(typeName);
	}

	isCredentialUsableByNode(credentialType, nodeType) {
		let typeDef;
		try {
			typeDef = this.credentialTypes.getByName(credentialType);
		} catch {
			return true;
		}
		if (!typeDef.restrictToSupportedNodes) return true;
		return this.credentialTypes.getSupportedNodes(credentialType).includes(nodeType);
	}

	async getCredentials(nodeCredentials, type) {
		const entity = this.getEntity(nodeCredentials, type);
		return new core.Credentials({ id: entity.id, name: entity.name }, entity.type, entity.data);
	}

	getEntity(nodeCredentials, type) {
		if (!nodeCredentials?.id)
			throw new UserError(`Credential "${nodeCredentials?.name}" has no ID.`);
		const entity = this.store.get(nodeCredentials.id);
		if (!entity || entity.type !== type) {
			throw new UserError(
				`Credential with ID "${nodeCredentials.id}" does not exist for type "${type}".`,
			);
		}
		return entity;
	}

	async getDecrypted(
		additionalData,
		nodeCredentials,
		type,
		mode,
		executeData,
		raw,
		expressionResolveValues,
	) {
		const credentials = await this.getCredentials(nodeCredentials, type);
		const data = await credentials.getData();
		this.decryptions.push({ type, id: nodeCredentials.id, mode });
		if (raw === true) return data;
		return await this.applyDefaultsAndOverwrites(
			additionalData,
			data,
			type,
			mode,
			executeData,
			expressionResolveValues,
		);
	}

	async applyDefaultsAndOverwrites(
		additionalData,
		decryptedDataOriginal,
		type,
		mode,
		executeData,
		expressionResolveValues,
	) {
		const properties = this.getCredentialsProperties(type);
		let decryptedData = NodeHelpers.getNodeParameters(
			properties,
			{ ...decryptedDataOriginal },
			true,
			false,
			null,
			null,
		);
		if (decryptedDataOriginal.oauthTokenData !== undefined) {
			decryptedData.oauthTokenData = decryptedDataOriginal.oauthTokenData;
		}
		const additionalKeys = core.getAdditionalKeys(additionalData, mode, null, {
			isCredential: true,
		});
		if (expressionResolveValues) {
			try {
				decryptedData = expressionResolveValues.workflow.expression.getParameterValue(
					decryptedData,
					expressionResolveValues.runExecutionData,
					expressionResolveValues.runIndex,
					expressionResolveValues.itemIndex,
					expressionResolveValues.node.name,
					expressionResolveValues.connectionInputData,
					mode,
					additionalKeys,
					executeData,
					false,
					decryptedData,
				);
			} catch (error) {
				error.message += ' [Error resolving credentials]';
				throw error;
			}
		} else {
			const mockWorkflow = new Workflow({
				nodes: [mockNode],
				connections: {},
				active: false,
				nodeTypes: mockNodeTypes,
			});
			await mockWorkflow.expression.acquireIsolate();
			try {
				decryptedData = mockWorkflow.expression.getComplexParameterValue(
					mockNode,
					decryptedData,
					mode,
					additionalKeys,
					undefined,
					undefined,
					decryptedData,
				);
			} finally {
				await mockWorkflow.expression.releaseIsolate();
			}
		}
		return decryptedData;
	}

	async updateCredentials(nodeCredentials, type, data) {
		const entity = this.getEntity(nodeCredentials, type);
		await this.add({ id: entity.id, name: entity.name, type, data });
	}

	async updateCredentialsOauthTokenData(nodeCredentials, type, data) {
		const stored = await (await this.getCredentials(nodeCredentials, type)).getData();
		await this.updateCredentials(nodeCredentials, type, {
			...stored,
			oauthTokenData: data.oauthTokenData,
		});
	}

	getCredentialsProperties(type) {
		const credentialType = this.credentialTypes.getByName(type);
		if (credentialType.extends === undefined) return credentialType.properties;
		const combined = [];
		for (const parent of credentialType.extends) {
			if (this.credentialTypes.recognizes(parent)) {
				NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
			}
		}
		NodeHelpers.mergeNodeProperties(combined, credentialType.properties);
		return combined;
	}
}

function resolveValue(parameterValue, additionalKeys, workflowInstance, node) {
	if (!isExpression(parameterValue)) return parameterValue;
	const value = workflowInstance.expression.getSimpleParameterValue(
		node,
		parameterValue,
		'internal',
		additionalKeys,
		undefined,
		'',
	);
	return value ? value.toString() : '';
}

module.exports = { HarnessCredentialsHelper };
