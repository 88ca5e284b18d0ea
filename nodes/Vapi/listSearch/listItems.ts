/**
 * What the pickers show for Vapi's records. Pure: no n8n.
 * n8n's list shows only an item's name, so the id goes into it as a hint.
 */

export interface ListRecord {
	id: string;
	name?: unknown;
	number?: unknown;
	provider?: unknown;
	smsEnabled?: unknown;
	createdAt?: unknown;
	customer?: { number?: unknown } | null;
}

export interface ListItem {
	name: string;
	value: string;
}

export type RecordKind = 'assistant' | 'squad' | 'phoneNumber' | 'session';

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/** A record's label: its name; a phone number's number; an unnamed session's date. */
export function labelOf(record: ListRecord, kind: RecordKind): string {
	const name = text(record.name);
	if (kind === 'phoneNumber') {
		const number = text(record.number);
		if (name && number) return `${name} ${number}`;
		return name || number || 'Unnamed phone number';
	}
	if (name) return name;
	if (kind === 'session') {
		const customer = text(record.customer?.number);
		if (customer) return `Session with ${customer}`;
		const created = text(record.createdAt);
		return created
			? `Unnamed session of ${created.slice(0, 16).replace('T', ' ')} UTC`
			: 'Unnamed session';
	}
	return kind === 'squad' ? 'Unnamed squad' : 'Unnamed assistant';
}

/** Ids are matched from their start, and only by 8 characters or more (a few hex digits match anything). */
const MIN_ID_SEARCH = 8;

/**
 * Case-insensitive search in the label; the whole id or its first 8+ characters find a record
 * too. No filter matches everything.
 */
export function matchesFilter(record: ListRecord, kind: RecordKind, filter?: string): boolean {
	const needle = (filter ?? '').trim().toLowerCase();
	if (needle === '') return true;
	if (labelOf(record, kind).toLowerCase().includes(needle)) return true;
	return needle.length >= MIN_ID_SEARCH && String(record.id).toLowerCase().startsWith(needle);
}

/**
 * Can chats be sent as SMS from this number? Vapi's chat SMS transport is Twilio's; a Twilio
 * number imported with smsEnabled false has no messaging webhook. Unknown shapes are kept.
 */
export function canSendSms(record: ListRecord): boolean {
	if (record.smsEnabled === false) return false;
	return record.provider === undefined || record.provider === 'twilio';
}

export function toListItem(record: ListRecord, kind: RecordKind): ListItem {
	return { name: `${labelOf(record, kind)} (${record.id})`, value: record.id };
}
