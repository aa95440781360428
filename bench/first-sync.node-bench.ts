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
 * bench/first-sync-results.json. Run through vitest only for its Svelte and `$lib` transforms.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { it } from 'vitest';
import MemoryAdapter from 'pouchdb-adapter-memory';
import type { Database } from 'pouchdb-core';
import { RECORD_TYPES, typeOfId } from '../src/lib/domain/kinds';
import { WaymarkDb } from '../src/lib/store/db';
import { SyncEngine } from '../src/lib/sync/engine';
import { openLocal, openRemote, PouchDB } from '../src/lib/sync/pouch';
import { readSnapshotProgress } from '../src/lib/sync/snapshot';
import { BENCH_LOGIN, seedLarge } from '../scripts/seed-large';
import { ADMIN, ROOT, log, startServer } from './setup';

PouchDB.plugin(MemoryAdapter);

const PUPILS = Number(process.env.BENCH_PUPILS ?? 20);
const YEARS = Number(process.env.BENCH_YEARS ?? 5);
const auth = { username: BENCH_LOGIN.name, password: BENCH_LOGIN.password };
let counter = 0;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

async function rawReplicate(dbUrl: string) {
	const target = new PouchDB(`raw-${process.pid}-${++counter}`, { adapter: 'memory' });
	const started = performance.now();
	const result = await PouchDB.replicate(openRemote(dbUrl, { auth }), target, { batch_size: 500 });
	const ms = performance.now() - started;
	await target.destroy();
	return { ms, docs: Number(result.docs_written) };
}

async function recordsInDexie(db: WaymarkDb) {
	return (await Promise.all(RECORD_TYPES.map((type) => db.records(type).count()))).reduce((a, b) => a + b, 0);
}

/** Records in the replica (every one the snapshot kept): Dexie is caught up when it holds as many. */
async function recordsInReplica(local: Database) {
	return (await local.allDocs()).rows.filter((r) => typeOfId(r.id ?? '')).length;
}

/**
 * The app's engine on an empty tablet until every record the snapshot kept is in Dexie; optionally
 * closed once `stopAt` (0–1) of `expected` revisions are fetched, and resumed.
 */
async function appFirstSync(dbUrl: string, expected: number, stopAt?: number) {
	const id = `bench-${process.pid}-${++counter}`;
	const db = new WaymarkDb(`waymark-${id}`);
	const local = openLocal(id, 'memory');
	const fetched: string[] = [];
	let engine: SyncEngine;
	let stopped = false;
	const fetch = async (url: string, init?: RequestInit) => {
		if (stopAt !== undefined && !stopped && url.includes('/_changes') && fetched.length >= stopAt * expected) {
			stopped = true;
			void engine.stop();
		}
		if (url.includes('/_bulk_get')) {
			const body = JSON.parse(String(init?.body)) as { docs: { id: string; rev: string }[] };
			fetched.push(...body.docs.map((d) => `${d.id}@${d.rev}`));
		}
		return PouchDB.fetch(url, init);
	};
	const remote = openRemote(dbUrl, { auth, fetch });
	const newEngine = () => new SyncEngine({ db, local, remote, resolveConflicts: () => Promise.resolve() });
	const waitUntil = async (probe: () => Promise<boolean> | boolean) => {
		while (!(await probe())) await new Promise((r) => setTimeout(r, 100));
	};
	engine = newEngine();
	let started = performance.now();
	await engine.start();
	let firstRunMs = 0;
	if (stopAt !== undefined) {
		await waitUntil(() => stopped);
		await engine.settled();
		firstRunMs = performance.now() - started;
		const kept = await readSnapshotProgress(db);
		log(`  closed at ${kept?.done} of ${kept?.total}; resuming`);
		engine = newEngine();
		started = performance.now();
		await engine.start();
	}
	await waitUntil(async () => (await readSnapshotProgress(db))?.isComplete === true);
	const kept = await recordsInReplica(local);
	await waitUntil(async () => (await recordsInDexie(db)) >= kept);
	const ms = firstRunMs + performance.now() - started;
	const leftOnServer = (await readSnapshotProgress(db))?.leftOnServer ?? 0;
	await engine.stop();
	const records = await recordsInDexie(db);
	await local.destroy();
	await db.delete();
	return { ms, records, leftOnServer, fetched: fetched.length, fetchedTwice: fetched.length - new Set(fetched).size };
}

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
			const app = await appFirstSync(dbUrl, docs);
			log(
				`  app first sync (snapshot) to Dexie: ${round(app.ms / 1000)} s (${app.records} records, ${app.fetched} fetched, ${app.leftOnServer} left on the server)`
			);
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
				fetchedTwice: app.fetchedTwice
			});
			if (years === 1) {
				const cut = await appFirstSync(dbUrl, docs, 0.5);
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
	console.table(figures);
});
