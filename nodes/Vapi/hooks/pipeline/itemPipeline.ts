import type {
	DeclarativeRestApiSettings,
	IExecutePaginationFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodePropertyRouting,
	PostReceiveAction,
	PreSendAction,
} from 'n8n-workflow';
import { stoppingError, toNodeError } from '../../errors/nodeErrors';
import { errorItem } from '../postReceive/outputItems';
import { useCredentialBaseUrl } from '../preSend/credentialBaseUrl';
import { sendWithRetries } from './sendWithRetries';

/** Sends one item's prepared request(s) through `this.makeRoutingRequest`: its output items. */
export type SendStep = (
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
) => Promise<INodeExecutionData[]>;

export interface ItemPipelineSteps {
	/** The request, as declarative routing describes it (the fields add their body and query). */
	request: DeclarativeRestApiSettings.HttpRequestOptions;
	/** preSend steps, in order: build the request from the routed fields and check it. */
	prepare?: PreSendAction[];
	/** Sends it: sendWithRetries when not given; Get Many's page walker sends each page through it. */
	send?: SendStep;
	/** postReceive steps, in order, on every HTTP answer: map errors, read, shape the items. */
	output: PostReceiveAction[];
}

/**
 * The item pipeline: the routing of every operation. Each item goes prepare → send → output, and
 * the pipeline owns the item's fate: a failure anywhere becomes, under continue-on-fail, that
 * item's error item, paired with its input.
 *
 * It relies on n8n's declarative RoutingNode (n8n-core 2.41) doing this, and corrects the rest:
 * - `routing.operations.pagination` as a function is called once per item, *around* the request:
 *   it is the one declarative hook that can retry, pace or walk pages. RoutingNode calls it only
 *   when `routing.send.paginate` is true, so the pipeline sets that (nothing is paginated by n8n).
 * - `this.makeRoutingRequest` sends and then runs the `output.postReceive` steps, so errors the
 *   output steps throw (an HTTP error, a broken stream) reach `send`, which decides on a retry.
 * - `request.ignoreHttpStatusErrors` is set: the output steps map HTTP errors themselves, keeping
 *   Vapi's message (n8n's own mapping replaces it with a generic sentence).
 * - `request.disableFollowRedirect` is set (n8n's HTTP layer sends `maxRedirects: 0` to axios):
 *   Vapi's API does not redirect, and n8n would follow one to any origin with the Authorization
 *   header. The 3xx reaches the output steps, which fail the item naming where it pointed.
 * - RoutingNode starts every item's request at once and has no retry or concurrency limit:
 *   sendWithRetries adds them (one rate-limit gate per node and execution).
 * - The `prepare` steps run here, not as `routing.send.preSend`: RoutingNode runs preSend outside
 *   this hook, and under continue-on-fail it emits a failed item as `{ json: {} }` without
 *   `pairedItem`, which breaks "Continue (using error output)" — `$('…').item` fails downstream
 *   and the input's fields are lost. Here the error item is paired (outputItems.ts, errorItem).
 * - RoutingNode evaluates requestDefaults for every item, twice (once more for its credential
 *   domain check): the Base URL is the credential's, so it is set by a first prepare step that
 *   reads the credential once per node run (useCredentialBaseUrl) instead of by an expression.
 * - Without continue-on-fail the error is thrown, always as a NodeApiError (stoppingError):
 *   RoutingNode passes one on as it is, but would re-wrap a NodeOperationError (a refused
 *   request) in one with httpCode "none", which n8n's error panel shows as Vapi's answer.
 */
export function itemPipeline(steps: ItemPipelineSteps): INodePropertyRouting {
	return {
		request: { ...steps.request, ignoreHttpStatusErrors: true, disableFollowRedirect: true },
		send: { paginate: true },
		operations: {
			pagination: runItem(steps.send ?? sendWithRetries, [
				useCredentialBaseUrl,
				...(steps.prepare ?? []),
			]),
		},
		output: { postReceive: steps.output },
	};
}

function runItem(send: SendStep, prepare: PreSendAction[]): SendStep {
	return async function (this: IExecutePaginationFunctions, requestData) {
		try {
			for (const step of prepare) {
				// RoutingNode hands preSend the same options object; only its `url` type is looser.
				requestData.options = await step.call(this, requestData.options as IHttpRequestOptions);
			}
			return await send.call(this, requestData);
		} catch (error) {
			const nodeError = toNodeError(this, error);
			if (!this.continueOnFail()) throw stoppingError(this, nodeError);
			return [errorItem(nodeError, this.getItemIndex())];
		}
	};
}
