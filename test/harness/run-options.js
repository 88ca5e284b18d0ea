'use strict';

// What every entry point (runNode, runWorkflow, runNodeAsTool, testCredential) reads from its
// options: the package to run, the node under test with its credential, and its settings.
const { loadPackage } = require('./loader');

/** `options.package` (a loadPackage() result), else the package at `options.packageDir` or this repository. */
async function resolvePackage(options) {
	return (
		options.package ??
		(await loadPackage(options.packageDir ? { dir: options.packageDir } : undefined))
	);
}

/**
 * The node one-node entry points (runNode, runNodeAsTool) run: the package, the node's full type
 * (`options.nodeName`, default the package's first node), its name in the workflow (`options.name`,
 * default the type's default name) and the credentials for runWorkflow: `options.credentials`, else
 * `{ apiKey, baseUrl }` from the options, for the node's first credential type (`null`: none).
 */
async function nodeUnderTest(options) {
	const pkg = await resolvePackage(options);
	const nodeName = options.nodeName ?? pkg.nodeNames[0];
	const type = `${pkg.packageName}.${nodeName}`;
	const { description } = pkg.nodeTypes.getByName(type);
	const credentialName = options.credentialName ?? description.credentials?.[0]?.name;
	const credentialData =
		options.credentials === undefined
			? { apiKey: options.apiKey, baseUrl: options.baseUrl }
			: options.credentials;
	return {
		pkg,
		type,
		name: options.name ?? description.defaults?.name ?? nodeName,
		credentials:
			credentialName && credentialData !== null ? { [credentialName]: credentialData } : {},
	};
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

function withoutUndefined(object) {
	return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}

module.exports = { resolvePackage, nodeUnderTest, nodeSettings, withoutUndefined };
