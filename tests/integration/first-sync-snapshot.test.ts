/**
 * First sync from a snapshot (issue 16.1) against the real embedded server: a new tablet loads
 * the organisation's documents in `_bulk_get` pages and continues with live sync from the
 * snapshot's sequence. It must end exactly where plain replication ends, lose nothing edited
 * meanwhile, keep conflicts visible, and resume (not restart) after being cut off half way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, PouchDoc } from 'pouchdb-core';
import { ulid } from 'ulid';
import { localToday } from '../../src/lib/domain/calendar-days';
import { RECORD_TYPES, typeOfId } from '../../src/lib/domain/kinds';
import {
	idBeforeWindow,
	isTimeBound,
	leavesTablet,
	leaversGone,
	recordDay,
	windowStart
} from '../../src/lib/domain/working-window';
import { WaymarkDb } from '../../src/lib/store/db';
import { SyncEngine } from '../../src/lib/sync/engine';
import { openLocal, openRemote, PouchDB } from '../../src/lib/sync/pouch';
import { readSnapshotProgress } from '../../src/lib/sync/snapshot';
import { syncStatus } from '../../src/lib/sync/status.svelte';
import { BENCH_LOGIN, seedLarge } from '../../scripts/seed-large';
import { startTestServer, type TestServer } from './harness';
import { makeDoc } from '../support/test-factories';
import { waitFor } from './sync-tablet';

const ORG = 'snapshot';
const PAGE = 300;
let server: TestServer;
let dbUrl: string;
const engines: SyncEngine[] = [];

/** Every (id, rev) the tablet asked `_bulk_get` for, in order. */
type Requested = string[];

interface Tablet {
	db: WaymarkDb;
	local: Database;
	remote: Database;
	requested: Requested;
	/** Revisions asked for by each `_bulk_get`, in order. */
	bulkGetSizes: number[];
	urls: string[];
	engine: SyncEngine;
	conflicted: string[];
	newEngine(): SyncEngine;
}

let counter = 0;
/** A new, empty tablet whose requests to the server pass through `hook` first. */
function newTablet(
	hook: (url: string, tablet: Tablet) => Promise<void> | void = () => {},
	{ batchSize }: { batchSize?: number } = {}
): Tablet {
	const id = `snap${++counter}-${process.pid}-${Date.now()}`;
	const tablet = {
		db: new WaymarkDb(`waymark-${id}`),
		local: openLocal(id, 'memory'),
		requested: [] as Requested,
		bulkGetSizes: [] as number[],
		urls: [] as string[],
		conflicted: [] as string[]
	} as unknown as Tablet;
	const fetch = async (url: string, init?: RequestInit) => {
		tablet.urls.push(url);
		await hook(url, tablet);
		if (url.includes('/_bulk_get')) {
			const body = JSON.parse(String(init?.body)) as { docs: { id: string; rev: string }[] };
			tablet.requested.push(...body.docs.map((d) => `${d.id}@${d.rev}`));
			tablet.bulkGetSizes.push(body.docs.length);
		}
		return PouchDB.fetch(url, init);
	};
	tablet.remote = openRemote(dbUrl, { auth: { username: BENCH_LOGIN.name, password: BENCH_LOGIN.password }, fetch });
	tablet.newEngine = () => {
		const engine = new SyncEngine({
			db: tablet.db,
			local: tablet.local,
			remote: tablet.remote,
			snapshotPageSize: PAGE,
			snapshotBatchSize: batchSize,
			// Recorded, not merged: the test compares the replica with plain replication's.
			resolveConflicts: (ids) => Promise.resolve(tablet.conflicted.push(...ids))
		});
		// The working window (working-window.test.ts) would take the seeded year's leavers off the
		// tablet once it is idle; here every server record must arrive and stay, so it counts as done.
		const start = engine.start.bind(engine);
		engine.start = async () => {
			await tablet.db.meta.put({ key: 'windowTrimmedAt', value: new Date().toISOString() });
			return start();
		};
		engines.push(engine);
		tablet.engine = engine;
		return engine;
	};
	tablet.newEngine();
	return tablet;
}

async function asBench(path: string, init: RequestInit & { json?: unknown } = {}) {
	return server.userFetch(BENCH_LOGIN.name, BENCH_LOGIN.password, `/waymark-${ORG}${path}`, init);
}

/** Every leaf revision on the server (conflicts included) that a snapshot asks for: not those it knows old by id. */
async function serverLeaves(): Promise<Set<string>> {
	const res = await asBench('/_changes?style=all_docs');
	const body = (await res.json()) as { results: { id: string; changes: { rev: string }[] }[] };
	const start = windowStart(localToday());
	return new Set(
		body.results.filter((r) => !idBeforeWindow(r.id, start)).flatMap((r) => r.changes.map((c) => `${r.id}@${c.rev}`))
	);
}

/**
 * The ids of the server's documents the working window keeps on a tablet today (default
 * settings): what plain replication followed by the window's trim would leave.
 */
async function keptByWindow(): Promise<Set<string>> {
	const res = await asBench('/_all_docs?include_docs=true');
	const docs = (
		(await res.json()) as { rows: { id: string; doc: Record<string, unknown> & { _id: string } }[] }
	).rows.map((r) => r.doc);
	const today = localToday();
	const pupils = docs.filter((d) => d.type === 'pupil') as unknown as {
		_id: string;
		status: string;
		endDate?: string;
	}[];
	const rule = { start: windowStart(today), leavers: leaversGone(pupils, today) };
	return new Set(
		docs
			.filter((d) => {
				const type = typeOfId(d._id);
				if (!type) return true;
				return leavesTablet(type, d, isTimeBound(type) ? recordDay(type, d) : undefined, rule) === null;
			})
			.map((d) => d._id)
	);
}

async function keptRecordCount(): Promise<number> {
	return [...(await keptByWindow())].filter((id) => typeOfId(id)).length;
}

/** What a replica holds: every document's winning revision and its conflicting ones. */
async function contents(db: Database) {
	const all = await db.allDocs({ include_docs: true, conflicts: true });
	return all.rows.map((r) => ({ id: r.id, rev: r.value?.rev, conflicts: [...(r.doc?._conflicts ?? [])].sort() }));
}

async function recordsInDexie(db: WaymarkDb) {
	return (await Promise.all(RECORD_TYPES.map((type) => db.records(type).count()))).reduce((a, b) => a + b, 0);
}

async function serverRecordCount() {
	const res = await asBench('/_all_docs');
	return ((await res.json()) as { rows: { id: string }[] }).rows.filter((r) => !r.id.startsWith('_design/')).length;
}

async function waitForCaughtUp(t: Tablet, expected: number) {
	await waitFor('every record in Dexie', async () => (await recordsInDexie(t.db)) === expected, 60_000);
	await waitFor('first sync handed to live sync', async () => (await readSnapshotProgress(t.db))?.isHandedOver, 30_000);
	await t.engine.settled();
}

beforeAll(async () => {
	server = await startTestServer();
	dbUrl = `${server.couchUrl}/waymark-${ORG}`;
	// A small provision's year: ~3,000 documents, every one through the server's validation.
	await seedLarge(server.couchUrl, server.admin, { org: ORG, pupils: 3 });
}, 120_000);

afterAll(async () => {
	for (const e of engines) await e.stop();
	await new Promise((r) => setTimeout(r, 500));
	await server.close();
});

describe('first sync from a snapshot', () => {
	it('ends identical to plain replication, keeps an edit made meanwhile and a conflict, and fetches nothing twice', async () => {
		// A conflict already on the server: a second leaf beside a pupil's current revision.
		const pupilRow = (
			(await (await asBench('/_all_docs?startkey="pupil:"&endkey="pupil:~"&limit=1')).json()) as {
				rows: { id: string }[];
			}
		).rows[0]!;
		const pupil = (await (await asBench(`/${encodeURIComponent(pupilRow.id)}?revs=true`)).json()) as PouchDoc;
		// A sibling of its current revision (same parent), as another tablet offline would make.
		const history = pupil._revisions!;
		const branch = {
			...pupil,
			_rev: `${history.start}-${'b'.repeat(32)}`,
			_revisions: { start: history.start, ids: ['b'.repeat(32), ...history.ids.slice(1)] },
			hostSchool: 'Branch School'
		};
		const wrote = await asBench('/_bulk_docs', { method: 'POST', json: { docs: [branch], new_edits: false } });
		expect(wrote.status).toBe(201);
		expect(await wrote.json()).toEqual([]);

		// Another tablet edits a document of the first page while the snapshot is on its second.
		const kept = await keptByWindow();
		const firstRow = (
			(await (await asBench(`/_changes?limit=50`)).json()) as { results: { id: string }[] }
		).results.find((r) => typeOfId(r.id) && kept.has(r.id))!;
		let bulkGets = 0;
		let editedRev = '';
		const t = newTablet(async (url) => {
			if (!url.includes('/_bulk_get') || ++bulkGets !== 2) return;
			const doc = (await (await asBench(`/${encodeURIComponent(firstRow.id)}`)).json()) as PouchDoc;
			const put = await asBench(`/${encodeURIComponent(firstRow.id)}`, {
				method: 'PUT',
				json: { ...doc, updatedAt: '2026-11-21T09:00:00.000Z' }
			});
			expect(put.status).toBe(201);
			editedRev = ((await put.json()) as { rev: string }).rev;
		});
		const progressSeen: string[] = [];
		const off = syncStatus.onUpdate(() => {
			const p = syncStatus.progress;
			if (p) progressSeen.push(`${p.done} of ${p.total}`);
		});
		await t.engine.start();
		const expected = await keptRecordCount();
		// The seeded year has leavers gone long enough for the window to leave their records on the server.
		expect(expected).toBeLessThan(await serverRecordCount());
		await waitForCaughtUp(t, expected);
		off();
		expect(editedRev).toMatch(/^\d+-/);

		// And a change made after the snapshot comes with live sync.
		const later = (await (await asBench(`/${encodeURIComponent(firstRow.id)}`)).json()) as PouchDoc;
		const put = await asBench(`/${encodeURIComponent(firstRow.id)}`, {
			method: 'PUT',
			json: { ...later, updatedAt: '2026-11-21T10:00:00.000Z' }
		});
		const laterRev = ((await put.json()) as { rev: string }).rev;
		await waitFor('the later edit on the tablet', async () => (await t.local.get(firstRow.id))._rev === laterRev);
		await waitFor('the later edit in Dexie', () => anyRecordAt(t.db, firstRow.id, laterRev));

		// Each revision fetched once (the edit made meanwhile is a revision of its own, in a later page).
		expect(new Set(t.requested).size).toBe(t.requested.length);
		expect(t.requested).toContain(`${firstRow.id}@${editedRev}`);
		// The live pull started from the snapshot's sequence, not from the beginning.
		const pulls = t.urls.filter((u) => u.includes('/_changes?') && !new RegExp(`[?&]limit=${PAGE}(&|$)`).test(u));
		expect(pulls.length).toBeGreaterThan(0);
		expect(pulls.filter((u) => /[?&]since=0(&|$)/.test(u))).toEqual([]);
		// What the screen reads: "N of M" climbing to the total.
		const done = progressSeen.map((p) => Number(p.split(' of ')[0]));
		expect(done.length).toBeGreaterThan(5);
		expect(done).toEqual([...done].sort((a, b) => a - b));
		expect(done.at(-1)!).toBeGreaterThan(expected * 0.8);

		// Plain replication of the same database, now, as the reference.
		const plain = new PouchDB(`plain-${process.pid}-${Date.now()}`, { adapter: 'memory' });
		const remote = openRemote(dbUrl, { auth: { username: BENCH_LOGIN.name, password: BENCH_LOGIN.password } });
		await PouchDB.replicate(remote, plain, { batch_size: 500 });
		// Identical for everything the window keeps; nothing else is on the tablet.
		expect(await contents(t.local)).toEqual((await contents(plain)).filter((d) => kept.has(d.id ?? '')));
		const conflicted = (await t.local.get(pupil._id, { conflicts: true }))._conflicts ?? [];
		expect(conflicted.length).toBe(1);
		expect(t.conflicted).toContain(pupil._id);
	}, 120_000);

	it('resumes after the tab closes half way: nothing lost, nothing fetched twice', async () => {
		const leaves = await serverLeaves();
		let stopped = false;
		const t = newTablet((url, tablet) => {
			// Closed as the next page is asked for, once half the revisions are in.
			if (!stopped && url.includes('/_changes') && tablet.requested.length >= leaves.size / 2) {
				stopped = true;
				void tablet.engine.stop();
			}
		});
		await t.engine.start();
		await waitFor('the tab to close half way', () => stopped, 60_000);
		await t.engine.settled();
		const kept = await readSnapshotProgress(t.db);
		expect(kept?.isComplete).toBe(false);
		expect(kept!.done / kept!.total).toBeGreaterThanOrEqual(0.45);
		expect(kept!.done / kept!.total).toBeLessThan(0.75);
		const before = t.requested.length;

		// The tab opens again: a new engine on the same stores carries on from the kept page.
		t.newEngine();
		await t.engine.start();
		await waitForCaughtUp(t, await keptRecordCount());
		expect(t.requested.length - before).toBe(leaves.size - before); // only what was still missing
		expect(new Set(t.requested).size).toBe(t.requested.length); // 0 fetched twice
		expect(new Set(t.requested)).toEqual(leaves); // 0 lost
		expect(await recordsInDexie(t.db)).toBe(await keptRecordCount());
	}, 120_000);

	it('resumes inside a feed page, after the last batch it wrote: nothing lost, nothing fetched twice', async () => {
		// Feed pages of 300 rows, documents fetched 40 at a time: several batches per page.
		const BATCH = 40;
		const leaves = await serverLeaves();
		let stopped = false;
		let bulkGets = 0;
		const t = newTablet(
			async (url, tablet) => {
				// Closed while the first page's third batch is being fetched (a slow answer: the
				// engine is told to stop well before it comes).
				if (!stopped && url.includes('/_bulk_get') && ++bulkGets === 3) {
					stopped = true;
					void tablet.engine.stop();
					await new Promise((r) => setTimeout(r, 500));
				}
			},
			{ batchSize: BATCH }
		);
		await t.engine.start();
		await waitFor('the tab to close', () => stopped, 60_000);
		// Settled once the batch it was fetching is written: a new engine then reads where it ended.
		await t.engine.settled();
		const kept = (await readSnapshotProgress(t.db))!;
		// The batch being fetched as the tab closed was still written and counted: the page is part done.
		expect(t.requested.length).toBeGreaterThan(2 * BATCH);
		expect(kept.fetched).toBe(t.requested.length);
		expect(kept.isComplete).toBe(false);
		expect(kept.done).toBeGreaterThan(0);
		expect(kept.done).toBeLessThan(PAGE);
		const feedReads = t.urls.length;

		t.newEngine();
		await t.engine.start();
		await waitForCaughtUp(t, await keptRecordCount());
		// The feed was read again from inside the page (the last written batch's row), not from its start.
		const resumedAt = t.urls.slice(feedReads).find((u) => u.includes('/_changes?') && u.includes(`limit=${PAGE}`))!;
		expect(new URL(resumedAt).searchParams.get('since')).toBe(String(kept.since));
		expect(kept.since).not.toBe(0);
		expect(new Set(t.requested).size).toBe(t.requested.length); // 0 fetched twice
		expect(new Set(t.requested)).toEqual(leaves); // 0 lost
		expect(Math.max(...t.bulkGetSizes)).toBeLessThanOrEqual(BATCH);
		expect(await recordsInDexie(t.db)).toBe(await keptRecordCount());
	}, 120_000);

	it('resumes after the connection drops half way', async () => {
		const leaves = await serverLeaves();
		let dropped = false;
		const t = newTablet((url, tablet) => {
			if (!dropped && url.includes('/_bulk_get') && tablet.requested.length >= leaves.size / 2) {
				dropped = true;
				throw new TypeError('fetch failed');
			}
		});
		await t.engine.start();
		await waitForCaughtUp(t, await keptRecordCount());
		expect(dropped).toBe(true);
		// The page whose request failed was never received: asked again once, nothing else twice.
		expect(new Set(t.requested).size).toBe(t.requested.length);
		expect(new Set(t.requested)).toEqual(leaves);
		expect(await recordsInDexie(t.db)).toBe(await keptRecordCount());
	}, 120_000);

	it('leaves records older than the window on the server, live sync does not bring them, and an edit made there later does', async () => {
		const start = windowStart(localToday());
		const onRoll = (
			(await (await asBench('/_all_docs?startkey="pupil:"&endkey="pupil:~"&include_docs=true')).json()) as {
				rows: { doc: { _id: string; status: string } }[];
			}
		).rows.find((r) => r.doc.status === 'active')!.doc._id;
		const oldDay = '2023-10-09';
		const madeThen = Date.parse(`${oldDay}T15:00:00Z`);
		// Known old by its id (made in 2023): never fetched.
		const oldMark = makeDoc('attendance', { pupilId: onRoll, date: oldDay, session: 'am', mark: 'present' });
		oldMark._id = `attendance:${ulid(madeThen)}`;
		// Typed in this week about a day in 2023: fetched, judged by its date, not written.
		const lateTicket = makeDoc('exitTicket', { pupilId: onRoll, lessonId: `lesson:${ulid(madeThen)}`, date: oldDay });
		// Older still, but a form: the due lists count from every one sent, so it comes.
		const oldForm = makeDoc('feedbackForm', { pupilId: onRoll, periodStart: '2023-09-25', periodEnd: oldDay });
		oldForm._id = `feedbackForm:${ulid(madeThen)}`;
		const wrote = await asBench('/_bulk_docs', { method: 'POST', json: { docs: [oldMark, lateTicket, oldForm] } });
		expect(((await wrote.json()) as { error?: string }[]).filter((r) => r.error)).toEqual([]);
		expect(idBeforeWindow(oldMark._id, start)).toBe(true);

		const t = newTablet();
		await t.engine.start();
		await waitForCaughtUp(t, await keptRecordCount());
		expect(t.requested.some((r) => r.startsWith(`${oldMark._id}@`))).toBe(false);
		expect(t.requested.some((r) => r.startsWith(`${lateTicket._id}@`))).toBe(true);
		expect(await t.db.records('feedbackForm').get(oldForm._id)).toBeDefined();
		// Live sync runs on from the snapshot's sequence: it does not bring them either.
		const marker = makeDoc('pupil', { familyName: 'Marker' });
		await asBench('/_bulk_docs', { method: 'POST', json: { docs: [marker] } });
		await waitFor('a later change on the tablet', async () => Boolean(await t.db.records('pupil').get(marker._id)));
		await t.engine.settled();
		for (const id of [oldMark._id, lateTicket._id]) {
			expect(await t.local.get(id).catch(() => null)).toBeNull();
			expect(await t.db.records(typeOfId(id)!).get(id)).toBeUndefined();
		}

		// Someone corrects the old mark on the server: the edit is a change like any other and arrives.
		const current = (await (await asBench(`/${encodeURIComponent(oldMark._id)}`)).json()) as PouchDoc;
		const put = await asBench(`/${encodeURIComponent(oldMark._id)}`, {
			method: 'PUT',
			json: { ...current, mark: 'late', updatedAt: new Date().toISOString() }
		});
		const rev = ((await put.json()) as { rev: string }).rev;
		await waitFor('the corrected old mark on the tablet', () => anyRecordAt(t.db, oldMark._id, rev));
	}, 120_000);
});

async function anyRecordAt(db: WaymarkDb, id: string, rev: string) {
	for (const type of RECORD_TYPES) if ((await db.records(type).get(id))?._rev === rev) return true;
	return false;
}
