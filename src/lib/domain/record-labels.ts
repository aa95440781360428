import type { RecordType } from './kinds';

/** What each kind of record is called on screen, in the words staff use. */
export const RECORD_TYPE_LABELS: Record<RecordType, string> = {
	pupil: 'pupil',
	intake: 'intake',
	baseline: 'baseline',
	plan: 'plan',
	planReview: 'plan review',
	lesson: 'lesson',
	exitTicket: 'exit ticket',
	markingNote: 'marking note',
	feedbackForm: 'feedback form',
	progressReport: 'progress report',
	parentContact: 'parent contact',
	hostWork: 'host-school work',
	assessment: 'assessment',
	moderation: 'moderation',
	behaviour: 'behaviour note',
	attendance: 'attendance mark',
	reintegration: 'reintegration plan',
	settings: 'organisation settings',
	workPhoto: 'photo of work',
	inkLayer: 'pen marks on a photo',
	absenceNotice: 'absence notice',
	carerContact: 'parent or carer contact',
	hostSchool: 'host school',
	timetableSlot: 'timetabled lesson',
	trendAction: 'action on a trend',
	auditRecord: 'audit record'
};

/**
 * A short name for one record a teacher would recognise: "Edna Smith (pupil)", "exit ticket for
 * Edna Smith", "lesson: Fractions". `pupil` is the record's pupil when it belongs to one.
 */
export function nameRecord(
	type: RecordType,
	record: Record<string, unknown> | undefined,
	pupil: { givenName?: unknown; familyName?: unknown } | undefined
): string {
	const kind = RECORD_TYPE_LABELS[type];
	const who = pupil ? `${String(pupil.givenName)} ${String(pupil.familyName)}` : null;
	if (type === 'pupil') return who ? `${who} (pupil)` : 'a pupil';
	if (who) return `${kind} for ${who}`;
	const title = record?.topic ?? record?.moderatorName;
	return typeof title === 'string' ? `${kind}: ${title}` : kind;
}
