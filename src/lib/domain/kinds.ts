import type { z } from 'zod';
import { absenceNoticeSchema } from './absence-notice';
import { assessmentSchema } from './assessment';
import { attendanceSchema } from './attendance';
import { auditRecordSchema } from './audit-record';
import { baselineSchema } from './baseline';
import { carerContactSchema } from './carer-contact';
import { behaviourSchema } from './behaviour';
import { describeIssues, type DocOf } from './common';
import { exitTicketSchema } from './exit-ticket';
import { feedbackFormSchema } from './feedback-form';
import { hostSchoolSchema } from './host-school';
import { hostWorkSchema } from './host-work';
import { inkLayerSchema } from './ink';
import { intakeSchema } from './intake';
import { lessonSchema } from './lesson';
import { markingNoteSchema } from './marking-note';
import { moderationSchema } from './moderation';
import { parentContactSchema } from './parent-contact';
import { planSchema } from './plan';
import { planReviewSchema } from './plan-review';
import { progressReportSchema } from './progress-report';
import { pupilSchema } from './pupil';
import { reintegrationSchema } from './reintegration';
import { settingsSchema } from './settings';
import { timetableSlotSchema } from './timetable';
import { trendActionSchema } from './trend-action';
import { workPhotoSchema } from './work-photo';

/** Every document type Waymark stores and replicates: the contract's 17, `settings`, and the added kinds after it. */
export const RECORD_TYPES = [
	'pupil',
	'intake',
	'baseline',
	'plan',
	'planReview',
	'lesson',
	'exitTicket',
	'markingNote',
	'feedbackForm',
	'progressReport',
	'parentContact',
	'hostWork',
	'assessment',
	'moderation',
	'behaviour',
	'attendance',
	'reintegration',
	'settings',
	'workPhoto',
	'inkLayer',
	'absenceNotice',
	'carerContact',
	'hostSchool',
	'timetableSlot',
	'trendAction',
	'auditRecord'
] as const;

export type RecordType = (typeof RECORD_TYPES)[number];

export const schemas = {
	pupil: pupilSchema,
	intake: intakeSchema,
	baseline: baselineSchema,
	plan: planSchema,
	planReview: planReviewSchema,
	lesson: lessonSchema,
	exitTicket: exitTicketSchema,
	markingNote: markingNoteSchema,
	feedbackForm: feedbackFormSchema,
	progressReport: progressReportSchema,
	parentContact: parentContactSchema,
	hostWork: hostWorkSchema,
	assessment: assessmentSchema,
	moderation: moderationSchema,
	behaviour: behaviourSchema,
	attendance: attendanceSchema,
	reintegration: reintegrationSchema,
	settings: settingsSchema,
	workPhoto: workPhotoSchema,
	inkLayer: inkLayerSchema,
	absenceNotice: absenceNoticeSchema,
	carerContact: carerContactSchema,
	hostSchool: hostSchoolSchema,
	timetableSlot: timetableSlotSchema,
	trendAction: trendActionSchema,
	auditRecord: auditRecordSchema
} satisfies Record<RecordType, z.ZodType>;

export type RecordOf<T extends RecordType> = DocOf<(typeof schemas)[T]>;
export type AnyRecord = RecordOf<RecordType>;

/** Types whose documents belong to one pupil (they carry `pupilId`). */
export const PUPIL_SCOPED_TYPES = [
	'intake',
	'baseline',
	'plan',
	'planReview',
	'exitTicket',
	'markingNote',
	'feedbackForm',
	'progressReport',
	'parentContact',
	'hostWork',
	'assessment',
	'behaviour',
	'attendance',
	'reintegration',
	'workPhoto',
	'inkLayer',
	'carerContact'
] as const satisfies readonly RecordType[];

/**
 * Types whose documents are written once and never changed, archived or deleted (audit lines):
 * the server's validation refuses any later revision from anyone but a server admin.
 */
export const APPEND_ONLY_TYPES = ['auditRecord'] as const satisfies readonly RecordType[];

export function isRecordType(value: unknown): value is RecordType {
	return typeof value === 'string' && (RECORD_TYPES as readonly string[]).includes(value);
}

/** `pupil:01J…` → `pupil`; undefined for ids that are not Waymark records. */
export function typeOfId(id: string): RecordType | undefined {
	const prefix = id.slice(0, id.indexOf(':'));
	return isRecordType(prefix) ? prefix : undefined;
}

export type Validation = { ok: true; type: RecordType; doc: AnyRecord } | { ok: false; reason: string };

/**
 * Check a document that arrived from anywhere (the server, another client, an import). Never
 * throws: whatever comes in, the answer is "valid" or a reason a person can read.
 */
export function validateDocument(doc: unknown): Validation {
	try {
		if (!doc || typeof doc !== 'object' || Array.isArray(doc))
			return { ok: false, reason: 'Not a document (expected a JSON object).' };
		const { _id, type } = doc as { _id?: unknown; type?: unknown };
		const label = typeof _id === 'string' ? _id.slice(0, 80) : '(no id)';
		if (!isRecordType(type))
			return {
				ok: false,
				reason: `${label} — unknown document type ${JSON.stringify(type)?.slice(0, 40) ?? 'undefined'}.`
			};
		if (typeof _id !== 'string' || typeOfId(_id) !== type)
			return { ok: false, reason: `${label} — the id must start with "${type}:".` };
		const parsed = schemas[type].safeParse(doc);
		if (!parsed.success)
			return { ok: false, reason: `${label} — ${describeIssues(parsed.error).slice(0, 8).join('; ')}` };
		return { ok: true, type, doc: parsed.data as AnyRecord };
	} catch (err) {
		return { ok: false, reason: `Could not be checked: ${err instanceof Error ? err.message : String(err)}` };
	}
}
