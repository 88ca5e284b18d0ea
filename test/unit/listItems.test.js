const {
	labelOf,
	matchesFilter,
	canSendSms,
	toListItem,
} = require('../../dist/nodes/Vapi/listSearch/listItems.js');

describe('picker items', () => {
	test('the name with the id as a hint', () => {
		expect(toListItem({ id: 'a1', name: 'Support Bot' }, 'assistant')).toEqual({
			name: 'Support Bot (a1)',
			value: 'a1',
		});
		expect(
			toListItem({ id: 'p1', name: 'SMS Desk', number: '+14155550123' }, 'phoneNumber'),
		).toEqual({
			name: 'SMS Desk +14155550123 (p1)',
			value: 'p1',
		});
	});

	test.each([
		[{ id: '1' }, 'assistant', 'Unnamed assistant'],
		[{ id: '1', name: '  ' }, 'squad', 'Unnamed squad'],
		[{ id: '1', number: '+1415' }, 'phoneNumber', '+1415'],
		[{ id: '1' }, 'phoneNumber', 'Unnamed phone number'],
		[{ id: '1', name: 'Trip to Lisbon' }, 'session', 'Trip to Lisbon'],
		[{ id: '1', customer: { number: '+1415' } }, 'session', 'Session with +1415'],
		[
			{ id: '1', createdAt: '2025-06-08T09:00:00.000Z' },
			'session',
			'Unnamed session of 2025-06-08 09:00 UTC',
		],
		[{ id: '1' }, 'session', 'Unnamed session'],
	])('label of %p (%s)', (record, kind, expected) => {
		expect(labelOf(record, kind)).toBe(expected);
	});

	test('search is case-insensitive over the label; an id by its first 8+ characters', () => {
		const record = { id: 'b7834cbf-02b5', name: 'Café Concierge' };
		expect(matchesFilter(record, 'assistant', 'café')).toBe(true);
		expect(matchesFilter(record, 'assistant', 'CONCIERGE')).toBe(true);
		expect(matchesFilter(record, 'assistant', 'B7834CBF')).toBe(true);
		expect(matchesFilter(record, 'assistant', 'b7834cbf-02b5')).toBe(true);
		expect(matchesFilter(record, 'assistant', 'b7834')).toBe(false);
		expect(matchesFilter(record, 'assistant', '834cbf-02')).toBe(false);
		expect(matchesFilter(record, 'assistant', 'support')).toBe(false);
		expect(matchesFilter(record, 'assistant', '')).toBe(true);
		expect(matchesFilter(record, 'assistant', undefined)).toBe(true);
		expect(matchesFilter({ id: 'p', number: '+14155550123' }, 'phoneNumber', '550123')).toBe(true);
	});

	test('only Twilio numbers with SMS can send chats as SMS', () => {
		expect(canSendSms({ id: '1', provider: 'twilio', smsEnabled: true })).toBe(true);
		expect(canSendSms({ id: '1', provider: 'twilio' })).toBe(true);
		expect(canSendSms({ id: '1', provider: 'twilio', smsEnabled: false })).toBe(false);
		expect(canSendSms({ id: '1', provider: 'vapi' })).toBe(false);
		expect(canSendSms({ id: '1', provider: 'vonage' })).toBe(false);
		expect(canSendSms({ id: '1' })).toBe(true);
	});
});
