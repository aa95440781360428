import type { Attendance, AttendanceMark } from '$lib/domain/attendance';
import {
	codeOf,
	codeOfMark,
	isAbsence,
	markOfCode,
	presentCode,
	type AttendanceCodeValue
} from '$lib/domain/attendance-codes';
import { attendanceSummary, latestMarks, type AttendanceSummary, type Period } from '$lib/domain/attendance-percent';
import Dexie from 'dexie';
import type { Pupil } from '$lib/domain/pupil';
import { onRollOn, registerStatus, type RegisterStatus, type Session } from '$lib/domain/register';
import { db } from './db';
import * as pupils from './pupils';
import { repository, withReopenedDatabase, type SaveResult } from './repository';

const repo = repository('attendance');

const table = () => db.records<Attendance>('attendance');

/**
 * Every mark on the days from `start` to `end` (both included), through the register's
 * `[date+session]` index: marks have no plain `date` index (version 28), one entry per mark fewer
 * on every tablet (docs/performance.md).
 */
export function marksOnDays(start: string, end = start): Promise<Attendance[]> {
	return table().where('[date+session]').between([start, Dexie.minKey], [end, Dexie.maxKey], true, true).toArray();
}

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

/**
 * Set one pupil's DfE code (and the contract's mark beside it): corrects the mark that stands
 * rather than adding a rival one. `reason` replaces the absence reason when given; a code that is
 * not an absence drops it (a pupil marked present has no absence reason).
 */
export async function setCode(
	pupilId: string,
	date: string,
	session: Session,
	code: AttendanceCodeValue,
	reason?: string
): Promise<SaveResult<Attendance>> {
	const standing = (await marksFor(date, session)).find((m) => m.pupilId === pupilId);
	const nextReason = isAbsence(code) ? (reason ?? standing?.reason) : undefined;
	const fields = { code, mark: markOfCode(code), reason: nextReason?.trim() || undefined };
	if (!standing) return repo.create({ pupilId, date, session, ...fields });
	const isSame = standing.code === code && standing.reason === fields.reason;
	return isSame ? { ok: true, record: standing } : repo.update(standing._id, fields);
}

/** Set one pupil's mark by its contract name (the code it stands for). */
export function setMark(pupilId: string, date: string, session: Session, mark: AttendanceMark) {
	return setCode(pupilId, date, session, codeOfMark(mark, session));
}

/**
 * Pupils on roll whose morning code is an absence and who have no afternoon mark yet: the
 * afternoon's "all present" asks about them rather than marking them present unseen.
 */
export async function absentThisMorning(date: string): Promise<Pupil[]> {
	const [{ pupils: roll, marks: pm }, am] = await Promise.all([register(date, 'pm'), marksFor(date, 'am')]);
	const absentIds = new Set(am.filter((m) => isAbsence(codeOf(m))).map((m) => m.pupilId));
	return roll.filter((p) => absentIds.has(p._id) && !pm.has(p._id));
}

/**
 * The one-tap start of a register: everyone on roll not yet marked becomes present (`/` or `\`),
 * except the pupils in `except` (left unmarked). Marks already given (an absence entered first)
 * are kept. One transaction: all or none.
 */
export async function markAllPresent(
	date: string,
	session: Session,
	except: ReadonlySet<string> = new Set()
): Promise<{ added: number; failed: number; ids: string[] }> {
	const code = presentCode(session);
	let added = 0;
	let failed = 0;
	let ids: string[] = [];
	await withReopenedDatabase(() =>
		db.transaction('rw', [table(), db.records('pupil'), db.outbox, db.attendanceDigest], async () => {
			[added, failed, ids] = [0, 0, []];
			const { pupils: roll, marks } = await register(date, session);
			for (const p of roll.filter((p) => !marks.has(p._id) && !except.has(p._id))) {
				const result = await repo.create({ pupilId: p._id, date, session, code, mark: markOfCode(code) });
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
	const [roll, marks] = await Promise.all([pupils.list({ includeLeft: true }), marksOnDays(date)]);
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
	const [all, marks] = await Promise.all([pupils.list({ includeLeft: true }), marksOnDays(period.start, period.end)]);
	const byPupil = Map.groupBy(marks, (m) => m.pupilId);
	return all
		.filter((p) => byPupil.has(p._id) || onRollOn(p, period.end) || onRollOn(p, period.start))
		.map((pupil) => ({ pupil, summary: attendanceSummary(byPupil.get(pupil._id) ?? []) }));
}
