const {
	toUtcIso,
	timeZoneOffsetMs,
	DateFieldError,
} = require('../../dist/nodes/Vapi/rules/dates.js');

describe('toUtcIso', () => {
	test.each([
		['Z stays', '2025-06-01T09:30:00Z', 'Europe/Berlin', '2025-06-01T09:30:00.000Z'],
		[
			'an offset keeps its instant',
			'2025-06-01T09:30:00+02:00',
			'America/New_York',
			'2025-06-01T07:30:00.000Z',
		],
		[
			'milliseconds and offset',
			'2025-06-01T09:30:00.250-04:00',
			undefined,
			'2025-06-01T13:30:00.250Z',
		],
		[
			'wall time in summer (CEST, +2)',
			'2025-06-01T09:30:00',
			'Europe/Berlin',
			'2025-06-01T07:30:00.000Z',
		],
		[
			'wall time in winter (CET, +1)',
			'2025-01-15T09:30:00',
			'Europe/Berlin',
			'2025-01-15T08:30:00.000Z',
		],
		[
			'wall time in New York (EDT, −4)',
			'2025-06-01T00:00:00',
			'America/New_York',
			'2025-06-01T04:00:00.000Z',
		],
		['wall time without seconds', '2025-06-01T09:30', 'Asia/Kolkata', '2025-06-01T04:00:00.000Z'],
		['a space instead of T', '2025-06-01 09:30:00', 'UTC', '2025-06-01T09:30:00.000Z'],
		['date only: midnight there', '2025-06-01', 'Asia/Tokyo', '2025-05-31T15:00:00.000Z'],
		['no time zone: UTC', '2025-06-01T09:30:00', undefined, '2025-06-01T09:30:00.000Z'],
		['unknown time zone: UTC', '2025-06-01T09:30:00', 'Mars/Olympus', '2025-06-01T09:30:00.000Z'],
		['surrounding spaces', '  2025-06-01T09:30:00Z ', 'UTC', '2025-06-01T09:30:00.000Z'],
	])('%s', (_name, value, timeZone, expected) => {
		expect(toUtcIso(value, 'createdAtGt', timeZone)).toBe(expected);
	});

	test('a time skipped by the spring DST change moves forward', () => {
		// 2025-03-30 02:30 does not exist in Berlin (02:00 → 03:00 CEST).
		expect(toUtcIso('2025-03-30T02:30:00', 'f', 'Europe/Berlin')).toBe('2025-03-30T01:30:00.000Z');
	});

	test('Date objects and Luxon-like objects', () => {
		expect(toUtcIso(new Date('2025-06-01T09:30:00Z'), 'f')).toBe('2025-06-01T09:30:00.000Z');
		expect(toUtcIso({ toISO: () => '2025-06-01T11:30:00.000+02:00' }, 'f')).toBe(
			'2025-06-01T09:30:00.000Z',
		);
	});

	test.each([
		['yesterday'],
		['2025-02-30'],
		['2025-06-01T25:00'],
		['June 1, 2025'],
		[''],
		[42],
		[null],
		[{}],
		[new Date('x')],
	])('%p is not a date', (value) => {
		expect(() => toUtcIso(value, 'createdAtLt', 'UTC')).toThrow(DateFieldError);
	});

	test('the error names the field', () => {
		expect(() => toUtcIso('soon', 'updatedAtGt', 'UTC')).toThrow(
			'"updatedAtGt" is not a date: "soon". Use e.g. 2025-06-01T09:30:00Z.',
		);
	});
});

describe('timeZoneOffsetMs', () => {
	test.each([
		['UTC', Date.UTC(2025, 5, 1), 0],
		['Europe/Berlin', Date.UTC(2025, 5, 1), 2 * 3600e3],
		['Europe/Berlin', Date.UTC(2025, 0, 1), 3600e3],
		['America/New_York', Date.UTC(2025, 0, 1, 12, 0, 0, 500), -5 * 3600e3],
		['Asia/Kathmandu', Date.UTC(2025, 0, 1), 5.75 * 3600e3],
	])('%s at %p', (zone, at, expected) => {
		expect(timeZoneOffsetMs(at, zone)).toBe(expected);
	});
});
