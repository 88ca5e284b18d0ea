// A node:test reporter that writes one JSON line per finished test or suite: { name, nesting,
// type, outcome: 'passed'|'failed'|'skipped', error? }. The compatibility run reads it to say what
// works on each n8n version; the spec reporter still prints the run as usual.
export default async function* resultsReporter(source) {
	for await (const event of source) {
		if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
		const { name, nesting, skip, details } = event.data;
		const failed = event.type === 'test:fail';
		const error = details?.error?.cause ?? details?.error;
		yield JSON.stringify({
			name,
			nesting,
			type: details?.type ?? 'test',
			outcome: failed ? 'failed' : skip ? 'skipped' : 'passed',
			error: failed ? String(error?.message ?? error).slice(0, 300) : undefined,
		}) + '\n';
	}
}
