import Dexie from 'dexie';
import { beforeEach, describe, expect, it } from 'vitest';
import * as absenceNotices from './absence-notices';
import * as attendance from './attendance';
import { WaymarkDb } from './db';
import * as today from './today';
import { addPupil, freshDatabase } from '$tests/test-db';

const DAY = '2026-11-23';
let db: WaymarkDb;
beforeEach(() => {
	db = freshDatabase();
});

describe('register with DfE codes', () => {
	it('stores the code, the contract mark beside it and the reason; a present code drops the reason', async () => {
		const p = await addPupil();
		await attendance.setCode(p._id, DAY, 'am', 'I', 'Sick bug');
		let [m] = await attendance.marksFor(DAY, 'am');
		expect(m).toMatchObject({ code: 'I', mark: 'authorised-absence', reason: 'Sick bug' });
		await attendance.setCode(p._id, DAY, 'am', 'L');
		[m] = await attendance.marksFor(DAY, 'am');
		expect(m).toMatchObject({ code: 'L', mark: 'late' });
		expect(m!.reason).toBeUndefined();
		expect(await db.records('attendance').count()).toBe(1);
	});

	it('reads the marks of a run of days through the register index, both ends included', async () => {
		const p = await addPupil();
		for (const [day, session] of [
			['2026-11-20', 'pm'],
			['2026-11-23', 'am'],
			['2026-11-23', 'pm'],
			['2026-11-24', 'am'],
			['2026-11-25', 'am']
		] as const)
			await attendance.setCode(p._id, day, session, '/');
		const days = (marks: { date: string; session: string }[]) => marks.map((m) => `${m.date} ${m.session}`).sort();
		expect(days(await attendance.marksOnDays(DAY))).toEqual(['2026-11-23 am', '2026-11-23 pm']);
		expect(days(await attendance.marksOnDays(DAY, '2026-11-24'))).toEqual([
			'2026-11-23 am',
			'2026-11-23 pm',
			'2026-11-24 am'
		]);
		expect((await attendance.statusFor(DAY)).map((s) => s.session)).toEqual(['am', 'pm']);
	});

	it('all present writes the session’s present code and leaves the pupils asked about unmarked', async () => {
		const [a, b] = [await addPupil({ givenName: 'Ava' }), await addPupil({ givenName: 'Ben' })];
		await attendance.setCode(a._id, DAY, 'am', 'N');
		expect((await attendance.absentThisMorning(DAY)).map((p) => p.givenName)).toEqual(['Ava']);
		expect(await attendance.markAllPresent(DAY, 'pm', new Set([a._id]))).toMatchObject({ added: 1, failed: 0 });
		const pm = await attendance.register(DAY, 'pm');
		expect(pm.marks.get(b._id)).toMatchObject({ code: '\\', mark: 'present' });
		expect(pm.marks.has(a._id)).toBe(false);
	});

	it('counts the attendance % by code: a session not counted leaves the figure alone', async () => {
		const p = await addPupil();
		await attendance.setCode(p._id, DAY, 'am', '/');
		await attendance.setCode(p._id, DAY, 'pm', 'Y2');
		await attendance.setCode(p._id, '2026-11-24', 'am', 'O');
		expect(await attendance.summaryForPupil(p._id)).toEqual({ present: 1, recorded: 2, percent: 50 });
	});
});

describe('same-day absence notices', () => {
	it('Today lists a host school’s notice until it is marked sent, and the notice syncs', async () => {
		const p = await addPupil({ hostSchool: 'Hillcrest High' });
		await attendance.setCode(p._id, DAY, 'am', 'I', 'Flu');
		const before = await absenceNotices.forDay(DAY, '09:00');
		expect(before.by).toBe('10:00');
		expect(before.due.map((d) => d.hostSchool)).toEqual(['Hillcrest High']);
		const section = (await today.sections(DAY)).find((s) => s.kind === 'absence-notice');
		expect(section?.items.map((i) => i.title)).toEqual(['Hillcrest High']);

		const sent = await absenceNotices.markSent(before.due[0]!, { method: 'email', sentTo: 'Attendance office' });
		expect(sent.ok).toBe(true);
		expect((await absenceNotices.forDay(DAY, '09:05')).due).toEqual([]);
		expect((await today.sections(DAY)).find((s) => s.kind === 'absence-notice')).toBeUndefined();
		expect((await db.outbox.toArray()).some((e) => e.type === 'absenceNotice')).toBe(true);
	});

	it('uses the time set in settings, refusing a time that is not HH:MM', async () => {
		expect((await absenceNotices.setDueBy('9am')).ok).toBe(false);
		expect((await absenceNotices.setDueBy('09:30')).ok).toBe(true);
		expect(await absenceNotices.dueBy()).toBe('09:30');
	});
});

describe('database upgrade to version 10', () => {
	it('adds the notices table and clears attendance digests built before codes (rebuilt on read)', async () => {
		const name = `waymark-upgrade-${process.pid}`;
		const old = new Dexie(name);
		old
			.version(3)
			.stores({ attendance: '_id, pupilId, [pupilId+date], [date+session], date', attendanceDigest: 'pupilId' });
		await old.open();
		await old.table('attendanceDigest').put({ pupilId: 'pupil:x', marks: '2026-11-0200' });
		old.close();
		const upgraded = new WaymarkDb(name);
		await upgraded.open();
		expect(await upgraded.attendanceDigest.count()).toBe(0);
		expect(await upgraded.records('absenceNotice').count()).toBe(0);
		upgraded.close();
	});
});
