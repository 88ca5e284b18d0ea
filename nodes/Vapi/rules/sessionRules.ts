/**
 * Vapi's rules for session bodies (CreateSessionDTO, UpdateSessionDTO), checked before sending
 * so that the message names the field. Pure: no n8n.
 */

import {
	countCharacters,
	EXPIRATION_MAX_S,
	EXPIRATION_MIN_S,
	findCustomerProblems,
	findTextProblems,
	isPlainObject,
	MAX_CONTENT_LENGTH,
	MAX_NAME_LENGTH,
	SESSION_MESSAGE_ROLES,
	SESSION_STATUSES,
} from './checks';
import { sessionFieldName as name } from './fieldLabels';

/** Problems of a (pruned) create or update body, as sentences naming the field; [] when fine. */
export function findSessionProblems(body: Record<string, unknown>): string[] {
	const problems: string[] = [];
	const { name: sessionName, status, expirationSeconds, messages } = body;
	// The one rule for names, as for chats: counted as Vapi counts (see countCharacters).
	problems.push(...findTextProblems(sessionName, name('name'), MAX_NAME_LENGTH));
	if (status !== undefined && !SESSION_STATUSES.includes(String(status))) {
		problems.push(`${name('status')} must be one of: ${SESSION_STATUSES.join(', ')}.`);
	}
	if (expirationSeconds !== undefined && !isExpiration(expirationSeconds)) {
		problems.push(
			`${name('expirationSeconds')} must be a number from ${EXPIRATION_MIN_S} to ${EXPIRATION_MAX_S} (30 days).`,
		);
	}
	if (messages !== undefined) problems.push(...findMessagesProblems(messages));
	if (isPlainObject(body.customer)) {
		problems.push(...findCustomerProblems(body.customer, (field) => name(`customer.${field}`)));
	}
	if (body.assistantId !== undefined && body.squadId !== undefined) {
		problems.push(`Set either ${name('assistantId')} or ${name('squadId')}, not both.`);
	}
	return problems;
}

function isExpiration(value: unknown): boolean {
	return (
		typeof value === 'number' &&
		Number.isFinite(value) &&
		value >= EXPIRATION_MIN_S &&
		value <= EXPIRATION_MAX_S
	);
}

function findMessagesProblems(messages: unknown): string[] {
	if (!Array.isArray(messages)) return [`${name('messages')} must be a list of messages.`];
	return messages.flatMap((message, index) => {
		const { role, content } = (message ?? {}) as { role?: unknown; content?: unknown };
		const label = `${name('messages')} message ${index + 1}`;
		const problems: string[] = [];
		if (!SESSION_MESSAGE_ROLES.includes(String(role))) {
			problems.push(`${label} needs a role: ${SESSION_MESSAGE_ROLES.join(', ')}.`);
		}
		if (typeof content !== 'string' || content === '') {
			if (role !== 'assistant') problems.push(`${label} needs a content.`);
		} else if (countCharacters(content) > MAX_CONTENT_LENGTH) {
			problems.push(`${label} is longer than ${MAX_CONTENT_LENGTH} characters.`);
		}
		return problems;
	});
}
