import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { sessionIdField } from './fields';

const properties: INodeProperties[] = [
	sessionIdField('The session to get: from the list, or its ID (e.g. the sessionId of a chat)'),
];

export const getDescription = updateDisplayOptions(
	{ show: { resource: ['session'], operation: ['get'] } },
	properties,
);
