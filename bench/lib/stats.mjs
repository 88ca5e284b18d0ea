/** Median (mean of the two middle values for an even count), min and max of `values`. */
export function summarize(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
	return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length };
}

export const round = (value, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
