import type { INodeProperties } from 'n8n-workflow';
import { optionsCollection } from './properties';
import { queryField } from './routing';

/**
 * The properties of a Get Many: Return All and Limit (the send step, hooks/pipeline/walkPages.ts,
 * walks Vapi's pages), the Filters — the given ones and the created/updated dates, in the UI's
 * alphabetical order — and the sort options.
 */
export function getManyProperties(plural: string, filters: INodeProperties[]): INodeProperties[] {
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
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [...filters, ...dateFilters(plural)].sort((a, b) =>
				a.displayName.localeCompare(b.displayName, 'en'),
			),
		},
		sortOptions,
	];
}

/** A filter that picks a record (assistant, squad…) with its picker: its id is sent as is. */
export function pickerFilter(locator: INodeProperties, description: string): INodeProperties {
	return { ...locator, required: false, description, routing: queryField(locator.name) };
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
function dateFilters(plural: string): INodeProperties[] {
	return [
		dateFilter('Created After', 'createdAtGt', `Only ${plural} created after this time`),
		dateFilter('Created Before', 'createdAtLt', `Only ${plural} created before this time`),
		dateFilter('Updated After', 'updatedAtGt', `Only ${plural} last updated after this time`),
		dateFilter('Updated Before', 'updatedAtLt', `Only ${plural} last updated before this time`),
	];
}

/**
 * Sort By and Sort Order, sent as Vapi's sortBy and sortOrder. (Two fields of n8n's options shape,
 * alike in shape only to the messages' Role and Session's Status: `duplicates` pairs them.)
 */
const sortOptions = optionsCollection([
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
]);
