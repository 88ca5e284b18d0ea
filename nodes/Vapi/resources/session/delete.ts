import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { sessionIdField } from './fields';

const properties: INodeProperties[] = [
	sessionIdField('The session to delete: from the list, or its ID'),
];

export const deleteDescription = updateDisplayOptions(
	{ show: { resource: ['session'], operation: ['delete'] } },
	properties,
);
