// n8n-core reads these at import time; without them it writes ~/.n8n and logs noisily.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const userFolder = path.join(os.tmpdir(), `n8n-nodes-vapi-test-${process.pid}`);
fs.mkdirSync(userFolder, { recursive: true });
process.env.N8N_USER_FOLDER ??= userFolder;
process.env.N8N_ENCRYPTION_KEY ??= 'n8n-nodes-vapi-test-encryption-key';
process.env.N8N_LOG_LEVEL ??= 'silent';
process.env.N8N_DIAGNOSTICS_ENABLED ??= 'false';
