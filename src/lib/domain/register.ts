import type { Attendance, AttendanceMark } from './attendance';
import { latestMarks, type SessionMark } from './attendance-percent';
import { isWeekend } from './calendar-days';
import type { Pupil } from './pupil';
import type { Settings } from './settings';

export type Session = Attendance['session'];

/**
 * On roll on that date: started by then and not ended before it. A pupil who has since left or
 * been reintegrated still belongs in the registers up to their end date (old registers and
 * attendance % stay right); without an end date we cannot tell, so only active pupils count.
 */
export function onRollOn(pupil: Pick<Pupil, 'status' | 'startDate' | 'endDate' | 'archived'>, date: string): boolean {
	if (pupil.archived) return false;
	if (pupil.status !== 'active' && !pupil.endDate) return false;
	return pupil.startDate <= date && (!pupil.endDate || pupil.endDate >= date);
}

export interface RegisterStatus {
	date: string;
	session: Session;
	onRoll: number;
	marked: number;
	/** Pupils on roll with no mark yet. */
	missing: string[];
	state: 'not-taken' | 'partly-taken' | 'taken';
}

/** Whether a session's register has been taken for everyone on roll that day. */
export function registerStatus(
	pupils: readonly Pick<Pupil, '_id' | 'status' | 'startDate' | 'endDate' | 'archived'>[],
	marks: readonly SessionMark[],
	date: string,
	session: Session
): RegisterStatus {
	const roll = pupils.filter((p) => onRollOn(p, date)).map((p) => p._id);
	const markedIds = new Set(
		latestMarks(marks.filter((m) => m.date === date && m.session === session)).map((m) => m.pupilId)
	);
	const missing = roll.filter((id) => !markedIds.has(id));
	const marked = roll.length - missing.length;
	const state = missing.length === 0 ? 'taken' : marked === 0 ? 'not-taken' : 'partly-taken';
	return { date, session, onRoll: roll.length, marked, missing, state };
}

/**
 * A day the provision is open: a weekday inside one of the organisation's half terms (or any
 * weekday when no half terms are set), so Today does not nag about registers in the holidays.
 */
export function isSchoolDay(date: string, halfTerms: Settings['halfTerms']): boolean {
	if (isWeekend(date)) return false;
	if (halfTerms.length === 0) return true;
	return halfTerms.some((h) => h.start <= date && date <= h.end);
}

/** The half term containing the date, or in the holidays the one just finished. */
export function currentHalfTerm(date: string, halfTerms: Settings['halfTerms']): Settings['halfTerms'][number] | null {
	const started = [...halfTerms].filter((h) => h.start <= date).sort((a, b) => b.start.localeCompare(a.start));
	const h = started[0];
	return h ?? null;
}

/** Marks the register offers, present first (the all-present tap sets this one). */
export const REGISTER_MARKS: readonly AttendanceMark[] = [
	'present',
	'late',
	'authorised-absence',
	'unauthorised-absence',
	'off-site'
];
