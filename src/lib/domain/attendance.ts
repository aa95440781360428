import { z } from 'zod';
import { ATTENDANCE_CODE_VALUES } from './attendance-codes';
import { documentSchema, isoDate, optionalText, pupilRef, type DocOf, type InputOf } from './common';

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
	}),
	/**
	 * The DfE attendance code (attendance-codes.ts). Optional: marks written before codes existed
	 * count as their mark's code. When present it decides the attendance %; `mark` is kept beside
	 * it (markOfCode) for clients that read only marks.
	 */
	code: z.enum(ATTENDANCE_CODE_VALUES, { error: 'Code must be one of the DfE attendance codes' }).optional(),
	/** Why the pupil was absent, as the family or host school gave it. */
	reason: optionalText('Absence reason', 500)
});

export type Attendance = DocOf<typeof attendanceSchema>;
export type AttendanceInput = InputOf<Attendance>;
