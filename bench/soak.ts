/**
 * `npm run bench:soak`: a tab open all day. One signed-in tablet (Chromium, 1080×810, the demo
 * organisation) goes round the screens a teacher uses, without ever reloading the page, for
 * `--cycles` rounds (100 unless told): a lesson's register and exit tickets, a pupil's page and
 * progress timeline, Trends, the attendance register (a mark changed each round), and offline for
 * every third round. After each round it forces a garbage collection and records (DevTools
 * Protocol) the JS heap in use, the JS event listeners, the DOM nodes and the documents, and the
 * time from a tap on an exit-ticket option to the row saying "✓ Saved".
 *
 * It prints, and writes to bench/soak-results.json, the slope of each per round after the
 * warm-up rounds (least squares): a tab that leaks shows a steady climb, a healthy one ~0.
 *
 *   npm run bench:soak                      build, then 100 rounds (about 5 minutes)
 *   npm run bench:soak -- --no-build --cycles 40
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CDPSession, Page } from '@playwright/test';
import { ROOT, launchBrowser, log, prepareBuild, startServer } from './setup';

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const cycles = Number(option('--cycles') ?? 100);
const warmUp = Number(option('--warm-up') ?? Math.min(15, Math.floor(cycles / 4)));
/** The whole run stops here whatever is left, so it stays bounded. */
const TIME_LIMIT_MS = Number(option('--minutes') ?? 6) * 60_000;
const TEACHER = { name: 'teacher1', password: 'waymark-demo-1' };
const PIN = '2468';

interface Sample {
	cycle: number;
	heapMb: number;
	listeners: number;
	nodes: number;
	documents: number;
	tapMs: number;
	offline: boolean;
}

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
	const n = xs.length;
	if (n < 2) return NaN;
	const mx = xs.reduce((a, b) => a + b, 0) / n;
	const my = ys.reduce((a, b) => a + b, 0) / n;
	let num = 0;
	let den = 0;
	for (let i = 0; i < n; i++) {
		num += (xs[i]! - mx) * (ys[i]! - my);
		den += (xs[i]! - mx) ** 2;
	}
	return num / den;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? NaN;

async function signIn(page: Page) {
	await page.goto('/');
	await page.waitForURL('**/sign-in');
	await page.getByLabel('User name').fill(TEACHER.name);
	await page.getByLabel('Password').fill(TEACHER.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
	await page.getByLabel('New PIN (4 to 8 digits)').fill(PIN);
	await page.getByLabel('Type the PIN again').fill(PIN);
	await page.getByRole('button', { name: 'Save PIN' }).click();
	await page.getByTestId('tablet-lock').waitFor({ state: 'hidden' });
}

/** In-app navigation only (a reload would hide any leak): the main tab bar or a link on the page. */
async function nav(page: Page, label: string) {
	await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click();
}

async function measure(cdp: CDPSession) {
	await cdp.send('HeapProfiler.collectGarbage');
	await cdp.send('HeapProfiler.collectGarbage');
	const heap = await cdp.send('Runtime.getHeapUsage');
	const counters = await cdp.send('Memory.getDOMCounters');
	return {
		heapMb: heap.usedSize / 1_048_576,
		listeners: counters.jsEventListeners,
		nodes: counters.nodes,
		documents: counters.documents
	};
}

/**
 * Tap an exit-ticket option and time, inside the page, from the click until the option shows as
 * chosen, the save has committed to IndexedDB, and the next frame is painted.
 */
async function timedTicketTap(page: Page, option: string): Promise<number> {
	const row = page.getByTestId('ticket-row').first();
	// Dexie fires x-storagemutated-1 on the window when a write transaction has committed (how
	// its live queries hear of it): then the save is stored.
	const timed = row.evaluate(
		(el, label) =>
			new Promise<number>((resolve) => {
				let tappedAt = 0;
				document.addEventListener('click', () => (tappedAt = performance.now()), { capture: true, once: true });
				const onSaved = () => {
					const chosen = [...el.querySelectorAll('label')].find((l) => l.textContent?.trim() === label);
					if (!tappedAt || !chosen?.classList.contains('checked')) return;
					removeEventListener('x-storagemutated-1', onSaved);
					requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - tappedAt)));
				};
				addEventListener('x-storagemutated-1', onSaved);
			}),
		option
	);
	await row.getByRole('radio', { name: option }).click();
	return Promise.race([timed, new Promise<number>((r) => setTimeout(() => r(NaN), 10_000))]);
}

async function main() {
	const started = Date.now();
	const { buildDir } = prepareBuild(args.includes('--no-build'));
	const server = await startServer(buildDir, { seedDemo: true });
	const browser = await launchBrowser();
	const samples: Sample[] = [];
	try {
		const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1080, height: 810 } });
		const page = await context.newPage();
		page.setDefaultTimeout(30_000);
		await signIn(page);
		// tsx names inner functions through a helper (__name) that the page does not have.
		await page.evaluate('window.__name = (f) => f');
		const cdp = await context.newCDPSession(page);
		await cdp.send('HeapProfiler.enable');

		// One lesson for the whole day, with every demo pupil of the first year group present.
		await nav(page, 'Lessons');
		await page.getByRole('link', { name: 'Start a lesson' }).click();
		await page.getByLabel('Topic').fill('Soak test');
		await page.getByLabel('Find a pupil').fill('a');
		await page.getByRole('button', { name: 'Choose all shown' }).click();
		await page.getByRole('button', { name: 'Start lesson' }).click();
		await page.getByRole('heading', { name: /Soak test/, level: 1 }).waitFor();
		const lessonUrl = new URL(page.url()).pathname;
		const tiles = page.getByRole('list', { name: 'Register' }).getByRole('button');
		for (let i = 0; i < Math.min(4, await tiles.count()); i++) await tiles.nth(i).click();
		await page.getByTestId('ticket-row').first().waitFor();
		log(`lesson ${lessonUrl}; ${cycles} rounds, warm-up ${warmUp}`);

		const options = ['Secure', 'Developing', 'Not yet'];
		for (let cycle = 1; cycle <= cycles; cycle++) {
			if (Date.now() - started > TIME_LIMIT_MS) {
				log(`time limit reached after ${cycle - 1} rounds`);
				break;
			}
			const offline = cycle % 3 === 0;
			if (offline) await context.setOffline(true);

			// Lesson: register and exit tickets.
			await nav(page, 'Lessons');
			await page.getByRole('heading', { name: 'Lessons', level: 1 }).waitFor();
			await page.locator(`a[href="${lessonUrl}"]`).first().click();
			await page.getByRole('heading', { name: /Soak test/, level: 1 }).waitFor();
			await page.getByTestId('ticket-row').first().waitFor();
			const tapMs = await timedTicketTap(page, options[cycle % options.length]!);
			const rows = page.getByTestId('ticket-row');
			if ((await rows.count()) > 1)
				await rows
					.nth(1)
					.getByRole('radio', { name: options[(cycle + 1) % options.length]! })
					.click();

			// A pupil's page and progress timeline.
			await nav(page, 'Pupils');
			await page.getByRole('list', { name: 'Pupils' }).getByRole('link').first().click();
			await page.getByRole('link', { name: 'Progress timeline and evidence pack' }).click();
			await page.getByRole('heading', { level: 1 }).waitFor();

			// Trends, until every figure and chart is drawn.
			await nav(page, 'Trends');
			await page.locator('[data-testid="trends-dashboard"][data-ready="true"]').waitFor();

			// The attendance register: change one mark.
			await nav(page, 'Office');
			await page
				.getByRole('link', { name: /Attendance/ })
				.first()
				.click();
			await page.getByRole('heading', { name: 'Attendance register', level: 1 }).waitFor();
			const firstRow = page
				.getByRole('list', { name: /^Register for/ })
				.getByRole('group')
				.first();
			await firstRow.getByRole('radio', { name: cycle % 2 ? 'Late' : 'Present', exact: true }).click();

			await nav(page, 'Today');
			if (offline) await context.setOffline(false);
			const m = await measure(cdp);
			samples.push({ cycle, ...m, tapMs, offline });
			if (cycle % 10 === 0 || cycle === 1)
				log(
					`round ${cycle}: heap ${m.heapMb.toFixed(1)} MB, listeners ${m.listeners}, nodes ${m.nodes}, tap ${tapMs.toFixed(0)} ms`
				);
		}
		await context.close();
	} finally {
		await browser.close();
		await server.stop();
	}

	const steady = samples.filter((s) => s.cycle > warmUp);
	const xs = steady.map((s) => s.cycle);
	const first = steady[0];
	const last = steady.at(-1);
	const result = {
		rounds: samples.length,
		warmUp,
		minutes: (Date.now() - started) / 60_000,
		perRoundAfterWarmUp: {
			heapKb: slope(
				xs,
				steady.map((s) => s.heapMb * 1024)
			),
			listeners: slope(
				xs,
				steady.map((s) => s.listeners)
			),
			nodes: slope(
				xs,
				steady.map((s) => s.nodes)
			),
			tapMs: slope(
				xs,
				steady.map((s) => s.tapMs).map((v) => (Number.isFinite(v) ? v : 0))
			)
		},
		afterWarmUp: first && {
			heapMb: first.heapMb,
			listeners: first.listeners,
			nodes: first.nodes
		},
		end: last && { heapMb: last.heapMb, listeners: last.listeners, nodes: last.nodes, documents: last.documents },
		tapMsMedian: {
			firstTen: median(steady.slice(0, 10).map((s) => s.tapMs)),
			lastTen: median(steady.slice(-10).map((s) => s.tapMs))
		},
		samples
	};
	writeFileSync(path.join(ROOT, 'bench/soak-results.json'), JSON.stringify(result, null, '\t') + '\n');
	const r = result.perRoundAfterWarmUp;
	console.log(
		[
			`Soak: ${result.rounds} rounds (${warmUp} warm-up) in ${result.minutes.toFixed(1)} min`,
			`  heap      ${first?.heapMb.toFixed(1)} → ${last?.heapMb.toFixed(1)} MB, ${r.heapKb.toFixed(1)} kB a round`,
			`  listeners ${first?.listeners} → ${last?.listeners}, ${r.listeners.toFixed(2)} a round`,
			`  DOM nodes ${first?.nodes} → ${last?.nodes}, ${r.nodes.toFixed(1)} a round`,
			`  tap→saved median ${result.tapMsMedian.firstTen.toFixed(0)} ms (first 10) / ${result.tapMsMedian.lastTen.toFixed(0)} ms (last 10), ${r.tapMs.toFixed(2)} ms a round`
		].join('\n')
	);
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
