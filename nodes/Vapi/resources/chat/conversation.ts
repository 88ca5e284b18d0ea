import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { assistantLocator, sessionLocator, squadLocator } from '../../descriptions/locators';
import { bodyField } from '../../descriptions/routing';

/**
 * Send Message's first fields: which conversation the message belongs to and who answers it.
 *
 * Version 2 asks once — Conversation: New, Continue a Previous Chat, Continue a Session — and shows
 * only the field that conversation needs and only the Send To options Vapi accepts with it (a
 * session stays with its assistant, so with a session there is no saved Assistant to pick).
 * Version 1 keeps its fields as they were, so saved workflows load and run unchanged: Send To, then
 * Previous Chat ID and Session side by side.
 */

const inVersion = (version: number) => ({ '@version': [version] });

/** One "Send To" option: who answers the message. */
const target = (name: string, value: string, description: string): INodePropertyOptions => ({
	name,
	value,
	description,
});

const ASSISTANT = target('Assistant', 'assistantId', 'A saved assistant');
const ASSISTANT_JSON = target(
	'Assistant Defined in JSON',
	'assistant',
	'A transient assistant described here (Vapi CreateAssistantDTO)',
);
const SQUAD = target('Squad', 'squadId', 'A saved squad of assistants');
const SQUAD_JSON = target(
	'Squad Defined in JSON',
	'squad',
	'A transient squad described here (Vapi CreateSquadDTO)',
);

/** "Send To", with the options one version and conversation allow. */
function sendTo(
	show: Record<string, Array<string | number>>,
	defaultTarget: string,
	options: INodePropertyOptions[],
): INodeProperties {
	return {
		displayName: 'Send To',
		name: 'target',
		type: 'options',
		noDataExpression: true,
		default: defaultTarget,
		description: 'Who answers the message',
		options,
		displayOptions: { show },
	};
}

const version1: INodeProperties[] = [
	sendTo(inVersion(1), 'assistantId', [
		ASSISTANT,
		ASSISTANT_JSON,
		SQUAD,
		SQUAD_JSON,
		{
			name: "The Session's or Previous Chat's Assistant",
			value: 'none',
			description: 'Set no assistant: the Session or Previous Chat ID below decides who answers',
		},
	]),
];

const version2: INodeProperties[] = [
	{
		displayName: 'Conversation',
		name: 'conversation',
		type: 'options',
		noDataExpression: true,
		default: 'new',
		options: [
			{
				name: 'New Conversation',
				value: 'new',
				description: 'The assistant or squad you choose answers, with no earlier messages',
			},
			{
				name: 'Continue a Previous Chat',
				value: 'previousChat',
				description: "An earlier chat's messages are the context (map its Chat ID)",
			},
			{
				name: 'Continue a Session',
				value: 'session',
				description: 'A Vapi session keeps the conversation; its assistant answers',
			},
		],
		displayOptions: { show: inVersion(2) },
	},
	{
		displayName: 'Previous Chat ID',
		name: 'previousChatId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.chatId }}',
		hint: 'Map the Chat ID output of an earlier Vapi node',
		description:
			'The chat to continue: Vapi gives the assistant its messages as context. With Send To an assistant or squad, an expression that gives nothing starts a new conversation (e.g. the first turn of an AI Agent tool).',
		displayOptions: { show: { ...inVersion(2), conversation: ['previousChat'] } },
		routing: bodyField('previousChatId'),
	},
	{
		...sessionLocator,
		required: true,
		description: 'The session to continue: it keeps the conversation and is tied to its assistant',
		displayOptions: { show: { ...inVersion(2), conversation: ['session'] } },
		routing: bodyField('sessionId'),
	},
	sendTo({ ...inVersion(2), conversation: ['new'] }, 'assistantId', [
		ASSISTANT,
		ASSISTANT_JSON,
		SQUAD,
		SQUAD_JSON,
	]),
	sendTo({ ...inVersion(2), conversation: ['previousChat'] }, 'none', [
		ASSISTANT,
		ASSISTANT_JSON,
		SQUAD,
		SQUAD_JSON,
		{
			name: "The Previous Chat's Assistant",
			value: 'none',
			description: 'Set no assistant: the assistant of the previous chat answers',
		},
	]),
	sendTo({ ...inVersion(2), conversation: ['session'] }, 'none', [
		ASSISTANT_JSON,
		SQUAD,
		SQUAD_JSON,
		{
			name: "The Session's Assistant",
			value: 'none',
			description:
				'Set no assistant: the session answers with its own (a session created with Send To "Chosen in Each Send Message" needs a squad or a transient assistant here)',
		},
	]),
];

const whenTarget = (target: string) => ({ show: { target: [target] } });

/** Who answers, as Send To chose; both versions. A session has no saved Assistant to choose. */
const targets: INodeProperties[] = [
	{
		...assistantLocator,
		displayOptions: { ...whenTarget('assistantId'), hide: { conversation: ['session'] } },
		routing: bodyField('assistantId'),
	},
	{ ...squadLocator, displayOptions: whenTarget('squadId'), routing: bodyField('squadId') },
	{
		displayName: 'Assistant (JSON)',
		name: 'assistant',
		type: 'json',
		required: true,
		default:
			'{\n  "name": "My Assistant",\n  "model": {\n    "provider": "openai",\n    "model": "gpt-4o",\n    "messages": [{ "role": "system", "content": "You are a helpful assistant." }]\n  }\n}',
		description:
			'A transient assistant. The system prompt goes in model.messages with role "system".',
		displayOptions: whenTarget('assistant'),
		routing: bodyField('assistant'),
	},
	{
		displayName: 'Squad (JSON)',
		name: 'squad',
		type: 'json',
		required: true,
		default: '{\n  "members": [{ "assistantId": "" }]\n}',
		description: 'A transient squad: an object with "members"',
		displayOptions: whenTarget('squad'),
		routing: bodyField('squad'),
	},
];

/** Version 1's conversation fields, after who answers: both always shown. */
const version1Conversation: INodeProperties[] = [
	{
		displayName: 'Previous Chat ID',
		name: 'previousChatId',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.chatId }}',
		hint: 'To continue a conversation, map the Chat ID output of an earlier Vapi node',
		description:
			'Continue from this chat: Vapi gives the assistant its messages as context. Leave empty to start a new conversation.',
		displayOptions: { show: inVersion(1) },
		routing: bodyField('previousChatId'),
	},
	{ ...sessionLocator, displayOptions: { show: inVersion(1) }, routing: bodyField('sessionId') },
];

export const conversationFields: INodeProperties[] = [
	...version1,
	...version2,
	...targets,
	...version1Conversation,
];
