'use strict';

/**
 * The records every simulator starts with. Ids are fixed so workflows, examples and tests can name
 * them; createdAt values are distinct and the lists are kept newest first, as Vapi returns them.
 * There are more than 7 assistants so pickers have to page when they ask for 3 at a time.
 */

const ORG_ID = '5c0d1a9e-3f4b-4e8a-9a61-0c2d7b7e4f10';

const SEED_IDS = {
	orgId: ORG_ID,
	assistants: {
		supportBot: 'b7834cbf-02b5-480b-a349-033fad237f7d',
		salesAssistant: '0d28839d-71f7-4742-b7ba-48815b6f9591',
		bookingAgent: 'e49df12d-6a17-4215-a061-044afacd229a',
		billingHelper: '24e10fcb-f7a1-4c71-85d3-8468b8865213',
		onboardingGuide: '88860bdb-1460-46f9-a3f9-838713040e21',
		surveyTaker: 'c74d56cd-71f1-4ae3-b61f-9789cab832cd',
		techTriage: '57299145-8e00-4189-95f8-2e9a15eaf0e1',
		cafeConcierge: 'b09912be-c025-41e9-bcbb-868733d88383',
	},
	squads: {
		frontDesk: '23c87baf-f960-4f99-8d51-96cbd601e2cd',
		salesTeam: 'df91797e-9d62-45f2-ad62-cf31cb7dda5b',
		nightShift: '4b6f0642-be7c-4f19-bb96-d301942a4591',
	},
	phoneNumbers: {
		mainLine: '4c8c4be6-cf8c-4ec8-a2dc-fc8a5f1cb73c',
		smsDesk: 'ec35517e-ef41-44b9-9779-4e4a7705812f',
	},
};

const A = SEED_IDS.assistants;

// [id, name, system prompt], newest first.
const ASSISTANTS = [
	[
		A.supportBot,
		'Support Bot',
		'You are Support Bot, the support assistant of Acme Telecom. The customer is {{customerName}}; greet them by name.',
	],
	[
		A.salesAssistant,
		'Sales Assistant',
		'You are Sales Assistant for Acme Telecom. You are talking to {{customerName}} about the {{plan}} plan.',
	],
	[A.bookingAgent, 'Booking Agent', 'You are Booking Agent. Book, move and cancel appointments.'],
	[
		A.billingHelper,
		'Billing Helper',
		'You are Billing Helper. Explain the invoice of {{customerName}} in plain words.',
	],
	[
		A.onboardingGuide,
		'Onboarding Guide',
		'You are Onboarding Guide. Walk new customers through setup.',
	],
	[A.surveyTaker, 'Survey Taker', 'You are Survey Taker. Ask three short satisfaction questions.'],
	[A.techTriage, 'Tech Triage', 'You are Tech Triage. Find out what is broken before escalating.'],
	[A.cafeConcierge, 'Café Concierge', 'You are Café Concierge. Recommend a coffee.'],
];

const S = SEED_IDS.squads;
const SQUADS = [
	[S.frontDesk, 'Front Desk', [A.supportBot, A.billingHelper]],
	[S.salesTeam, 'Sales Team', [A.salesAssistant, A.bookingAgent]],
	[S.nightShift, 'Night Shift', [A.techTriage]],
];

const P = SEED_IDS.phoneNumbers;
const PHONE_NUMBERS = [
	[P.mainLine, 'Main Line', '+14155550100', A.supportBot],
	[P.smsDesk, 'SMS Desk', '+14155550123', A.salesAssistant],
];

/** Newest first, one day apart, ending at `newest` (an ISO date). */
function createdAtList(count, newest) {
	const start = Date.parse(newest);
	return Array.from({ length: count }, (_, i) => new Date(start - i * 86400000).toISOString());
}

/** Fresh copies each time, so a test that mutates a record cannot leak into the next simulator. */
function createSeeds() {
	const assistantDates = createdAtList(ASSISTANTS.length, '2025-06-08T09:00:00.000Z');
	const assistants = ASSISTANTS.map(([id, name, prompt], i) => ({
		id,
		orgId: ORG_ID,
		name,
		model: {
			provider: 'openai',
			model: 'gpt-4o-mini',
			messages: [{ role: 'system', content: prompt }],
		},
		firstMessage: `Hi, this is ${name}.`,
		createdAt: assistantDates[i],
		updatedAt: assistantDates[i],
	}));
	const squadDates = createdAtList(SQUADS.length, '2025-05-20T12:00:00.000Z');
	const squads = SQUADS.map(([id, name, memberIds], i) => ({
		id,
		orgId: ORG_ID,
		name,
		members: memberIds.map((assistantId) => ({ assistantId })),
		createdAt: squadDates[i],
		updatedAt: squadDates[i],
	}));
	const phoneDates = createdAtList(PHONE_NUMBERS.length, '2025-05-01T08:30:00.000Z');
	const phoneNumbers = PHONE_NUMBERS.map(([id, name, number, assistantId], i) => ({
		id,
		orgId: ORG_ID,
		provider: 'twilio',
		name,
		number,
		status: 'active',
		smsEnabled: true,
		twilioAccountSid: 'AC00000000000000000000000000000000',
		assistantId,
		createdAt: phoneDates[i],
		updatedAt: phoneDates[i],
	}));
	return { assistants, squads, phoneNumbers };
}

module.exports = { SEED_IDS, createSeeds };
