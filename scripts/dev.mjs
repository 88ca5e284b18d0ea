#!/usr/bin/env node
// `npm run dev`: the n8n editor with this package loaded. Builds the package, starts the Vapi
// simulator (or uses real Vapi when VAPI_API_KEY is set) and `n8n start` on 127.0.0.1, imports the
// Vapi credential and every example workflow, creates the owner account, publishes the chat example
// (its public chat URL then answers live) and prints the URLs and login. Ctrl-C stops everything it
// started.
//
// `npm run dev` is `gulp dev` (gulpfile.js): it builds, starts this script with --skip-build and,
// after each rebuild on a change in nodes/, credentials/ or icons/, sends it 'restart': n8n then
// restarts on the new build (same port, login and workflows); `node scripts/dev.mjs` runs it alone.
//
//   npm run dev                    keeps .n8n/dev/ (your own workflows) between runs
//   npm run dev -- --fresh         starts from an empty n8n
//   npm run dev -- --skip-build    reuse dist/ as it is (rebuild with `npm run build`, then restart)
//   N8N_PORT=5700 npm run dev      another port (default: 5678 when free, else any free port)
//   VAPI_SIM_FRAME_DELAY_MS=0 …    the simulator's pause between streamed frames (default 50 ms)

import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import * as rt from './n8n-runtime.mjs';

const CHAT_EXAMPLE_ID = 'vapiChatAssist01';

function portIsFree(port) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

async function choosePort() {
	const wanted = Number(process.env.N8N_PORT || 5678);
	if (await portIsFree(wanted)) return wanted;
	if (process.env.N8N_PORT) throw new rt.UserError(`Port ${wanted} (N8N_PORT) is in use.`);
	return rt.freePort();
}

async function chooseVapi() {
	if (!process.env.VAPI_API_KEY) {
		// Frames 50 ms apart, so a live answer (the chat example) is seen growing, as with real Vapi.
		const frameDelayMs = Number(process.env.VAPI_SIM_FRAME_DELAY_MS ?? 50);
		const sim = await rt.startSimulator({ frameDelayMs });
		return {
			apiKey: sim.apiKey,
			baseUrl: sim.url,
			label: `the local Vapi simulator at ${sim.url}`,
		};
	}
	const baseUrl = (process.env.VAPI_BASE_URL || 'https://api.vapi.ai').replace(/\/+$/, '');
	return {
		apiKey: process.env.VAPI_API_KEY,
		baseUrl,
		assistantId: process.env.VAPI_ASSISTANT_ID,
		label: `real Vapi at ${baseUrl}`,
	};
}

/**
 * Wait until n8n serves `POST /webhook/<webhookPath>`, with a probe n8n does not log: a CORS
 * preflight that names no method is answered 204 either way, and its Access-Control-Allow-Methods
 * lists the webhook's methods once it is registered. (A preflight that names POST, as
 * rt.waitForWebhook sends, is a 404 until then, and n8n 2.41 writes a stack trace of each to its
 * log: the dev log would open with errors that are not.)
 */
async function waitForWebhookQuietly(url, webhookPath, timeoutMs = 30_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const response = await fetch(`${url}/webhook/${webhookPath}`, {
			method: 'OPTIONS',
			headers: { origin: url },
		});
		await response.arrayBuffer();
		const methods = (response.headers.get('access-control-allow-methods') ?? '').split(/,\s*/);
		if (methods.includes('POST')) return;
		if (Date.now() > deadline)
			throw new rt.UserError(
				`The webhook POST /webhook/${webhookPath} was not registered within ${rt.formatSeconds(timeoutMs)}.`,
			);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/**
 * Publish the "Chat with a Vapi assistant" example, so its public chat URL works right away (the
 * import leaves every workflow unpublished). Resolves with that URL, or undefined after a warning.
 */
async function publishChatExample(url, workflows) {
	const example = workflows.find((w) => w.id === CHAT_EXAMPLE_ID);
	const trigger = example?.nodes.find((n) => n.type.endsWith('.chatTrigger'));
	if (!trigger) return undefined;
	const webhookPath = `${trigger.webhookId}/chat`;
	try {
		const rest = await rt.n8nRest(url);
		await rt.publishWorkflow(url, rest, example.id);
		await waitForWebhookQuietly(url, webhookPath);
		return `${url}/webhook/${webhookPath}`;
	} catch (error) {
		rt.log(`Could not publish "${example.name}": ${error.message}`);
		return undefined;
	}
}

async function main() {
	const started = Date.now();
	const fresh = process.argv.includes('--fresh');
	let stopping = false;
	const stop = async (code) => {
		if (stopping) return;
		stopping = true;
		rt.log('Stopping n8n and the simulator…');
		await rt.stopAll();
		process.exit(code);
	};
	process.on('SIGINT', () => stop(0));
	process.on('SIGTERM', () => stop(0));

	const runtime = await rt.ensureRuntime();
	await rt.preparePackage({ build: !process.argv.includes('--skip-build') });
	const vapi = await chooseVapi();
	const port = await choosePort();
	// N8N_DEV_FOLDER: another folder under .n8n/ (gulp dev's own test uses one, leaving yours alone)
	const folder = rt.userFolder(process.env.N8N_DEV_FOLDER || 'dev', { fresh });
	const env = await rt.n8nEnv({ userFolder: folder, port, logLevel: 'info' });

	// The simulator's port changes every run: the credential is imported again each time (same id,
	// so workflows keep pointing at it). The examples are re-imported too, as they are in the repo.
	rt.log('Importing the Vapi credential and the example workflows…');
	await rt.importCredential(env, { apiKey: vapi.apiKey, baseUrl: vapi.baseUrl });
	const workflows = rt
		.exampleFiles()
		.map((file) =>
			rt.prepareWorkflow(file, { assistantId: vapi.assistantId, baseUrl: vapi.baseUrl }),
		);
	await rt.importWorkflows(env, workflows);

	const logFile = path.join(folder, 'n8n.log');
	const log = fs.createWriteStream(logFile, { flags: 'a' });
	rt.log(`Starting n8n ${runtime.n8nVersion} (log: ${path.relative(rt.REPO, logFile)})…`);
	let server;
	const startServer = async () => {
		server = await rt.startN8n(env, { onOutput: (chunk) => log.write(chunk) });
		const { child } = server;
		child.on('close', (code) => {
			if (!stopping && child === server.child && !restarting) {
				process.stderr.write(
					`\n✖ n8n exited (code ${code}); see ${path.relative(rt.REPO, logFile)}\n`,
				);
				stop(1);
			}
		});
	};
	let restarting = false;
	const restartOnNewBuild = async () => {
		const restartStarted = Date.now();
		restarting = true;
		try {
			await server.stop();
			rt.stagePackage();
			await startServer();
			rt.log(
				`n8n restarted on the new build in ${rt.formatSeconds(Date.now() - restartStarted)}: ${server.url}`,
			);
			process.send('restarted');
		} catch (error) {
			process.stderr.write(`\n✖ restarting n8n failed: ${error.message}\n`);
			process.send('restart-failed');
			stop(1);
		} finally {
			restarting = false;
		}
	};
	if (process.send) {
		process.on('message', (message) => message === 'restart' && restartOnNewBuild());
		process.on('disconnect', () => stop(0)); // gulp is gone: stop what this script started
	}
	await startServer();
	const owner = await rt.ensureOwner(server.url);
	const chatUrl = await publishChatExample(server.url, workflows);

	process.stdout.write(`
n8n is ready in ${rt.formatSeconds(Date.now() - started)}: ${server.url}
  Login        ${owner.email} / ${owner.password}
  Vapi         ${vapi.label} (credential "${rt.CREDENTIAL_NAME}")
  Workflows    ${workflows.map((w) => `${server.url}/workflow/${w.id}  ${w.name}`).join('\n               ')}
  Chat         ${chatUrl ?? '(the chat example could not be published; see the message above)'}
               the chat example, published: its public chat page answers live (the page loads n8n's
               chat widget from cdn.jsdelivr.net); offline, use "Open chat" on its canvas instead
  Node         "Vapi" in the nodes panel (built dist/, staged in .n8n/extension/, type ${rt.CUSTOM_NODE_TYPE})
Press Ctrl-C to stop n8n and the simulator.
`);
	await new Promise(() => {});
}

rt.runMain(main);
