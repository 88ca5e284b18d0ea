import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

/** The properties of one operation, shown only when its resource and operation are chosen. */
export function showFor(
	resource: string,
	operation: string,
	properties: INodeProperties[],
): INodeProperties[] {
	return updateDisplayOptions(
		{ show: { resource: [resource], operation: [operation] } },
		properties,
	);
}

/** displayOptions showing a property only while `parameter` has `value`. */
export const shownWhen = (parameter: string, value: string) => ({
	displayOptions: { show: { [parameter]: [value] } },
});

/** The Resource options: the one place their UI names are written (operation names build on them). */
export const RESOURCE_OPTIONS = [
	{ name: 'Chat', value: 'chat' },
	{ name: 'Session', value: 'session' },
] as const;

/** An operation as the UI names it, e.g. "Chat → Get", for messages that send the user there. */
export function operationName(resource: 'chat' | 'session', operation: string): string {
	const label = RESOURCE_OPTIONS.find((option) => option.value === resource)?.name ?? resource;
	return `${label} → ${operation}`;
}

/**
 * A resource's Operation selector; each option carries its routing (resources/<resource>/index.ts).
 * (Every operation list has one shape — name, value, action, description, routing — so
 * `duplicates` pairs the chat and session lists by shape.)
 */
export function operationSelector(
	resource: string,
	defaultOperation: string,
	operations: INodePropertyOptions[],
): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		default: defaultOperation,
		options: operations,
	};
}

/** n8n's "Options" collection: the settings a user adds only when needed. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}
