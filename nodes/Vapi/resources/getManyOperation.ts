import type { INodePropertyOptions } from 'n8n-workflow';
import { itemPipeline, type SendStep } from '../hooks/pipeline/itemPipeline';
import { throwOnVapiError } from '../hooks/postReceive/httpErrors';
import { buildListQuery } from '../hooks/preSend/buildListQuery';

/**
 * A resource's Get Many operation (GET /<resource>): the Filters and sort options become the
 * query (buildListQuery), and `walkPages` sends the pages (Return All or Limit), each through
 * sendWithRetries.
 */
export function getManyOperation(
	resource: string,
	description: string,
	walkPages: SendStep,
): INodePropertyOptions {
	return {
		name: 'Get Many',
		value: 'getAll',
		action: `Get many ${resource}s`,
		description,
		routing: itemPipeline({
			request: { method: 'GET', url: `/${resource}` },
			prepare: [buildListQuery],
			send: walkPages,
			output: [throwOnVapiError],
		}),
	};
}
