import type {
	IDataObject,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';
import { baseUrlOf } from '../defaults';
import { vapiHttpError } from '../errors/nodeErrors';
import { header } from '../http/responseBody';
import { describeHttpError } from '../http/vapiErrors';

/**
 * The one hand-made request of the package, for the editor's pickers (listSearch), which have no
 * declarative routing. HTTP errors keep Vapi's own message.
 */
export async function vapiApiRequest(
	this: ILoadOptionsFunctions,
	method: IHttpRequestMethods,
	path: string,
	qs: IDataObject = {},
): Promise<unknown> {
	const credentials = await this.getCredentials('vapiApi');
	const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'vapiApi', {
		method,
		url: `${baseUrlOf(credentials.baseUrl)}${path}`,
		qs,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	})) as IN8nHttpFullResponse;
	if (response.statusCode >= 400) {
		const bodyText =
			typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? '');
		const secret = typeof credentials.apiKey === 'string' ? credentials.apiKey : undefined;
		const report = describeHttpError(
			response.statusCode,
			bodyText,
			header(response, 'content-type') ?? '',
			{
				method,
				secret,
			},
		);
		throw vapiHttpError(this, report);
	}
	return response.body;
}
