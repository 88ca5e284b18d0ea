'use strict';

// Fields users need beyond the spec's minimum: the SMS customer's name and E.164 check in Send
// Message, and Session → Get Many by the customer's phone number — the lookup an SMS workflow
// makes to find the session a number is in.
const { ASSISTANT, SEED_IDS, byId, sendMessage } = require('./support');
const { useSimulator, chatPosts, keyLeaks } = require('./support');

const { loadPackage } = require('../harness');

const vapi = useSimulator();

const SMS_NUMBER = SEED_IDS.phoneNumbers.smsDesk;
const ADA = '+14155550199';
const BOB = '+14155550142';

const sms = (transport) =>
	sendMessage({ transport: { phoneNumberId: byId(SMS_NUMBER), ...transport } });

describe("SMS: the customer's name and numberE164CheckEnabled", () => {
	test('reach transport.customer beside the number', async () => {
		const run = await vapi.run({
			parameters: sms({
				customerNumber: '1234',
				customerName: 'Ada Lovelace',
				numberE164CheckEnabled: false,
			}),
		});
		expect(run.error).toBeUndefined();
		expect(chatPosts(vapi.sim)[0].body.transport).toEqual({
			type: 'twilio.sms',
			phoneNumberId: SMS_NUMBER,
			customer: { number: '1234', name: 'Ada Lovelace', numberE164CheckEnabled: false },
		});
		expect(keyLeaks(run)).toEqual([]);
	});

	test.each([
		[
			'a name of 41 characters',
			{ customerNumber: ADA, customerName: 'n'.repeat(41) },
			'"SMS Customer Name" (transport.customer.name) is 41 characters long; Vapi accepts at most 40, so shorten it.',
		],
		[
			'a number of 2 characters',
			{ customerNumber: '12', numberE164CheckEnabled: false },
			'"SMS Customer Number" (transport.customer.number) is 2 characters long; Vapi needs at least 3.',
		],
		[
			'a number of 41 characters',
			{ customerNumber: '1'.repeat(41), numberE164CheckEnabled: false },
			'"SMS Customer Number" (transport.customer.number) is 41 characters long; Vapi accepts at most 40, so shorten it.',
		],
		[
			'a name without a number',
			{ customerName: 'Ada Lovelace' },
			'SMS needs "SMS Customer Number" (transport.customer) or "SMS Customer ID" (transport.customerId), who receives it, unless the chat continues a "Session" (sessionId).',
		],
	])('%s is refused before sending', async (_case, transport, message) => {
		const run = await vapi.run({ parameters: sms(transport), continueOnFail: true });
		expect(run.items.map((item) => item.json)).toEqual([
			{ error: `Can't send item 1: ${message}` },
		]);
		expect(vapi.sim.requests).toEqual([]);
		expect(keyLeaks(run)).toEqual([]);
	});
});

describe('Session → Get Many: find sessions by customer phone number', () => {
	const getMany = (filters) => ({
		resource: 'session',
		operation: 'getAll',
		returnAll: true,
		filters,
	});

	/** One SMS chat to each number (each opens a session), and a session without a customer. */
	async function smsSessions() {
		const sessionOf = {};
		for (const number of [ADA, BOB]) {
			const run = await vapi.run({ parameters: sms({ customerNumber: number }) });
			expect(run.error).toBeUndefined();
			// The session the simulator opened for the chat (the stored chat names it).
			sessionOf[number] = vapi.sim.chats.get(run.items[0].json.chatId).sessionId;
		}
		const other = await vapi.api('POST', '/session', { assistantId: ASSISTANT });
		expect(other.status).toBe(201);
		expect(Object.values(sessionOf)).toEqual([expect.any(String), expect.any(String)]);
		vapi.sim.requests.splice(0);
		return sessionOf;
	}

	test('Customer Number finds the session an SMS chat opened for that number', async () => {
		const sessionOf = await smsSessions();
		const run = await vapi.run({ parameters: getMany({ number: ` ${ADA} ` }) });
		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.json.id)).toEqual([sessionOf[ADA]]);
		expect(run.items[0].json.customer).toEqual({ number: ADA });
		expect(vapi.sim.requests.map((request) => request.query)).toEqual([
			{ number: ADA, page: '1', limit: '100' },
		]);
		expect(keyLeaks(run)).toEqual([]);
	});

	test('Customer Numbers finds the sessions of any of them, however the list is spaced', async () => {
		const sessionOf = await smsSessions();
		const run = await vapi.run({
			parameters: getMany({ customerNumberAny: `${ADA},  ${BOB} , ,` }),
		});
		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.json.id).sort()).toEqual(
			[sessionOf[ADA], sessionOf[BOB]].sort(),
		);
		expect(vapi.sim.requests[0].query.customerNumberAny).toBe(`${ADA},${BOB}`);
		expect(keyLeaks(run)).toEqual([]);
	});

	test("Vapi's docs disagree on the name filter (listed twice): the filters as the editor shows them; Name says it may match either", async () => {
		const { nodeTypes } = await loadPackage();
		const { properties } = nodeTypes.getByNameAndVersion('n8n-nodes-vapi.vapi', 1).description;
		const filters = properties.find(
			(property) =>
				property.name === 'filters' && property.displayOptions.show.resource.includes('session'),
		);
		const byName = Object.fromEntries(filters.options.map((option) => [option.name, option]));
		expect(byName.number.displayName).toBe('Customer Number');
		expect(byName.customerNumberAny.displayName).toBe('Customer Numbers');
		expect(byName.name.description).toBe(
			"Only sessions with exactly this name. Vapi documents this filter both for the session's name and for its customer's name, so it may match either.",
		);
	});
});
