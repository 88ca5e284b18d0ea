import type {
	DeclarativeRestApiSettings,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** A preSend function: builds or checks one item's request. */
type PrepareRequest = (
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
) => Promise<IHttpRequestOptions>;

/** A pagination function: sends one item's request(s) and returns its output items. */
type SendRequest = (
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
) => Promise<INodeExecutionData[]>;

function asNodeError(ctx: IExecutePaginationFunctions, error: unknown) {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex: ctx.getItemIndex() });
}

/**
 * The pagination hook of every operation: it owns one item's fate. It runs the operation's preSend
 * steps, sends, and — under continue-on-fail — turns a failure into that item's error item, paired
 * with its input. (n8n's RoutingNode would emit the error item unpaired, which breaks
 * "Continue (using error output)": downstream `$('…').item` fails and the input fields are lost.)
 */
export function itemRequest(send: SendRequest, ...prepare: PrepareRequest[]): SendRequest {
	return async function (this: IExecutePaginationFunctions, requestData) {
		try {
			for (const step of prepare) {
				// RoutingNode hands preSend the same options object; only its `url` type is looser.
				requestData.options = await step.call(this, requestData.options as IHttpRequestOptions);
			}
			return await send.call(this, requestData);
		} catch (error) {
			const nodeError = asNodeError(this, error);
			if (!this.continueOnFail()) throw nodeError;
			return [
				{
					json: { error: nodeError.message },
					error: nodeError,
					pairedItem: { item: this.getItemIndex() },
				},
			];
		}
	};
}
