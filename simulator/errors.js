'use strict';

const { STATUS_CODES } = require('node:http');

// NestJS names the `error` field after the status; a few differ from Node's wording.
const ERROR_NAMES = {
	413: 'Payload Too Large',
	429: 'Too Many Requests',
};

/** The body Vapi (NestJS) sends with every error: `message` is a string or, for validation, an array. */
function nestErrorBody(statusCode, message) {
	return {
		message,
		error: ERROR_NAMES[statusCode] ?? STATUS_CODES[statusCode] ?? 'Error',
		statusCode,
	};
}

/** Thrown by handlers; the server turns it into a NestJS-shaped JSON response. */
class HttpError extends Error {
	constructor(statusCode, message) {
		super(Array.isArray(message) ? message.join('; ') : message);
		this.statusCode = statusCode;
		this.body = nestErrorBody(statusCode, message);
	}
}

const badRequest = (message) => new HttpError(400, message);
const notFound = (message) => new HttpError(404, message);

const INVALID_KEY_MESSAGE =
	'Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa.';

module.exports = { HttpError, badRequest, notFound, nestErrorBody, INVALID_KEY_MESSAGE };
