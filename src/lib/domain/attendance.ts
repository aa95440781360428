import { z } from 'zod';
import { documentSchema, isoDate, pupilRef, type DocOf, type InputOf } from './common';

export const SESSIONS = ['am', 'pm'] as const;
export const ATTENDANCE_MARKS = ['present', 'late', 'authorised-absence', 'unauthorised-absence', 'off-site'] as const;
export type AttendanceMark = (typeof ATTENDANCE_MARKS)[number];

export const MARK_LABELS: Record<AttendanceMark, string> = {
	present: 'Present',
	late: 'Late',
	'authorised-absence': 'Authorised absence',
	'unauthorised-absence': 'Unauthorised absence',
	'off-site': 'Educated off site'
};

/** Marks that count as attending (the contract: off-site counts as present). */
export const PRESENT_MARKS: readonly AttendanceMark[] = ['present', 'late', 'off-site'];

export function countsAsPresent(mark: AttendanceMark): boolean {
	return PRESENT_MARKS.includes(mark);
}

/** Whether a mark is a possible session (the attendance figure's denominator): every mark today. */
export function countsAsPossible(_mark: AttendanceMark): boolean {
	return true;
}

/** R5.1: one pupil's mark for one session. */
export const attendanceSchema = documentSchema('attendance', {
	pupilId: pupilRef,
	date: isoDate,
	session: z.enum(SESSIONS, { error: 'Session must be am or pm' }),
	mark: z.enum(ATTENDANCE_MARKS, {
		error: 'Mark must be present, late, authorised absence, unauthorised absence or off site'
	})
});

export type Attendance = DocOf<typeof attendanceSchema>;
export type AttendanceInput = InputOf<Attendance>;
