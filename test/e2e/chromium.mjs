// Debian's chromium for the browser check: installed with apt when missing (no browser downloads).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
];

/** Make sure Debian's chromium is there; install it with apt-get (root only) when it is not. */
export function ensureChromium(log) {
	if (fs.existsSync(CHROMIUM)) return CHROMIUM;
	if (process.getuid?.() !== 0) {
		throw new Error(
			`${CHROMIUM} is missing and this is not root: install it with \`sudo apt-get install -y chromium\` (or set CHROMIUM_PATH).`,
		);
	}
	log("Installing Debian's chromium with apt-get (once)…");
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	for (const args of [
		['update', '-qq'],
		['install', '-y', '-qq', '--no-install-recommends', 'chromium'],
	]) {
		const result = spawnSync('apt-get', args, { env, stdio: 'inherit' });
		if (result.status !== 0)
			throw new Error(
				`apt-get ${args.join(' ')} failed (exit ${result.status ?? result.error?.message}).`,
			);
	}
	if (!fs.existsSync(CHROMIUM))
		throw new Error(`apt-get installed chromium, but ${CHROMIUM} is missing.`);
	return CHROMIUM;
}
