import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

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
			default: 'https://api.vapi.ai',
			hint: 'EU organisations use https://api.eu.vapi.ai with an EU key (keys are per region)',
			description: 'The Vapi API address. Change it only for the EU region or a proxy.',
		},
	];

	// Vapi takes the private key as a bearer token on every request.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
			},
		},
	};

	// The cheapest authenticated call: one assistant, answered 200 with a list or 401 for a bad key.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{($credentials.baseUrl || "https://api.vapi.ai").replace(/\\/+$/, "")}}',
			url: '/assistant',
			qs: { limit: 1 },
			method: 'GET',
		},
	};
}
