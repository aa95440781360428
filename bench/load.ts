/**
 * `npm run bench:load`: the office server under a whole school (issue 16.5). N tablets, each a
 * PouchDB replica in memory in this Node process, against the real server in its own process on
 * loopback (embedded mode, a temporary DATA_DIR):
 *
 *   1. every tablet's first sync at once, from a snapshot as the app does it (sync/snapshot.ts),
 *      then the same with plain `PouchDB.replicate` for comparison;
 *   2. every tablet in live two-way sync with the app's options; each saves one record within
 *      a burst of `--burst` seconds; when did each record reach every other tablet (p50/p95/max)?
 *
 * Prints and writes bench/load-results.json: times, requests per kind per document written (as
 * the tablets sent them), the server's peak resident memory (/proc/<pid>/status VmRSS).
 * Bounded: each phase has a deadline and reports what it reached by then.
 *
 *   npm run bench:load -- [--tablets 30] [--pupils 12] [--burst 10] [--skip-raw] [--burst-only] [--profile]
 *
 * `--burst-only`: one tablet loads the snapshot, the others are copied from it in memory (no load
 * on the server), then the burst: the quick way to measure the live sync (60 tablets included).
 * `--profile`: the server's CPU is profiled (bench/server-profiler.ts); the profile's path is
 * printed at the end (open it in Chrome DevTools' Performance panel).
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import PouchDB from 'pouchdb-core';
import HttpAdapter from 'pouchdb-adapter-http';
import MemoryAdapter from 'pouchdb-adapter-memory';
import Replication from 'pouchdb-replication';
import { ulid } from 'ulid';
import { generateLargeDataset } from '../scripts/large-dataset';
import { BENCH_LOGIN, seedLarge } from '../scripts/seed-large';
import type { WaymarkDb } from '../src/lib/store/db';
import { loadSnapshot } from '../src/lib/sync/snapshot';
import { ADMIN, ROOT, log, startServer } from './setup';

PouchDB.plugin(HttpAdapter).plugin(MemoryAdapter).plugin(Replication);

const args = process.argv.slice(2);
const option = (name: string, fallback: number) =>
	args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback;
const TABLETS = option('--tablets', 30);
const PUPILS = option('--pupils', 12);
const BURST_S = option('--burst', 10);
const burstOnly = args.includes('--burst-only');
const skipRaw = burstOnly || args.includes('--skip-raw');
const profileDir = args.includes('--profile') ? mkdtempSync(path.join(tmpdir(), 'waymark-load-profile-')) : null;
/** As the app's engine (src/lib/sync/engine.ts). */
const REPLICATION_BATCH = 500;
const FIRST_SYNC_DEADLINE_MS = 6 * 60_000;
const PROPAGATION_DEADLINE_MS = 90_000;

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const percentile = (xs: number[], p: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]! : NaN;
};

/** Requests the tablets sent, by kind. */
const requests = new Map<string, number>();
function kindOf(url: string): string {
	const p = new URL(url).pathname.split('/').slice(3);
	if (p.length === 0 || p[0] === '') return 'db info';
	if (p[0] === '_local') return '_local (checkpoints)';
	return p[0]!.startsWith('_') ? p[0]! : 'document';
}
const countingFetch = (url: string, init?: RequestInit) => {
	const kind = kindOf(url);
	requests.set(kind, (requests.get(kind) ?? 0) + 1);
	return (PouchDB as unknown as { fetch: typeof fetch }).fetch(url, init);
};
const takeRequests = () => {
	const out = Object.fromEntries([...requests].sort((a, b) => b[1] - a[1]));
	requests.clear();
	return out;
};

/** The server's resident memory, sampled until stopped. */
function watchMemory(pid: number) {
	let peak = 0;
	const read = () => {
		try {
			const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
			peak = Math.max(peak, kb / 1024);
		} catch {
			// the server has gone
		}
	};
	const timer = setInterval(read, 250);
	read();
	return {
		peakMb: () => round(peak, 0),
		reset: () => (peak = 0),
		stop: () => clearInterval(timer)
	};
}

/** Snapshot progress kept in memory: the bench's tablets have no Dexie. */
function memoryMeta(): WaymarkDb {
	const map = new Map<string, unknown>();
	return {
		meta: {
			get: (key: string) => Promise.resolve(map.has(key) ? { key, value: map.get(key) } : undefined),
			put: (e: { key: string; value: unknown }) => Promise.resolve(map.set(e.key, e.value)),
			delete: (key: string) => Promise.resolve(void map.delete(key))
		}
	} as unknown as WaymarkDb;
}

let counter = 0;
const newReplica = () => new PouchDB(`load-${process.pid}-${++counter}`, { adapter: 'memory' });

async function main() {
	const started = Date.now();
	const server = await startServer(path.join(ROOT, 'build'), {
		nodeArgs: profileDir ? ['--import', path.join(ROOT, 'bench/server-profiler.ts')] : [],
		env: profileDir ? { WAYMARK_PROFILE_DIR: profileDir } : {}
	});
	const memory = watchMemory(server.pid);
	const results: Record<string, unknown> = { date: new Date().toISOString(), tablets: TABLETS, pupils: PUPILS };
	try {
		const seeded = await seedLarge(server.couchUrl, ADMIN, { org: 'load', pupils: PUPILS, log: () => undefined });
		const docs = Object.values(seeded.counts).reduce((a, b) => a + b, 0);
		log(`seeded ${docs} documents in ${round(seeded.ms / 1000)} s; ${TABLETS} tablets`);
		results.documents = docs;
		const dbUrl = `${server.couchUrl}/waymark-load`;
		const remote = () =>
			new PouchDB(dbUrl, {
				skip_setup: true,
				fetch: countingFetch,
				auth: { username: BENCH_LOGIN.name, password: BENCH_LOGIN.password }
			});
		takeRequests();

		// ---- 1. every tablet's first sync at once
		memory.reset();
		const replicas = Array.from({ length: TABLETS }, newReplica);
		/** Where each tablet's live pull continues: the snapshot's last sequence (as engine.ts hands it over). */
		const pullSince: (number | string)[] = [];
		let t0 = Date.now();
		if (burstOnly) {
			const first = await loadSnapshot({ db: memoryMeta(), local: replicas[0]!, remote: remote() });
			await Promise.all(replicas.slice(1).map((r) => PouchDB.replicate(replicas[0]!, r, { batch_size: 1000 })));
			replicas.forEach((_, i) => (pullSince[i] = first.since));
			log(`one snapshot, copied to ${TABLETS - 1} tablets in memory: ${round((Date.now() - t0) / 1000)} s`);
			takeRequests();
		}
		const snapshots = burstOnly
			? null
			: await Promise.race([
					Promise.all(
						replicas.map(async (local, i) => {
							const p = await loadSnapshot({ db: memoryMeta(), local, remote: remote() });
							pullSince[i] = p.since;
							return { ms: Date.now() - t0, docs: p.done };
						})
					),
					new Promise<null>((r) => setTimeout(() => r(null), FIRST_SYNC_DEADLINE_MS))
				]);
		const snapshotFigure = snapshots
			? {
					allDoneSeconds: round(Math.max(...snapshots.map((s) => s.ms)) / 1000),
					medianSeconds: round(
						percentile(
							snapshots.map((s) => s.ms),
							50
						) / 1000
					),
					requests: takeRequests(),
					serverPeakRssMb: memory.peakMb()
				}
			: { reached: `not done in ${FIRST_SYNC_DEADLINE_MS / 1000} s` };
		if (!burstOnly) {
			log(`first sync from a snapshot, ${TABLETS} at once: ${JSON.stringify(snapshotFigure)}`);
			results.firstSyncSnapshot = snapshotFigure;
		}

		if (!skipRaw) {
			memory.reset();
			const rawReplicas = Array.from({ length: TABLETS }, newReplica);
			t0 = Date.now();
			const raw = await Promise.race([
				Promise.all(
					rawReplicas.map(async (local) => {
						await PouchDB.replicate(remote(), local, { batch_size: REPLICATION_BATCH });
						return Date.now() - t0;
					})
				),
				new Promise<null>((r) => setTimeout(() => r(null), FIRST_SYNC_DEADLINE_MS))
			]);
			const rawFigure = raw
				? {
						allDoneSeconds: round(Math.max(...raw) / 1000),
						medianSeconds: round(percentile(raw, 50) / 1000),
						requests: takeRequests(),
						serverPeakRssMb: memory.peakMb()
					}
				: { reached: `not done in ${FIRST_SYNC_DEADLINE_MS / 1000} s` };
			log(`plain PouchDB.replicate, ${TABLETS} at once: ${JSON.stringify(rawFigure)}`);
			results.firstSyncRawReplicate = rawFigure;
			await Promise.all(rawReplicas.map((r) => r.destroy()));
		}

		// ---- 2. live two-way sync, a burst of saves
		memory.reset();
		const arrivals = new Map<string, Map<number, number>>(); // doc id → tablet → ms
		const written = new Map<string, { tablet: number; at: number }>();
		const pushSince = await Promise.all(replicas.map(async (r) => Number((await r.info()).update_seq)));
		const syncs = replicas.map((local, i) => {
			local.changes({ live: true, since: 'now' }).on('change', (change: { id: string }) => {
				const seen = arrivals.get(change.id);
				// The saving tablet's own write is not an arrival.
				if (seen && !seen.has(i) && written.get(change.id)?.tablet !== i) seen.set(i, Date.now());
			});
			// As the app: live, retry, batch 500; both halves continue from where the snapshot ended.
			return PouchDB.sync(local, remote(), {
				live: true,
				retry: true,
				batch_size: REPLICATION_BATCH,
				push: { since: pushSince[i] },
				pull: { since: pullSince[i] }
			});
		});
		await new Promise((r) => setTimeout(r, 5_000)); // every tablet's feeds open and idle
		takeRequests();
		const template = generateLargeDataset({ pupils: 1 }).docs.find((d) => d.type === 'pupil')!;
		await Promise.all(
			replicas.map(async (local, i) => {
				await new Promise((r) => setTimeout(r, Math.random() * BURST_S * 1000));
				const id = `pupil:${ulid()}`;
				written.set(id, { tablet: i, at: Date.now() });
				arrivals.set(id, new Map());
				await local.put({ ...template, _id: id, familyName: `Load${i}` });
			})
		);
		const deadline = Date.now() + PROPAGATION_DEADLINE_MS;
		const everywhere = () => [...arrivals.values()].every((seen) => seen.size >= TABLETS - 1);
		while (!everywhere() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
		const delays: number[] = [];
		let missing = 0;
		for (const [id, seen] of arrivals) {
			const from = written.get(id)!;
			for (let i = 0; i < TABLETS; i++) {
				if (i === from.tablet) continue;
				const at = seen.get(i);
				if (at === undefined) missing++;
				else delays.push(at - from.at);
			}
		}
		const liveRequests = takeRequests();
		const totalRequests = Object.values(liveRequests).reduce((a, b) => a + b, 0);
		const liveFigure = {
			saves: written.size,
			burstSeconds: BURST_S,
			p50Seconds: round(percentile(delays, 50) / 1000, 2),
			p95Seconds: round(percentile(delays, 95) / 1000, 2),
			maxSeconds: round(Math.max(...delays) / 1000, 2),
			missingAfterDeadline: missing,
			requestsPerSave: round(totalRequests / written.size, 1),
			requests: liveRequests,
			serverPeakRssMb: memory.peakMb()
		};
		log(`burst of ${written.size} saves: ${JSON.stringify(liveFigure)}`);
		results.burst = liveFigure;
		for (const s of syncs) s.cancel();
		await Promise.all(replicas.map((r) => r.destroy()));
	} finally {
		memory.stop();
		await server.stop();
	}
	if (profileDir) {
		results.serverProfile = readdirSync(profileDir).map((f) => path.join(profileDir, f));
		log(`server CPU profile: ${(results.serverProfile as string[]).join(', ')}`);
	}
	results.runSeconds = Math.round((Date.now() - started) / 1000);
	writeFileSync(
		path.join(ROOT, burstOnly ? 'bench/load-burst-results.json' : 'bench/load-results.json'),
		JSON.stringify(results, null, 2) + '\n'
	);
	log(`wrote bench/load-results.json (${results.runSeconds as number} s)`);
}

main().then(
	() => process.exit(0),
	(e: Error) => {
		console.error(e);
		process.exit(1);
	}
);
