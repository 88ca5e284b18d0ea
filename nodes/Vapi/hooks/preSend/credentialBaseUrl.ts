import type {
	ICredentialDataDecryptedObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
} from 'n8n-workflow';
import { getCredentialAllowedDomains } from 'n8n-workflow';
import { invalidBaseUrlError } from '../../errors/nodeErrors';
import { parseBaseUrl, type BaseUrl } from '../../rules/baseUrl';

/**
 * The Base URL of one node run, and the domains n8n lets its credential reach from there
 * (`domains` absent: this n8n has no such restriction).
 */
type RunBaseUrl = BaseUrl & { domains?: { allowed: string | undefined } };

/**
 * One per node run: n8n hands every item of a run the same execute data. Read once because the
 * alternative costs per item — an expression in requestDefaults is evaluated twice per item, and
 * each read of the credential decrypts it.
 */
const perRun = new WeakMap<object, Promise<RunBaseUrl>>();

/**
 * n8n 2.41 restricts where a credential may send ("Allowed HTTP Request Domains"), and lets a node
 * reach its own endpoint: RoutingNode adds the host of requestDefaults.baseURL to the allowed
 * domains. requestDefaults.baseURL is Vapi's, so the endpoint the credential names (EU, a proxy)
 * is added here the same way, with n8n's own function. Older n8n has neither the check nor it.
 */
function allowedDomainsFor(
	ctx: IExecuteSingleFunctions,
	credentials: ICredentialDataDecryptedObject,
	url: string,
): RunBaseUrl['domains'] {
	if (typeof getCredentialAllowedDomains !== 'function') return undefined;
	const allowed = getCredentialAllowedDomains({
		node: ctx.getNode(),
		credentialData: credentials,
		credentialOwnedSurface: true,
		nodeEndpointUrl: url,
	});
	return { allowed };
}

async function resolve(ctx: IExecuteSingleFunctions): Promise<RunBaseUrl> {
	const credentials = await ctx.getCredentials('vapiApi');
	const baseUrl = parseBaseUrl(credentials.baseUrl);
	if (baseUrl.url === undefined) return baseUrl;
	return { ...baseUrl, domains: allowedDomainsFor(ctx, credentials, baseUrl.url) };
}

/**
 * The first prepare step of every request: the credential's Base URL (trimmed, checked), read
 * once per node run. An unusable one refuses the item before anything is sent.
 */
export async function useCredentialBaseUrl(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const run = this.getExecuteData?.();
	let resolved = run ? perRun.get(run) : undefined;
	if (!resolved) {
		resolved = resolve(this);
		if (run) perRun.set(run, resolved);
	}
	const { url, problem, domains } = await resolved;
	if (url === undefined) throw invalidBaseUrlError(this, problem);
	requestOptions.baseURL = url;
	if (domains?.allowed !== undefined) requestOptions.allowedDomains = domains.allowed;
	else if (domains) delete requestOptions.allowedDomains;
	return requestOptions;
}
