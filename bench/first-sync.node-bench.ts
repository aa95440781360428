/**
 * `npm run bench:first-sync`: a tablet's first sync from a snapshot (issue 16.1), in Node, against
 * the real server in its own process on loopback, beside raw `PouchDB.replicate` of the same
 * database in the same run. The tablet is the app's own sync engine with a PouchDB replica in
 * memory and Dexie on fake-indexeddb (as the integration tests' tablets), so figures are
 * unthrottled Node figures: the browser figure at 4× CPU throttling is `npm run bench`'s.
 *
 *   BENCH_PUPILS=20 BENCH_YEARS=5 npm run bench:first-sync
 *
 * Measures, for one year and for BENCH_YEARS years of a BENCH_PUPILS-pupil provision: raw
 * replication, the app's first sync to "every record the working window keeps in Dexie" (the
 * snapshot loads only those: the rest stay on the server), and (one year) a first sync closed
 * at 50% and resumed by a new engine: total time, revisions fetched twice, records lost. Writes
 * bench/first-sync-results.json, with where each first sync's time went (first-sync-tablet.ts). Run
 * through vitest only for its Svelte and `$lib` transforms.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { it } from 'vitest';
import { seedLarge } from '../scripts/seed-large';
import { appFirstSync, describePhases, rawReplicate } from './first-sync-tablet';
import { ADMIN, ROOT, log, startServer } from './setup';

const PUPILS = Number(process.env.BENCH_PUPILS ?? 20);
const YEARS = Number(process.env.BENCH_YEARS ?? 5);
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

it('first sync from a snapshot, beside raw replication', { timeout: 40 * 60_000 }, async () => {
	const server = await startServer(path.join(ROOT, 'build'));
	const figures: Record<string, unknown>[] = [];
	try {
		for (const years of [1, YEARS]) {
			const org = years === 1 ? 'bench' : `bench${years}y`;
			const seeded = await seedLarge(server.couchUrl, ADMIN, { org, pupils: PUPILS, years, log: () => undefined });
			const docs = Object.values(seeded.counts).reduce((a, b) => a + b, 0);
			log(
				`${org}: seeded ${docs} documents (${years} year${years > 1 ? 's' : ''}, ${PUPILS} pupils) in ${round(seeded.ms / 1000)} s`
			);
			const dbUrl = `${server.couchUrl}/waymark-${org}`;
			const raw = await rawReplicate(dbUrl);
			log(`  raw PouchDB.replicate: ${round(raw.ms / 1000)} s (${raw.docs} docs)`);
			const app = await appFirstSync(dbUrl, docs, { serverPid: server.pid });
			log(
				`  app first sync (snapshot) to Dexie: ${round(app.ms / 1000)} s (${app.records} records, ${app.fetched} fetched, ${app.leftOnServer} left on the server)`
			);
			log(`    where it went: ${describePhases(app.phases)}`);
			figures.push({
				years,
				pupils: PUPILS,
				docs,
				rawSeconds: round(raw.ms / 1000),
				appSeconds: round(app.ms / 1000),
				ratio: round(app.ms / raw.ms, 2),
				records: app.records,
				fetched: app.fetched,
				leftOnServer: app.leftOnServer,
				fetchedTwice: app.fetchedTwice,
				phases: app.phases
			});
			if (years === 1) {
				const cut = await appFirstSync(dbUrl, docs, { stopAt: 0.5 });
				log(
					`  closed at 50% and resumed: ${round(cut.ms / 1000)} s in all (${cut.records} records, ${cut.fetchedTwice} fetched twice)`
				);
				figures.push({
					years,
					pupils: PUPILS,
					docs,
					interruptedAt: 0.5,
					appSeconds: round(cut.ms / 1000),
					ofUninterrupted: round(cut.ms / app.ms, 2),
					records: cut.records,
					lost: app.records - cut.records,
					fetchedTwice: cut.fetchedTwice
				});
			}
		}
	} finally {
		await server.stop();
	}
	const [one, more] = figures.filter((f) => !('interruptedAt' in f)) as { appSeconds: number }[];
	if (one && more)
		log(`${YEARS} years on the server / 1 year: ${round(more.appSeconds / one.appSeconds, 2)}× (target ≤ 1.2×)`);
	const results = { date: new Date().toISOString(), figures };
	writeFileSync(path.join(ROOT, 'bench/first-sync-results.json'), JSON.stringify(results, null, 2) + '\n');
	console.table(figures.map(({ phases: _, ...f }) => f));
});
