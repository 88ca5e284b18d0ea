/**
 * Page arithmetic for Vapi's page-numbered lists (GET /chat, GET /session): `page` from 1,
 * `limit` items per page (0–1000), answered `{results, metadata}`. Pure: no n8n.
 */

import { isPlainObject } from '../rules/checks';

/** Vapi's largest page. */
export const MAX_PAGE_SIZE = 1000;
/** Page size for Return All: Vapi's default; chats carry their messages, so pages stay moderate. */
export const RETURN_ALL_PAGE_SIZE = 100;

export interface PagePlan {
	/** `limit` sent with every page (constant: page N starts at (N−1)·pageSize). */
	pageSize: number;
	/** How many records to output at most (Infinity for Return All). */
	wanted: number;
}

/** Return All walks pages of 100; Limit asks for what it needs in as few pages as possible. */
export function planPages(returnAll: boolean, limit: unknown): PagePlan {
	if (returnAll) return { pageSize: RETURN_ALL_PAGE_SIZE, wanted: Infinity };
	const count = Math.floor(Number(limit));
	const wanted = Number.isFinite(count) && count >= 1 ? count : 1;
	return { pageSize: Math.min(wanted, MAX_PAGE_SIZE), wanted };
}

export interface PageMetadata {
	itemsPerPage?: unknown;
	totalItems?: unknown;
	currentPage?: unknown;
	totalPages?: unknown;
	hasNextPage?: unknown;
}

export interface Page {
	records: Array<Record<string, unknown>>;
	metadata: PageMetadata;
}

/** `{results, metadata}` (or, defensively, a plain array) → the page's records and metadata. */
export function readPage(body: unknown): Page {
	const results = Array.isArray(body) ? body : isPlainObject(body) ? body.results : undefined;
	const metadata = isPlainObject(body) && isPlainObject(body.metadata) ? body.metadata : {};
	return {
		records: (Array.isArray(results) ? results : []).filter(isPlainObject),
		metadata,
	};
}

const finite = (value: unknown): number | undefined =>
	typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/**
 * Is there a page after `page`? Vapi's metadata says so (hasNextPage, else totalPages, else
 * totalItems); without metadata a full page means "maybe". An empty page never has a successor.
 */
export function hasNextPage(page: number, pageSize: number, received: Page): boolean {
	const count = received.records.length;
	if (count === 0) return false;
	const { hasNextPage: hasNext, totalPages, totalItems } = received.metadata;
	if (typeof hasNext === 'boolean') return hasNext;
	const pages = finite(totalPages);
	if (pages !== undefined) return page < pages;
	const total = finite(totalItems);
	if (total !== undefined) return page * pageSize < total;
	return count >= pageSize;
}

/**
 * Collects records across pages: each id once (a record created while the pages are walked
 * shifts the later pages, so the same record can come twice), at most `wanted`.
 */
export class RecordCollector {
	readonly records: Array<Record<string, unknown>> = [];
	private readonly seen = new Set<string>();

	constructor(private readonly wanted: number) {}

	get full(): boolean {
		return this.records.length >= this.wanted;
	}

	/** Adds a page's records; returns how many were new. */
	add(records: Array<Record<string, unknown>>): number {
		let added = 0;
		for (const record of records) {
			if (this.full) break;
			const id = typeof record.id === 'string' ? record.id : undefined;
			if (id !== undefined) {
				if (this.seen.has(id)) continue;
				this.seen.add(id);
			}
			this.records.push(record);
			added++;
		}
		return added;
	}
}
