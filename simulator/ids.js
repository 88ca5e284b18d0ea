'use strict';

const { randomUUID } = require('node:crypto');
const { seededRandom } = require('./seeded-random');

/**
 * Ids for chats and sessions. Without a seed they are random UUIDs; with one they repeat run
 * after run (same seed + same request order = same ids), which keeps benchmark logs comparable.
 */
function createIdSource(seed) {
	if (seed === undefined || seed === null) return { uuid: randomUUID, restart() {} };
	let next;
	const restart = () => {
		next = seededRandom(String(seed));
	};
	restart();
	const uuid = () => {
		const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16));
		hex[12] = '4';
		hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
		const s = hex.join('');
		return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
	};
	return { uuid, restart };
}

/**
 * Timestamps that never repeat: paging by createdAt and sorting need every record to have its
 * own instant, even when a benchmark creates hundreds of chats within one millisecond.
 */
function createClock() {
	let last = 0;
	return {
		nowMs() {
			last = Math.max(Date.now(), last + 1);
			return last;
		},
	};
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

module.exports = { createIdSource, createClock, UUID_PATTERN };
