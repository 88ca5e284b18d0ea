// The n8n versions the compatibility run covers, oldest first, and what is expected to work on each.
// The README's "Compatibility" table says the same; `npm run test:compat` fails when a version
// does better or worse than written here.
//
// Why these: 1.123.81 is the newest of the 1.x line's last minor; 2.0.0 the first 2.x; 2.37.4 the
// first installable 2.37 (2.37.0 and 2.37.1 depend on @n8n/node-engine-compatibility 0.5.0/0.5.1,
// which the npm registry does not have), the line from which declarative nodes can stream; 2.41.1 the
// pinned version everything else is developed and tested on.
export const MATRIX = [
	{ n8n: '1.123.81', liveAnswers: false },
	{ n8n: '2.0.0', liveAnswers: false },
	{ n8n: '2.37.4', liveAnswers: true },
	{ n8n: '2.41.1', liveAnswers: true },
];

/** n8n gives declarative nodes `sendChunk()` from this version on (see the README, Older n8n). */
export const LIVE_ANSWERS_SINCE = [2, 37, 0];

export function hasLiveAnswers(version) {
	const parts = version.split('.').map(Number);
	for (let i = 0; i < 3; i++)
		if (parts[i] !== LIVE_ANSWERS_SINCE[i]) return parts[i] > LIVE_ANSWERS_SINCE[i];
	return true;
}

/**
 * What the table reports, each with the tests that show it: those of a `suite`, or only those of
 * them whose name matches `test` (regular expressions on the names in test/e2e/n8n.e2e.mjs and
 * ./live-fallback.test.mjs).
 * `liveOnly`: expected to pass only where n8n has live answers (elsewhere expected to fail);
 * `withoutLiveOnly`: runs only where it has not.
 */
export const FEATURES = [
	{
		feature: 'The node loads; the example workflows run (`n8n execute`)',
		suite: /^examples run in real n8n|^the package as n8n loads it/,
	},
	{ feature: "Vapi's errors, a wrong key, continue-on-fail", suite: /^errors in real n8n/ },
	{
		feature: 'Live answers: Webhook / Chat Trigger with Response Mode *Streaming*',
		suite: /^n8n start: live answers/,
		test: /^Webhook \(Streaming\)|^an error mid-stream|^the chat example/,
		liveOnly: true,
	},
	{
		feature: 'A streaming workflow without chunks still runs and outputs the whole answer',
		suite: /^n8n start: live answers/,
		test: /^Stream Answer to Caller off/,
	},
	{
		feature: 'Chat Trigger *When Last Node Finishes* + Edit Fields (the fallback for older n8n)',
		suite: /^without live answers/,
		withoutLiveOnly: true,
	},
	{
		feature: 'The API key is in no output, execution or database',
		suite: /^the API key stays secret/,
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
