import type { Attendance, AttendanceMark } from '$lib/domain/attendance';
import { attendanceSummary, latestMarks, type AttendanceSummary, type Period } from '$lib/domain/attendance-percent';
import type { Pupil } from '$lib/domain/pupil';
import { onRollOn, registerStatus, type RegisterStatus, type Session } from '$lib/domain/register';
import { db } from './db';
import * as pupils from './pupils';
import { repository, withReopenedDatabase, type SaveResult } from './repository';

const repo = repository('attendance');

const table = () => db.records<Attendance>('attendance');

/** The mark that stands for each pupil in one session (later corrections win). */
export async function marksFor(date: string, session: Session): Promise<Attendance[]> {
	return latestMarks(await table().where('[date+session]').equals([date, session]).toArray());
}

export interface Register {
	date: string;
	session: Session;
	pupils: Pupil[];
	/** pupilId → the mark that stands. */
	marks: Map<string, Attendance>;
}

/** One session's register: everyone on roll that day (surname order) and their marks so far. */
export async function register(date: string, session: Session): Promise<Register> {
	const [roll, marks] = await Promise.all([pupils.list({ includeLeft: true }), marksFor(date, session)]);
	return {
		date,
		session,
		pupils: roll.filter((p) => onRollOn(p, date)),
		marks: new Map(marks.map((m) => [m.pupilId, m]))
	};
}

/** Set one pupil's mark: corrects the mark that stands rather than adding a rival one. */
export async function setMark(
	pupilId: string,
	date: string,
	session: Session,
	mark: AttendanceMark
): Promise<SaveResult<Attendance>> {
	const standing = (await marksFor(date, session)).find((m) => m.pupilId === pupilId);
	if (standing) return standing.mark === mark ? { ok: true, record: standing } : repo.update(standing._id, { mark });
	return repo.create({ pupilId, date, session, mark });
}

/**
 * The one-tap start of a register: everyone on roll not yet marked becomes present. Marks
 * already given (an absence entered first) are kept. One transaction: all or none.
 */
export async function markAllPresent(
	date: string,
	session: Session
): Promise<{ added: number; failed: number; ids: string[] }> {
	let added = 0;
	let failed = 0;
	let ids: string[] = [];
	await withReopenedDatabase(() =>
		db.transaction('rw', [table(), db.records('pupil'), db.outbox, db.attendanceDigest], async () => {
			[added, failed, ids] = [0, 0, []];
			const { pupils: roll, marks } = await register(date, session);
			for (const p of roll.filter((p) => !marks.has(p._id))) {
				const result = await repo.create({ pupilId: p._id, date, session, mark: 'present' });
				if (result.ok) {
					added++;
					ids.push(result.record._id);
				} else failed++;
			}
		})
	);
	return { added, failed, ids };
}

/** Undo "Mark everyone present": withdraw the marks it made, in one transaction. */
export function withdrawMarks(ids: string[]): Promise<void> {
	return withReopenedDatabase(() =>
		db.transaction('rw', [table(), db.outbox, db.attendanceDigest], async () => {
			for (const id of ids) await repo.archive(id);
		})
	);
}

/** Undo one mark: back to the mark it replaced (`null`: there was none, so withdraw it). */
export function revertMark(id: string, before: Attendance | null): Promise<SaveResult<Attendance>> {
	return repo.revert(id, before);
}

/** Morning and afternoon registers for a day: taken, partly taken or not taken. */
export async function statusFor(date: string): Promise<RegisterStatus[]> {
	const [roll, marks] = await Promise.all([
		pupils.list({ includeLeft: true }),
		table().where('date').equals(date).toArray()
	]);
	return (['am', 'pm'] as const).map((session) => registerStatus(roll, marks, date, session));
}

/** A pupil's attendance over a period (all time when no period is given). */
export async function summaryForPupil(pupilId: string, period?: Period): Promise<AttendanceSummary> {
	return attendanceSummary(await repo.forPupil(pupilId), period);
}

export interface PupilAttendance {
	pupil: Pupil;
	summary: AttendanceSummary;
}

/** Every pupil with a mark in the period or on roll during it, with their attendance over it. */
export async function summaries(period: Period): Promise<PupilAttendance[]> {
	const [all, marks] = await Promise.all([
		pupils.list({ includeLeft: true }),
		table().where('date').between(period.start, period.end, true, true).toArray()
	]);
	const byPupil = Map.groupBy(marks, (m) => m.pupilId);
	return all
		.filter((p) => byPupil.has(p._id) || onRollOn(p, period.end) || onRollOn(p, period.start))
		.map((pupil) => ({ pupil, summary: attendanceSummary(byPupil.get(pupil._id) ?? []) }));
}
