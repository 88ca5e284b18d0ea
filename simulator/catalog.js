'use strict';

/** The records pickers list: assistants, squads and phone numbers (plain arrays, newest first). */

const { notFound } = require('./errors');
const { parseListQuery, newestFirst } = require('./query');

function lister(storeKey, queryKind) {
	return (sim, { query }) => ({
		status: 200,
		json: newestFirst(sim[storeKey], parseListQuery(query, queryKind)),
	});
}

function getter(storeKey, notFoundMessage) {
	return (sim, { params }) => {
		const record = sim[storeKey].find((r) => r.id === params.id);
		if (!record) throw notFound(notFoundMessage);
		return { status: 200, json: record };
	};
}

module.exports = {
	listAssistants: lister('assistants', 'assistant'),
	listSquads: lister('squads', 'squad'),
	listPhoneNumbers: lister('phoneNumbers', 'phoneNumber'),
	getAssistant: getter('assistants', 'Assistant not found'),
	getSquad: getter('squads', 'Squad not found'),
	getPhoneNumber: getter('phoneNumbers', 'Phone number not found'),
};
