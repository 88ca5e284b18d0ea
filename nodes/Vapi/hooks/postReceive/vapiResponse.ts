import type {
	IDataObject,
	IExecuteSingleFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { withAnswerText } from './chatRecord';
import { describeHttpError } from '../../http/vapiErrors';
import { parseRetryAfter } from '../../http/retry';

export function header(response: IN8nHttpFullResponse, name: string): string | undefined {
	const value = response.headers?.[name];
	return Array.isArray(value) ? String(value[0]) : value === undefined ? undefined : String(value);
}

function bodyText(body: unknown): string {
	if (typeof body === 'string') return body;
	if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
	return body === undefined || body === null ? '' : JSON.stringify(body);
}

async function apiKeyOf(ctx: IExecuteSingleFunctions): Promise<string | undefined> {
	try {
		const credentials = await ctx.getCredentials('vapiApi');
		return typeof credentials?.apiKey === 'string' ? credentials.apiKey : undefined;
	} catch {
		return undefined;
	}
}

/**
 * A 2xx answer must be JSON: a proxy's HTML page must not pass for an empty list. An empty body
 * is an empty object.
 */
function jsonItems(
	ctx: IExecuteSingleFunctions,
	items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): INodeExecutionData[] {
	const { body } = response;
	if (typeof body === 'object' && body !== null && !(body instanceof Uint8Array)) return items;
	if (bodyText(body).trim() === '') return [{ json: {} }];
	throw new NodeApiError(ctx.getNode(), { httpCode: String(response.statusCode) } as JsonObject, {
		message: `Vapi's answer (HTTP ${response.statusCode}) is not JSON`,
		description:
			'A proxy or gateway may have answered instead of Vapi: check the Base URL in the credential.',
		httpCode: String(response.statusCode),
		itemIndex: ctx.getItemIndex(),
	});
}

export function tryParseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/**
 * An HTTP error answer of Vapi as the NodeApiError the user reads: Vapi's own message and a hint
 * (n8n's default error would replace the message with generic text), the key masked. A 429's
 * Retry-After travels along in `context.retryAfterMs` for sendWithRetries.
 * `method` 'POST' says a 5xx may still have created (and billed) a chat.
 */
export async function vapiHttpError(
	ctx: IExecuteSingleFunctions,
	response: IN8nHttpFullResponse,
	text: string,
	method?: string,
): Promise<NodeApiError> {
	const report = describeHttpError(response.statusCode, text, header(response, 'content-type'), {
		method,
		secret: await apiKeyOf(ctx),
	});
	const vapiBody = tryParseJson(text);
	const error = new NodeApiError(
		ctx.getNode(),
		{
			httpCode: report.httpCode,
			...(vapiBody && typeof vapiBody === 'object' ? { body: vapiBody } : {}),
		} as JsonObject,
		{
			message: report.message,
			description: report.description,
			httpCode: report.httpCode,
			itemIndex: ctx.getItemIndex(),
		},
	);
	const retryAfterMs = parseRetryAfter(header(response, 'retry-after'), Date.now());
	if (retryAfterMs !== undefined) error.context.retryAfterMs = retryAfterMs;
	return error;
}

/**
 * postReceive for the requests that read or change chats and sessions (sent with
 * ignoreHttpStatusErrors): an HTTP error becomes Vapi's own error (see vapiHttpError).
 */
export async function throwOnVapiError(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	if (response.statusCode < 400) return jsonItems(this, items, response);
	throw await vapiHttpError(this, response, bodyText(response.body));
}

/** postReceive: each item paired with the input item it answers. */
export async function pairWithInput(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const item = this.getItemIndex();
	return items.map((entry) => ({ ...entry, pairedItem: { item } }));
}

/** postReceive for Chat → Get: the chat with `text`, its answer (last assistant message). */
export async function outputChat(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const item = this.getItemIndex();
	return items.map((entry) => ({
		json: withAnswerText(entry.json) as IDataObject,
		pairedItem: { item },
	}));
}
