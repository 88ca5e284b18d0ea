import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { dateFilters, returnAllAndLimit, sortOptions } from '../../descriptions/getMany';
import { queryField } from '../../descriptions/routing';
import { assistantLocator, phoneNumberLocator, squadLocator } from '../../descriptions/locators';

const [createdAfter, createdBefore, updatedAfter, updatedBefore] = dateFilters('sessions');

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
				description: 'Only sessions of this assistant',
				routing: queryField('assistantId'),
			},
			createdAfter,
			createdBefore,
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				description: 'Only sessions with exactly this name',
				routing: queryField('name'),
			},
			{
				...phoneNumberLocator,
				description: 'Only sessions of this phone number',
				routing: queryField('phoneNumberId'),
			},
			{
				...squadLocator,
				required: false,
				description: 'Only sessions of this squad',
				routing: queryField('squadId'),
			},
			updatedAfter,
			updatedBefore,
		],
	},
	sortOptions,
];

export const getAllDescription = updateDisplayOptions(
	{ show: { resource: ['session'], operation: ['getAll'] } },
	properties,
);
