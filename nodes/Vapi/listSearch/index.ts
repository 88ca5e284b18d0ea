import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';
import { vapiApiRequest } from '../transport';

const PAGE_SIZE = 100;

interface NamedRecord {
	id: string;
	name?: string;
	number?: string;
	createdAt?: string;
}

function matches(record: NamedRecord, filter?: string): boolean {
	if (!filter) return true;
	const needle = filter.toLowerCase();
	return [record.name, record.number, record.id].some((value) =>
		value?.toLowerCase().includes(needle),
	);
}

function toListItem(record: NamedRecord): INodeListSearchItems {
	const label = record.name || record.number || 'Unnamed';
	return { name: `${label} (${record.id})`, value: record.id };
}

/**
 * Assistants, squads and phone numbers come as plain arrays, newest first, paged by
 * `createdAtLt` = the oldest `createdAt` seen. Vapi has no name filter, so names are matched here.
 */
async function searchCreatedAtPaged(
	ctx: ILoadOptionsFunctions,
	path: string,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const qs: IDataObject = { limit: PAGE_SIZE };
	if (paginationToken) qs.createdAtLt = paginationToken;
	const records = ((await vapiApiRequest.call(ctx, 'GET', path, qs)) ?? []) as NamedRecord[];
	const oldest = records[records.length - 1]?.createdAt;
	return {
		results: records.filter((record) => matches(record, filter)).map(toListItem),
		paginationToken: records.length === PAGE_SIZE && oldest ? oldest : undefined,
	};
}

export async function searchAssistants(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchCreatedAtPaged(this, '/assistant', filter, paginationToken);
}

export async function searchSquads(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchCreatedAtPaged(this, '/squad', filter, paginationToken);
}

export async function searchPhoneNumbers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchCreatedAtPaged(this, '/phone-number', filter, paginationToken);
}

/** Sessions come paginated by page number ({results, metadata}). */
export async function searchSessions(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = paginationToken ? Number(paginationToken) : 1;
	const response = (await vapiApiRequest.call(this, 'GET', '/session', {
		page,
		limit: PAGE_SIZE,
	})) as { results?: NamedRecord[]; metadata?: { totalPages?: number; hasNextPage?: boolean } };
	const records = response?.results ?? [];
	const { totalPages, hasNextPage } = response?.metadata ?? {};
	const more = hasNextPage ?? (totalPages !== undefined ? page < totalPages : records.length === PAGE_SIZE);
	return {
		results: records.filter((record) => matches(record, filter)).map(toListItem),
		paginationToken: more ? String(page + 1) : undefined,
	};
}
