/**
 * The values the UI shows as defaults and the hooks fall back to when a parameter is not set (an
 * option the user never added has no value): each defined once, so the two cannot drift.
 */

/** Vapi's API (US region); EU organisations use VAPI_EU_BASE_URL with an EU key. */
export const VAPI_BASE_URL = 'https://api.vapi.ai';
export const VAPI_EU_BASE_URL = 'https://api.eu.vapi.ai';

/**
 * The Base URL of the credential test, as an n8n expression: the credential's Base URL trimmed
 * (Vapi's when empty) without trailing slashes.
 */
export const BASE_URL_EXPRESSION = `={{ (String($credentials.baseUrl || "").trim() || "${VAPI_BASE_URL}").replace(/\\/+$/, "") }}`;

/**
 * The same Base URL for the node's requests (read once per node run, rules/baseUrl.ts checks it)
 * and the pickers.
 */
export function baseUrlOf(credentialBaseUrl: unknown): string {
	const text = String(credentialBaseUrl ?? '').trim();
	return (text || VAPI_BASE_URL).replace(/\/+$/, '');
}

/** Send Message → Options → Rate-Limit Attempts. */
export const DEFAULT_RATE_LIMIT_ATTEMPTS = 8;

/** Send Message → Options → Stream Idle Timeout (Seconds). */
export const DEFAULT_IDLE_TIMEOUT_S = 60;

/** Send Message → Options → Answer Timeout (Seconds): ten minutes, room for long tool calls. */
export const DEFAULT_ANSWER_TIMEOUT_S = 600;

/** Get Many → Limit. */
export const DEFAULT_LIMIT = 50;

/** Session → Expiration Seconds (Vapi's own default: one day). */
export const DEFAULT_SESSION_EXPIRATION_S = 86400;
