/**
 * The API key masked in everything Vapi (or a proxy in front of it) sends back, at the one place
 * its bytes become text in the node (hooks/postReceive/httpErrors.ts): a body read whole, a body
 * read chunk by chunk, a parsed JSON body, and the streamed answer's text deltas joined. Pure: no
 * n8n, no I/O.
 *
 * Only the raw key is looked for. Vapi's private keys are UUIDs (hex digits and dashes), which
 * read the same inside a JSON string, URL-encoded or not: the raw form is every form they take,
 * and masking it masks `Bearer <key>` as `Bearer ***` too.
 */

export const SECRET_MASK = '***';

/** A shorter "key" would mask ordinary words; no Vapi key is that short (it would be refused). */
const MIN_SECRET_LENGTH = 4;

/** The length of the longest end of `text` that could be the start of `secret` (0 when none). */
function startOfSecretAtEnd(text: string, secret: string): number {
	for (let length = Math.min(secret.length - 1, text.length); length > 0; length--) {
		if (secret.startsWith(text.slice(text.length - length))) return length;
	}
	return 0;
}

/**
 * Text that arrives in pieces, masked piece by piece: a key cut across two pieces (two network
 * reads, two SSE deltas) is masked as if the text had come whole. The end of a piece that could be
 * the start of the key (at most the key's length − 1 characters) is held back until the next piece
 * or the end; everything else is handed on at once, so ordinary text is not delayed.
 */
export class MaskedTextStream {
	private held = '';

	constructor(private readonly secret: string | undefined) {}

	/** The text of this piece that is safe to hand on now ('' while it could still be the key). */
	push(text: string): string {
		const { secret } = this;
		if (secret === undefined) return text;
		const joined = this.held + text;
		let masked = '';
		let from = 0;
		for (let at = joined.indexOf(secret); at !== -1; at = joined.indexOf(secret, from)) {
			masked += joined.slice(from, at) + SECRET_MASK;
			from = at + secret.length;
		}
		const rest = joined.slice(from);
		const keep = startOfSecretAtEnd(rest, secret);
		this.held = rest.slice(rest.length - keep);
		return masked + rest.slice(0, rest.length - keep);
	}

	/** The text still held at the end: it was not the key (a whole-text mask leaves it too). */
	end(): string {
		const rest = this.held;
		this.held = '';
		return rest;
	}
}

/** The mask for one credential's key; without a usable key every method hands its input back. */
export class SecretMask {
	private readonly secret: string | undefined;

	constructor(secret: unknown) {
		this.secret =
			typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH ? secret : undefined;
	}

	/** The text with every occurrence of the key replaced by '***'. */
	text(text: string): string {
		const { secret } = this;
		if (secret === undefined || !text.includes(secret)) return text;
		return text.split(secret).join(SECRET_MASK);
	}

	/** A masker for text that comes in pieces. */
	stream(): MaskedTextStream {
		return new MaskedTextStream(this.secret);
	}

	/**
	 * A parsed JSON value with the key masked in every string and object key. Parsing has undone
	 * any escaping, so the raw key is what to look for. Unchanged parts are the same objects: a
	 * body without the key is handed back as it is.
	 */
	json<T>(value: T): T {
		if (this.secret === undefined) return value;
		return this.jsonValue(value) as T;
	}

	/** Masks, in place, every own string property of an error (message, stack, fields of its own). */
	errorFields<T>(error: T): T {
		// Whatever was thrown goes on as it is; only an object has fields to mask.
		if (this.secret === undefined || typeof error !== 'object' || error === null) return error;
		const record = error as Record<string, unknown>;
		for (const key of Object.getOwnPropertyNames(error)) {
			const value = record[key];
			if (typeof value === 'string' && value.includes(this.secret)) record[key] = this.text(value);
		}
		return error;
	}

	private jsonValue(value: unknown): unknown {
		if (typeof value === 'string') return this.text(value);
		if (value === null || typeof value !== 'object') return value;
		if (Array.isArray(value)) {
			let changed = false;
			const copy = value.map((entry) => {
				const masked = this.jsonValue(entry);
				changed ||= masked !== entry;
				return masked;
			});
			return changed ? copy : value;
		}
		if (
			Object.getPrototypeOf(value) !== Object.prototype &&
			Object.getPrototypeOf(value) !== null
		) {
			return value;
		}
		let changed = false;
		const copy: Record<string, unknown> = {};
		for (const [key, entry] of Object.entries(value)) {
			const maskedKey = this.text(key);
			const masked = this.jsonValue(entry);
			changed ||= masked !== entry || maskedKey !== key;
			// Defined, not assigned: a key such as `__proto__` stays a key of the copy.
			Object.defineProperty(copy, maskedKey, {
				value: masked,
				enumerable: true,
				writable: true,
				configurable: true,
			});
		}
		return changed ? copy : value;
	}
}
