/**
 * The working window (issue 16, items 2 and 3): what a tablet takes off itself, what it never
 * does, and what comes back — simulated tablets on the real embedded server. The replicas here use
 * PouchDB's memory adapter, which has no purge: the records leave Dexie and the replica keeps only
 * the latest body (the path for adapters without purge, window-trim.ts); browsers purge.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/lib/domain/calendar-days';
import { newId } from '../../src/lib/domain/ids';
import { repository } from '../../src/lib/store/repository';
import { fetchOlderRecords } from '../../src/lib/sync/older-records';
import { compactConfirmed } from '../../src/lib/sync/replica-storage';
import { trimToWindow } from '../../src/lib/sync/window-trim';
import { makeDoc } from '../support/test-factories';
import { startFaultProxy, type FaultProxy } from './fault-proxy';
import { startTestServer, TEACHER1, type TestServer } from './harness';
import { TestTablet, waitFor } from './sync-tablet';

let server: TestServer;
const tablets: TestTablet[] = [];
const proxies: FaultProxy[] = [];

beforeAll(async () => {
	server = await startTestServer();
});

afterAll(async () => {
	for (const t of tablets) await t.stop();
	for (const p of proxies) await p.close();
	await new Promise((r) => setTimeout(r, 500));
	await server.close();
});

/**
 * A tablet whose engine will not trim by itself for now (each test says when), first synced on
 * `firstSyncDay`: what the working window kept that day is on it (a first sync loads nothing else).
 */
async function tabletAt(url = `${server.couchUrl}/waymark-demo`, firstSyncDay = '2025-08-20') {
	const t = new TestTablet(url, { name: TEACHER1.name, password: TEACHER1.password });
	t.firstSyncDay = firstSyncDay;
	tablets.push(t);
	await t.db.meta.put({ key: 'windowTrimmedAt', value: new Date().toISOString() });
	return t.use();
}

type Doc = { _id: string; _rev?: string; [key: string]: unknown };

/** Documents put on the server as another tablet would have sent them. */
async function onServer(docs: Doc[]): Promise<void> {
	const res = await server.userFetch('teacher1', '/waymark-demo/_bulk_docs', { method: 'POST', json: { docs } });
	const rows = (await res.json()) as { error?: string; reason?: string }[];
	const failed = rows.filter((r) => r.error);
	if (failed.length) throw new Error(`server refused: ${JSON.stringify(failed)}`);
}

async function serverDoc(id: string): Promise<Doc | null> {
	const res = await server.adminFetch(`/waymark-demo/${encodeURIComponent(id)}`);
	return res.status === 200 ? ((await res.json()) as Doc) : null;
}

/** A pupil and records of theirs, on the server. */
function pupilWith(days: { old: string; recent: string }, extra: Record<string, unknown> = {}) {
	const pupil = makeDoc('pupil', { familyName: `Window${Date.now().toString(36)}`, ...extra });
	const p = pupil._id;
	const lessonId = newId('lesson');
	const ticket = (date: string, topic: string) => makeDoc('exitTicket', { pupilId: p, lessonId, date, topic });
	return {
		pupil,
		old: [ticket(days.old, 'Old 1'), ticket(days.old, 'Old 2'), ticket(days.old, 'Old 3')],
		oldMark: makeDoc('attendance', { pupilId: p, date: days.old, session: 'am', mark: 'present' }),
		recent: ticket(days.recent, 'Recent'),
		plan: makeDoc('plan', { pupilId: p, startDate: days.old, reviewDate: addDays(days.old, 60) })
	};
}

const TODAY = '2026-11-30'; // window from 1 Sep 2025
const DAYS = { old: '2024-10-07', recent: '2026-10-05' };

describe('taking records outside the working window off a tablet', () => {
	it('never removes a record waiting to sync, in conflict, or inside the window; the server keeps everything', async () => {
		const set = pupilWith(DAYS);
		const leaver = pupilWith(DAYS, { status: 'left', endDate: '2026-10-20' }); // 41 days before TODAY
		const all = [set.pupil, ...set.old, set.oldMark, set.recent, set.plan];
		const leaverDocs = [leaver.pupil, leaver.recent, leaver.plan];
		await onServer([...all, ...leaverDocs]);
		const t = await tabletAt();
		await t.start();
		await waitFor(
			'every record on the tablet',
			async () => (await t.db.records('exitTicket').bulkGet([...set.old, set.recent].map((d) => d._id))).every(Boolean),
			30_000
		);
		await waitFor('the leaver on the tablet', async () => t.db.records('plan').get(leaver.plan._id));
		await t.engine.stop();

		// Waiting: edited on the tablet and not yet sent.
		const [waiting, conflicted, gone] = set.old;
		const edit = await repository('exitTicket').update(waiting!._id, { topic: 'Old 1, corrected' });
		expect(edit.ok).toBe(true);
		// In conflict: another revision beside the tablet's, not settled yet.
		const current = await t.local.get(conflicted!._id);
		await t.local.bulkDocs([{ ...current, topic: 'Other branch', _rev: '2-ffffffffffffffffffffffffffffffff' }], {
			new_edits: false
		});
		expect((await t.local.get(conflicted!._id, { conflicts: true }))._conflicts).toHaveLength(1);

		const result = await trimToWindow({ db: t.db, local: t.local, remote: t.remote }, TODAY);

		const has = async (type: 'exitTicket' | 'attendance' | 'plan' | 'pupil', id: string) =>
			Boolean(await t.db.records(type).get(id));
		expect({
			start: result.start,
			removed: result.removed,
			keptWaiting: result.keptWaiting,
			waiting: await has('exitTicket', waiting!._id),
			conflicted: await has('exitTicket', conflicted!._id),
			old3: await has('exitTicket', gone!._id),
			oldMark: await has('attendance', set.oldMark._id),
			recent: await has('exitTicket', set.recent._id),
			plan: await has('plan', set.plan._id),
			pupil: await has('pupil', set.pupil._id),
			leaverPlan: await has('plan', leaver.plan._id),
			leaverRecent: await has('exitTicket', leaver.recent._id),
			leaverCard: await has('pupil', leaver.pupil._id)
		}).toEqual({
			start: '2025-09-01',
			removed: { older: 2, leaver: 2 },
			keptWaiting: 2,
			waiting: true,
			conflicted: true,
			old3: false,
			oldMark: false,
			recent: true,
			plan: true,
			pupil: true,
			leaverPlan: false,
			leaverRecent: false,
			leaverCard: true
		});
		// The tablet's save still goes out, and the server never lost anything.
		expect((await t.db.outbox.get(waiting!._id))?.docId).toBe(waiting!._id);
		const serverCopies = await Promise.all([...all, ...leaverDocs].map((d) => serverDoc(d._id)));
		expect(serverCopies.filter(Boolean)).toHaveLength(all.length + leaverDocs.length);

		// The timeline, evidence pack and subject access copy read them from the server when online…
		const held = new Set(
			(
				await Promise.all(
					(['exitTicket', 'attendance', 'plan'] as const).map((k) => t.db.records(k).toCollection().primaryKeys())
				)
			).flat()
		);
		const auth = `Basic ${Buffer.from(`${TEACHER1.name}:${TEACHER1.password}`).toString('base64')}`;
		const withAuth: typeof fetch = (url, init) =>
			fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string>), Authorization: auth } });
		const source = { dbUrl: `${server.couchUrl}/waymark-demo`, windowStart: result.start, fetch: withAuth };
		const fetched = await fetchOlderRecords(source, set.pupil._id, held);
		const fetchedIds = fetched.ok ? fetched.records.map((r) => r._id).sort() : fetched.message;
		expect(fetchedIds).toEqual([gone!._id, set.oldMark._id].sort());
		expect(await t.db.records('exitTicket').get(gone!._id)).toBeUndefined(); // read, not stored
		// …and say where they are when the server cannot be reached.
		const down = await startFaultProxy(server.couchUrl, { failRate: 1, seed: 9, faults: ['reset'] });
		proxies.push(down);
		expect(await fetchOlderRecords({ ...source, dbUrl: `${down.url}/waymark-demo` }, set.pupil._id, held)).toEqual({
			ok: false,
			message: 'Records before 1 Sep 2025 are on the office server — connect to see them'
		});

		// An edit made later on the server to a record the tablet let go comes back to it.
		const latest = (await serverDoc(gone!._id))!;
		await onServer([{ ...latest, topic: 'Old 3, corrected at the office' }]);
		await t.restartEngine();
		await waitFor(
			'the edited record back on the tablet',
			async () =>
				((await t.db.records('exitTicket').get(gone!._id)) as { topic?: string } | undefined)?.topic ===
				'Old 3, corrected at the office',
			30_000
		);
		// And the waiting edit reached the server.
		await waitFor(
			'the waiting edit on the server',
			async () => (await serverDoc(waiting!._id))?.topic === 'Old 1, corrected',
			30_000
		);
	});

	it('keeps working offline for a month while the window moves, removes nothing unsent, and trims once back', async () => {
		// On 20 Aug 2026 the window starts 1 Sep 2024: records of 7 Oct 2024 are inside it; from
		// 1 Sep 2026 it starts 1 Sep 2025 and they are outside.
		const set = pupilWith({ old: '2024-10-07', recent: '2026-07-06' });
		await onServer([set.pupil, ...set.old, set.recent]);
		const proxy = await startFaultProxy(server.couchUrl, { failRate: 0, seed: 3, faults: ['reset'] });
		proxies.push(proxy);
		const t = await tabletAt(`${proxy.url}/waymark-demo`, '2026-08-20');
		await t.start();
		await waitFor(
			'the records on the tablet',
			async () => (await t.db.records('exitTicket').bulkGet(set.old.map((d) => d._id))).every(Boolean),
			30_000
		);
		proxy.setFailRate(1); // the school's Wi-Fi is gone for a month

		const marks = repository('attendance');
		let day = '2026-08-20';
		let refusedTrims = 0;
		for (let i = 0; i < 31; i++, day = addDays(day, 1)) {
			const saved = await marks.create({ pupilId: set.pupil._id, date: day, session: 'am', mark: 'present' });
			expect(saved.ok).toBe(true);
			if (day === '2026-09-10') {
				const edit = await repository('exitTicket').update(set.old[0]!._id, { topic: 'Corrected offline' });
				expect(edit.ok).toBe(true);
			}
			// Until 31 Aug nothing is outside the window; from 1 Sep the daily trim has records to
			// let go but cannot ask the server about them, so it stops and removes nothing.
			await t.engine.trimWindow(day).catch(() => refusedTrims++);
		}
		const ticketsHeld = await t.db.records('exitTicket').where('pupilId').equals(set.pupil._id).count();
		const marksHeld = await t.db.records('attendance').where('pupilId').equals(set.pupil._id).count();
		expect({ refusedTrims, ticketsHeld, marksHeld, waiting: await t.db.outbox.count() }).toEqual({
			refusedTrims: 19, // 1–19 Sep
			ticketsHeld: 4,
			marksHeld: 31,
			waiting: 32
		});

		proxy.setFailRate(0); // back at school
		await waitFor('everything sent and confirmed', async () => (await t.db.outbox.count()) === 0, 60_000);
		const result = await t.engine.trimWindow('2026-09-20');
		const ids = await t.db.records('exitTicket').where('pupilId').equals(set.pupil._id).primaryKeys();
		expect({
			// (the tablet also holds other tests' old records: count this pupil's only)
			oldGone: (await t.db.records('exitTicket').bulkGet(set.old.map((d) => d._id))).every((r) => !r),
			removedAtLeast3: result.removed.older >= 3,
			kept: ids,
			marksHeld: await t.db.records('attendance').where('pupilId').equals(set.pupil._id).count(),
			corrected: (await serverDoc(set.old[0]!._id))?.topic
		}).toEqual({
			oldGone: true,
			removedAtLeast3: true,
			kept: [set.recent._id],
			marksHeld: 31,
			corrected: 'Corrected offline'
		});
	});
});

describe('replica storage (item 3)', () => {
	it('keeps no older revision bodies once the server confirmed them, but keeps a conflict’s until it is settled', async () => {
		const t = await tabletAt();
		await t.start();
		const pupil = makeDoc('pupil', { familyName: `Compact${Date.now().toString(36)}` });
		await onServer([pupil]);
		await waitFor('the pupil on the tablet', async () => t.db.records('pupil').get(pupil._id), 30_000);
		const repo = repository('pupil');
		const revs: string[] = [];
		for (const name of ['Ames', 'Baker', 'Carter']) {
			expect((await repo.update(pupil._id, { familyName: name })).ok).toBe(true);
			// Copied into the replica (the entry has its revision), or already confirmed and gone.
			await waitFor('the edit copied', async () => {
				const entry = await t.db.outbox.get(pupil._id);
				return !entry || entry.rev;
			});
			revs.push((await t.db.records('pupil').get(pupil._id))!._rev!);
		}
		await waitFor('confirmed by the server', async () => (await t.db.outbox.count()) === 0, 30_000);
		await t.engine.settled();
		const bodies = await Promise.all(
			revs.map((rev) =>
				t.local.get(pupil._id, { rev }).then(
					() => 'kept',
					() => 'gone'
				)
			)
		);
		// The winner's body stays; every earlier body is gone; the history (revision ids) stays.
		expect(bodies.slice(-1)).toEqual(['kept']);
		expect(bodies.slice(0, -1).every((b) => b === 'gone')).toBe(true);
		const history = (await t.local.get(pupil._id, { revs: true }))._revisions!;
		expect(history.ids.length).toBeGreaterThanOrEqual(4);

		// A document in conflict keeps its older bodies (the merge's common ancestor) when confirmed.
		await t.engine.stop();
		const winner = await t.local.get(pupil._id);
		const next = await t.local.put({ ...winner, familyName: 'Dawson' });
		await t.local.bulkDocs([{ ...winner, familyName: 'Evans', _rev: `${revs.length + 2}-${'e'.repeat(32)}` }], {
			new_edits: false
		});
		await compactConfirmed(t.local, [pupil._id]);
		expect(await t.local.get(pupil._id, { rev: winner._rev }).then(() => 'kept')).toBe('kept');
		expect(next.ok).toBe(true);
	});
});
