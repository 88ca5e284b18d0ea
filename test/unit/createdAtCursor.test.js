const {
	cursorQuery,
	unseenRecords,
	nextCursor,
	encodeCursor,
	decodeCursor,
} = require('../../dist/nodes/Vapi/paging/createdAtCursor.js');

const T = (n) => `2025-06-0${n}T09:00:00.000Z`;

describe('createdAt cursor', () => {
	test('the first page has no bound; later pages ask createdAtLe (createdAtLt when strict)', () => {
		expect(cursorQuery(undefined)).toEqual({});
		expect(cursorQuery({ before: T(5), seen: ['a'] })).toEqual({ createdAtLe: T(5) });
		expect(cursorQuery({ before: T(5), seen: [], strict: true })).toEqual({ createdAtLt: T(5) });
	});

	test('a short page ends the list', () => {
		expect(nextCursor([{ id: 'a', createdAt: T(9) }], 2, undefined)).toBeUndefined();
		expect(nextCursor([], 2, undefined)).toBeUndefined();
	});

	test('a full page continues from its oldest createdAt, remembering who was listed at it', () => {
		const page = [
			{ id: 'a', createdAt: T(9) },
			{ id: 'b', createdAt: T(8) },
			{ id: 'c', createdAt: T(8) },
		];
		expect(nextCursor(page, 3, undefined)).toEqual({ before: T(8), seen: ['b', 'c'] });
	});

	test('records sharing the boundary instant are neither skipped nor listed twice', () => {
		// Vapi's list, newest first; d and e share c's instant and come after the page boundary.
		const all = [
			{ id: 'a', createdAt: T(9) },
			{ id: 'b', createdAt: T(8) },
			{ id: 'c', createdAt: T(7) },
			{ id: 'd', createdAt: T(7) },
			{ id: 'e', createdAt: T(7) },
			{ id: 'f', createdAt: T(6) },
			{ id: 'g', createdAt: T(5) },
		];
		const fetch = (query, limit) =>
			all
				.filter((r) =>
					query.createdAtLe
						? r.createdAt <= query.createdAtLe
						: query.createdAtLt
							? r.createdAt < query.createdAtLt
							: true,
				)
				.slice(0, limit);
		const listed = [];
		let cursor;
		let requests = 0;
		do {
			const page = fetch(cursorQuery(cursor), 3);
			listed.push(...unseenRecords(page, cursor).map((r) => r.id));
			cursor = nextCursor(page, 3, cursor);
			requests++;
		} while (cursor && requests < 20);
		expect(listed).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
	});

	test('a whole page of one instant moves on strictly (no endless loop)', () => {
		const page = [
			{ id: 'a', createdAt: T(7) },
			{ id: 'b', createdAt: T(7) },
		];
		expect(nextCursor(page, 2, { before: T(7), seen: ['a'] })).toEqual({
			before: T(7),
			seen: [],
			strict: true,
		});
	});

	test('seen ids carry over while the boundary stays the same instant', () => {
		const page = [
			{ id: 'b', createdAt: T(7) },
			{ id: 'c', createdAt: T(6) },
			{ id: 'd', createdAt: T(6) },
		];
		expect(nextCursor(page, 3, { before: T(6), seen: ['x'] })).toEqual({
			before: T(6),
			seen: ['x', 'c', 'd'],
		});
	});

	test('unseenRecords drops only the listed records of the boundary instant', () => {
		const cursor = { before: T(7), seen: ['a'] };
		const page = [
			{ id: 'a', createdAt: T(7) },
			{ id: 'b', createdAt: T(7) },
			{ id: 'c', createdAt: T(6) },
		];
		expect(unseenRecords(page, cursor).map((r) => r.id)).toEqual(['b', 'c']);
		expect(unseenRecords(page, undefined)).toBe(page);
	});

	test('a record without createdAt ends the list rather than guessing', () => {
		expect(nextCursor([{ id: 'a' }, { id: 'b' }], 2, undefined)).toBeUndefined();
	});

	test('tokens round-trip; a bare date pages strictly; garbage is the first page', () => {
		const cursor = { before: T(8), seen: ['b', 'c'] };
		expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
		const strict = { before: T(8), seen: [], strict: true };
		expect(decodeCursor(encodeCursor(strict))).toEqual(strict);
		expect(encodeCursor(undefined)).toBeUndefined();
		expect(decodeCursor(T(8))).toEqual({ before: T(8), seen: [], strict: true });
		for (const token of [undefined, '', '  ', 'nonsense', '{"x":1}', 42]) {
			expect(decodeCursor(token)).toBeUndefined();
		}
	});
});
