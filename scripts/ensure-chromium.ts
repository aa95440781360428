/**
 * Run by `npm test` before the end-to-end tests: make sure a Chromium is there, installing one when it
 * can (Playwright's download, or Debian's package as root), or stop with one line saying what to install.
 */
import { spawnSync } from 'node:child_process';
import { chromium } from '@playwright/test';
import { findChromium, INSTALL_HINT, installSteps, probeMachine, type InstallStep } from './chromium';

function playwrightPath(): string | null {
	try {
		return chromium.executablePath();
	} catch {
		return null;
	}
}

const COMMANDS: Record<InstallStep, string[][]> = {
	'playwright-download': [['npx', 'playwright', 'install', 'chromium']],
	'apt-get': [
		['apt-get', 'update', '-qq'],
		['apt-get', 'install', '-y', '-qq', 'chromium']
	]
};

function run(step: InstallStep): void {
	for (const [cmd, ...args] of COMMANDS[step]) {
		console.log(`[chromium] ${[cmd, ...args].join(' ')}`);
		const result = spawnSync(cmd!, args, {
			stdio: ['ignore', 'inherit', 'inherit'],
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
			// A download that hangs on a closed network must not hold the test run for long.
			timeout: 10 * 60_000
		});
		if (result.status !== 0) return;
	}
}

let found = findChromium(probeMachine(playwrightPath()));
if (!found) {
	for (const step of installSteps(probeMachine(playwrightPath()))) {
		run(step);
		found = findChromium(probeMachine(playwrightPath()));
		if (found) break;
	}
}
if (!found) {
	const named = process.env.WAYMARK_CHROMIUM;
	console.error(named ? `WAYMARK_CHROMIUM names ${named}, which does not exist.` : INSTALL_HINT);
	process.exit(1);
}
console.log(`[chromium] end-to-end tests use ${found.path} (${found.source})`);
