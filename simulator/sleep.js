'use strict';

/**
 * Waits `ms` (Infinity: forever), but stops waiting as soon as the response closes, so a stalled
 * or slow answer never keeps a closed simulator (or a finished test) alive.
 */
function sleepUntilClosed(ms, res) {
	if (res.destroyed || ms <= 0) return Promise.resolve();
	return new Promise((resolve) => {
		const done = () => {
			clearTimeout(timer);
			res.off('close', done);
			resolve();
		};
		const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
		res.on('close', done);
	});
}

module.exports = sleepUntilClosed;
