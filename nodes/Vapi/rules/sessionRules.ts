/**
 * Vapi's rules for session bodies (CreateSessionDTO, UpdateSessionDTO), checked before sending
 * so that the message names the field. Pure: no n8n.
 */

export const SESSION_NAME_MAX = 40;
export const EXPIRATION_MIN_S = 60;
export const EXPIRATION_MAX_S = 2592000;
const CONTENT_MAX = 10000;
const STATUSES = ['active', 'completed'];
const ROLES = ['system', 'user', 'developer', 'assistant'];

const characters = (text: string) => [...text].length;

/** Problems of a (pruned) create or update body, as sentences naming the field; [] when fine. */
export function findSessionProblems(body: Record<string, unknown>): string[] {
	const problems: string[] = [];
	const { name, status, expirationSeconds, messages } = body;
	if (name !== undefined && (typeof name !== 'string' || characters(name) > SESSION_NAME_MAX)) {
		problems.push(`"Name" (name) must be at most ${SESSION_NAME_MAX} characters.`);
	}
	if (status !== undefined && !STATUSES.includes(String(status))) {
		problems.push(`"Status" (status) must be one of: ${STATUSES.join(', ')}.`);
	}
	if (expirationSeconds !== undefined) {
		const seconds = Number(expirationSeconds);
		if (
			typeof expirationSeconds !== 'number' ||
			!Number.isFinite(seconds) ||
			seconds < EXPIRATION_MIN_S ||
			seconds > EXPIRATION_MAX_S
		) {
			problems.push(
				`"Expiration Seconds" (expirationSeconds) must be a number from ${EXPIRATION_MIN_S} to ${EXPIRATION_MAX_S} (30 days).`,
			);
		}
	}
	if (messages !== undefined) {
		if (!Array.isArray(messages)) {
			problems.push('"Messages" (messages) must be a list of messages.');
		} else {
			messages.forEach((message, index) => {
				const { role, content } = (message ?? {}) as { role?: unknown; content?: unknown };
				const label = `"Messages" (messages) message ${index + 1}`;
				if (!ROLES.includes(String(role))) {
					problems.push(`${label} needs a role: ${ROLES.join(', ')}.`);
				}
				if (typeof content !== 'string' || content === '') {
					if (role !== 'assistant') problems.push(`${label} needs a content.`);
				} else if (characters(content) > CONTENT_MAX) {
					problems.push(`${label} is longer than ${CONTENT_MAX} characters.`);
				}
			});
		}
	}
	if (body.assistantId !== undefined && body.squadId !== undefined) {
		problems.push('Set either "Assistant" (assistantId) or "Squad" (squadId), not both.');
	}
	return problems;
}
