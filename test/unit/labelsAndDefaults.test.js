// The description is the one source of labels and defaults: every field a message names is named
// by the label the UI shows, and every default a hook falls back to is the one the UI shows.
const { Vapi } = require('../../dist/nodes/Vapi/Vapi.node.js');
const { VapiApi } = require('../../dist/credentials/VapiApi.credentials.js');
const {
	FIELD_LABELS,
	SESSION_FIELD_LABELS,
	PARAMETER_LABELS,
	OPTION_LABELS,
} = require('../../dist/nodes/Vapi/rules/fieldLabels.js');
const defaults = require('../../dist/nodes/Vapi/defaults.js');

const { description } = new Vapi();

/** Every property shown for the operation, with the collection it sits in (if any). */
function fieldsOf(resource, operation) {
	const shownFor = (property) => {
		const show = property.displayOptions?.show ?? {};
		return (
			(show.resource ?? [resource]).includes(resource) &&
			(show.operation ?? [operation]).includes(operation)
		);
	};
	const fields = [];
	const walk = (property, parent) => {
		fields.push({ property, parent });
		for (const child of property.type === 'collection' ? property.options : [])
			walk(child, property);
		for (const group of property.type === 'fixedCollection' ? property.options : []) {
			for (const child of group.values) walk(child, property);
		}
	};
	description.properties.filter(shownFor).forEach((property) => walk(property, undefined));
	return fields;
}

/** The labels a message may use for a field: its own, or prefixed by its collection's ("SMS …"). */
function labelsOf({ property, parent }) {
	const own = property.displayName;
	return [
		own,
		own.replace(/ \(Seconds\)$/, ''),
		...(parent ? [`${parent.displayName} ${own}`] : []),
	];
}

/** The fields sent as the body path `path` (or inside it), and the collection named `path`. */
function fieldsSentAs(fields, path) {
	return fields.filter(({ property }) => {
		const sentAs = property.routing?.send?.property;
		return sentAs === path || sentAs?.startsWith(`${path}.`) || (!sentAs && property.name === path);
	});
}

/** Body paths a message may name that no field of the UI sets: the node sets them itself. */
const SET_BY_THE_NODE = {
	'transport.type': 'always twilio.sms, added by buildChatRequest',
	assistantOverrides: 'the object Variable Values is sent in',
};

describe('every field label in messages is the one the UI shows', () => {
	const sendMessage = fieldsOf('chat', 'sendMessage');

	test.each(Object.entries(FIELD_LABELS).filter(([path]) => !(path in SET_BY_THE_NODE)))(
		'Send Message: %s is "%s"',
		(path, label) => {
			const fields = fieldsSentAs(sendMessage, path);
			expect(fields.length).toBeGreaterThan(0);
			expect(fields.flatMap(labelsOf)).toContain(label);
		},
	);

	test.each(Object.keys(SET_BY_THE_NODE))('Send Message: no field sets %s itself', (path) => {
		expect(sendMessage.filter(({ property }) => property.routing?.send?.property === path)).toEqual(
			[],
		);
	});

	test('a list of messages is named "Messages", as its field is', () => {
		expect(fieldsSentAs(sendMessage, 'input').map(({ property }) => property.displayName)).toEqual([
			'Message',
			'Messages',
		]);
	});

	test.each(Object.entries(SESSION_FIELD_LABELS))('Session: %s is "%s"', (path, label) => {
		const fields = [...fieldsOf('session', 'create'), ...fieldsOf('session', 'update')];
		expect(fieldsSentAs(fields, path).length).toBeGreaterThan(0);
		expect(fieldsSentAs(fields, path).flatMap(labelsOf)).toContain(label);
	});

	test.each(Object.entries(OPTION_LABELS))(
		'option %s is an option of its parameter',
		(_, option) => {
			const owners = fieldsOf('chat', 'sendMessage').filter(
				({ property }) => property.name === option.parameter,
			);
			expect(owners.flatMap(({ property }) => property.options.map((o) => o.name))).toContain(
				option.name,
			);
		},
	);

	test.each(Object.entries(PARAMETER_LABELS))('parameter %s is "%s"', (name, label) => {
		const fields = [
			...fieldsOf('chat', 'sendMessage'),
			...fieldsOf('chat', 'get'),
			...fieldsOf('session', 'get'),
			...fieldsOf('session', 'update'),
		].filter(({ property }) => property.name === name);
		expect(fields.length).toBeGreaterThan(0);
		expect(fields.flatMap(labelsOf)).toContain(label);
	});
});

describe('every default a hook falls back to is the one the UI shows', () => {
	const field = (resource, operation, name) =>
		fieldsOf(resource, operation).find(({ property }) => property.name === name).property;

	test('Rate-Limit Attempts and Stream Idle Timeout', () => {
		expect(field('chat', 'sendMessage', 'maxAttempts').default).toBe(
			defaults.DEFAULT_RATE_LIMIT_ATTEMPTS,
		);
		expect(field('chat', 'sendMessage', 'idleTimeout').default).toBe(
			defaults.DEFAULT_IDLE_TIMEOUT_S,
		);
	});

	test('Answer Timeout: ten minutes', () => {
		expect(field('chat', 'sendMessage', 'answerTimeout').default).toBe(
			defaults.DEFAULT_ANSWER_TIMEOUT_S,
		);
		expect(defaults.DEFAULT_ANSWER_TIMEOUT_S).toBe(600);
	});

	test.each([['chat'], ['session']])('%s → Get Many: Limit', (resource) => {
		expect(field(resource, 'getAll', 'limit').default).toBe(defaults.DEFAULT_LIMIT);
	});

	test('Session: Expiration Seconds', () => {
		expect(field('session', 'create', 'additionalFields').options).toContainEqual(
			expect.objectContaining({
				name: 'expirationSeconds',
				default: defaults.DEFAULT_SESSION_EXPIRATION_S,
			}),
		);
	});

	test('the Base URL: the node, the credential test and the pickers agree', () => {
		const credential = new VapiApi();
		// The node's requests get the credential's Base URL per node run (useCredentialBaseUrl);
		// requestDefaults holds Vapi's, which n8n's credential domain check starts from.
		expect(description.requestDefaults.baseURL).toBe(defaults.VAPI_BASE_URL);
		expect(credential.test.request.baseURL).toBe(defaults.BASE_URL_EXPRESSION);
		expect(credential.properties.find((p) => p.name === 'baseUrl').default).toBe(
			defaults.VAPI_BASE_URL,
		);
		expect(defaults.BASE_URL_EXPRESSION).toBe(
			'={{ (String($credentials.baseUrl || "").trim() || "https://api.vapi.ai").replace(/\\/+$/, "") }}',
		);
		expect(defaults.baseUrlOf('')).toBe('https://api.vapi.ai');
		expect(defaults.baseUrlOf('  ')).toBe('https://api.vapi.ai');
		expect(defaults.baseUrlOf('https://api.eu.vapi.ai//')).toBe('https://api.eu.vapi.ai');
		expect(defaults.baseUrlOf(' https://api.eu.vapi.ai/ ')).toBe('https://api.eu.vapi.ai');
	});
});
