/**
 * The sentences the node's errors repeat, each defined once, and the small pure formatters they
 * use; errors/nodeErrors.ts builds the errors with them. Pure: no n8n.
 */

/** n8n marks an execution as canceled (not failed) by this wording in the error message. */
export const CANCELED = 'The execution was canceled';

/** A stream that broke after Vapi began to answer: the chat exists, or may. */
export const CHAT_MAY_EXIST =
	'Vapi had started to answer, so the chat may or may not exist (and be billed); it was not sent again, to avoid billing a second chat. Check Chats in the Vapi dashboard before you run this item again.';

export const JSON_OBJECT_HINT =
	'Enter a JSON object, e.g. {"key": "value"}, or an expression that returns one.';

/**
 * The code goes in the description: n8n replaces a message naming ECONNRESET & co. with its own
 * ("…You can retry the request immediately…"), which is wrong advice for a chat that bills.
 */
export const connectionCode = (code: string | undefined) =>
	code ? `Connection error ${code}. ` : '';

/** `0.3 seconds`, `1 second`, `60 seconds`. */
export function formatSeconds(ms: number): string {
	const seconds = Math.round(ms) / 1000;
	return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

/**
 * Where a redirect pointed, as its origin only (scheme://host:port): the path or query of a
 * Location may carry data, the origin says enough to recognise a proxy or a moved address.
 */
export function redirectTarget(location: string | undefined): string {
	if (location === undefined || location.trim() === '') return 'no address (no Location header)';
	try {
		const { origin } = new URL(location.trim());
		return origin === 'null' ? 'an address that is not http(s)' : origin;
	} catch {
		// A relative Location: another path on the server the Base URL names.
		return 'another path on the same server';
	}
}

/** What a single-record operation did to the record when its answer is not one. */
export type RecordChange = 'none' | 'create' | 'update' | 'delete';

/** Whether the change may have happened, so the user checks before running the item again. */
export function recordChangeSentence(record: 'chat' | 'session', change: RecordChange): string {
	const get = `${record === 'chat' ? 'Chat' : 'Session'} → Get`;
	const list = `${record === 'chat' ? 'Chat' : 'Session'} → Get Many`;
	return {
		none: 'Nothing was changed.',
		create: `The ${record} may or may not have been created: check ${list} before you run this item again, or you may create a second one.`,
		update: `The ${record} may or may not have been updated: check it with ${get}.`,
		delete: `The ${record} may or may not have been deleted: check with ${get} (Vapi answers "not found" once it is gone).`,
	}[change];
}
