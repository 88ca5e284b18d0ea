/**
 * Paging through Vapi's plain-array lists (GET /assistant, /squad, /phone-number): newest first,
 * the next page asked for with a createdAt bound. Pure: no n8n.
 *
 * `createdAtLt` = the oldest createdAt seen would skip records that share that instant with the
 * last one of a page (bulk-created records can), so the cursor asks `createdAtLe` and remembers
 * which records of that instant were already listed. Only when a whole page shares one instant
 * (no way forward with Le) does it fall back to `createdAtLt`.
 */

export interface CreatedAtCursor {
	/** The oldest createdAt listed so far. */
	before: string;
	/** Ids listed whose createdAt is `before` (left out of the next page). */
	seen: string[];
	/** true: ask createdAtLt (skip the rest of that instant); false: createdAtLe. */
	strict?: boolean;
}

interface Dated {
	id?: unknown;
	createdAt?: unknown;
}

/** The query of the page after `cursor` (none for the first page). */
export function cursorQuery(cursor: CreatedAtCursor | undefined): Record<string, string> {
	if (!cursor) return {};
	return cursor.strict ? { createdAtLt: cursor.before } : { createdAtLe: cursor.before };
}

/** The records of a page that were not listed before. */
export function unseenRecords<T extends Dated>(
	records: T[],
	cursor: CreatedAtCursor | undefined,
): T[] {
	if (!cursor || cursor.seen.length === 0) return records;
	return records.filter(
		(record) => !(record.createdAt === cursor.before && cursor.seen.includes(String(record.id))),
	);
}

/** The cursor after a page of `records` asked with `pageSize`; undefined when the list ended. */
export function nextCursor(
	records: Dated[],
	pageSize: number,
	cursor: CreatedAtCursor | undefined,
): CreatedAtCursor | undefined {
	if (records.length < pageSize || records.length === 0) return undefined;
	const oldest = records[records.length - 1].createdAt;
	if (typeof oldest !== 'string' || oldest === '') return undefined;
	const sameInstant = records.filter((record) => record.createdAt === oldest);
	if (sameInstant.length === records.length) {
		// The whole page is one instant: Le would answer the same page again.
		return { before: oldest, seen: [], strict: true };
	}
	const earlier = cursor && !cursor.strict && cursor.before === oldest ? cursor.seen : [];
	const seen = [...new Set([...earlier, ...sameInstant.map((record) => String(record.id))])];
	return { before: oldest, seen };
}

/** The cursor as the opaque pagination token n8n hands back. */
export function encodeCursor(cursor: CreatedAtCursor | undefined): string | undefined {
	return cursor ? JSON.stringify(cursor) : undefined;
}

/** A token from encodeCursor (or a bare date, paged strictly); undefined for none or garbage. */
export function decodeCursor(token: unknown): CreatedAtCursor | undefined {
	if (typeof token !== 'string' || token.trim() === '') return undefined;
	try {
		const parsed = JSON.parse(token) as Partial<CreatedAtCursor>;
		if (parsed && typeof parsed.before === 'string') {
			const seen = Array.isArray(parsed.seen) ? parsed.seen.map(String) : [];
			return parsed.strict
				? { before: parsed.before, seen, strict: true }
				: { before: parsed.before, seen };
		}
	} catch {
		// not JSON: a bare createdAt
	}
	return Number.isFinite(Date.parse(token)) ? { before: token, seen: [], strict: true } : undefined;
}
