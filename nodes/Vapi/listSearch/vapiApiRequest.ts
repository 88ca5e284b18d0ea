import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import {
	invalidBaseUrlError,
	pickerRateLimitedError,
	redirectError,
	vapiHttpError,
} from '../errors/nodeErrors';
import { SecretMask } from '../http/maskSecret';
import { parseRetryAfter, retryDelayMs } from '../http/retry';
import { bodyText, header, maskedBody } from '../http/responseBody';
import { describeHttpError } from '../http/vapiErrors';
import { parseBaseUrl } from '../rules/baseUrl';

/** A list answered 429 is asked for again, up to this many times in all… */
const MAX_ATTEMPTS = 4;
/** …waiting Retry-After (or a backoff), but never longer than this: the user waits for the list. */
const MAX_WAIT_MS = 10 * 1000;

/**
 * The one hand-made request of the package, for the editor's pickers (listSearch), which have no
 * declarative routing, and for the one read a postReceive step makes (an SMS chat's session id,
 * hooks/postReceive/smsSession.ts). A 429 is absorbed like on every other request (waits are
 * bounded: the editor, or the item, waits); other HTTP errors keep Vapi's own message. Like every
 * request of the node it never follows a redirect, and reads Vapi's answer only with the API key
 * masked.
 */
export async function vapiApiRequest(
	this: ILoadOptionsFunctions | IExecuteSingleFunctions,
	method: IHttpRequestMethods,
	path: string,
	qs: IDataObject = {},
): Promise<unknown> {
	const credentials = await this.getCredentials('vapiApi');
	const baseUrl = parseBaseUrl(credentials.baseUrl);
	if (baseUrl.url === undefined) throw invalidBaseUrlError(this, baseUrl.problem);
	const mask = new SecretMask(credentials.apiKey);
	for (let attempt = 1; ; attempt++) {
		const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'vapiApi', {
			method,
			url: `${baseUrl.url}${path}`,
			qs,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
		})) as IN8nHttpFullResponse;
		const body = maskedBody(response.body, mask);
		if (response.statusCode >= 300 && response.statusCode < 400) {
			throw redirectError(this, response.statusCode, header(response, 'location'));
		}
		if (response.statusCode < 400) return body;
		const report = describeHttpError(
			response.statusCode,
			bodyText(body),
			header(response, 'content-type') ?? '',
			{ method },
		);
		if (response.statusCode !== 429) throw vapiHttpError(this, report);
		const retryAfterMs = parseRetryAfter(header(response, 'retry-after'), Date.now());
		const delay = retryDelayMs({
			attempt,
			retryAfterMs,
			random: Math.random(),
			maxWaitMs: MAX_WAIT_MS,
		});
		if (attempt >= MAX_ATTEMPTS || delay === undefined) {
			const tooLongWaitMs = delay === undefined ? retryAfterMs : undefined;
			throw pickerRateLimitedError(this, {
				attempts: attempt,
				vapiSaid: report.message,
				tooLongWaitMs,
			});
		}
		await sleep(delay);
	}
}
