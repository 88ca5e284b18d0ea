import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { searchAssistants, searchPhoneNumbers, searchSessions, searchSquads } from './listSearch';
import { VAPI_BASE_URL } from './defaults';
import { RESOURCE_OPTIONS } from './descriptions/properties';
import { chatDescription } from './resources/chat';
import { sessionDescription } from './resources/session';

export class Vapi implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Vapi',
		name: 'vapi',
		icon: { light: 'file:../../icons/vapi.svg', dark: 'file:../../icons/vapi.dark.svg' },
		group: ['transform'],
		// 2: Send Message asks for the conversation first (resources/chat/conversation.ts).
		version: [1, 2],
		subtitle:
			'={{ ({ sendMessage: "Send Message", get: "Get", getAll: "Get Many", delete: "Delete", create: "Create", update: "Update" })[$parameter["operation"]] + " · " + ({ chat: "Chat", session: "Session" })[$parameter["resource"]] }}',
		description:
			'Chat with Vapi voice AI assistants: send messages, continue conversations, and manage chats and sessions',
		defaults: { name: 'Vapi' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'vapiApi', required: true }],
		// test/harness/fixtures/nodes/Fixture mimics this on purpose: the harness is proven on its own package.
		requestDefaults: {
			// The credential's Base URL is set per node run (hooks/preSend/credentialBaseUrl.ts); an
			// expression here would be evaluated twice for every item.
			baseURL: VAPI_BASE_URL,
			headers: {
				Accept: 'application/json, text/event-stream',
				'Content-Type': 'application/json',
			},
			json: true,
		},
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [...RESOURCE_OPTIONS],
				default: 'chat',
			},
			...chatDescription,
			...sessionDescription,
		],
	};

	methods = {
		listSearch: { searchAssistants, searchSquads, searchSessions, searchPhoneNumbers },
	};
}
