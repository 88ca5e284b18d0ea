/** Byte helpers shared by the SSE framer and the stream aggregator. */

const SMALL = 256;

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** Decodes buf[start, end) as UTF-8 (invalid bytes become U+FFFD, a BOM is kept as U+FEFF). */
export function decodeUtf8(buf: Uint8Array, start: number, end: number): string {
	return start === end ? '' : utf8.decode(buf.subarray(start, end));
}

/** decodeUtf8 for the many tiny strings (one delta): short ASCII is quicker to build by hand. */
export function decodeShort(buf: Uint8Array, start: number, end: number): string {
	if (end - start > 24) return decodeUtf8(buf, start, end);
	let text = '';
	for (let i = start; i < end; i++) {
		const c = buf[i];
		if (c >= 0x80) return decodeUtf8(buf, start, end);
		text += String.fromCharCode(c);
	}
	return text;
}

/** Returns `buf`, or a larger copy of its first `used` bytes when `needed` bytes do not fit. */
export function reserve(buf: Uint8Array, used: number, needed: number): Uint8Array {
	if (needed <= buf.length) return buf;
	let size = Math.max(buf.length * 2, SMALL);
	while (size < needed) size *= 2;
	const grown = new Uint8Array(size);
	grown.set(buf.subarray(0, used));
	return grown;
}

/** Copies src[start, end) to dst at `at` (a loop for the many tiny copies, set() for big ones). */
export function copyBytes(
	dst: Uint8Array,
	at: number,
	src: Uint8Array,
	start: number,
	end: number,
): void {
	if (end - start > 64) {
		dst.set(src.subarray(start, end), at);
		return;
	}
	for (let i = start; i < end; i++) dst[at++] = src[i];
}
