// The browser part of the end-to-end test: n8n's editor in Debian's chromium, driven by
// playwright-core (no browser download). Screenshots go to test/screenshots/ (git-ignored).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { SCREENSHOTS_DIR, STATE_DIR } from '../../scripts/n8n-runtime.mjs';
import { CHROMIUM_ARGS, ensureChromium } from './chromium.mjs';

const WORKFLOW_ID = 'vapiChainedConv1';
const FIRST_TURN = 'Turn 1: introduce yourself';
const LAST_TURN = 'Turn 3: ask what it remembers';

/** Labels the Send Message panel shows for a saved assistant with text input (issue 2's contract). */
const LABELS = [
	'Credential',
	'Resource',
	'Operation',
	'Send To',
	'Assistant',
	'Previous Chat ID',
	'Session',
	'Input Type',
	'Message',
	'Simplify Output',
];
const HINT = 'To continue a conversation, map the Chat ID output of an earlier Vapi node';
const OPTION_LABELS = ['Chat Name', 'Stream', 'Variable Values'];

/**
 * Launch chromium, sign in as `owner` and run `checks(page, shot)`; a failing check leaves
 * `failure.png`. The browser and its throwaway profile are removed afterwards.
 */
export async function withEditor({ url, owner, log }, checks) {
	const executablePath = ensureChromium(log);
	fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
	// A fresh profile under .n8n/, which is also the browser's HOME: chromium writes crash reports and
	// dconf files to ~/.config and ~/.cache otherwise.
	fs.mkdirSync(STATE_DIR, { recursive: true });
	const userDataDir = fs.mkdtempSync(path.join(STATE_DIR, 'chromium-'));
	// launchPersistentContext: the profile folder is ours (launch() refuses --user-data-dir).
	const context = await chromium.launchPersistentContext(userDataDir, {
		executablePath,
		headless: true,
		args: CHROMIUM_ARGS,
		viewport: { width: 1440, height: 900 },
		env: {
			...process.env,
			HOME: userDataDir,
			XDG_CONFIG_HOME: path.join(userDataDir, '.config'),
			XDG_CACHE_HOME: path.join(userDataDir, '.cache'),
		},
	});
	const page = context.pages()[0] ?? (await context.newPage());
	page.setDefaultTimeout(30_000);
	const shot = async (name) => {
		const file = path.join(SCREENSHOTS_DIR, `${name}.png`);
		await page.screenshot({ path: file });
		log(`  screenshot ${path.relative(process.cwd(), file)}`);
	};
	try {
		// Sign in as the owner.
		await page.goto(`${url}/signin`);
		await page.fill('#emailOrLdapLoginId', owner.email);
		await page.fill('#password', owner.password);
		await page.click('[data-test-id="form-submit-button"]');
		await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
		return await checks(page, shot);
	} catch (error) {
		await shot('failure').catch(() => {});
		throw error;
	} finally {
		await context.close();
		fs.rmSync(userDataDir, { recursive: true, force: true });
	}
}

/**
 * The chained example's Send Message panel: every field with its label, the hint, the assistant
 * picker, the options; then a step run shows the answer and turn 3 quotes turn 1.
 */
export async function checkSendMessagePanel(page, shot, url) {
	// The example workflow: three Vapi nodes, loaded from dist/ as CUSTOM.vapi.
	await page.goto(`${url}/workflow/${WORKFLOW_ID}`);
	const vapiNodes = page.locator('[data-test-id="canvas-node"][data-node-type="CUSTOM.vapi"]');
	await vapiNodes.first().waitFor();
	assert.equal(await vapiNodes.count(), 3);
	await shot('01-canvas');

	// The node panel: every Send Message field with its label, and the hint under Previous Chat ID.
	await openNode(page, FIRST_TURN);
	const parameters = page.locator('[data-test-id="ndv"] [data-test-id="node-parameters"]');
	for (const label of LABELS) {
		await parameters.getByText(label, { exact: true }).first().waitFor({ state: 'visible' });
	}
	await parameters.getByText(HINT).waitFor();
	assert.equal(
		await parameters.locator('[data-test-id="parameter-input-input"] textarea').inputValue(),
		"Hi! I'm Ada and I'm planning a trip to Lisbon in May.",
	);
	await assertFieldValue(parameters, 'target', 'Assistant');
	await assertFieldValue(parameters, 'assistantId', 'Support Bot');
	await shot('02-node-panel');

	// The assistant picker lists the simulator's assistants (listSearch through the credential).
	await parameters
		.locator('[data-test-id="parameter-input-assistantId"] [data-test-id="rlc-input"]')
		.click();
	await page
		.getByText(/^Sales Assistant\b/)
		.first()
		.waitFor();
	await shot('03-assistant-list');
	await page.keyboard.press('Escape');

	// Options: the collection offers the request options by their labels.
	await parameters.locator('[data-test-id="collection-parameter-add"]').first().click();
	for (const label of OPTION_LABELS) await page.getByText(label, { exact: true }).first().waitFor();
	await shot('04-options');
	await page.keyboard.press('Escape');

	// Run the step: the answer appears in the output panel.
	await page.locator('[data-test-id="ndv"] [data-test-id="node-execute-button"]').click();
	const output = page.locator('[data-test-id="output-panel"]');
	await output
		.getByText(/You said: "Hi! I'm Ada/)
		.first()
		.waitFor({ timeout: 60_000 });
	await shot('05-output');
	await page.locator('[data-test-id="ndv-close-button"]').click();

	// The third turn run from the editor: n8n runs turns 1 and 2 first; the answer quotes turn 1.
	await openNode(page, LAST_TURN);
	await page.locator('[data-test-id="ndv"] [data-test-id="node-execute-button"]').click();
	await output
		.getByText(/Earlier you said: "Hi! I'm Ada/)
		.first()
		.waitFor({ timeout: 90_000 });
	await shot('06-third-turn-output');
	await page.locator('[data-test-id="ndv-close-button"]').click();
}

const CHAT_EXAMPLE_ID = 'vapiChatAssist01';
/** The chat example's nodes and the types n8n must know (a missing one renders as unknown). */
const CHAT_EXAMPLE_NODES = {
	'When chat message received': '@n8n/n8n-nodes-langchain.chatTrigger',
	"Find the chat's Vapi session": 'CUSTOM.vapi',
	'Found one?': 'n8n-nodes-base.if',
	'Create a Vapi session': 'CUSTOM.vapi',
	'Ask the Vapi assistant': 'CUSTOM.vapi',
};
const SEND_MESSAGE = 'Ask the Vapi assistant';

/**
 * The chat example in the editor: its nodes render, the Send Message node shows its session and
 * the "Stream Answer to Caller" option, then two messages in the canvas chat ("Open chat", a manual
 * run of the Chat Trigger): the answers appear piece by piece — the chat body is watched with a
 * MutationObserver, which records every text it showed. `messages` are `{ text, answerIncludes }`:
 * what to type, and text the answer ends up showing. Resolves with `{ answers, texts }` (the chat
 * body after each answer, and every text it showed) for the caller to check.
 */
export async function checkChatExample(page, shot, url, { messages }) {
	await page.goto(`${url}/workflow/${CHAT_EXAMPLE_ID}`);
	const nodes = page.locator('[data-test-id="canvas-node"]');
	await nodes.first().waitFor();
	await page.waitForFunction(
		(count) => document.querySelectorAll('[data-test-id="canvas-node"]').length >= count,
		Object.keys(CHAT_EXAMPLE_NODES).length,
	);
	const shown = Object.fromEntries(
		await nodes.evaluateAll((els) =>
			els.map((e) => [e.getAttribute('data-node-name'), e.getAttribute('data-node-type')]),
		),
	);
	assert.deepEqual(shown, CHAT_EXAMPLE_NODES);
	await shot('07-chat-example');

	// Send Message: the session from the previous node, and the live-answer option.
	await openNode(page, SEND_MESSAGE);
	const parameters = page.locator('[data-test-id="ndv"] [data-test-id="node-parameters"]');
	for (const label of ['Send To', 'Session', 'Message', 'Stream Answer to Caller']) {
		await parameters.getByText(label, { exact: true }).first().waitFor({ state: 'visible' });
	}
	await assertFieldValue(parameters, 'target', "The Session's or Previous Chat's Assistant");
	await shot('08-chat-send-message');
	await page.locator('[data-test-id="ndv-close-button"]').click();

	// The canvas chat: a manual run per message, answered live by the Vapi node.
	await page.locator('[data-test-id="workflow-chat-button"]').click();
	const chat = page.locator('[data-test-id="canvas-chat"]');
	const input = chat.locator('textarea').first();
	await input.waitFor();
	await enlargeLogsPanel(page);
	await page.evaluate(() => {
		const body = document.querySelector('[data-test-id="canvas-chat-body"]');
		window.__vapiChatTexts = [];
		new MutationObserver(() => window.__vapiChatTexts.push(body.innerText)).observe(body, {
			subtree: true,
			childList: true,
			characterData: true,
		});
	});
	const answers = [];
	for (const [index, message] of messages.entries()) {
		await input.fill(message.text);
		await page.keyboard.press('Enter');
		await chat
			.locator('[data-test-id="canvas-chat-body"]')
			.getByText(message.answerIncludes, { exact: false })
			.first()
			.waitFor({ timeout: 60_000 });
		await page
			.locator('[data-test-id="logs-overview-status"]')
			.getByText(/^Success/)
			.waitFor({ timeout: 60_000 });
		const text = await chat.locator('[data-test-id="canvas-chat-body"]').innerText();
		answers.push(text);
		await shot(`${String(9 + index).padStart(2, '0')}-chat-answer-${index + 1}`);
	}
	const texts = await page.evaluate(() => window.__vapiChatTexts);
	return { answers, texts };
}

/** Drag the chat and logs panel up to half the window, so the screenshots show the conversation. */
async function enlargeLogsPanel(page) {
	const handles = await page
		.locator('[data-test-id="resize-handle"]')
		.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()));
	const top = handles.find((r) => r.width > 800 && r.height < 10);
	if (!top) return; // another layout: the screenshots are smaller, the checks the same
	const x = top.x + top.width / 2;
	await page.mouse.move(x, top.y + top.height / 2);
	await page.mouse.down();
	await page.mouse.move(x, 330, { steps: 8 });
	await page.mouse.up();
}

async function openNode(page, name) {
	await page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`).dblclick();
	await page.locator('[data-test-id="ndv"] [data-test-id="node-parameters"]').waitFor();
}

async function assertFieldValue(parameters, name, expected) {
	const field = parameters.locator(`[data-test-id="parameter-input-${name}"]`);
	const values = await field.locator('input').evaluateAll((inputs) => inputs.map((i) => i.value));
	const text = await field.innerText();
	assert.ok(
		values.includes(expected) || text.includes(expected),
		`${name} shows ${JSON.stringify(values)} / ${JSON.stringify(text)}, expected ${expected}`,
	);
}
