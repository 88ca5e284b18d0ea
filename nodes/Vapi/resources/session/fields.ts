import type { INodeProperties } from 'n8n-workflow';
import { sessionLocator } from '../../descriptions/locators';
import { bodyField } from '../../descriptions/routing';
import { DEFAULT_SESSION_EXPIRATION_S } from '../../defaults';

/** The path id of Get, Update and Delete: a session from the list, or its ID. */
export const sessionIdField = (description: string): INodeProperties => ({
	...sessionLocator,
	required: true,
	description,
});

export const nameField = (description: string): INodeProperties => ({
	displayName: 'Name',
	name: 'name',
	type: 'string',
	default: '',
	description,
	routing: bodyField('name'),
});

// An options field like Get Many's Sort Order (descriptions/getMany.ts): alike in shape only.
export const statusField: INodeProperties = {
	displayName: 'Status',
	name: 'status',
	type: 'options',
	default: 'active',
	options: [
		{ name: 'Active', value: 'active', description: 'Chats can continue the session' },
		{ name: 'Completed', value: 'completed', description: 'The conversation is over' },
	],
	routing: bodyField('status'),
};

export const expirationField: INodeProperties = {
	displayName: 'Expiration Seconds',
	name: 'expirationSeconds',
	type: 'number',
	default: DEFAULT_SESSION_EXPIRATION_S,
	typeOptions: { minValue: 60, maxValue: 2592000 },
	description:
		'How long the session lives, from 60 seconds to 30 days (Vapi default: 86400, one day)',
	routing: bodyField('expirationSeconds'),
};
