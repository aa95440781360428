/**
 * The national school attendance codes (England), as the DfE's "Working together to improve
 * school attendance" (statutory from August 2024) and the School Attendance (Pupil Registration)
 * (England) Regulations 2024 define them, held as data: the register offers them, and the
 * attendance percentage counts each session by its code's meaning. docs/attendance-codes.md is the
 * same table in words (a unit test keeps the two in step).
 */
import type { AttendanceMark } from './attendance';

/**
 * What a code means for the statistics:
 * - present / approved-activity: a possible session, attended;
 * - authorised / unauthorised: a possible session, missed;
 * - not-possible: not counted at all (neither possible nor attended).
 */
export type CodeMeaning = 'present' | 'approved-activity' | 'authorised' | 'unauthorised' | 'not-possible';

export interface AttendanceCode {
	code: string;
	/** The description as a register shows it. */
	label: string;
	meaning: CodeMeaning;
	/** False for codes withdrawn in August 2024: still read on old registers, no longer offered. */
	isCurrent: boolean;
}

const c = <C extends string>(code: C, label: string, meaning: CodeMeaning, isCurrent = true) => ({
	code,
	label,
	meaning,
	isCurrent
});

export const ATTENDANCE_CODES = [
	c('/', 'Present (morning)', 'present'),
	c('\\', 'Present (afternoon)', 'present'),
	c('L', 'Late, arrived before the register closed', 'present'),
	c('K', 'Education provision arranged by the local authority', 'approved-activity'),
	c('V', 'Educational visit or trip', 'approved-activity'),
	c('P', 'Supervised sporting activity', 'approved-activity'),
	c('W', 'Work experience', 'approved-activity'),
	c('B', 'Other approved educational activity (educated off site)', 'approved-activity'),
	c('C1', 'Leave: regulated performance or employment abroad', 'authorised'),
	c('M', 'Leave: medical or dental appointment', 'authorised'),
	c('J1', 'Leave: interview for work or another school or college', 'authorised'),
	c('S', 'Leave: study leave', 'authorised'),
	c('C2', 'Leave: part-time timetable', 'authorised'),
	c('C', 'Leave: exceptional circumstances', 'authorised'),
	c('T', 'Parent travelling for work', 'authorised'),
	c('R', 'Religious observance', 'authorised'),
	c('I', 'Illness (not a medical or dental appointment)', 'authorised'),
	c('E', 'Suspended or excluded, no alternative provision', 'authorised'),
	c('G', 'Holiday not granted by the school', 'unauthorised'),
	c('U', 'Late, arrived after the register closed', 'unauthorised'),
	c('O', 'Absent in other or unknown circumstances', 'unauthorised'),
	c('N', 'No reason yet provided', 'unauthorised'),
	c('D', 'Dual registered: at another school', 'not-possible'),
	c('X', 'Not of compulsory school age, not required to attend', 'not-possible'),
	c('Q', 'Unable to attend: lack of access arrangements', 'not-possible'),
	c('Y1', 'Unable to attend: transport not available', 'not-possible'),
	c('Y2', 'Unable to attend: widespread disruption to travel', 'not-possible'),
	c('Y3', 'Unable to attend: part of the school premises closed', 'not-possible'),
	c('Y4', 'Unable to attend: whole school site unexpectedly closed', 'not-possible'),
	c('Y5', 'Unable to attend: in criminal justice detention', 'not-possible'),
	c('Y6', 'Unable to attend: public health guidance or law', 'not-possible'),
	c('Y7', 'Unable to attend: any other unavoidable cause', 'not-possible'),
	c('Z', 'Not yet on the admission register', 'not-possible'),
	c('#', 'Planned whole or partial school closure', 'not-possible'),
	// Withdrawn in August 2024, kept so registers from before then still read and count right.
	c('H', 'Holiday authorised by the school (withdrawn 2024)', 'authorised', false),
	c('J', 'Interview (withdrawn 2024, now J1)', 'authorised', false),
	c('F', 'Extended family holiday (withdrawn)', 'authorised', false),
	c('Y', 'Unable to attend: exceptional circumstances (withdrawn 2024, now Y1–Y7)', 'not-possible', false)
] as const satisfies readonly AttendanceCode[];

export type AttendanceCodeValue = (typeof ATTENDANCE_CODES)[number]['code'];

export const ATTENDANCE_CODE_VALUES = ATTENDANCE_CODES.map((x) => x.code) as [
	AttendanceCodeValue,
	...AttendanceCodeValue[]
];

const BY_CODE = new Map<string, AttendanceCode>(ATTENDANCE_CODES.map((x) => [x.code, x]));

export function codeInfo(code: AttendanceCodeValue): AttendanceCode {
	return BY_CODE.get(code)!;
}

export const MEANING_LABELS: Record<CodeMeaning, string> = {
	present: 'Present',
	'approved-activity': 'Approved educational activity (counts as attending)',
	authorised: 'Authorised absence',
	unauthorised: 'Unauthorised absence',
	'not-possible': 'Not counted (not a possible session)'
};

/** A session under the DfE rules: does it count as possible, and as attended? */
export function sessionCounts(code: AttendanceCodeValue): { possible: boolean; attended: boolean } {
	const { meaning } = codeInfo(code);
	return {
		possible: meaning !== 'not-possible',
		attended: meaning === 'present' || meaning === 'approved-activity'
	};
}

/** Absent from the provision in a way the host school and parents must hear about the same day. */
export function isAbsence(code: AttendanceCodeValue): boolean {
	const { meaning } = codeInfo(code);
	return meaning === 'authorised' || meaning === 'unauthorised';
}

/** The present code of a session: `/` in the morning, `\` in the afternoon. */
export function presentCode(session: 'am' | 'pm'): AttendanceCodeValue {
	return session === 'am' ? '/' : '\\';
}

/**
 * The code a mark written before codes existed stands for (those documents stay valid and are
 * read as these codes): absences without a recorded reason are the generic codes.
 */
export function codeOfMark(mark: AttendanceMark, session: 'am' | 'pm'): AttendanceCodeValue {
	switch (mark) {
		case 'present':
			return presentCode(session);
		case 'late':
			return 'L';
		case 'off-site':
			return 'B';
		case 'authorised-absence':
			return 'C';
		case 'unauthorised-absence':
			return 'O';
	}
}

/**
 * The contract's `mark` written beside a code, so clients that know only marks still read the
 * register. A code not counted as possible has no mark of its own: it is written as an
 * authorised absence (the nearest), and this version counts it by its code.
 */
export function markOfCode(code: AttendanceCodeValue): AttendanceMark {
	if (code === 'L') return 'late';
	switch (codeInfo(code).meaning) {
		case 'present':
			return 'present';
		case 'approved-activity':
			return 'off-site';
		case 'unauthorised':
			return 'unauthorised-absence';
		default:
			return 'authorised-absence';
	}
}

/** The code a stored mark counts as: its own code when it has one, else its mark's. */
export function codeOf(m: { mark: AttendanceMark; code?: AttendanceCodeValue; session: 'am' | 'pm' }) {
	return m.code ?? codeOfMark(m.mark, m.session);
}

/** Codes a register offers (current ones; the present code of the other session left out). */
export function registerCodes(session: 'am' | 'pm'): AttendanceCode[] {
	const otherPresent = presentCode(session === 'am' ? 'pm' : 'am');
	return ATTENDANCE_CODES.filter((x) => x.isCurrent && x.code !== otherPresent);
}
