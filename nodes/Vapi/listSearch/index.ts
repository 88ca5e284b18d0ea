import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';
import {
	cursorQuery,
	decodeCursor,
	encodeCursor,
	nextCursor,
	unseenRecords,
	type CreatedAtCursor,
} from '../paging/createdAtCursor';
import {
	canSendSms,
	matchesFilter,
	toListItem,
	type ListRecord,
	type RecordKind,
} from './listItems';
import { hasNextPage, readPage } from '../paging/paging';
import { vapiApiRequest } from './vapiApiRequest';

/** Records per request when the user scrolls the list. */
const PAGE_SIZE = 100;
/** With a search term Vapi can't filter (no name filter), so each request scans Vapi's maximum… */
const SEARCH_PAGE_SIZE = 1000;
/** …until this many matched (n8n loads no more pages by itself while a search term is set)… */
const SEARCH_MIN_RESULTS = 20;
/** …or after this many requests; the token then continues the scan. */
const SEARCH_MAX_REQUESTS = 5;

const pageSizeFor = (filter?: string) => ((filter ?? '').trim() ? SEARCH_PAGE_SIZE : PAGE_SIZE);
const isSearch = (filter?: string) => (filter ?? '').trim() !== '';

/**
 * Assistants, squads and phone numbers come as plain arrays, newest first, paged by createdAt
 * (see paging/createdAtCursor.ts). Names are matched here: Vapi has no name filter.
 */
async function searchCreatedAtPaged(
	ctx: ILoadOptionsFunctions,
	path: string,
	kind: RecordKind,
	filter?: string,
	paginationToken?: string,
	keep: (record: ListRecord) => boolean = () => true,
): Promise<INodeListSearchResult> {
	const pageSize = pageSizeFor(filter);
	const results: INodeListSearchItems[] = [];
	let cursor: CreatedAtCursor | undefined = decodeCursor(paginationToken);
	for (let request = 1; ; request++) {
		const qs: IDataObject = { limit: pageSize, ...cursorQuery(cursor) };
		const body = await vapiApiRequest.call(ctx, 'GET', path, qs);
		const records = (Array.isArray(body) ? body : []) as ListRecord[];
		for (const record of unseenRecords(records, cursor)) {
			if (keep(record) && matchesFilter(record, kind, filter))
				results.push(toListItem(record, kind));
		}
		cursor = nextCursor(records, pageSize, cursor);
		if (!cursor || !isSearch(filter)) break;
		if (results.length >= SEARCH_MIN_RESULTS || request >= SEARCH_MAX_REQUESTS) break;
	}
	return { results, paginationToken: encodeCursor(cursor) };
}

export async function searchAssistants(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchCreatedAtPaged(this, '/assistant', 'assistant', filter, paginationToken);
}

export async function searchSquads(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchCreatedAtPaged(this, '/squad', 'squad', filter, paginationToken);
}

/** Only numbers that can send chats as SMS (Twilio, SMS enabled). */
export async function searchPhoneNumbers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchCreatedAtPaged(
		this,
		'/phone-number',
		'phoneNumber',
		filter,
		paginationToken,
		canSendSms,
	);
}

/**
 * Sessions come page-numbered ({results, metadata}), newest first. Vapi's `name` filter is an
 * exact match, so names are matched here too. The token is the next page number.
 */
export async function searchSessions(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const pageSize = pageSizeFor(filter);
	const results: INodeListSearchItems[] = [];
	const first = Math.max(1, Math.floor(Number(paginationToken)) || 1);
	let next: number | undefined = first;
	for (let request = 1; next !== undefined; request++) {
		const page: number = next;
		const body = await vapiApiRequest.call(this, 'GET', '/session', { page, limit: pageSize });
		const received = readPage(body);
		for (const record of received.records as unknown as ListRecord[]) {
			if (matchesFilter(record, 'session', filter)) results.push(toListItem(record, 'session'));
		}
		next = hasNextPage(page, pageSize, received) ? page + 1 : undefined;
		if (!isSearch(filter)) break;
		if (results.length >= SEARCH_MIN_RESULTS || request >= SEARCH_MAX_REQUESTS) break;
	}
	return { results, paginationToken: next === undefined ? undefined : String(next) };
}
