import type { INodeProperties } from 'n8n-workflow';
import { phoneNumberLocator } from '../../descriptions/locators';
import { messagesField } from '../../descriptions/messages';
import { optionsCollection, showFor } from '../../descriptions/properties';
import { bodyField } from '../../descriptions/routing';
import {
	DEFAULT_ANSWER_TIMEOUT_S,
	DEFAULT_IDLE_TIMEOUT_S,
	DEFAULT_RATE_LIMIT_ATTEMPTS,
} from '../../defaults';
import { conversationFields } from './conversation';

const properties: INodeProperties[] = [
	...conversationFields,
	{
		displayName: 'Input Type',
		name: 'inputType',
		type: 'options',
		noDataExpression: true,
		default: 'text',
		options: [
			{ name: 'Text', value: 'text', description: 'One user message' },
			{
				name: 'Messages',
				value: 'messages',
				description: 'A list of messages with roles, e.g. a system instruction and a user turn',
			},
		],
	},
	{
		displayName: 'Message',
		name: 'input',
		type: 'string',
		required: true,
		default: '',
		typeOptions: { rows: 3 },
		placeholder: 'e.g. Hi, I would like to book an appointment',
		description: "The user's message to the assistant",
		displayOptions: { show: { inputType: ['text'] } },
		// Not routed: buildChatRequest reads it once. n8n evaluates a routed field's expression
		// twice more per item (once more for its domain check), and a message is usually mapped.
	},
	{
		...messagesField('input', 'The messages to send, in order', 'messages'),
		displayOptions: { show: { inputType: ['messages'] } },
	},
	{
		displayName: 'Simplify Output',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description:
			"Whether to return only the chat ID, answer text and status instead of also the output messages and Vapi's whole response",
	},
	optionsCollection([
		{
			displayName: 'Answer Timeout (Seconds)',
			name: 'answerTimeout',
			type: 'number',
			default: DEFAULT_ANSWER_TIMEOUT_S,
			typeOptions: { minValue: 1 },
			description:
				'Fail the item when Vapi has not finished its answer after this long, even if it keeps the stream alive (e.g. with keep-alive messages during a long tool call)',
		},
		{
			displayName: 'Chat Name',
			name: 'name',
			type: 'string',
			default: '',
			description: 'A name for your own reference, at most 40 characters',
			routing: bodyField('name'),
		},
		{
			displayName: 'Max Concurrent Requests',
			name: 'maxConcurrency',
			type: 'number',
			default: 0,
			typeOptions: { minValue: 0 },
			description:
				'How many items may wait for Vapi at once. 0 sends all at once and backs off automatically when Vapi rate-limits.',
		},
		{
			displayName: 'Rate-Limit Attempts',
			name: 'maxAttempts',
			type: 'number',
			default: DEFAULT_RATE_LIMIT_ATTEMPTS,
			typeOptions: { minValue: 1, maxValue: 50 },
			description:
				'How many times to send an item that Vapi answers with 429 (rate limited) before giving up. Chats that may have been created are never sent twice.',
		},
		{
			displayName: 'Stream',
			name: 'stream',
			type: 'boolean',
			default: true,
			description:
				'Whether Vapi sends the answer as it is written (Server-Sent Events). The output is the same either way. Turn it off only if a proxy between n8n and Vapi breaks streamed answers: Stream Answer to Caller and Stream Idle Timeout apply to a streamed answer only.',
			routing: bodyField('stream'),
		},
		{
			displayName: 'Stream Answer to Caller',
			name: 'forwardStream',
			type: 'boolean',
			default: true,
			description:
				'Whether to forward the answer as it arrives when the workflow streams its response (Chat Trigger or Webhook with response mode Streaming)',
		},
		{
			displayName: 'Stream Idle Timeout (Seconds)',
			name: 'idleTimeout',
			type: 'number',
			default: DEFAULT_IDLE_TIMEOUT_S,
			typeOptions: { minValue: 1 },
			description: 'Fail the item when Vapi sends nothing for this long while streaming',
		},
		{
			displayName: 'Variable Values',
			name: 'variableValues',
			type: 'json',
			default: '{}',
			description:
				'Values for {{variable}} placeholders in the assistant\'s prompts, e.g. {"customerName": "Ada"} (sent as assistantOverrides.variableValues)',
			routing: bodyField('assistantOverrides.variableValues'),
		},
	]),
	{
		displayName: 'SMS',
		name: 'transport',
		type: 'collection',
		placeholder: 'Add SMS Field',
		default: {},
		description: 'Send the chat as SMS through a Vapi (Twilio) phone number',
		options: [
			{
				displayName: 'Conversation Type',
				name: 'conversationType',
				type: 'options',
				default: 'chat',
				options: [{ name: 'Chat', value: 'chat' }],
				routing: bodyField('transport.conversationType'),
			},
			{
				displayName: 'Customer ID',
				name: 'customerId',
				type: 'string',
				default: '',
				description: 'A saved Vapi customer instead of a number',
				routing: bodyField('transport.customerId'),
			},
			{
				displayName: 'Customer Name',
				name: 'customerName',
				type: 'string',
				default: '',
				placeholder: 'e.g. Ada Lovelace',
				description:
					"The customer's name, for your own reference, at most 40 characters (transport.customer.name)",
				routing: bodyField('transport.customer.name'),
			},
			{
				displayName: 'Customer Number',
				name: 'customerNumber',
				type: 'string',
				default: '',
				placeholder: 'e.g. +14155550123',
				description: "The customer's phone number in E.164 format (transport.customer.number)",
				routing: bodyField('transport.customer.number'),
			},
			{
				displayName: 'Customer Number Must Be E.164',
				name: 'numberE164CheckEnabled',
				type: 'boolean',
				default: true,
				description:
					'Whether Vapi accepts only E.164 numbers like +14155550123 (on, Vapi default). Off also allows numbers like 1234 for SIP trunks: letters and digits, with an optional leading +.',
				routing: bodyField('transport.customer.numberE164CheckEnabled'),
			},
			{ ...phoneNumberLocator, routing: bodyField('transport.phoneNumberId') },
			{
				displayName: 'Use LLM-Generated Message for Outbound',
				name: 'useLLMGeneratedMessageForOutbound',
				type: 'boolean',
				default: true,
				description:
					'Whether the assistant writes the outbound SMS (on) or your Message is sent as is (off)',
				routing: bodyField('transport.useLLMGeneratedMessageForOutbound'),
			},
		],
	},
];

export const sendMessageDescription = showFor('chat', 'sendMessage', properties);
