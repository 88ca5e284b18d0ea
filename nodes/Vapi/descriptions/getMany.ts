import type { INodeProperties } from 'n8n-workflow';
import { queryField } from './routing';

/** Return All and Limit; the Get Many send step (hooks/pipeline/walkPages.ts) walks Vapi's pages. */
export function returnAllAndLimit(): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			// n8n's lint wants the literal here; test/unit/labelsAndDefaults.test.js holds it to DEFAULT_LIMIT.
			default: 50,
			typeOptions: { minValue: 1 },
			displayOptions: { show: { returnAll: [false] } },
			description: 'Max number of results to return',
		},
	];
}

const dateFilter = (displayName: string, name: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'dateTime',
	default: '',
	description: `${description}. Without a time zone, the workflow's time zone applies.`,
	routing: queryField(name),
});

/** Created/updated ranges, as Vapi names them (Gt = after, Lt = before). */
export function dateFilters(plural: string): INodeProperties[] {
	return [
		dateFilter('Created After', 'createdAtGt', `Only ${plural} created after this time`),
		dateFilter('Created Before', 'createdAtLt', `Only ${plural} created before this time`),
		dateFilter('Updated After', 'updatedAtGt', `Only ${plural} last updated after this time`),
		dateFilter('Updated Before', 'updatedAtLt', `Only ${plural} last updated before this time`),
	];
}

/** Sort By and Sort Order, sent as Vapi's sortBy and sortOrder. */
export const sortOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Sort By',
			name: 'sortBy',
			type: 'options',
			default: 'createdAt',
			options: [
				{ name: 'Cost', value: 'cost' },
				{ name: 'Created At', value: 'createdAt' },
			],
			description: 'The field to sort by',
			routing: queryField('sortBy'),
		},
		{
			displayName: 'Sort Order',
			name: 'sortOrder',
			type: 'options',
			default: 'DESC',
			options: [
				{ name: 'Ascending', value: 'ASC', description: 'Oldest (or cheapest) first' },
				{ name: 'Descending', value: 'DESC', description: 'Newest (or most expensive) first' },
			],
			routing: queryField('sortOrder'),
		},
	],
};
