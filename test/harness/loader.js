'use strict';

// Loads a community package the way n8n does (n8n-core's PackageDirectoryLoader reading the
// package.json "n8n" section) and exposes its types through registries that behave like the
// CLI's NodeTypes / CredentialTypes of n8n 2.41: full type names `<package>.<node>`, declarative
// nodes get the RoutingNode `execute`, `<node>Tool` names synthesise the AI-tool variant.
const fs = require('node:fs');
const path = require('node:path');
const { core, workflow } = require('./runtime');

const { NodeHelpers, NodeConnectionTypes, UserError, UnexpectedError, isHitlToolType } = workflow;

const REPO_ROOT = path.resolve(__dirname, '../..');
const CUSTOM_API_CALL = { name: 'Custom API Call', value: '__CUSTOM_API_CALL__' };

const loaded = new Map();

/**
 * Per-execution listeners for errors a declarative node's RoutingNode throws, keyed by the
 * execution's additionalData. n8n stores only a plain copy (`{...error, message, stack}`) in the
 * run data; this keeps the instance the node actually threw.
 */
const thrownErrorListeners = new WeakMap();

/**
 * Load a package directory (default: this repository, i.e. the built dist/ files its
 * package.json names). Cached per directory: n8n also loads a package once per process.
 */
async function loadPackage({ dir = REPO_ROOT } = {}) {
	const key = path.resolve(dir);
	if (!loaded.has(key)) {
		const promise = loadFresh(key);
		loaded.set(key, promise);
		promise.catch(() => loaded.delete(key));
	}
	return await loaded.get(key);
}

async function loadFresh(dir) {
	const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
	const files = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])];
	const missing = files.filter((file) => !fs.existsSync(path.join(dir, file)));
	if (missing.length > 0) {
		throw new Error(
			`${manifest.name}: ${missing.join(', ')} not found — build the package first (npx n8n-node build)`,
		);
	}

	const loader = new core.PackageDirectoryLoader(dir);
	await loader.loadAll();
	postProcess(loader);

	const registry = new NodeTypes([loader]);
	return {
		packageName: loader.packageName,
		dir,
		loader,
		nodeTypes: registry,
		credentialTypes: registry.credentialTypes,
		/** Short node names (`vapi`) in package.json order. */
		nodeNames: Object.keys(loader.known.nodes),
		credentialNames: Object.keys(loader.known.credentials),
	};
}

// What the CLI's LoadNodesAndCredentials.postProcessLoaders does to a loaded package, as far as it
// changes what a node sees at run time.
function postProcess(loader) {
	for (const { type } of Object.values(loader.credentialTypes)) {
		type.properties = workflow.injectDomainRestrictionFields(type);
	}
	for (const description of loader.types.nodes) {
		const isLatest =
			description.defaultVersion === undefined ||
			description.defaultVersion === description.version;
		if (!isLatest || !supportsProxyAuth(loader, description)) continue;
		for (const property of description.properties) {
			const { options } = property;
			if (!['resource', 'operation'].includes(property.name) || !Array.isArray(options)) continue;
			if (options[options.length - 1].name !== CUSTOM_API_CALL.name)
				options.push({ ...CUSTOM_API_CALL });
		}
	}
}

function supportsProxyAuth(loader, description) {
	return (description.credentials ?? []).some(({ name }) => {
		const credential = loader.credentialTypes[name]?.type;
		return credential !== undefined && credential.authenticate !== undefined;
	});
}

// The CLI's shouldAssignExecuteMethod (n8n 2.41.1 packages/cli/src/utils.ts).
function shouldAssignExecuteMethod(nodeType) {
	const isDeclarativeNode = nodeType?.description?.requestDefaults !== undefined;
	return (
		!nodeType.execute &&
		!nodeType.supplyData &&
		!nodeType.poll &&
		!nodeType.trigger &&
		(!nodeType.webhook || isDeclarativeNode) &&
		(!nodeType.methods || isDeclarativeNode)
	);
}

/** The CLI's tool-generation convertNodeToAiTool, applied to a prototype clone. */
function convertNodeToAiTool(item) {
	const { description } = item;
	description.name += 'Tool';
	description.inputs = [];
	description.outputs = [NodeConnectionTypes.AiTool];
	description.displayName += ' Tool';
	delete description.usableAsTool;
	const names = description.properties.map((property) => property.name);
	if (!names.includes('toolDescription')) {
		const descProp = {
			displayName: 'Description',
			name: 'toolDescription',
			type: 'string',
			default: description.description,
			required: true,
			typeOptions: { rows: 2 },
			description:
				'Explain to the LLM what this tool does, a good, specific description would allow LLMs to produce expected results much more often',
		};
		let lastCallout = -1;
		description.properties.forEach((property, index) => {
			if (property.type === 'callout') lastCallout = index;
		});
		description.properties.splice(lastCallout + 1, 0, descProp);
		if (names.includes('resource') || names.includes('operation')) {
			description.properties.splice(lastCallout + 1, 0, {
				displayName: 'Tool Description',
				name: 'descriptionType',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Set Automatically',
						value: 'auto',
						description: 'Automatically set based on resource and operation',
					},
					{ name: 'Set Manually', value: 'manual', description: 'Manually set the description' },
				],
				default: 'auto',
			});
			descProp.displayOptions = { show: { descriptionType: ['manual'] } };
		}
	}
	const resources = description.codex?.resources ?? {};
	description.codex = {
		categories: ['AI'],
		subcategories: { AI: ['Tools'], Tools: ['Other Tools'] },
		resources,
	};
	return item;
}

/**
 * INodeTypes over one or more loaded packages plus harness-local node types (keyed by full name).
 */
class NodeTypes {
	constructor(loaders, localTypes = {}) {
		this.loaders = Object.fromEntries(loaders.map((loader) => [loader.packageName, loader]));
		this.localTypes = localTypes;
		this.toolCache = {};
		this.credentialTypes = new CredentialTypes(loaders);
	}

	/** A registry with the same packages plus extra local node types (`{ fullName: nodeType }`). */
	withLocalTypes(localTypes) {
		const registry = new NodeTypes(Object.values(this.loaders), {
			...this.localTypes,
			...localTypes,
		});
		registry.toolCache = this.toolCache;
		return registry;
	}

	recognizesNode(fullName) {
		if (fullName in this.localTypes) return true;
		const [packageName, name] = fullName.split('.');
		const loader = this.loaders[packageName];
		return !!loader && name in loader.known.nodes;
	}

	getNode(fullName) {
		if (fullName in this.localTypes) return { type: this.localTypes[fullName], sourcePath: '' };
		const [packageName, name] = fullName.split('.');
		const loader = this.loaders[packageName];
		if (!loader) throw new core.UnrecognizedNodeTypeError(packageName, name);
		return loader.getNode(name);
	}

	getByName(fullName) {
		return this.getNode(fullName).type;
	}

	getByNameAndVersion(fullName, version) {
		const isSyntheticTool = fullName.endsWith('Tool') && !this.recognizesNode(fullName);
		const baseName = isSyntheticTool
			? fullName.replace(/HitlTool$/, '').replace(/Tool$/, '')
			: fullName;
		const versioned = NodeHelpers.getVersionedNodeType(this.getNode(baseName).type, version);
		if (isSyntheticTool && typeof versioned.supplyData === 'function') {
			throw new UnexpectedError('Node already has a `supplyData` method', {
				extra: { nodeType: baseName },
			});
		}
		if (shouldAssignExecuteMethod(versioned)) {
			// The CLI's assigned method, plus a rethrowing catch that reports the thrown instance.
			versioned.execute = async function () {
				const routingNode = new core.RoutingNode(this, versioned);
				try {
					const data = await routingNode.runNode();
					return data ?? [];
				} catch (error) {
					thrownErrorListeners.get(this.additionalData)?.(this.getNode().name, error);
					throw error;
				}
			};
		}
		if (!isSyntheticTool) return versioned;

		const cacheKey = `${fullName}?version=${version ?? 'default'}`;
		if (cacheKey in this.toolCache) return this.toolCache[cacheKey];
		if (isHitlToolType(fullName))
			throw new UserError('HITL tools are not supported by the harness');
		if (!versioned.description.usableAsTool) {
			throw new UserError('Node cannot be used as a tool', { extra: { nodeType: baseName } });
		}
		const clonedProperties = Object.create(versioned.description.properties);
		const clonedDescription = Object.create(versioned.description, {
			properties: { value: clonedProperties, writable: false },
		});
		const clonedNode = Object.create(versioned, { description: { value: clonedDescription } });
		const tool = convertNodeToAiTool(clonedNode);
		this.toolCache[cacheKey] = tool;
		return tool;
	}

	getKnownTypes() {
		const known = {};
		for (const [packageName, loader] of Object.entries(this.loaders)) {
			for (const [name, entry] of Object.entries(loader.known.nodes)) {
				known[`${packageName}.${name}`] = {
					...entry,
					sourcePath: loader.resolveSourcePath(entry.sourcePath),
				};
			}
		}
		for (const name of Object.keys(this.localTypes))
			known[name] = { className: name, sourcePath: '' };
		return known;
	}

	/** Latest version of a node type, as the editor would put it on a new node. */
	latestVersion(fullName) {
		const { type } = this.getNode(fullName.replace(/Tool$/, ''));
		if ('nodeVersions' in type) return type.currentVersion;
		const { version } = type.description;
		return Array.isArray(version) ? version[version.length - 1] : version;
	}
}

/** The CLI's CredentialTypes over the loaded packages. */
class CredentialTypes {
	constructor(loaders) {
		this.loaders = loaders;
	}

	recognizes(name) {
		return this.loaders.some((loader) => name in loader.known.credentials);
	}

	getByName(name) {
		const loader = this.loaders.find((candidate) => name in candidate.known.credentials);
		if (!loader) throw new core.UnrecognizedCredentialTypeError(name);
		return loader.getCredential(name).type;
	}

	getSupportedNodes(name) {
		for (const loader of this.loaders) {
			const known = loader.known.credentials[name];
			if (known) return (known.supportedNodes ?? []).map((node) => `${loader.packageName}.${node}`);
		}
		return [];
	}

	getParentTypes(name) {
		const extendsArr = this.getByName(name).extends ?? [];
		return extendsArr.flatMap((parent) => [
			parent,
			...(this.recognizes(parent) ? this.getParentTypes(parent) : []),
		]);
	}
}

module.exports = { loadPackage, NodeTypes, CredentialTypes, REPO_ROOT, thrownErrorListeners };
