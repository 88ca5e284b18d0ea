/**
 * The credential's Base URL as the node sends to it: trimmed, Vapi's when empty, without trailing
 * slashes, and refused when it is not an http(s) address a path can be appended to. Pure: no n8n.
 */
import { baseUrlOf } from '../defaults';

export type BaseUrl = { url: string; problem?: undefined } | { url?: undefined; problem: string };

/** The Base URL to send to, or what is wrong with it (a sentence that names the field). */
export function parseBaseUrl(credentialBaseUrl: unknown): BaseUrl {
	const field = 'Base URL in the Vapi credential';
	if (credentialBaseUrl !== undefined && credentialBaseUrl !== null) {
		if (typeof credentialBaseUrl !== 'string') return { problem: `${field} is not text` };
	}
	const text = String(credentialBaseUrl ?? '').trim();
	if (text === '') return { url: baseUrlOf(text) };
	if (/\s/.test(text)) return { problem: `${field} contains a space` };
	if (!/^https?:\/\//i.test(text)) return { problem: `${field} must start with https://` };
	if (!/^https?:\/\/[^/?#]/i.test(text)) {
		return { problem: `${field} has no host name after the //` };
	}
	if (/[?#]/.test(text)) return { problem: `${field} must not contain "?" or "#"` };
	try {
		new URL(text);
	} catch {
		return { problem: `${field} is not a URL` };
	}
	return { url: baseUrlOf(text) };
}
