// Counts what a run makes n8n do, per item: expression evaluations (by expression and by who asked
// for them), parameter reads (by parameter) and credential decryptions. Wraps three methods of
// n8n's own classes in this process (WorkflowExpression.resolveSimpleParameterValue,
// NodeExecutionContext._getNodeParameter, CredentialsHelper.getDecrypted through the harness) —
// for `node bench/profile.mjs calls`, never during a timed measurement.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * Who asked for an evaluation: the first of these (function, file) found anywhere on the stack.
 * (A table like profile.mjs's AREAS in shape only: stack callers here, profile areas there.)
 */
const CALLERS = [
	[
		'resolveBaseUrl',
		'routing-node',
		'RoutingNode.resolveBaseUrl (domain check: every parameter again)',
	],
	['authenticate', '', 'credential authenticate'],
	['getDecrypted', '', 'credential decryption (expressions in credential data)'],
	[
		'getRequestOptionsFromParameters',
		'routing-node',
		'RoutingNode routing a field (getNodeParameter)',
	],
	[
		'makeRequest',
		'routing-node',
		'getNodeParameter in a hook (preSend, the item pipeline, postReceive)',
	],
	['runNode', 'routing-node', 'RoutingNode: every parameter and requestDefaults'],
	['execute', 'n8n-nodes-base', "HTTP Request node's execute (getNodeParameter)"],
];

function callerOf(stack) {
	const frames = stack.split('\n').slice(2);
	for (const [fn, file, label] of CALLERS) {
		const found = frames.some(
			(line) => (line.includes(`.${fn} `) || line.includes(` ${fn} `)) && line.includes(file),
		);
		if (found) return label;
	}
	return 'other';
}

export function countCalls() {
	const { workflow, core } = require('../../test/harness/runtime');
	Error.stackTraceLimit = 80;
	const counts = { expressions: new Map(), callers: new Map(), parameters: new Map() };
	const bump = (map, key) => map.set(key, (map.get(key) ?? 0) + 1);

	const expressionProto = workflow.WorkflowExpression.prototype;
	const resolve = expressionProto.resolveSimpleParameterValue;
	expressionProto.resolveSimpleParameterValue = function (parameterValue, ...rest) {
		if (typeof parameterValue === 'string' && parameterValue.startsWith('=')) {
			bump(counts.expressions, parameterValue.slice(0, 90));
			bump(counts.callers, callerOf(new Error().stack));
		}
		return resolve.call(this, parameterValue, ...rest);
	};

	let contextProto = core.ExecuteSingleContext.prototype;
	while (!Object.prototype.hasOwnProperty.call(contextProto, '_getNodeParameter')) {
		contextProto = Object.getPrototypeOf(contextProto);
	}
	const getParameter = contextProto._getNodeParameter;
	contextProto._getNodeParameter = function (name, ...rest) {
		bump(counts.parameters, name);
		return getParameter.call(this, name, ...rest);
	};

	return {
		/** The counts divided by `items`, largest first, and the reset for the next run. */
		perItem(items, decryptions) {
			const table = (map) =>
				[...map]
					.sort((a, b) => b[1] - a[1])
					.map(([key, count]) => ({ key, perItem: Math.round((100 * count) / items) / 100 }));
			const sum = (map) => [...map.values()].reduce((a, b) => a + b, 0);
			const result = {
				expressionsPerItem: Math.round((100 * sum(counts.expressions)) / items) / 100,
				parameterReadsPerItem: Math.round((100 * sum(counts.parameters)) / items) / 100,
				decryptionsPerItem: Math.round((100 * decryptions) / items) / 100,
				expressions: table(counts.expressions),
				callers: table(counts.callers),
				parameters: table(counts.parameters),
			};
			for (const map of Object.values(counts)) map.clear();
			return result;
		},
	};
}
