// The n8n versions the compatibility run covers, oldest first, and what is expected to work on each.
// The README's "Compatibility" table says the same; `npm run test:compat` fails when a version
// does better or worse than written here.
//
// Why these: 1.85.4 is the oldest n8n on which the package loads (1.82.3, the release before it in
// the npm registry, has no NodeConnectionTypes in n8n-workflow, and n8n 1.81 also copies AI-tool
// nodes with structuredClone, which fails on the node's routing functions); 1.123.81 the
// newest of the 1.x line's last minor; 2.0.0 the first 2.x; 2.37.4 the first installable 2.37
// (2.37.0 and 2.37.1 depend on @n8n/node-engine-compatibility 0.5.0/0.5.1, which the registry does
// not have), the line from which declarative nodes can stream; 2.41.1 the pinned version.
//
// What each version has, from n8n:
//   streamingResponses  the Webhook's Respond: Streaming (Webhook 2.1, n8n ≥ 1.101)
//   liveAnswers         isStreaming()/sendChunk() for declarative nodes (n8n ≥ 2.37.0)
export const MATRIX = [
	{ n8n: '1.85.4', streamingResponses: false, liveAnswers: false },
	{ n8n: '1.123.81', streamingResponses: true, liveAnswers: false },
	{ n8n: '2.0.0', streamingResponses: true, liveAnswers: false },
	{ n8n: '2.37.4', streamingResponses: true, liveAnswers: true },
	{ n8n: '2.41.1', streamingResponses: true, liveAnswers: true },
];

const atLeast = (version, [major, minor]) => {
	const [a, b] = version.split('.').map(Number);
	return a > major || (a === major && b >= minor);
};

/** A version outside the matrix: what n8n's release notes say it has. */
export function expectationsFor(version) {
	return (
		MATRIX.find((entry) => entry.n8n === version) ?? {
			n8n: version,
			streamingResponses: atLeast(version, [1, 101]),
			liveAnswers: atLeast(version, [2, 37]),
		}
	);
}

/**
 * What the table reports, each with the tests that show it: `tests` lists `{ suite, test? }`
 * (regular expressions on the suite and test names in test/e2e/n8n.e2e.mjs and
 * ./live-fallback.test.mjs; without `test`, every test of the suite). `expected(version)` says
 * whether it should work there; where not, its tests are expected to fail. `runs(version)`: only
 * counted where true (./live-fallback.test.mjs runs only without live answers).
 */
export const FEATURES = [
	{
		feature: 'The node loads; the example workflows run (`n8n execute`)',
		tests: [{ suite: /^examples run in real n8n/ }, { suite: /^the package as n8n loads it/ }],
	},
	{
		feature: "Vapi's errors, a wrong key, continue-on-fail",
		tests: [{ suite: /^errors in real n8n/ }],
	},
	{
		feature: 'Live answers: Webhook / Chat Trigger with Response Mode *Streaming*',
		tests: [
			{
				suite: /^n8n start: live answers/,
				test: /^Webhook \(Streaming\)|^an error mid-stream|^the chat example/,
			},
		],
		expected: (version) => version.liveAnswers,
	},
	{
		feature: 'A streaming workflow without chunks from the node still answers and outputs it all',
		tests: [
			{ suite: /^n8n start: live answers/, test: /^Stream Answer to Caller off/ },
			{ suite: /^without live answers/, test: /^Webhook \(Streaming\)/ },
		],
		expected: (version) => version.streamingResponses,
	},
	{
		feature: 'Chat Trigger *When Last Node Finishes* + Edit Fields (the fallback for older n8n)',
		tests: [{ suite: /^without live answers/, test: /^the chat example/ }],
		runs: (version) => !version.liveAnswers,
	},
	{
		feature: 'The API key is in no output, execution or database',
		tests: [{ suite: /^the API key stays secret/ }],
	},
];

/** The e2e tests the compatibility run selects (all but the browser check, which needs chromium). */
export const E2E_TEST_PATTERNS = [
	'^examples run in real n8n',
	'^the package as n8n loads it',
	'^errors in real n8n',
	'^Webhook \\(Streaming\\)',
	'^Stream Answer to Caller off',
	'^an error mid-stream',
	'^the chat example',
	'^the API key stays secret',
];
