'use strict';

/**
 * Feeds `bytes` to `push` in pieces of `size` through ONE buffer that is overwritten with `fill`
 * after every push, as a socket reusing its buffer would: a reader that keeps a view instead of
 * copying then sees the fill bytes.
 */
function pushThroughReusedBuffer(bytes, size, push, fill) {
	const shared = new Uint8Array(size);
	for (let at = 0; at < bytes.length; at += size) {
		const piece = bytes.subarray(at, at + size);
		shared.set(piece);
		push(shared.subarray(0, piece.length));
		shared.fill(fill);
	}
}

module.exports = { pushThroughReusedBuffer };
