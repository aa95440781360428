import { z } from 'zod';
import { PUPIL_SCOPED_TYPES, type RecordType } from './kinds';

/**
 * A visit: a visitor account (moderator, SEN officer) is shown the records of a few pupils, read
 * only, until an end date. CouchDB has no per-document read permission, so the server copies the
 * chosen records into a database of the visit's own, `visit-<org>-<id>`, whose `_security` admits
 * only that visitor, and deletes it when the visit ends. The visitor never reads `waymark-<org>`.
 */

/** What a head of centre can choose to share, in the words they use. */
export const VISIT_RECORD_GROUPS = {
	work: {
		label: 'Work samples and marking',
		types: ['exitTicket', 'markingNote', 'workPhoto', 'inkLayer', 'hostWork']
	},
	progress: {
		label: 'Progress and assessments',
		types: ['baseline', 'assessment', 'feedbackForm']
	},
	reports: { label: 'Reports', types: ['progressReport'] },
	plans: { label: 'Plans, reviews and intake (EHCP/SEN detail)', types: ['intake', 'plan', 'planReview'] },
	attendance: { label: 'Attendance', types: ['attendance'] },
	behaviour: { label: 'Behaviour detail', types: ['behaviour'] },
	contacts: { label: 'Contacts with home', types: ['parentContact', 'carerContact'] },
	reintegration: { label: 'Reintegration', types: ['reintegration'] }
} as const satisfies Record<string, { label: string; types: readonly (typeof PUPIL_SCOPED_TYPES)[number][] }>;

export type VisitRecordGroup = keyof typeof VISIT_RECORD_GROUPS;
export const VISIT_GROUP_NAMES = Object.keys(VISIT_RECORD_GROUPS) as VisitRecordGroup[];

/** Shared unless the head of centre chooses otherwise: what a moderator comes to see. Never contacts or behaviour detail. */
export const DEFAULT_VISIT_GROUPS: VisitRecordGroup[] = ['work', 'progress', 'reports'];

export const VISIT_ID = /^[0-9a-f]{12}$/;
const VISIT_DB = /^visit-([a-z0-9-]{1,40})-([0-9a-f]{12})$/;

/** The visit's own database on the server. */
export function visitDbName(org: string, id: string): string {
	return `visit-${org}-${id}`;
}

export function parseVisitDbName(db: string): { org: string; id: string } | null {
	const m = VISIT_DB.exec(db);
	return m ? { org: m[1] as string, id: m[2] as string } : null;
}

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Choose the day the visit ends' });

/** What the head of centre asks for (the server adds who, when and the id). */
export const visitRequestSchema = z.object({
	visitor: z.string().trim().min(1, { error: 'Choose the visitor' }),
	pupilIds: z
		.array(z.string().regex(/^pupil:/, { error: 'is not a pupil' }))
		.min(1, { error: 'Choose at least one pupil to share' })
		.max(200),
	groups: z.array(z.enum(VISIT_GROUP_NAMES as [VisitRecordGroup, ...VisitRecordGroup[]])).default(DEFAULT_VISIT_GROUPS),
	endsOn: isoDay
});
export type VisitRequest = z.infer<typeof visitRequestSchema>;

export interface Visit extends VisitRequest {
	id: string;
	org: string;
	/** The organisation's display name (the visitor cannot read the organisation database). */
	orgName?: string;
	createdBy: string;
	createdAt: string;
	/** When the server last copied the shared records in. */
	refreshedAt?: string;
}

/** The visit is open through its end date (the visitor's day, local time) and over the day after. */
export function isVisitOver(endsOn: string, today: string): boolean {
	return today > endsOn;
}

/** Why an end date cannot be used, or null. */
export function endDateProblem(endsOn: string, today: string): string | null {
	if (endsOn < today) return 'The end date has passed: choose today or a later day.';
	return null;
}

interface AnyDoc {
	_id: string;
	type?: unknown;
	pupilId?: unknown;
	archived?: unknown;
}

/** The record types a visit with these groups shares, besides the pupils themselves and the settings. */
export function sharedTypes(groups: readonly VisitRecordGroup[]): Set<RecordType> {
	return new Set(groups.flatMap((g) => VISIT_RECORD_GROUPS[g].types));
}

/**
 * Whether a document of the organisation belongs in the visit: the chosen pupils, their records
 * of the chosen kinds (withdrawn ones left out) and the organisation's settings (the app needs
 * them to show anything). Nothing else: no other pupil, no lessons or timetables naming others.
 */
export function isSharedForVisit(doc: AnyDoc, visit: Pick<Visit, 'pupilIds' | 'groups'>): boolean {
	if (doc.type === 'settings') return true;
	if (doc.type === 'pupil') return visit.pupilIds.includes(doc._id);
	if (doc.archived === true) return false;
	return (
		typeof doc.pupilId === 'string' &&
		visit.pupilIds.includes(doc.pupilId) &&
		sharedTypes(visit.groups).has(doc.type as RecordType)
	);
}
