import type {
	IExecuteSingleFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
} from 'n8n-workflow';
import { notJsonError, redirectError, vapiHttpError } from '../../errors/nodeErrors';
import { SecretMask } from '../../http/maskSecret';
import { bodyText, header, maskedBody, readBodyText, tryParseJson } from '../../http/responseBody';
import { parseRetryAfter } from '../../http/retry';
import { describeHttpError } from '../../http/vapiErrors';

/** One per item: n8n gives each item its own context, kept across its attempts and pages. */
const masks = new WeakMap<object, Promise<SecretMask>>();

/**
 * The mask of this item's API key, the credential read once per item. If the credential cannot
 * be read the step fails: an answer whose key could not be masked is never read.
 */
export async function secretMaskFor(ctx: IExecuteSingleFunctions): Promise<SecretMask> {
	let mask = masks.get(ctx);
	if (!mask) {
		mask = ctx.getCredentials('vapiApi').then((credentials) => new SecretMask(credentials.apiKey));
		masks.set(ctx, mask);
	}
	return await mask;
}

/**
 * The boundary where Vapi's bytes enter the node: the first output step of every request puts
 * the body back, masked, on the response n8n hands every later step (readChatAnswer reads the
 * stream from there), and returns it as the item RoutingNode made of the unmasked body.
 */
async function maskResponse(
	ctx: IExecuteSingleFunctions,
	response: IN8nHttpFullResponse,
): Promise<void> {
	response.body = maskedBody(response.body, await secretMaskFor(ctx)) as typeof response.body;
}

/** A 3xx: never followed (the requests set disableFollowRedirect), an error naming where it led. */
function throwOnRedirect(ctx: IExecuteSingleFunctions, response: IN8nHttpFullResponse): void {
	if (response.statusCode < 300 || response.statusCode >= 400) return;
	// Nobody reads a redirect's body: release the connection.
	(response.body as { destroy?(): void } | undefined)?.destroy?.();
	throw redirectError(ctx, response.statusCode, header(response, 'location'));
}

/**
 * An HTTP error answer of Vapi as the error the user reads: Vapi's own message and a hint.
 * `method` 'POST' says a 5xx may still have created (and billed) a chat.
 */
function httpError(
	ctx: IExecuteSingleFunctions,
	response: IN8nHttpFullResponse,
	text: string,
	method?: string,
) {
	const report = describeHttpError(response.statusCode, text, header(response, 'content-type'), {
		method,
	});
	return vapiHttpError(ctx, report, {
		body: tryParseJson(text),
		retryAfterMs: parseRetryAfter(header(response, 'retry-after'), Date.now()),
	});
}

/**
 * postReceive for the requests that read or change chats and sessions: the body masked, a
 * redirect or an HTTP error becomes the node's error, and a 2xx answer must be JSON (an empty
 * body is an empty object).
 */
export async function throwOnVapiError(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	await maskResponse(this, response);
	throwOnRedirect(this, response);
	const { body, statusCode } = response;
	if (statusCode >= 400) throw httpError(this, response, bodyText(body));
	if (typeof body === 'object' && body !== null && !(body instanceof Uint8Array)) {
		return [{ json: body as INodeExecutionData['json'] }];
	}
	if (bodyText(body).trim() === '') return [{ json: {} }];
	throw notJsonError(this, statusCode);
}

/**
 * postReceive for Send Message, whose body arrives as a stream: the body masked, a redirect or an
 * HTTP error becomes the node's error. Every such request creates a chat, so a 5xx says it may
 * have created (and billed) one.
 */
export async function throwOnChatError(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	await maskResponse(this, response);
	throwOnRedirect(this, response);
	if (response.statusCode < 400) return items;
	throw httpError(this, response, await readBodyText(response.body), 'POST');
}
