'use strict';

// runWorkflow and runNode: a workflow executed by n8n-core's WorkflowExecute, the way the CLI's
// WorkflowRunner starts one (execution stack seeded with the trigger's items, lifecycle hooks,
// PCancelable that n8n's Stop cancels).
const { performance } = require('node:perf_hooks');
const { core, workflow, logsSince, logMark } = require('./runtime');
const { thrownErrorListeners } = require('./loader');
const { HarnessCredentialsHelper } = require('./credentials');
const local = require('./local-nodes');
const { prepareNodes } = require('./workflow-nodes');
const { createAdditionalData } = require('./additional-data');
const { resolvePackage, nodeUnderTest, nodeSettings, withoutUndefined } = require('./run-options');

const { Workflow, createRunExecutionData } = workflow;

const DEFAULT_CANCEL_GRACE_MS = 5000;
let executionCounter = 0;

/**
 * Run a workflow and wait for it to finish.
 *
 * @param {object} options
 * @param {object[]} options.nodes  INode-like objects; `type` may be short (`'vapi'`, `'vapiTool'`)
 *   for the package's own nodes. Missing id/typeVersion/position/parameters are filled in, and a
 *   node whose type needs a credential given in `credentials` gets it assigned.
 * @param {object} options.connections  n8n connections object (by source node name).
 * @param {object} [options.credentials]  `{ [credentialType]: data }`, stored encrypted.
 * @param {object[]} [options.startItems]  items the Start node emits (default one empty item).
 *   A Start node (a Manual Trigger stand-in) is added and connected to every node that has no
 *   incoming main connection, unless `options.nodes` contains one of type START_TYPE.
 * @param {'manual'|'webhook'|'trigger'|'integrated'|'chat'} [options.mode]
 * @param {(chunk, meta: {at: number}) => void} [options.onChunk]  enables streaming.
 * @param {AbortSignal|{cancelAfterMs:number}} [options.signal]  stop the execution like n8n's Stop.
 * @param {object} [options.settings]  workflow settings (default executionOrder v1).
 * @param {object} [options.localTypes]  extra node types `{ fullName: nodeType }`.
 * @param {object} [options.package]  a loadPackage() result (default: this repository's package).
 */
async function runWorkflow(options) {
	const pkg = await resolvePackage(options);
	const mode = options.mode ?? 'manual';
	const streaming = typeof options.onChunk === 'function' || options.streaming === true;
	const nodeTypes = pkg.nodeTypes.withLocalTypes({
		[local.START_TYPE]: local.startNode,
		[local.NOOP_TYPE]: local.noOpNode,
		...options.localTypes,
	});
	const credentialsHelper = new HarnessCredentialsHelper(pkg.credentialTypes);
	const storedCredentials = {};
	for (const [type, data] of Object.entries(options.credentials ?? {})) {
		if (data === null || data === undefined) continue;
		storedCredentials[type] = await credentialsHelper.add({
			id: `harness-${type}`,
			name: `${type} (harness)`,
			type,
			data: withoutUndefined(data),
		});
	}

	const { nodes, connections, startNode } = prepareNodes(
		pkg,
		nodeTypes,
		options,
		storedCredentials,
	);
	const settings = { executionOrder: 'v1', ...options.settings };
	const executionId = String(++executionCounter);
	const workflowData = {
		id: options.workflowId ?? 'harness-workflow',
		name: options.workflowName ?? 'Harness workflow',
		nodes,
		connections,
		active: false,
		settings,
	};
	const wf = new Workflow({ ...workflowData, nodeTypes, staticData: {} });

	const chunks = [];
	const chunkTimings = [];
	const events = [];
	const thrown = [];
	const startedAt = performance.now();
	const elapsed = () => performance.now() - startedAt;

	const hooks = new core.ExecutionLifecycleHooks(mode, executionId, workflowData);
	hooks.addHandler('nodeExecuteBefore', async (nodeName) =>
		events.push({ event: 'nodeExecuteBefore', nodeName, at: elapsed() }),
	);
	hooks.addHandler('nodeExecuteAfter', async (nodeName, taskData) =>
		events.push({
			event: 'nodeExecuteAfter',
			nodeName,
			status: taskData.executionStatus,
			at: elapsed(),
		}),
	);
	if (streaming) {
		hooks.addHandler('sendChunk', async (chunk) => {
			const at = elapsed();
			chunks.push(chunk);
			chunkTimings.push(at);
			await options.onChunk?.(chunk, { at });
		});
	}

	const additionalData = createAdditionalData({
		credentialsHelper,
		hooks,
		executionId,
		streaming,
		workflowData,
		mode,
	});
	thrownErrorListeners.set(additionalData, (nodeName, error) => thrown.push({ nodeName, error }));

	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{ node: startNode, data: { main: [options.startItems ?? [{ json: {} }]] }, source: null },
			],
		},
	});
	const logStart = logMark();
	const workflowExecute = new core.WorkflowExecute(additionalData, mode, runExecutionData);

	let execution;
	let cancel;
	try {
		execution = workflowExecute.processRunExecutionData(wf);
	} catch (error) {
		// Thrown before any node ran, e.g. WorkflowHasIssuesError for missing required parameters.
		return finish({ status: 'error', error, fullRunData: undefined });
	}

	cancel = watchCancellation(options.signal, execution, elapsed, options.cancelGraceMs);
	let fullRunData;
	let settled = true;
	try {
		fullRunData = await cancel.race(execution);
		settled = fullRunData !== undefined;
	} finally {
		cancel.dispose();
	}

	return finish({ fullRunData, settled });

	function finish({ status, error, fullRunData: run, settled: didSettle = true }) {
		const durationMs = elapsed();
		const data = run?.data ?? workflowExecute.runExecutionData;
		const runData = data?.resultData?.runData ?? {};
		const lastNodeExecuted = data?.resultData?.lastNodeExecuted;
		const lastRun = lastNodeExecuted ? runData[lastNodeExecuted]?.at(-1) : undefined;
		return {
			status: status ?? (didSettle ? run?.status : 'canceled'),
			finished: run?.finished === true,
			runData,
			lastNodeExecuted,
			lastNodeItems: lastRun?.data?.main?.[0] ?? [],
			error: error ?? pickThrown(thrown, lastNodeExecuted) ?? data?.resultData?.error,
			storedError: data?.resultData?.error,
			thrown,
			chunks,
			chunkTimings,
			events,
			logs: logsSince(logStart),
			decryptions: credentialsHelper.decryptions,
			canceledAt: cancel?.canceledAt,
			settled: didSettle,
			durationMs,
			executionId,
			workflow: workflowData,
			fullRunData: run,
		};
	}
}

/**
 * Run one node of the package on `items` (a Start node emits them) and return its first output.
 * Defaults target this repository's Vapi node (`vapi`, credential `vapiApi` with apiKey/baseUrl).
 */
async function runNode(options) {
	const { pkg, type, name: displayName, credentials } = await nodeUnderTest(options);
	const node = {
		name: displayName,
		type,
		typeVersion: options.typeVersion,
		parameters: options.parameters ?? {},
		...nodeSettings(options),
	};
	const result = await runWorkflow({
		...options,
		package: pkg,
		nodes: [node],
		connections: {},
		startItems: options.items ?? [{ json: {} }],
		credentials,
	});
	const task = result.runData[displayName]?.[0];
	return {
		...result,
		items: task?.data?.main?.[0] ?? [],
		outputs: task?.data?.main ?? [],
		task,
		error:
			pickThrown(result.thrown, displayName) ??
			task?.error ??
			(result.status === 'error' ? result.error : undefined),
		storedError: task?.error ?? result.storedError,
	};
}

/**
 * n8n's Stop button: ActiveExecutions.stopExecution → the PCancelable's cancel(), which aborts
 * the execution's AbortController (the signal RoutingNode hands every request) and stops the loop.
 * The engine promise then settles once the running node returns; we wait `cancelGraceMs` for that.
 */
function watchCancellation(signal, execution, elapsed, graceMs = DEFAULT_CANCEL_GRACE_MS) {
	const state = { canceledAt: undefined, dispose: () => {} };
	if (!signal) {
		state.race = async (promise) => await promise;
		return state;
	}
	let timer;
	let graceTimer;
	let onAbort;
	let resolveGrace;
	const grace = new Promise((resolve) => {
		resolveGrace = resolve;
	});
	const cancel = () => {
		if (state.canceledAt !== undefined) return;
		state.canceledAt = elapsed();
		execution.cancel();
		graceTimer = setTimeout(() => resolveGrace(undefined), graceMs);
	};
	if (typeof signal.cancelAfterMs === 'number') {
		timer = setTimeout(cancel, signal.cancelAfterMs);
	} else if (typeof signal.addEventListener === 'function') {
		if (signal.aborted) cancel();
		onAbort = cancel;
		signal.addEventListener('abort', onAbort, { once: true });
	} else {
		throw new TypeError('signal must be an AbortSignal or { cancelAfterMs }');
	}
	state.race = async (promise) => await Promise.race([promise, grace]);
	state.dispose = () => {
		clearTimeout(timer);
		clearTimeout(graceTimer);
		if (onAbort) signal.removeEventListener('abort', onAbort);
	};
	return state;
}

/** The instance the node `nodeName` threw last (not n8n's plain copy in the run data), if any. */
function pickThrown(thrown, nodeName) {
	return thrown.filter((entry) => entry.nodeName === nodeName).at(-1)?.error;
}

module.exports = { runWorkflow, runNode, pickThrown };
