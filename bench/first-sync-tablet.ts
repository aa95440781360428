/**
 * One simulated tablet's first sync for `bench/first-sync.node-bench.ts`: the app's own sync
 * engine (replica in memory, Dexie on fake-indexeddb) against the bench server, and raw
 * `PouchDB.replicate` of the same database beside it. Also splits the app's time into phases
 * (docs/performance.md, "Where a first sync's time goes"): the server's changes-feed pages and
 * `_bulk_get` answers as the tablet waits for them, the replica's `bulkDocs`, the tail until Dexie
 * has every kept record, and the CPU each process spent.
 */
import { readFileSync } from 'node:fs';
import MemoryAdapter from 'pouchdb-adapter-memory';
import type { Database } from 'pouchdb-core';
import { RECORD_TYPES, typeOfId } from '../src/lib/domain/kinds';
import { WaymarkDb } from '../src/lib/store/db';
import { SyncEngine } from '../src/lib/sync/engine';
import { openLocal, openRemote, PouchDB } from '../src/lib/sync/pouch';
import { readSnapshotProgress } from '../src/lib/sync/snapshot';
import { BENCH_LOGIN } from '../scripts/seed-large';
import { log } from './setup';

PouchDB.plugin(MemoryAdapter);

const auth = { username: BENCH_LOGIN.name, password: BENCH_LOGIN.password };
let counter = 0;

export async function rawReplicate(dbUrl: string) {
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

/** CPU milliseconds (user + system) a process has used, from /proc (Linux). */
function cpuMsOf(pid: number): number {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
	// utime and stime are fields 14 and 15 of stat, 12 and 13 after "pid (comm) ".
	return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** Where a first sync's time went (milliseconds, wall clock unless named CPU). */
export interface FirstSyncPhases {
	changesRequests: number;
	changesMs: number;
	bulkGetRequests: number;
	bulkGetMs: number;
	replicaWriteMs: number;
	/** Engine start until the snapshot says it is complete. */
	snapshotMs: number;
	/** Snapshot complete until Dexie holds every record the replica kept. */
	dexieTailMs: number;
	tabletCpuMs: number;
	serverCpuMs: number;
}

export interface FirstSyncOptions {
	/** Close the engine once this share (0–1) of `expected` revisions is fetched, then resume. */
	stopAt?: number;
	/** The server's process id: its CPU time is read from /proc. */
	serverPid?: number;
}

/**
 * The app's engine on an empty tablet until every record the snapshot kept is in Dexie; optionally
 * closed once `stopAt` of `expected` revisions are fetched, and resumed.
 */
export async function appFirstSync(dbUrl: string, expected: number, opts: FirstSyncOptions = {}) {
	const { stopAt, serverPid } = opts;
	const id = `bench-${process.pid}-${++counter}`;
	const db = new WaymarkDb(`waymark-${id}`);
	const local = openLocal(id, 'memory');
	const phases: FirstSyncPhases = {
		changesRequests: 0,
		changesMs: 0,
		bulkGetRequests: 0,
		bulkGetMs: 0,
		replicaWriteMs: 0,
		snapshotMs: 0,
		dexieTailMs: 0,
		tabletCpuMs: 0,
		serverCpuMs: 0
	};
	const bulkDocs = local.bulkDocs.bind(local) as (...args: unknown[]) => Promise<unknown>;
	(local as unknown as { bulkDocs: typeof bulkDocs }).bulkDocs = async (...args) => {
		const t = performance.now();
		try {
			return await bulkDocs(...args);
		} finally {
			phases.replicaWriteMs += performance.now() - t;
		}
	};
	const fetched: string[] = [];
	let engine: SyncEngine;
	let stopped = false;
	const fetch = async (url: string, init?: RequestInit) => {
		// Closed as the next batch is asked for (its answer is still written: nothing is fetched twice).
		const isSnapshotRequest = url.includes('/_changes') || url.includes('/_bulk_get');
		if (stopAt !== undefined && !stopped && isSnapshotRequest && fetched.length >= stopAt * expected) {
			stopped = true;
			void engine.stop();
		}
		const isBulkGet = url.includes('/_bulk_get');
		if (isBulkGet) {
			const body = JSON.parse(String(init?.body)) as { docs: { id: string; rev: string }[] };
			fetched.push(...body.docs.map((d) => `${d.id}@${d.rev}`));
		}
		const t = performance.now();
		const res = await PouchDB.fetch(url, init);
		// Read the body here so the wait for the server's whole answer is counted, not just its headers.
		const body = await res.arrayBuffer();
		const ms = performance.now() - t;
		if (isBulkGet) {
			phases.bulkGetRequests++;
			phases.bulkGetMs += ms;
		} else if (url.includes('/_changes')) {
			phases.changesRequests++;
			phases.changesMs += ms;
		}
		return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
	};
	const remote = openRemote(dbUrl, { auth, fetch });
	const newEngine = () => new SyncEngine({ db, local, remote, resolveConflicts: () => Promise.resolve() });
	const waitUntil = async (probe: () => Promise<boolean> | boolean) => {
		while (!(await probe())) await new Promise((r) => setTimeout(r, 50));
	};
	const cpuAtStart = process.cpuUsage();
	const serverCpuAtStart = serverPid ? cpuMsOf(serverPid) : 0;
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
	phases.snapshotMs = firstRunMs + performance.now() - started;
	const kept = await recordsInReplica(local);
	await waitUntil(async () => (await recordsInDexie(db)) >= kept);
	const ms = firstRunMs + performance.now() - started;
	phases.dexieTailMs = ms - phases.snapshotMs;
	const cpu = process.cpuUsage(cpuAtStart);
	phases.tabletCpuMs = (cpu.user + cpu.system) / 1000;
	phases.serverCpuMs = serverPid ? cpuMsOf(serverPid) - serverCpuAtStart : 0;
	const leftOnServer = (await readSnapshotProgress(db))?.leftOnServer ?? 0;
	await engine.stop();
	const records = await recordsInDexie(db);
	await local.destroy();
	await db.delete();
	return {
		ms,
		records,
		leftOnServer,
		fetched: fetched.length,
		fetchedTwice: fetched.length - new Set(fetched).size,
		phases
	};
}

/** One line for the log: the phases in seconds. */
export function describePhases(p: FirstSyncPhases): string {
	const s = (ms: number) => (ms / 1000).toFixed(2);
	return (
		`snapshot ${s(p.snapshotMs)} s (changes ${p.changesRequests}× ${s(p.changesMs)} s, _bulk_get ${p.bulkGetRequests}× ` +
		`${s(p.bulkGetMs)} s, replica bulkDocs ${s(p.replicaWriteMs)} s), Dexie tail ${s(p.dexieTailMs)} s; ` +
		`CPU tablet ${s(p.tabletCpuMs)} s, server ${s(p.serverCpuMs)} s`
	);
}
