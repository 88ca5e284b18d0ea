// What the end-to-end test needs to check the credential's Base URL in real n8n: credentials with
// a Base URL and "Allowed HTTP Request Domains" of their own, a Send Message workflow per
// credential, and simulator/proxies.js's two proxies: one under /vapi in front of the simulator, and
// a forward proxy that records each CONNECT (the host n8n asked for) and refuses it, so Vapi's real
// hosts are never contacted.
import fs from 'node:fs';
import path from 'node:path';
import * as rt from '../../scripts/n8n-runtime.mjs';

export { startPathProxy, startRefusingProxy } from '../../simulator/proxies.js';

/** Import a Vapi credential with any data (the Base URL, n8n's domain restriction fields). */
export async function importVapiCredential(env, { id, name, data }) {
	const file = path.join(env.N8N_USER_FOLDER, `credential-${id}.json`);
	fs.writeFileSync(file, JSON.stringify([{ id, name, type: 'vapiApi', data }]), { mode: 0o600 });
	try {
		const result = await rt.n8n(['import:credentials', `--input=${file}`], { env });
		if (result.code !== 0) throw new Error(`import:credentials failed:\n${result.stderr}`);
	} finally {
		fs.rmSync(file, { force: true });
	}
}

/** Manual trigger → Send Message "Hello" with the credential `credentialId`. */
export function sendMessageWorkflow(id, credentialId) {
	return {
		id,
		name: `e2e: Base URL (${credentialId})`,
		nodes: [
			{
				parameters: {},
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
			},
			{
				name: 'Ask Vapi',
				type: rt.CUSTOM_NODE_TYPE,
				typeVersion: 1,
				position: [240, 0],
				credentials: { vapiApi: { id: credentialId, name: credentialId } },
				parameters: {
					resource: 'chat',
					operation: 'sendMessage',
					target: 'assistantId',
					assistantId: { __rl: true, mode: 'id', value: rt.EXAMPLE_ASSISTANT_ID },
					input: 'Hello',
					options: {},
				},
			},
		],
		connections: { Start: { main: [[{ node: 'Ask Vapi', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		active: false,
	};
}
