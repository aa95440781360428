import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, defineConfig } from '@playwright/test';
import { findChromium, probeMachine } from './scripts/chromium';

// Two browser workers (the build machine has two cores), each with a server and data folder of its
// own, so one worker's tablets, sign-in throttles and sessions never meet the other's and no test
// depends on what an earlier file left behind. Three were tried: on a quiet two-core machine all
// passed, but every test ran slower (31.7 worker-minutes against 22.6) and the whole took 10.9
// minutes against 9.8–11.5 with two. WAYMARK_E2E_WORKERS overrides.
const workers = Math.max(1, Number(process.env.WAYMARK_E2E_WORKERS ?? 2));

// The config is read by the runner and again by each worker: keep the ports and data folders in
// the environment so they all agree on the servers the runner starts.
process.env.WAYMARK_E2E_PORT ??= String(20_000 + ((process.pid * 8) % 40_000));
process.env.WAYMARK_E2E_ADMIN_PASSWORD ??= 'e2e-admin-password';
const servers = Array.from({ length: workers }, (_, i) => {
	const key = `WAYMARK_E2E_DATA_${i}`;
	process.env[key] ??= mkdtempSync(join(tmpdir(), `waymark-e2e-${i}-`));
	const port = Number(process.env.WAYMARK_E2E_PORT) + i;
	return { port, dataDir: process.env[key], url: `http://127.0.0.1:${port}` };
});

// Playwright sets TEST_PARALLEL_INDEX (0 … workers - 1) in a worker before it reads this config,
// so `baseURL` is that worker's own server; a test only ever uses `baseURL` (or `page.goto('/…')`).
// In the runner itself (no index) it is the first server's.
const parallelIndex = Number(process.env.TEST_PARALLEL_INDEX ?? 0) % workers;
const baseURL = servers[parallelIndex]!.url;

// Files with a test of several minutes are handed out first, so no worker is left with one at
// the end while the other sits idle (Playwright hands out files in project, then name, order).
const LONG_FIRST = [/trust\.spec\.ts$/];

export default defineConfig({
	testDir: 'tests/e2e',
	timeout: 90_000,
	expect: { timeout: 10_000 },
	fullyParallel: false,
	workers,
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
	projects: [
		{ name: 'long-first', testMatch: LONG_FIRST },
		{ name: 'e2e', testIgnore: LONG_FIRST }
	],
	webServer: servers.map(({ port, dataDir, url }) => ({
		command: 'node --unhandled-rejections=warn --import tsx server/main.ts',
		url: `${url}/couch/`,
		reuseExistingServer: false,
		timeout: 60_000,
		stdout: 'pipe' as const,
		env: {
			PORT: String(port),
			HOST: '127.0.0.1',
			DATA_DIR: dataDir,
			WAYMARK_ADMIN_PASSWORD: process.env.WAYMARK_E2E_ADMIN_PASSWORD!,
			// No nightly backup into the working folder during a test run.
			WAYMARK_BACKUP: '0'
		}
	}))
});
