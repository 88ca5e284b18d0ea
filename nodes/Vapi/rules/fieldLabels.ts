/**
 * How messages name a field: by the label the UI shows, with the API field it is sent as —
 * `"Previous Chat ID" (previousChatId)`. Pure: no n8n.
 *
 * The labels are the description's: test/unit/labelsAndDefaults.test.js checks every one of them
 * against the built node's description, so a renamed field cannot leave a message behind.
 */

/** Send Message: the UI label of each request field, keyed by its path in the request body. */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
	input: 'Message',
	assistantId: 'Assistant',
	assistant: 'Assistant (JSON)',
	squadId: 'Squad',
	squad: 'Squad (JSON)',
	sessionId: 'Session',
	previousChatId: 'Previous Chat ID',
	name: 'Chat Name',
	stream: 'Stream',
	assistantOverrides: 'Assistant Overrides',
	'assistantOverrides.variableValues': 'Variable Values',
	transport: 'SMS',
	'transport.type': 'SMS Transport Type',
	'transport.phoneNumberId': 'SMS Phone Number',
	'transport.customer': 'SMS Customer Number',
	'transport.customer.number': 'SMS Customer Number',
	'transport.customer.name': 'SMS Customer Name',
	'transport.customer.numberE164CheckEnabled': 'SMS Customer Number Must Be E.164',
	'transport.customerId': 'SMS Customer ID',
	'transport.useLLMGeneratedMessageForOutbound': 'SMS Use LLM-Generated Message for Outbound',
	'transport.conversationType': 'SMS Conversation Type',
};

/** Session → Create and Update: the UI label of each request field, keyed by its body path. */
export const SESSION_FIELD_LABELS: Readonly<Record<string, string>> = {
	assistantId: 'Assistant',
	squadId: 'Squad',
	name: 'Name',
	'customer.number': 'Customer Number',
	status: 'Status',
	expirationSeconds: 'Expiration Seconds',
	messages: 'Messages',
	'assistantOverrides.variableValues': 'Variable Values',
};

/** Parameters that messages name but that are not request fields, keyed by parameter name. */
export const PARAMETER_LABELS = {
	target: 'Send To',
	conversation: 'Conversation',
	chatId: 'Chat ID',
	sessionId: 'Session',
	updateFields: 'Update Fields',
	maxConcurrency: 'Max Concurrent Requests',
	maxAttempts: 'Rate-Limit Attempts',
	// The UI adds the unit: "Stream Idle Timeout (Seconds)".
	idleTimeout: 'Stream Idle Timeout',
	answerTimeout: 'Answer Timeout',
} as const;

/** Options that messages name: the parameter they belong to and the option's name in the UI. */
export const OPTION_LABELS = {
	// Send Message version 1's Send To: the messages that name it can only occur in version 1.
	sessionsAssistant: { parameter: 'target', name: "The Session's or Previous Chat's Assistant" },
	newConversation: { parameter: 'conversation', name: 'New Conversation' },
} as const;

/** A field at fault: the message names it by its UI label (and API field). */
export class FieldError extends Error {
	/** The UI label of the field at fault. */
	readonly field: string;
	readonly reason: string;

	constructor(field: string, reason: string, apiField = apiFieldOfLabel(field)) {
		super(`${quoteField(field, apiField)} ${reason}`);
		this.name = 'FieldError';
		this.field = field;
		this.reason = reason;
	}
}

/** `"Previous Chat ID" (previousChatId)`; the input's label follows its shape. */
export function fieldName(path: string, body?: Record<string, unknown>): string {
	const label =
		path === 'input' && Array.isArray(body?.input) ? 'Messages' : (FIELD_LABELS[path] ?? path);
	return quoteField(label, path);
}

/** `"Name" (name)` for a session field. */
export function sessionFieldName(path: string): string {
	return quoteField(SESSION_FIELD_LABELS[path] ?? path, path);
}

/** `"Label" (apiField)`, or `"Label"` alone when the two are the same. */
export function quoteField(label: string, apiField: string | undefined): string {
	return apiField && apiField !== label ? `"${label}" (${apiField})` : `"${label}"`;
}

function apiFieldOfLabel(label: string): string | undefined {
	if (label === 'Messages') return 'input';
	return Object.keys(FIELD_LABELS).find((path) => FIELD_LABELS[path] === label);
}
