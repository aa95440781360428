import { liveQuery } from 'dexie';
import type { ChangeRow } from 'pouchdb-core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Attendance } from '$lib/domain/attendance';
import { attendanceSummary } from '$lib/domain/attendance-percent';
import type { Pupil } from '$lib/domain/pupil';
import { makeDoc } from '$tests/test-factories';
import { computeDashboard } from '$lib/domain/trends';
import { FIXTURE_SETTINGS, trendFixture } from '$tests/trends-fixture';
import { applyChanges } from '$lib/sync/inbound';
import * as attendance from './attendance';
import { warmDigests } from './attendance-digest';
import type { WaymarkDb } from './db';
import { repository } from './repository';
import { freshDatabase } from '$tests/test-db';
import { trendInput } from './trends';

let db: WaymarkDb;
beforeEach(() => {
	db = freshDatabase();
});

const marks = repository('attendance');
let seq = 0;
const row = (doc: { _id: string; [field: string]: unknown }): ChangeRow => ({
	id: doc._id,
	seq: ++seq,
	changes: [{ rev: `1-${seq}` }],
	doc: { ...doc, _rev: `1-${seq}` }
});
/** Records arriving from the server, as the sync's inbound bridge applies them. */
const arrive = (...docs: { _id: string; [field: string]: unknown }[]) => applyChanges(db, docs.map(row), seq);

async function pupil(): Promise<Pupil> {
	const p = makeDoc('pupil') as Pupil;
	await arrive(p);
	return p;
}

/** The pupil's attendance as the dashboard's input gives it. */
async function figure(pupilId: string) {
	const input = await trendInput();
	return attendanceSummary(input.attendance.filter((m) => m.pupilId === pupilId));
}

describe('the trends read attendance from per-pupil digests', () => {
	it('gives the same dashboard as the records themselves, and stores one row per pupil with marks', async () => {
		const f = trendFixture();
		for (const doc of [
			...f.pupils,
			...f.intakes,
			...f.assessments,
			...f.feedbackForms,
			...f.attendance,
			...f.behaviour,
			...f.reintegrations
		]) {
			await db.records(doc.type).put(doc);
		}
		const fromRecords = computeDashboard(f, {}, FIXTURE_SETTINGS);
		const first = computeDashboard(await trendInput(), {}, FIXTURE_SETTINGS);
		const again = computeDashboard(await trendInput(), {}, FIXTURE_SETTINGS);
		expect(first).toEqual(fromRecords);
		expect(again).toEqual(fromRecords);
		expect(await db.attendanceDigest.count()).toBe(new Set(f.attendance.map((m) => m.pupilId)).size);
		// A period: only the marks dated inside it.
		const autumn2 = { start: '2026-11-02', end: '2026-12-18' };
		expect(computeDashboard(await trendInput(autumn2), { period: autumn2 }, FIXTURE_SETTINGS)).toEqual(
			computeDashboard(f, { period: autumn2 }, FIXTURE_SETTINGS)
		);
	});

	it('counts a new mark saved on this tablet at once', async () => {
		const p = await pupil();
		await attendance.setMark(p._id, '2026-11-23', 'am', 'present');
		expect(await figure(p._id)).toMatchObject({ present: 1, recorded: 1 });
		await attendance.setMark(p._id, '2026-11-23', 'pm', 'unauthorised-absence');
		expect(await figure(p._id)).toMatchObject({ present: 1, recorded: 2 });
		expect(await attendance.markAllPresent('2026-11-24', 'am')).toMatchObject({ added: 1, failed: 0 });
		expect(await figure(p._id)).toMatchObject({ present: 2, recorded: 3 });
	});

	it('counts a correction instead of the mark it corrects, and drops an archived mark', async () => {
		const p = await pupil();
		await attendance.setMark(p._id, '2026-11-23', 'am', 'present');
		await attendance.setMark(p._id, '2026-11-23', 'pm', 'present');
		expect(await figure(p._id)).toMatchObject({ present: 2, recorded: 2 });
		await attendance.setMark(p._id, '2026-11-23', 'am', 'authorised-absence');
		expect(await figure(p._id)).toMatchObject({ present: 1, recorded: 2 });
		const pm = (await attendance.marksFor('2026-11-23', 'pm'))[0]!;
		await marks.archive(pm._id);
		expect(await figure(p._id)).toMatchObject({ present: 0, recorded: 1 });
	});

	it('counts marks, corrections and archived marks arriving by sync at once', async () => {
		const p = await pupil();
		const am = makeDoc('attendance', {
			pupilId: p._id,
			date: '2026-11-23',
			session: 'am',
			mark: 'present',
			updatedAt: '2026-11-23T09:00:00.000Z'
		});
		const pm = makeDoc('attendance', {
			pupilId: p._id,
			date: '2026-11-23',
			session: 'pm',
			mark: 'present',
			updatedAt: '2026-11-23T13:00:00.000Z'
		});
		await arrive(am, pm);
		expect(await figure(p._id)).toMatchObject({ present: 2, recorded: 2 });
		// Another tablet's mark for the same session, made later: it stands.
		await arrive(
			makeDoc('attendance', {
				pupilId: p._id,
				date: '2026-11-23',
				session: 'am',
				mark: 'unauthorised-absence',
				updatedAt: '2026-11-23T10:00:00.000Z'
			})
		);
		expect(await figure(p._id)).toMatchObject({ present: 1, recorded: 2 });
		// The same document corrected elsewhere.
		await arrive({ ...pm, mark: 'late', updatedAt: '2026-11-23T14:00:00.000Z' });
		expect(await figure(p._id)).toMatchObject({ present: 1, recorded: 2 });
		await arrive({ ...pm, archived: true, updatedAt: '2026-11-23T15:00:00.000Z' });
		expect(await figure(p._id)).toMatchObject({ present: 0, recorded: 1 });
		// A new mark, in a batch with other records.
		await arrive(
			makeDoc('behaviour', { pupilId: p._id }),
			makeDoc('attendance', { pupilId: p._id, date: '2026-11-24', session: 'am', mark: 'off-site' })
		);
		expect(await figure(p._id)).toMatchObject({ present: 1, recorded: 2 });
	});

	it('moves a mark that another client moved to a different pupil', async () => {
		const [a, b] = [await pupil(), await pupil()];
		const mark = makeDoc('attendance', { pupilId: a._id, date: '2026-11-23', session: 'am', mark: 'present' });
		await arrive(mark);
		expect(await figure(a._id)).toMatchObject({ recorded: 1 });
		await arrive({ ...mark, pupilId: b._id });
		expect(await figure(a._id)).toMatchObject({ recorded: 0 });
		expect(await figure(b._id)).toMatchObject({ recorded: 1 });
	});

	it('loses nothing: after many writes the digests hold exactly the standing marks of the records', async () => {
		const pupils = [await pupil(), await pupil(), await pupil()];
		const marksWritten: Attendance[] = [];
		const kinds = ['present', 'late', 'authorised-absence', 'unauthorised-absence', 'off-site'] as const;
		for (let day = 1; day <= 20; day++) {
			for (const [i, p] of pupils.entries()) {
				const date = `2026-11-${String(day).padStart(2, '0')}`;
				const doc = makeDoc('attendance', {
					pupilId: p._id,
					date,
					session: day % 2 ? 'am' : 'pm',
					mark: kinds[(day + i) % 5],
					updatedAt: `${date}T09:00:00.000Z`
				});
				marksWritten.push(doc);
				await arrive(doc);
				if (day % 3 === 0) await figure(p._id); // digests built between writes
				if (day % 4 === 0) {
					const later = { ...doc, mark: kinds[(day + i + 1) % 5], updatedAt: `${date}T10:00:00.000Z` };
					marksWritten.push(later as Attendance);
					await arrive(later);
				}
				if (day % 7 === 0) {
					const gone = { ...doc, archived: true, updatedAt: `${date}T11:00:00.000Z` };
					marksWritten.push(gone);
					await arrive(gone);
				}
			}
		}
		await warmDigests(db);
		const stored = await db.records<Attendance>('attendance').toArray();
		const fromRecords = stored.filter((m) => !m.archived);
		const input = await trendInput();
		for (const p of pupils) {
			expect(attendanceSummary(input.attendance.filter((m) => m.pupilId === p._id))).toEqual(
				attendanceSummary(fromRecords.filter((m) => m.pupilId === p._id))
			);
		}
		expect(input.attendance).toHaveLength(attendanceSummary(fromRecords).recorded);
	});

	it('builds missing rows ahead, and a live dashboard query updates when a mark is saved', async () => {
		const p = await pupil();
		await arrive(makeDoc('attendance', { pupilId: p._id, date: '2026-11-23', session: 'am', mark: 'present' }));
		expect(await warmDigests(db)).toBe(1);
		expect(await warmDigests(db)).toBe(0);

		const seen: number[] = [];
		const errors: unknown[] = [];
		await db.attendanceDigest.clear(); // a row missing when read inside the live query: rebuilt there
		const sub = liveQuery(() => trendInput()).subscribe({
			next: (input) => seen.push(input.attendance.length),
			error: (e) => errors.push(e)
		});
		const until = async (n: number) => {
			for (let i = 0; i < 200 && seen.at(-1) !== n; i++) await new Promise((r) => setTimeout(r, 10));
		};
		await until(1);
		expect(await db.attendanceDigest.count()).toBe(1);
		await new Promise((r) => setTimeout(r, 100));
		expect(seen).toEqual([1]); // storing the rebuilt row does not run the query again
		await db.attendanceDigest.clear();
		await attendance.setMark(p._id, '2026-11-23', 'pm', 'late');
		await until(2);
		sub.unsubscribe();
		expect(errors).toEqual([]);
		expect(seen.at(-1)).toBe(2);
	});
});
