import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { dateFilters, returnAllAndLimit, sortOptions } from '../../descriptions/getMany';
import { queryField } from '../../descriptions/routing';
import { assistantLocator, sessionLocator, squadLocator } from '../../descriptions/locators';

const [createdAfter, createdBefore, updatedAfter, updatedBefore] = dateFilters('chats');

const properties: INodeProperties[] = [
	...returnAllAndLimit(),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				...assistantLocator,
				required: false,
				description: 'Only chats answered by this assistant',
				routing: queryField('assistantId'),
			},
			createdAfter,
			createdBefore,
			{
				displayName: 'Previous Chat ID',
				name: 'previousChatId',
				type: 'string',
				default: '',
				description: 'Only chats that continued this chat (sent with it as Previous Chat ID)',
				routing: queryField('previousChatId'),
			},
			{
				...sessionLocator,
				required: false,
				description: 'Only chats of this session',
				routing: queryField('sessionId'),
			},
			{
				...squadLocator,
				required: false,
				description: 'Only chats answered by this squad',
				routing: queryField('squadId'),
			},
			updatedAfter,
			updatedBefore,
		],
	},
	sortOptions,
];

export const getAllDescription = updateDisplayOptions(
	{ show: { resource: ['chat'], operation: ['getAll'] } },
	properties,
);
