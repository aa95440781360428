/**
 * `npm run bench:network`: a first sync over a school's network (issue 16.6). An empty tablet
 * (Chromium, 4× CPU throttling as in `npm run bench`) signs in and syncs a provision's year of
 * records, twice in the same run, each into a fresh browser profile:
 *
 *   - over an emulated school network (Chrome DevTools Protocol `Network.emulateNetworkConditions`:
 *     10 Mbit/s down and up, 40 ms round trip, shared by nobody else here);
 *   - over plain loopback (the same first sync with no network limit), for comparison.
 *
 * For each: time from the tap on "Sign in" until every record is in Dexie, and the bytes of the
 * sync traffic (`/couch/…`) as they crossed the wire (`encodedDataLength`: headers and the
 * compressed bodies) against the bodies once decompressed (what an uncompressed server would send).
 * The app's own files are counted apart (the page's requests; the service worker's precache is
 * another target and is not counted). Prints and writes bench/network-results.json.
 *
 *   npm run bench:network -- [--no-build] [--pupils 20] [--mbit 10] [--rtt 40]
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { RECORD_TYPES } from '../src/lib/domain/kinds';
import { BENCH_LOGIN, seedLarge } from '../scripts/seed-large';
import { ADMIN, CPU_THROTTLE, ROOT, launchBrowser, log, prepareBuild, startServer } from './setup';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) =>
	args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback;
const PUPILS = option('--pupils', 20);
const MBIT = option('--mbit', 10);
const RTT_MS = option('--rtt', 40);
const SYNC_DEADLINE_MS = 8 * 60_000;
const PROBE = path.join(ROOT, 'bench/in-page.js');
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const mb = (bytes: number) => round(bytes / 1_000_000, 2);

interface Traffic {
	requests: number;
	wireBytes: number;
	bodyBytes: number;
}

async function firstSync(browser: Browser, baseURL: string, expected: number, network: boolean) {
	const context = await browser.newContext({ baseURL, viewport: { width: 1024, height: 768 } });
	try {
		await context.addInitScript({ path: PROBE });
		const page: Page = await context.newPage();
		const cdp = await context.newCDPSession(page);
		await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLE });
		await cdp.send('Network.enable');
		if (network) {
			const bytesPerSecond = (MBIT * 1_000_000) / 8;
			await cdp.send('Network.emulateNetworkConditions', {
				offline: false,
				latency: RTT_MS,
				downloadThroughput: bytesPerSecond,
				uploadThroughput: bytesPerSecond
			});
		}
		const urls = new Map<string, string>();
		const decoded = new Map<string, number>();
		const sync: Traffic = { requests: 0, wireBytes: 0, bodyBytes: 0 };
		const app: Traffic = { requests: 0, wireBytes: 0, bodyBytes: 0 };
		cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
		cdp.on('Network.dataReceived', (e) => decoded.set(e.requestId, (decoded.get(e.requestId) ?? 0) + e.dataLength));
		cdp.on('Network.loadingFinished', (e) => {
			const url = urls.get(e.requestId) ?? '';
			const into = new URL(url, baseURL).pathname.startsWith('/couch/') ? sync : app;
			into.requests++;
			into.wireBytes += e.encodedDataLength;
			into.bodyBytes += decoded.get(e.requestId) ?? 0;
		});
		await page.goto('/sign-in');
		await page.getByLabel('User name').fill(BENCH_LOGIN.name);
		await page.getByLabel('Password').fill(BENCH_LOGIN.password);
		const appBeforeSignIn = { ...app };
		const tapped = await page.evaluate(() => performance.now());
		await page.getByRole('button', { name: 'Sign in' }).click();
		const done = await page.evaluate<{ at: number; records: number }>(
			`window.__benchLib.waitForRecords(${JSON.stringify({
				expected,
				tables: RECORD_TYPES,
				everyMs: 250,
				timeoutMs: SYNC_DEADLINE_MS
			})})`
		);
		return {
			seconds: round((done.at - tapped) / 1000),
			records: done.records,
			complete: done.records >= expected,
			sync: { ...sync, wireMb: mb(sync.wireBytes), bodyMb: mb(sync.bodyBytes) },
			signInPage: { ...appBeforeSignIn, wireMb: mb(appBeforeSignIn.wireBytes), bodyMb: mb(appBeforeSignIn.bodyBytes) }
		};
	} finally {
		await context.close();
	}
}

async function main() {
	const started = Date.now();
	const { buildDir } = prepareBuild(args.includes('--no-build'));
	const server = await startServer(buildDir);
	const browser = await launchBrowser();
	const results: Record<string, unknown> = {
		date: new Date().toISOString(),
		pupils: PUPILS,
		network: { mbitPerSecond: MBIT, roundTripMs: RTT_MS },
		cpuThrottle: CPU_THROTTLE
	};
	try {
		const seeded = await seedLarge(server.couchUrl, ADMIN, { org: 'network', pupils: PUPILS, log: () => undefined });
		const documents = Object.values(seeded.counts).reduce((a, b) => a + b, 0);
		results.documents = documents;
		log(`seeded ${documents} documents; first sync over ${MBIT} Mbit/s, ${RTT_MS} ms round trip`);
		results.schoolNetwork = await firstSync(browser, server.url, documents, true);
		log(`school network: ${JSON.stringify(results.schoolNetwork)}`);
		results.loopback = await firstSync(browser, server.url, documents, false);
		log(`loopback, same run: ${JSON.stringify(results.loopback)}`);
	} finally {
		await browser.close();
		await server.stop();
	}
	results.runSeconds = Math.round((Date.now() - started) / 1000);
	writeFileSync(path.join(ROOT, 'bench/network-results.json'), JSON.stringify(results, null, 2) + '\n');
	log(`wrote bench/network-results.json (${results.runSeconds as number} s)`);
}

main().then(
	() => process.exit(0),
	(e: Error) => {
		console.error(e);
		process.exit(1);
	}
);
