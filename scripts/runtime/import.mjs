// Put things into an n8n user folder with n8n's own CLI: the Vapi credential and workflows (the
// examples, adapted to how the package is loaded).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { n8nOrThrow } from './n8n.mjs';
import { CUSTOM_NODE_TYPE, PACKAGE_NODE_TYPE } from './package.mjs';
import { EXAMPLES_DIR } from './paths.mjs';

export const CREDENTIAL_ID = 'vapiLocalCred001';
export const CREDENTIAL_NAME = 'Vapi account';
/** The assistant the examples name: the simulator's seeded "Support Bot". */
export const EXAMPLE_ASSISTANT_ID = 'b7834cbf-02b5-480b-a349-033fad237f7d';
const VAPI_DEFAULT_BASE_URL = 'https://api.vapi.ai';

/**
 * Import the Vapi credential. The data is given in plain text; `n8n import:credentials` encrypts
 * it with N8N_ENCRYPTION_KEY. The temporary file holding the key is private and removed at once.
 */
export async function importCredential(
	env,
	{ apiKey, baseUrl, id = CREDENTIAL_ID, name = CREDENTIAL_NAME },
) {
	const file = path.join(env.N8N_USER_FOLDER, `credential-${process.pid}.json`);
	const credential = { id, name, type: 'vapiApi', data: { apiKey, baseUrl } };
	fs.writeFileSync(file, JSON.stringify([credential]), { mode: 0o600 });
	try {
		await n8nOrThrow(
			['import:credentials', `--input=${file}`],
			{ env },
			'Importing the Vapi credential',
		);
	} finally {
		fs.rmSync(file, { force: true });
	}
}

/**
 * Read an example (a file, or a workflow object) and adapt it to this n8n: the node type the
 * package has there (`nodeType`: CUSTOM.vapi for the staged extension, the default; the examples'
 * own n8n-nodes-vapi.vapi for an installed package) and, when given, another assistant (for real
 * Vapi) and another base URL for HTTP Request nodes that call Vapi directly (none of the examples
 * does any more; a workflow of your own may).
 */
export function prepareWorkflow(
	fileOrWorkflow,
	{ assistantId, baseUrl, nodeType = CUSTOM_NODE_TYPE } = {},
) {
	let text =
		typeof fileOrWorkflow === 'string'
			? fs.readFileSync(fileOrWorkflow, 'utf8')
			: JSON.stringify(fileOrWorkflow);
	if (assistantId) text = text.split(EXAMPLE_ASSISTANT_ID).join(assistantId);
	const workflow = JSON.parse(text);
	for (const node of workflow.nodes) {
		// the node, and its AI-tool variant `<type>Tool` that n8n adds for a usableAsTool node
		const known = [PACKAGE_NODE_TYPE, CUSTOM_NODE_TYPE].find(
			(type) => node.type === type || node.type === `${type}Tool`,
		);
		if (known) node.type = nodeType + node.type.slice(known.length);
		const url = node.parameters?.url;
		if (
			baseUrl &&
			node.type === 'n8n-nodes-base.httpRequest' &&
			typeof url === 'string' &&
			url.startsWith(VAPI_DEFAULT_BASE_URL)
		) {
			node.parameters.url = baseUrl.replace(/\/+$/, '') + url.slice(VAPI_DEFAULT_BASE_URL.length);
		}
	}
	return workflow;
}

/**
 * Import workflows (objects) with `n8n import:workflow`; each keeps its own fixed id. A workflow
 * without a versionId gets one: n8n 2.0.0's import does not make one and fails on the missing value.
 */
export async function importWorkflows(env, workflows) {
	const dir = fs.mkdtempSync(path.join(env.N8N_USER_FOLDER, 'import-'));
	try {
		for (const workflow of workflows) {
			const versioned = { ...workflow, versionId: workflow.versionId ?? crypto.randomUUID() };
			fs.writeFileSync(
				path.join(dir, `${workflow.id}.json`),
				JSON.stringify(versioned, null, '\t'),
			);
		}
		await n8nOrThrow(
			['import:workflow', '--separate', `--input=${dir}`],
			{ env },
			'Importing the example workflows',
		);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

/** The example workflow files, sorted by name. */
export function exampleFiles() {
	return fs
		.readdirSync(EXAMPLES_DIR)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((name) => path.join(EXAMPLES_DIR, name));
}
