import type {
	IExecuteSingleFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
} from 'n8n-workflow';
import { notJsonError, vapiHttpError } from '../../errors/nodeErrors';
import { bodyText, header, readBodyText, tryParseJson } from '../../http/responseBody';
import { parseRetryAfter } from '../../http/retry';
import { describeHttpError } from '../../http/vapiErrors';

async function apiKeyOf(ctx: IExecuteSingleFunctions): Promise<string | undefined> {
	try {
		const credentials = await ctx.getCredentials('vapiApi');
		return typeof credentials?.apiKey === 'string' ? credentials.apiKey : undefined;
	} catch {
		return undefined;
	}
}

/**
 * An HTTP error answer of Vapi as the error the user reads: Vapi's own message and a hint, the
 * key masked. `method` 'POST' says a 5xx may still have created (and billed) a chat.
 */
async function httpError(
	ctx: IExecuteSingleFunctions,
	response: IN8nHttpFullResponse,
	text: string,
	method?: string,
) {
	const report = describeHttpError(response.statusCode, text, header(response, 'content-type'), {
		method,
		secret: await apiKeyOf(ctx),
	});
	return vapiHttpError(ctx, report, {
		body: tryParseJson(text),
		retryAfterMs: parseRetryAfter(header(response, 'retry-after'), Date.now()),
	});
}

/**
 * postReceive for the requests that read or change chats and sessions: an HTTP error becomes
 * Vapi's own error, and a 2xx answer must be JSON (an empty body is an empty object).
 */
export async function throwOnVapiError(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	const { body, statusCode } = response;
	if (statusCode >= 400) throw await httpError(this, response, bodyText(body));
	if (typeof body === 'object' && body !== null && !(body instanceof Uint8Array)) return items;
	if (bodyText(body).trim() === '') return [{ json: {} }];
	throw notJsonError(this, statusCode);
}

/**
 * postReceive for Send Message, whose body arrives as a stream: an HTTP error becomes Vapi's own
 * error. Every such request creates a chat, so a 5xx says it may have created (and billed) one.
 */
export async function throwOnChatError(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	if (response.statusCode < 400) return items;
	throw await httpError(this, response, await readBodyText(response.body), 'POST');
}
