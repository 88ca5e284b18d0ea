const {
	planPages,
	readPage,
	hasNextPage,
	RecordCollector,
	MAX_PAGE_SIZE,
	RETURN_ALL_PAGE_SIZE,
} = require('../../dist/nodes/Vapi/paging/paging.js');

describe('planPages', () => {
	test('Return All walks pages of 100 with no cap', () => {
		expect(planPages(true, 5)).toEqual({ pageSize: RETURN_ALL_PAGE_SIZE, wanted: Infinity });
		expect(RETURN_ALL_PAGE_SIZE).toBe(100);
	});

	test.each([
		[1, { pageSize: 1, wanted: 1 }],
		[50, { pageSize: 50, wanted: 50 }],
		[1000, { pageSize: 1000, wanted: 1000 }],
		[2500, { pageSize: MAX_PAGE_SIZE, wanted: 2500 }],
		[7.9, { pageSize: 7, wanted: 7 }],
		[0, { pageSize: 1, wanted: 1 }],
		[-3, { pageSize: 1, wanted: 1 }],
		['12', { pageSize: 12, wanted: 12 }],
		['x', { pageSize: 1, wanted: 1 }],
	])('Limit %p asks for what it needs in one page up to 1000', (limit, expected) => {
		expect(planPages(false, limit)).toEqual(expected);
	});
});

describe('readPage', () => {
	test('reads {results, metadata}', () => {
		const body = {
			results: [{ id: 'a' }, { id: 'b' }],
			metadata: { currentPage: 1, hasNextPage: true },
		};
		expect(readPage(body)).toEqual({
			records: [{ id: 'a' }, { id: 'b' }],
			metadata: body.metadata,
		});
	});

	test('a plain array is the records, without metadata', () => {
		expect(readPage([{ id: 'a' }])).toEqual({ records: [{ id: 'a' }], metadata: {} });
	});

	test.each([[undefined], [null], ['text'], [{}], [{ results: 'x', metadata: [] }]])(
		'anything else (%p) is an empty page',
		(body) => {
			expect(readPage(body)).toEqual({ records: [], metadata: {} });
		},
	);

	test('drops entries that are not records', () => {
		expect(readPage({ results: [{ id: 'a' }, null, 3, [1]] }).records).toEqual([{ id: 'a' }]);
	});
});

describe('hasNextPage', () => {
	const page = (count, metadata = {}) => ({
		records: Array.from({ length: count }, (_, i) => ({ id: String(i) })),
		metadata,
	});

	test.each([
		['hasNextPage true', 1, 2, page(2, { hasNextPage: true }), true],
		[
			'hasNextPage false wins over a full page',
			1,
			2,
			page(2, { hasNextPage: false, totalPages: 9 }),
			false,
		],
		['totalPages: not the last', 2, 2, page(2, { totalPages: 3 }), true],
		['totalPages: the last', 3, 2, page(1, { totalPages: 3 }), false],
		['totalItems: more left', 1, 2, page(2, { totalItems: 3 }), true],
		['totalItems: exactly used up', 2, 2, page(1, { totalItems: 3 }), false],
		['totalItems a multiple of the page size', 2, 2, page(2, { totalItems: 4 }), false],
		['no metadata, full page: maybe', 1, 2, page(2), true],
		['no metadata, short page: no', 1, 2, page(1), false],
		['an empty page never continues', 1, 2, page(0, { hasNextPage: true }), false],
	])('%s', (_name, pageNumber, pageSize, received, expected) => {
		expect(hasNextPage(pageNumber, pageSize, received)).toBe(expected);
	});
});

describe('RecordCollector', () => {
	test('keeps each id once, in order, and counts what was new', () => {
		const collector = new RecordCollector(Infinity);
		expect(collector.add([{ id: 'a' }, { id: 'b' }])).toBe(2);
		expect(collector.add([{ id: 'b' }, { id: 'c' }])).toBe(1);
		expect(collector.records).toEqual([{ id: 'a' }, { id: 'b' }, { id: 'c' }]);
		expect(collector.full).toBe(false);
	});

	test('stops at wanted', () => {
		const collector = new RecordCollector(3);
		collector.add([{ id: 'a' }, { id: 'b' }]);
		expect(collector.add([{ id: 'c' }, { id: 'd' }])).toBe(1);
		expect(collector.full).toBe(true);
		expect(collector.records.map((r) => r.id)).toEqual(['a', 'b', 'c']);
	});

	test('records without an id are kept as they come', () => {
		const collector = new RecordCollector(Infinity);
		collector.add([{ name: 'x' }, { name: 'x' }]);
		expect(collector.records).toEqual([{ name: 'x' }, { name: 'x' }]);
	});
});
