'use strict';

/**
 * The project's one seeded random generator: numbers in [0, 1) that repeat run after run for the
 * same seed (mulberry32, 32 bits of state). The simulator's seeded ids, the benchmark's streams and
 * the tests' random schedules all draw from it, so a run can be replayed from its seed alone.
 * A number seed is used as its low 32 bits; a string seed is hashed first (FNV-1a over code points).
 */
function seededRandom(seed) {
	let state = typeof seed === 'string' ? hashString(seed) : seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function hashString(text) {
	let h = 2166136261;
	for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0), 16777619);
	return h >>> 0;
}

module.exports = { seededRandom };
