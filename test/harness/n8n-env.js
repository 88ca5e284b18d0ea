'use strict';

// The one place that sets n8n's environment for tests, the harness and the benchmark: n8n-core
// reads it at import time (without it, it writes ~/.n8n and logs noisily). Requiring this file
// applies it; jest loads it first (setupFiles in jest.config.js), the harness's runtime.js requires
// it before n8n-core for scripts outside jest. A variable already set is kept.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const LOOPBACK_RANGES = ['127.0.0.0/8', '::1/128'];

function ensureEnv() {
	const { env } = process;
	if (!env.N8N_USER_FOLDER) {
		env.N8N_USER_FOLDER = path.join(os.tmpdir(), `n8n-nodes-vapi-harness-${process.pid}`);
	}
	fs.mkdirSync(env.N8N_USER_FOLDER, { recursive: true });
	env.N8N_ENCRYPTION_KEY ??= 'n8n-nodes-vapi-test-encryption-key';
	env.N8N_LOG_LEVEL ??= 'silent';
	env.N8N_DIAGNOSTICS_ENABLED ??= 'false';

	// The simulator and test servers listen on loopback. n8n's SSRF filter is off by default; when
	// someone turns it on (N8N_SSRF_PROTECTION_ENABLED=true) loopback is blocked unless allowed,
	// and allowing it is done the way an n8n admin would: the allow-list variables.
	env.N8N_SSRF_ALLOWED_IP_RANGES = mergeList(env.N8N_SSRF_ALLOWED_IP_RANGES, LOOPBACK_RANGES);
	env.N8N_SSRF_ALLOWED_HOSTNAMES = mergeList(env.N8N_SSRF_ALLOWED_HOSTNAMES, ['localhost']);

	// n8n honours HTTP(S)_PROXY for outbound requests; loopback must bypass a proxy set in the shell.
	const proxySet = ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY'].some(
		(name) => env[name] || env[name.toLowerCase()],
	);
	if (proxySet) {
		const merged = mergeList(env.NO_PROXY ?? env.no_proxy, ['127.0.0.1', 'localhost', '::1']);
		env.NO_PROXY = merged;
		env.no_proxy = merged;
	}
}

function mergeList(current, wanted) {
	const values = (current ?? '')
		.split(',')
		.map((value) => value.trim())
		.filter(Boolean);
	for (const value of wanted) if (!values.includes(value)) values.push(value);
	return values.join(',');
}

ensureEnv();
