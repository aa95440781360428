/**
 * `npm run bench:lighthouse`: Lighthouse (mobile profile: a mid-range phone, simulated slow 4G
 * and 4× CPU) on the sign-in page, served by the real server from a build of the app (issue
 * 16.6: performance ≥ 95). Lighthouse drives Debian's Chromium through its debugging port on
 * loopback; nothing is fetched from anywhere but 127.0.0.1 (the Chromium flags of setup.ts turn
 * off its background traffic, and Lighthouse itself reports nothing anywhere).
 * Prints the four category scores and the metrics, writes bench/lighthouse-results.json.
 *
 *   npm run bench:lighthouse -- [--no-build] [--runs 3]
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import lighthouse from 'lighthouse';
import { CHROMIUM_ARGS, ROOT, freePort, launchBrowserWith, log, prepareBuild, startServer } from './setup';

const args = process.argv.slice(2);
const RUNS = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 3;
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const METRICS = [
	'first-contentful-paint',
	'largest-contentful-paint',
	'total-blocking-time',
	'cumulative-layout-shift',
	'speed-index'
];

async function main() {
	const started = Date.now();
	const { buildDir } = prepareBuild(args.includes('--no-build'));
	const server = await startServer(buildDir);
	const port = await freePort();
	const browser = await launchBrowserWith([...CHROMIUM_ARGS, `--remote-debugging-port=${port}`]);
	const runs: Record<string, unknown>[] = [];
	try {
		for (let i = 0; i < RUNS; i++) {
			const result = await lighthouse(`${server.url}/sign-in`, {
				port,
				output: 'json',
				logLevel: 'error',
				onlyCategories: CATEGORIES
			});
			if (!result) throw new Error('Lighthouse returned nothing');
			const { lhr } = result;
			const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)]));
			const metrics = Object.fromEntries(METRICS.map((m) => [m, lhr.audits[m]?.displayValue ?? null]));
			// What Lighthouse flags (performance opportunities and failed audits), to act on.
			const flagged = Object.values(lhr.audits)
				.filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative')
				.map((a) => `${a.id}${a.displayValue ? ` (${a.displayValue})` : ''}`);
			const external = (
				(lhr.audits['network-requests']?.details as { items?: { url: string }[] } | undefined)?.items ?? []
			).filter((r) => !/^https?:\/\/127\.0\.0\.1[:/]/.test(r.url) && !r.url.startsWith('data:'));
			if (external.length > 0) throw new Error(`requests left loopback: ${external.map((r) => r.url).join(', ')}`);
			runs.push({ scores, metrics, flagged });
			log(
				`run ${i + 1}: ${JSON.stringify(scores)} ${JSON.stringify(metrics)}; flagged: ${flagged.join(', ') || 'nothing'}`
			);
		}
	} finally {
		await browser.close();
		await server.stop();
	}
	const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
	const medianScores = Object.fromEntries(
		CATEGORIES.map((c) => [c, median(runs.map((r) => (r.scores as Record<string, number>)[c]!))])
	);
	log(`median of ${RUNS}: ${JSON.stringify(medianScores)}`);
	const results = {
		date: new Date().toISOString(),
		page: '/sign-in',
		profile: 'Lighthouse default (mobile, simulated throttling)',
		lighthouse: (await import('lighthouse/package.json', { with: { type: 'json' } })).default.version,
		medianScores,
		runs,
		runSeconds: Math.round((Date.now() - started) / 1000)
	};
	writeFileSync(path.join(ROOT, 'bench/lighthouse-results.json'), JSON.stringify(results, null, 2) + '\n');
	log(`wrote bench/lighthouse-results.json (${results.runSeconds} s)`);
}

main().then(
	() => process.exit(0),
	(e: Error) => {
		console.error(e);
		process.exit(1);
	}
);
