/** JSON string bodies read from UTF-8 bytes, exactly as decoding and JSON.parse would read them. */

const QUOTE = 34;
const BACKSLASH = 92;

export function ascii(text: string): Uint8Array {
	const bytes = new Uint8Array(text.length);
	for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
	return bytes;
}

/**
 * Writes the text of the JSON string body src[start, end) as UTF-8 into dst from `at` (dst needs
 * end - start free bytes: the UTF-8 is never longer than its JSON form). Returns the new end in
 * dst, or -1 when exactness needs JSON.parse: invalid UTF-8 (JSON.parse of the decoded text would
 * see U+FFFD) or a lone surrogate escape (which UTF-8 cannot carry).
 */
export function writeJsonStringUtf8(
	src: Uint8Array,
	start: number,
	end: number,
	dst: Uint8Array,
	at: number,
): number {
	let o = at;
	let i = start;
	while (i < end) {
		const c = src[i];
		if (c < 0x80) {
			if (c !== BACKSLASH) {
				dst[o++] = c;
				i++;
				continue;
			}
			if (i + 1 >= end) return -1;
			const e = src[i + 1];
			if (e !== 117) {
				const b = simpleEscape(e);
				if (b < 0) return -1;
				dst[o++] = b;
				i += 2;
				continue;
			}
			let cp = i + 6 <= end ? hex4(src, i + 2) : -1;
			if (cp < 0) return -1;
			i += 6;
			if (cp >= 0xd800 && cp <= 0xdfff) {
				if (cp >= 0xdc00 || i + 6 > end || src[i] !== BACKSLASH || src[i + 1] !== 117) return -1;
				const low = hex4(src, i + 2);
				if (low < 0xdc00 || low > 0xdfff) return -1;
				i += 6;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
			}
			o = writeCodePoint(dst, o, cp);
			continue;
		}
		const n = utf8SequenceLength(src, i, end);
		if (n === 0) return -1;
		for (let k = 0; k < n; k++) dst[o++] = src[i + k];
		i += n;
	}
	return o;
}

/** Length of the well-formed UTF-8 sequence at src[i] (a non-ASCII lead byte), 0 if ill-formed. */
function utf8SequenceLength(src: Uint8Array, i: number, end: number): number {
	const c = src[i];
	if (c >= 0xc2 && c <= 0xdf) return i + 1 < end && isContinuation(src[i + 1]) ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		if (i + 2 >= end) return 0;
		const b1 = src[i + 1];
		const low = c === 0xe0 ? 0xa0 : 0x80;
		const high = c === 0xed ? 0x9f : 0xbf;
		return b1 >= low && b1 <= high && isContinuation(src[i + 2]) ? 3 : 0;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (i + 3 >= end) return 0;
		const b1 = src[i + 1];
		const low = c === 0xf0 ? 0x90 : 0x80;
		const high = c === 0xf4 ? 0x8f : 0xbf;
		return b1 >= low && b1 <= high && isContinuation(src[i + 2]) && isContinuation(src[i + 3])
			? 4
			: 0;
	}
	return 0;
}

function writeCodePoint(dst: Uint8Array, o: number, cp: number): number {
	if (cp < 0x80) {
		dst[o++] = cp;
	} else if (cp < 0x800) {
		dst[o++] = 0xc0 | (cp >> 6);
		dst[o++] = 0x80 | (cp & 0x3f);
	} else if (cp < 0x10000) {
		dst[o++] = 0xe0 | (cp >> 12);
		dst[o++] = 0x80 | ((cp >> 6) & 0x3f);
		dst[o++] = 0x80 | (cp & 0x3f);
	} else {
		dst[o++] = 0xf0 | (cp >> 18);
		dst[o++] = 0x80 | ((cp >> 12) & 0x3f);
		dst[o++] = 0x80 | ((cp >> 6) & 0x3f);
		dst[o++] = 0x80 | (cp & 0x3f);
	}
	return o;
}

/** The byte a one-letter JSON escape stands for, -1 for an invalid escape (\u is handled apart). */
export function simpleEscape(e: number): number {
	switch (e) {
		case QUOTE:
		case BACKSLASH:
		case 47:
			return e;
		case 98:
			return 8;
		case 102:
			return 12;
		case 110:
			return 10;
		case 114:
			return 13;
		case 116:
			return 9;
		default:
			return -1;
	}
}

export function hex4(buf: Uint8Array, i: number): number {
	let value = 0;
	for (let k = i; k < i + 4; k++) {
		const c = buf[k];
		let d: number;
		if (c >= 48 && c <= 57) d = c - 48;
		else if (c >= 97 && c <= 102) d = c - 87;
		else if (c >= 65 && c <= 70) d = c - 55;
		else return -1;
		value = value * 16 + d;
	}
	return value;
}

function isContinuation(c: number): boolean {
	return (c & 0xc0) === 0x80;
}
