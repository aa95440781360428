import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, defineConfig } from '@playwright/test';
import { findChromium, probeMachine } from './scripts/chromium';

// The config is read by the runner and again by each worker: keep the port and data folder in
// the environment so they all agree on the one server the runner starts.
process.env.WAYMARK_E2E_PORT ??= String(20_000 + (process.pid % 20_000));
process.env.WAYMARK_E2E_DATA ??= mkdtempSync(join(tmpdir(), 'waymark-e2e-'));
process.env.WAYMARK_E2E_ADMIN_PASSWORD ??= 'e2e-admin-password';

const port = Number(process.env.WAYMARK_E2E_PORT);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
	testDir: 'tests/e2e',
	timeout: 90_000,
	expect: { timeout: 10_000 },
	fullyParallel: false,
	workers: process.env.CI ? 1 : 2,
	retries: 0,
	reporter: [['list']],
	use: {
		baseURL,
		serviceWorkers: 'allow',
		trace: 'retain-on-failure',
		launchOptions: {
			// WAYMARK_CHROMIUM, the system's Chromium, or Playwright's own (scripts/ensure-chromium.ts,
			// run by npm test first, installs one when none is there).
			executablePath: findChromium(probeMachine(chromium.executablePath()))?.path,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		}
	},
	webServer: {
		command: 'node --unhandled-rejections=warn --import tsx server/main.ts',
		url: `${baseURL}/couch/`,
		reuseExistingServer: false,
		timeout: 60_000,
		stdout: 'pipe',
		env: {
			PORT: String(port),
			HOST: '127.0.0.1',
			DATA_DIR: process.env.WAYMARK_E2E_DATA,
			WAYMARK_ADMIN_PASSWORD: process.env.WAYMARK_E2E_ADMIN_PASSWORD,
			// No nightly backup into the working folder during a test run.
			WAYMARK_BACKUP: '0'
		}
	}
});
