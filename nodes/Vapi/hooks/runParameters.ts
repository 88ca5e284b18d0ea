import type { IExecuteSingleFunctions } from 'n8n-workflow';

/**
 * What the hooks read that is the same for every item of one node run, read once per run: n8n
 * hands every item of a run the same execute data (see credentialBaseUrl.ts). Each read costs n8n
 * per item a copy of the value, a look-up of the parameter in the description and a validation;
 * getNode() copies the whole node. A parameter holding no expression has one value for the run.
 */
interface RunValues {
	typeVersion: number;
	nodeName: string;
	/** Parameters read so far whose value holds no expression, by name. */
	fixed: Map<string, unknown>;
	/** Parameters read so far whose value holds an expression: read per item, as n8n gives them. */
	mapped: Set<string>;
}

const perRun = new WeakMap<object, RunValues>();

function runValues(ctx: IExecuteSingleFunctions): RunValues | undefined {
	const run = ctx.getExecuteData?.();
	if (!run) return undefined;
	let values = perRun.get(run);
	if (!values) {
		const node = ctx.getNode();
		values = {
			typeVersion: node.typeVersion,
			nodeName: node.name,
			fixed: new Map(),
			mapped: new Set(),
		};
		perRun.set(run, values);
	}
	return values;
}

/** An expression anywhere in a parameter's raw value (a collection's fields too). */
function holdsExpression(raw: unknown): boolean {
	if (typeof raw === 'string') return raw.charAt(0) === '=';
	if (raw === null || typeof raw !== 'object') return false;
	return Object.values(raw).some(holdsExpression);
}

/** The node's version (1, 2), read once per run. */
export function nodeVersion(ctx: IExecuteSingleFunctions): number {
	return runValues(ctx)?.typeVersion ?? ctx.getNode().typeVersion;
}

/** The node's name, read once per run. */
export function nodeName(ctx: IExecuteSingleFunctions): string {
	return runValues(ctx)?.nodeName ?? ctx.getNode().name;
}

/**
 * The parameter's value for this item, as getNodeParameter gives it; read once per run when it
 * holds no expression. Whether it holds one is the node's, not the item's: its raw value is read
 * once per run too. The value may be shared by the run's items: callers do not change it.
 */
export function runParameter<T>(ctx: IExecuteSingleFunctions, name: string, fallback: T): T {
	const values = runValues(ctx);
	if (values?.fixed.has(name)) return values.fixed.get(name) as T;
	const value = ctx.getNodeParameter(name, fallback) as T;
	if (values === undefined || values.mapped.has(name)) return value;
	if (holdsExpression(ctx.getNodeParameter(name, fallback, { rawExpressions: true }))) {
		values.mapped.add(name);
	} else {
		values.fixed.set(name, value);
	}
	return value;
}
