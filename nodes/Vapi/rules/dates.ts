/**
 * Date filters (createdAtGt, updatedAtLt, …) as Vapi wants them: ISO 8601 in UTC. n8n's date
 * picker gives a wall-clock time without offset, meant in the workflow's time zone; expressions
 * give ISO strings with an offset, or dates. Pure: no n8n.
 */

import { FieldError } from './fieldLabels';

/** A date filter that is not a date; named by its query parameter (`"createdAtGt"`). */
export class DateFieldError extends FieldError {
	constructor(
		field: string,
		readonly value: unknown,
	) {
		super(field, `is not a date: ${JSON.stringify(value)}. Use e.g. 2025-06-01T09:30:00Z.`, field);
		this.name = 'DateFieldError';
	}
}

const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/;
const HAS_OFFSET = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
	let formatter = formatters.get(timeZone);
	if (!formatter) {
		formatter = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		});
		formatters.set(timeZone, formatter);
	}
	return formatter;
}

/** How far `timeZone` is ahead of UTC at the instant `utcMs`, in ms. */
export function timeZoneOffsetMs(utcMs: number, timeZone: string): number {
	const wholeSecond = utcMs - (((utcMs % 1000) + 1000) % 1000);
	const parts: Record<string, number> = {};
	for (const part of formatterFor(timeZone).formatToParts(new Date(wholeSecond))) {
		if (part.type !== 'literal') parts[part.type] = Number(part.value);
	}
	const wallAsUtc = Date.UTC(
		parts.year,
		parts.month - 1,
		parts.day,
		parts.hour,
		parts.minute,
		parts.second,
	);
	return wallAsUtc - wholeSecond;
}

/** A wall-clock time in `timeZone` → the UTC instant (times skipped by DST move forward). */
function wallTimeToUtc(wallMs: number, timeZone: string): number {
	const first = wallMs - timeZoneOffsetMs(wallMs, timeZone);
	return wallMs - timeZoneOffsetMs(first, timeZone);
}

function isValidTimeZone(timeZone: string | undefined): timeZone is string {
	if (!timeZone) return false;
	try {
		formatterFor(timeZone);
		return true;
	} catch {
		return false;
	}
}

/**
 * A date filter value → ISO 8601 in UTC (`2025-06-01T07:30:00.000Z`). A string with an offset
 * (or Z) keeps its instant; one without is read in `timeZone` (UTC when absent or unknown);
 * a date-only value is midnight. Date objects and objects with toISO() (Luxon) are accepted.
 * Throws DateFieldError for anything else.
 */
export function toUtcIso(value: unknown, field: string, timeZone?: string): string {
	if (value instanceof Date) {
		if (Number.isNaN(value.getTime())) throw new DateFieldError(field, String(value));
		return value.toISOString();
	}
	let text = value;
	if (
		value &&
		typeof value === 'object' &&
		typeof (value as { toISO?: unknown }).toISO === 'function'
	) {
		text = (value as { toISO: () => unknown }).toISO();
	}
	if (typeof text !== 'string') throw new DateFieldError(field, value);
	const trimmed = text.trim();
	const wall = WALL_TIME.exec(trimmed);
	const utcMs = wall ? wallTimeMs(wall, timeZone) : instantMs(trimmed);
	if (utcMs === undefined) throw new DateFieldError(field, value);
	return new Date(utcMs).toISOString();
}

/** A wall-clock time (WALL_TIME's groups) in `timeZone` as a UTC instant; undefined if invalid. */
function wallTimeMs(wall: RegExpExecArray, timeZone?: string): number | undefined {
	const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '0'] = wall;
	const wallMs = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, Math.round(Number(`0.${fraction}`) * 1000));
	const check = new Date(wallMs);
	if (
		check.getUTCMonth() !== +mo - 1 ||
		check.getUTCDate() !== +d ||
		+h > 23 ||
		+mi > 59 ||
		+s > 59
	) {
		return undefined;
	}
	return isValidTimeZone(timeZone) ? wallTimeToUtc(wallMs, timeZone) : wallMs;
}

/** An ISO date-time with an offset (or Z) as its instant; undefined for anything else. */
function instantMs(text: string): number | undefined {
	const parsed = HAS_OFFSET.test(text) ? Date.parse(text) : Number.NaN;
	return /^\d{4}-\d{2}-\d{2}/.test(text) && Number.isFinite(parsed) ? parsed : undefined;
}
