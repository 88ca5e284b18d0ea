import type {
	IAuthenticateRuleResponseCode,
	IAuthenticateRuleResponseSuccessBody,
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';
import { BASE_URL_EXPRESSION, VAPI_BASE_URL, VAPI_EU_BASE_URL } from '../nodes/Vapi/defaults';
import { hintForStatus } from '../nodes/Vapi/http/vapiErrors';

/** Where Vapi's API is, for the credential test's messages about a Base URL that is not it. */
const USE_VAPI_BASE_URL = `Use ${VAPI_BASE_URL}, or ${VAPI_EU_BASE_URL} for an EU organisation, with nothing after the host.`;

/**
 * What the credential test says instead of the bare status text ("Unauthorized"): each rule's
 * message names what to change. n8n's CredentialsTester checks the responseCode rules on an error
 * answer and the responseSuccessBody rules on a 2xx, each by its `type`, in one list.
 */
/** The redirects HTTP has: the test never follows one (its request sets disableFollowRedirect). */
const REDIRECT_STATUSES = [301, 302, 303, 307, 308];

const TEST_RULES: Array<IAuthenticateRuleResponseCode | IAuthenticateRuleResponseSuccessBody> = [
	{
		type: 'responseCode',
		properties: { value: 401, message: `Vapi refused the API key. ${hintForStatus(401)}` },
	},
	{
		type: 'responseCode',
		properties: { value: 403, message: `Vapi refused the API key. ${hintForStatus(403)}` },
	},
	{
		type: 'responseCode',
		properties: {
			value: 404,
			message: `The Base URL is not Vapi's API: it has no /chat. ${USE_VAPI_BASE_URL}`,
		},
	},
	...REDIRECT_STATUSES.map(
		(value): IAuthenticateRuleResponseCode => ({
			type: 'responseCode',
			properties: {
				value,
				message: `The Base URL answered with a redirect (HTTP ${value}), which Vapi's API never does; it was not followed, and the API key was not sent where it points. ${USE_VAPI_BASE_URL}`,
			},
		}),
	),
	{
		// A 200 without Vapi's list (a web page, another API): n8n compares the body's
		// `results` with `value`, so `undefined` matches exactly when there is none.
		type: 'responseSuccessBody',
		properties: {
			key: 'results',
			value: undefined,
			message: `The Base URL answered, but not as Vapi's API does (no list of chats). ${USE_VAPI_BASE_URL}`,
		},
	},
];

export class VapiApi implements ICredentialType {
	name = 'vapiApi';

	displayName = 'Vapi API';

	icon: Icon = { light: 'file:../icons/vapi.svg', dark: 'file:../icons/vapi.dark.svg' };

	documentationUrl = 'https://docs.vapi.ai/api-reference';

	// FixtureApi.credentials.js copies this shape on purpose: the harness is proven on its own package.
	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'Your private API key: Vapi dashboard → Organization Settings → API Keys → Private Key. The public key only works in browser widgets.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: VAPI_BASE_URL,
			hint: `EU organisations use ${VAPI_EU_BASE_URL} with an EU key (keys are per region)`,
			description: 'The Vapi API address. Change it only for the EU region or a proxy.',
		},
	];

	// Vapi takes the private key as a bearer token on every request. A function, not a generic
	// block: n8n evaluates a block's expression on every request (an expression costs more than
	// the rest of the request's preparation). The caller's options are left as they were.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, Authorization: `Bearer ${credentials.apiKey}` },
		};
	}

	// The cheapest authenticated call: one chat, answered 200 with `{results, metadata}` (even for
	// an organisation without chats), or 401 for a bad key.
	test: ICredentialTestRequest = {
		request: {
			baseURL: BASE_URL_EXPRESSION,
			url: '/chat',
			qs: { limit: 1 },
			method: 'GET',
			// n8n would follow a redirect to any origin with the Authorization header.
			disableFollowRedirect: true,
		},
		// ICredentialTestRequest types `rules` as one kind or the other; the tester takes both.
		rules: TEST_RULES as IAuthenticateRuleResponseCode[],
	};
}
