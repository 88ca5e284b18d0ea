import type {
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';
import { BASE_URL_EXPRESSION, VAPI_BASE_URL, VAPI_EU_BASE_URL } from '../nodes/Vapi/defaults';

export class VapiApi implements ICredentialType {
	name = 'vapiApi';

	displayName = 'Vapi API';

	icon: Icon = { light: 'file:../icons/vapi.svg', dark: 'file:../icons/vapi.dark.svg' };

	documentationUrl = 'https://docs.vapi.ai/api-reference';

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

	// The cheapest authenticated call: one assistant, answered 200 with a list or 401 for a bad key.
	test: ICredentialTestRequest = {
		request: {
			baseURL: BASE_URL_EXPRESSION,
			url: '/assistant',
			qs: { limit: 1 },
			method: 'GET',
		},
	};
}
