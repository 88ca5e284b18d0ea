const { parseBaseUrl } = require('../../dist/nodes/Vapi/rules/baseUrl.js');

const FIELD = 'Base URL in the Vapi credential';

describe('parseBaseUrl', () => {
	test.each([
		['empty', '', 'https://api.vapi.ai'],
		['not set', undefined, 'https://api.vapi.ai'],
		['only spaces', ' \t ', 'https://api.vapi.ai'],
		['the EU region', 'https://api.eu.vapi.ai', 'https://api.eu.vapi.ai'],
		['trailing slashes', 'https://api.eu.vapi.ai///', 'https://api.eu.vapi.ai'],
		['spaces around it', '  https://api.vapi.ai/  ', 'https://api.vapi.ai'],
		['a proxy with a path and port', 'http://127.0.0.1:8080/vapi/', 'http://127.0.0.1:8080/vapi'],
		['upper-case scheme', 'HTTPS://api.vapi.ai', 'HTTPS://api.vapi.ai'],
	])('%s: sent to as %s', (_label, value, url) => {
		expect(parseBaseUrl(value)).toEqual({ url });
	});

	test.each([
		['no scheme', 'api.vapi.ai', 'must start with https://'],
		['another scheme', 'ftp://api.vapi.ai', 'must start with https://'],
		['a scheme without //', 'https:api.vapi.ai', 'must start with https://'],
		['no host', 'https://', 'has no host name after the //'],
		['a path but no host', 'https:///v1', 'has no host name after the //'],
		['a query', 'https://api.vapi.ai/?region=eu', 'must not contain "?" or "#"'],
		['a fragment', 'https://api.vapi.ai#x', 'must not contain "?" or "#"'],
		['a space inside', 'https://api vapi.ai', 'contains a space'],
		['a broken host', 'https://[api.vapi.ai]', 'is not a URL'],
		['not text', 42, 'is not text'],
	])('%s: refused', (_label, value, problem) => {
		expect(parseBaseUrl(value)).toEqual({ problem: `${FIELD} ${problem}` });
	});
});
