'use strict';

// The one place that loads n8n-core and configures its process-wide services for the harness.
const { createRequire } = require('node:module');
require('./n8n-env'); // before n8n-core, which reads it at import time

const core = require('n8n-core');
const workflow = require('n8n-workflow');

// n8n-core ships its own copies of @n8n/di, @n8n/backend-common, … (nested node_modules). The DI
// container is a per-copy singleton, so it must be the one n8n-core itself resolves.
const coreRequire = createRequire(require.resolve('n8n-core'));
const { Container } = coreRequire('@n8n/di');
const { Logger } = coreRequire('@n8n/backend-common');

/** Everything n8n logged (any level, before level filtering), oldest first. */
const logRecords = [];
let logSequence = 0;

function createCaptureLogger(forward) {
	const record =
		(level) =>
		(message, metadata = {}) => {
			logRecords.push({ seq: ++logSequence, level, message, metadata });
			if (logRecords.length > 5000) logRecords.splice(0, logRecords.length - 5000);
			forward?.[level]?.(message, metadata);
		};
	const logger = {
		error: record('error'),
		warn: record('warn'),
		info: record('info'),
		debug: record('debug'),
		scoped: () => logger,
	};
	return logger;
}

// n8n's own tests swap the Logger service the same way (a DI registration, not a patch), so every
// log line n8n-core writes — including ErrorReporter's — can be checked for leaked secrets.
const realLogger = Container.get(Logger);
const captureLogger = createCaptureLogger(realLogger);
Container.set(Logger, captureLogger);
workflow.LoggerProxy.init(captureLogger);

// Credentials are stored encrypted like n8n's database rows. The CLI's KeyManagerService, with key
// rotation off (the default), encrypts with the instance key (N8N_ENCRYPTION_KEY, AES-256-CBC,
// no key-id prefix); this provider is that service without its database.
const cipher = Container.get(core.Cipher);
const instanceKeyInfo = {
	id: 'instance-key',
	value: cipher.encryptDEKWithInstanceKey(Container.get(core.InstanceSettings).encryptionKey),
	algorithm: 'aes-256-cbc',
	format: 'no-prefix',
};
Container.get(core.EncryptionKeyProxy).setProvider({
	getActiveKey: async () => instanceKeyInfo,
	getLegacyKey: async () => instanceKeyInfo,
	getKeyById: async (id) => (id === instanceKeyInfo.id ? instanceKeyInfo : null),
});

/** Log records written after `seq` (a value from `logMark()`). */
function logsSince(seq) {
	return logRecords.filter((entry) => entry.seq > seq);
}

function logMark() {
	return logSequence;
}

module.exports = { core, workflow, Container, coreRequire, logsSince, logMark };
