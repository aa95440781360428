/**
 * How long the trends dashboard takes to open on a tablet holding a year of a 150-pupil
 * provision (scripts/large-dataset.ts). Signs a fresh tablet in through the UI, waits until the
 * sync has put every record in Dexie, then times tap on "Trends" → dashboard data-ready:
 *
 * - "after sync": the first open after the initial sync (whatever the app did while idle counts);
 * - "cold": the first open with the derived attendance rows cleared (if the build has them);
 * - "repeat": later opens (navigate to /pupils, tap Trends again);
 *
 * each unthrottled and with 4× CPU throttling.
 *
 *   flock /tmp/waymark-build.lock npx tsx bench/trends-open.ts [--no-build] [--pupils 150] [--repeat 5]
 */
import type { BrowserContext, Page } from '@playwright/test';
import path from 'node:path';
import { RECORD_TYPES } from '../src/lib/domain/kinds';
import { generateLargeDataset } from '../scripts/large-dataset';
import { BENCH_LOGIN, BENCH_ORG, seedLarge } from '../scripts/seed-large';
import { ADMIN, ROOT, launchTablet, log, prepareBuild, profiled, startServer, tempDir } from './setup';

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const pupilCount = Number(option('--pupils') ?? 150);
const repeats = Number(option('--repeat') ?? 5);
const PROBE = path.join(ROOT, 'bench/in-page.js');
const PIN = '2468';
/** `--profile`: also record one repeat open (unthrottled) with the DevTools CPU profiler and print where the time went. */
const profile = args.includes('--profile');
/** The derived store cleared for a "cold" open (absent in builds before it existed). */
const DERIVED_STORE = 'attendanceDigest';

const call = <T>(page: Page, fn: string, arg: unknown = {}): Promise<T> =>
	page.evaluate<T>(`window.__benchLib.${fn}(${JSON.stringify(arg)})`);
const median = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
};

async function unlockIfLocked(page: Page) {
	const lock = page.getByTestId('tablet-lock');
	if (!(await lock.isVisible().catch(() => false))) return;
	const repeat = lock.getByLabel('Type the PIN again');
	if (await repeat.isVisible().catch(() => false)) {
		await lock.getByLabel('New PIN (4 to 8 digits)').fill(PIN);
		await repeat.fill(PIN);
		await lock.getByRole('button', { name: 'Save PIN' }).click();
	} else {
		await lock.getByLabel('PIN', { exact: true }).fill(PIN);
		await lock.getByRole('button', { name: 'Unlock' }).click();
	}
	await lock.waitFor({ state: 'hidden', timeout: 30_000 });
}

/** CPU throttling lasts as long as the DevTools session that set it: keep one open. */
async function throttler(tablet: BrowserContext, page: Page) {
	const cdp = await tablet.newCDPSession(page);
	return (rate: number) => cdp.send('Emulation.setCPUThrottlingRate', { rate });
}

/** Raw baseline in the same page: one IndexedDB getAll of every attendance document (what the old read did). */
async function rawGetAll(page: Page): Promise<number> {
	return page.evaluate(
		() =>
			new Promise<number>((resolve, reject) => {
				const req = indexedDB.open('waymark');
				req.onerror = () => reject(req.error);
				req.onsuccess = () => {
					const db = req.result;
					const t0 = performance.now();
					const get = db.transaction('attendance').objectStore('attendance').getAll();
					get.onsuccess = () => (db.close(), resolve(performance.now() - t0));
					get.onerror = () => (db.close(), reject(get.error));
				};
			})
	);
}

async function clearDerived(page: Page): Promise<boolean> {
	return page.evaluate(
		(store) =>
			new Promise<boolean>((resolve, reject) => {
				const req = indexedDB.open('waymark');
				req.onerror = () => reject(req.error);
				req.onsuccess = () => {
					const db = req.result;
					if (!db.objectStoreNames.contains(store)) {
						db.close();
						return resolve(false);
					}
					const tx = db.transaction(store, 'readwrite');
					tx.objectStore(store).clear();
					tx.oncomplete = () => (db.close(), resolve(true));
					tx.onerror = () => (db.close(), reject(tx.error));
				};
			}),
		DERIVED_STORE
	);
}

/** From /pupils, tap Trends; ms from the tap to data-ready. */
async function openTrends(page: Page): Promise<number> {
	await page.goto('/pupils');
	await unlockIfLocked(page);
	await page.locator('.pupil-row').first().waitFor({ timeout: 60_000 });
	await page.waitForTimeout(500);
	return openTrendsHere(page);
}

async function openTrendsHere(page: Page): Promise<number> {
	const tapsBefore = await page.evaluate(
		() => (window as unknown as { __bench: { taps: number[] } }).__bench.taps.length
	);
	const ready = call<number | null>(page, 'whenPresent', {
		selector: '[data-testid="trends-dashboard"][data-ready="true"]',
		timeoutMs: 60_000
	});
	await page.getByRole('link', { name: 'Trends' }).click();
	const readyAt = await ready;
	if (readyAt === null) throw new Error('the dashboard was not ready within 60 s');
	const tap = await page.evaluate(
		(n) => (window as unknown as { __bench: { taps: number[] } }).__bench.taps[n]!,
		tapsBefore
	);
	return readyAt - tap;
}

/** One open under the CPU profiler (bench/setup.ts `profiled`). */
async function profileOpen(tablet: BrowserContext, page: Page) {
	await page.goto('/pupils');
	await page.locator('.pupil-row').first().waitFor({ timeout: 60_000 });
	await page.waitForTimeout(500);
	const ms = await profiled(tablet, page, 'trends open', () => openTrendsHere(page));
	console.log(`profiled open took ${Math.round(ms)} ms`);
}

async function main() {
	const { buildDir } = prepareBuild(args.includes('--no-build'));
	const server = await startServer(buildDir);
	const tablet = await launchTablet(tempDir('waymark-bench-trends-'), server.url);
	const results: Record<string, number[]> = {};
	const record = (name: string, ms: number) => {
		(results[name] ??= []).push(Math.round(ms));
		log(`${name}: ${Math.round(ms)} ms`);
	};
	try {
		const dataset = generateLargeDataset({ pupils: pupilCount });
		await seedLarge(server.couchUrl, ADMIN, { org: BENCH_ORG.slug, pupils: pupilCount, log: () => undefined });
		const attendance = dataset.docs.filter((d) => d.type === 'attendance').length;
		log(`seeded ${dataset.docs.length} documents (${attendance} attendance)`);
		await tablet.addInitScript({ path: PROBE });
		const page = tablet.pages()[0] ?? (await tablet.newPage());
		page.on('pageerror', (e) => log(`page error: ${e.message}`));
		await page.goto('/sign-in');
		await page.getByLabel('User name').fill(BENCH_LOGIN.name);
		await page.getByLabel('Password').fill(BENCH_LOGIN.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		const t0 = Date.now();
		const done = await call<{ records: number }>(page, 'waitForRecords', {
			expected: dataset.docs.length,
			tables: RECORD_TYPES,
			everyMs: 500,
			timeoutMs: 600_000
		});
		log(`synced ${done.records} records in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
		await unlockIfLocked(page);
		await page.waitForTimeout(3000); // idle after sync, as a tablet would be

		record('unthrottled, first open after sync', await openTrends(page));
		const setThrottle = await throttler(tablet, page);
		if (profile) await profileOpen(tablet, page);
		for (const rate of [1, 4]) {
			await setThrottle(rate);
			const label = rate === 1 ? 'unthrottled' : `${rate}× throttle`;
			for (let i = 0; i < 3; i++) record(`${label}, raw IndexedDB getAll of all attendance`, await rawGetAll(page));
			for (let i = 0; i < repeats; i++) record(`${label}, repeat open`, await openTrends(page));
			for (let i = 0; i < Math.min(3, repeats); i++) {
				const cleared = await clearDerived(page);
				record(
					`${label}, cold open${cleared ? ' (derived rows cleared)' : ' (no derived rows)'}`,
					await openTrends(page)
				);
			}
		}
	} finally {
		await tablet.close().catch(() => undefined);
		await server.stop();
	}
	console.log('\nTrends dashboard open, tap → data-ready (ms)');
	for (const [name, xs] of Object.entries(results))
		console.log(`${name.padEnd(52)} median ${String(median(xs)).padStart(5)}   all ${xs.join(', ')}`);
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
