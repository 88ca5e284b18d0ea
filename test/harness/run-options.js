'use strict';

// What every entry point (runNode, runWorkflow, runNodeAsTool, testCredential) reads from its
// options: the package to run, the node's credential and its settings.
const { loadPackage } = require('./loader');

/** `options.package` (a loadPackage() result), else the package at `options.packageDir` or this repository. */
async function resolvePackage(options) {
	return (
		options.package ??
		(await loadPackage(options.packageDir ? { dir: options.packageDir } : undefined))
	);
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

function withoutUndefined(object) {
	return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}

module.exports = { resolvePackage, firstCredentialName, nodeSettings, withoutUndefined };
