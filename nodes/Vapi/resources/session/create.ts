import type { INodeProperties } from 'n8n-workflow';
import { assistantLocator, phoneNumberLocator, squadLocator } from '../../descriptions/locators';
import { messagesField } from '../../descriptions/messages';
import { showFor, shownWhen } from '../../descriptions/properties';
import { bodyField } from '../../descriptions/routing';
import { expirationField, nameField, statusField } from './fields';

const properties: INodeProperties[] = [
	{
		// "Send To", as in Send Message: the same choice of who answers (the name stays answeredBy).
		displayName: 'Send To',
		name: 'answeredBy',
		type: 'options',
		noDataExpression: true,
		default: 'assistantId',
		description: "Who answers the session's chats. The session stays tied to it.",
		options: [
			{ name: 'Assistant', value: 'assistantId', description: 'A saved assistant' },
			{
				name: 'Chosen in Each Send Message',
				value: 'none',
				description:
					'The session has no assistant: each Send Message to it names a squad or a transient assistant',
			},
			{ name: 'Squad', value: 'squadId', description: 'A saved squad of assistants' },
		],
	},
	{
		...assistantLocator,
		description: "The assistant that answers the session's chats",
		...shownWhen('answeredBy', 'assistantId'),
		routing: bodyField('assistantId'),
	},
	{
		...squadLocator,
		description: "The squad that answers the session's chats",
		...shownWhen('answeredBy', 'squadId'),
		routing: bodyField('squadId'),
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Customer ID',
				name: 'customerId',
				type: 'string',
				default: '',
				description: 'A saved Vapi customer the session is with',
				routing: bodyField('customerId'),
			},
			{
				displayName: 'Customer Number',
				name: 'customerNumber',
				type: 'string',
				default: '',
				placeholder: 'e.g. +14155550123',
				description: "The customer's phone number in E.164 format, for SMS (customer.number)",
				routing: bodyField('customer.number'),
			},
			expirationField,
			messagesField(
				'messages',
				'Earlier turns the session starts with: the assistant sees them as context in every chat of the session',
			),
			nameField('A name for your own reference, at most 40 characters'),
			{
				...phoneNumberLocator,
				description: 'The Vapi (Twilio) phone number the session sends SMS from',
				routing: bodyField('phoneNumberId'),
			},
			statusField,
			{
				displayName: 'Variable Values',
				name: 'variableValues',
				type: 'json',
				default: '{}',
				description:
					'Values for {{variable}} placeholders in the assistant\'s prompts, e.g. {"customerName": "Ada"}. Fixed when the session is created (sent as assistantOverrides.variableValues).',
				routing: bodyField('assistantOverrides.variableValues'),
			},
		],
	},
];

export const createDescription = showFor('session', 'create', properties);
