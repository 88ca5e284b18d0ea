// The sentences node errors repeat, and their formatters (nodes/Vapi/errors/wording.ts).
const {
	connectionCode,
	formatSeconds,
	recordChangeSentence,
	redirectTarget,
} = require('../../dist/nodes/Vapi/errors/wording');

describe('redirectTarget: only the origin of a Location, never its path or query', () => {
	test.each([
		['https://proxy.example:8443/steal?key=1', 'https://proxy.example:8443'],
		['http://127.0.0.1:9/a', 'http://127.0.0.1:9'],
		['  https://api.vapi.ai/chat  ', 'https://api.vapi.ai'],
		['/chat/elsewhere?x=1', 'another path on the same server'],
		['', 'no address (no Location header)'],
		[undefined, 'no address (no Location header)'],
		['mailto:someone@example.com', 'an address that is not http(s)'],
	])('%j → %s', (location, expected) => {
		expect(redirectTarget(location)).toBe(expected);
	});
});

describe('formatSeconds', () => {
	test.each([
		[300, '0.3 seconds'],
		[1000, '1 second'],
		[60_000, '60 seconds'],
	])('%d ms → %s', (ms, expected) => expect(formatSeconds(ms)).toBe(expected));
});

test('connectionCode names the code for the description, or nothing', () => {
	expect(connectionCode('ECONNRESET')).toBe('Connection error ECONNRESET. ');
	expect(connectionCode(undefined)).toBe('');
});

describe('recordChangeSentence: whether a change may have happened', () => {
	test('a read changed nothing', () => {
		expect(recordChangeSentence('chat', 'none')).toBe('Nothing was changed.');
	});
	test('a create may have created one: check the list before running again', () => {
		expect(recordChangeSentence('session', 'create')).toBe(
			'The session may or may not have been created: check Session → Get Many before you run this item again, or you may create a second one.',
		);
	});
	test('an update and a delete point to Get', () => {
		expect(recordChangeSentence('session', 'update')).toBe(
			'The session may or may not have been updated: check it with Session → Get.',
		);
		expect(recordChangeSentence('chat', 'delete')).toBe(
			'The chat may or may not have been deleted: check with Chat → Get (Vapi answers "not found" once it is gone).',
		);
	});
});
