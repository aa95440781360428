import { localToday } from '$lib/domain/calendar-days';
import { latestVersions, versionForBatch } from '$lib/domain/document-versions';
import { reportHalfTerm, type HalfTerm } from '$lib/domain/half-term';
import type { ProgressReport, ProgressReportInput } from '$lib/domain/progress-report';
import { comparePupils, fullName, type Pupil } from '$lib/domain/pupil';
import { reportsDue, type ReportDue } from '$lib/domain/report-due';
import { draftProgressReport, type ReportDraft } from '$lib/domain/report-draft';
import { db } from './db';
import {
	attendanceOf,
	behaviourOf,
	exitTicketsOf,
	feedbackFormsOf,
	hostWorkOf,
	lessonsOf,
	planReviewsOf,
	plansOf
} from './report-sources';
import { repository, type SaveResult } from './repository';
import { markSent as markDocumentSent, saveVersioned, type SendDetails } from './sent-documents';
import * as settings from './settings';

const repo = repository('progressReport');

export const { get } = repo;

const newestFirst = (a: ProgressReport, b: ProgressReport) =>
	b.periodEnd.localeCompare(a.periodEnd) || (b.version ?? 1) - (a.version ?? 1);

export async function allForPupil(pupilId: string): Promise<ProgressReport[]> {
	const rows = await db.records<ProgressReport>('progressReport').where('pupilId').equals(pupilId).toArray();
	return rows.filter((r) => !r.archived).sort(newestFirst);
}

/** The pupil's reports, current version of each, newest first. */
export async function forPupil(pupilId: string): Promise<ProgressReport[]> {
	return latestVersions(await allForPupil(pupilId)).sort(newestFirst);
}

/** The organisation's half terms, and the one a report written today is for. */
export async function halfTerms(today = localToday()): Promise<{ all: HalfTerm[]; current: HalfTerm | undefined }> {
	const all = (await settings.current()).halfTerms;
	return { all, current: reportHalfTerm(today, all) };
}

/** R4.2: a report pre-filled from the pupil's records for a half term (today's by default). */
export async function draftFor(
	pupilId: string,
	halfTermName?: string,
	today = localToday()
): Promise<ReportDraft | undefined> {
	const pupil = await db.records<Pupil>('pupil').get(pupilId);
	const terms = await halfTerms(today);
	const halfTerm = halfTermName ? terms.all.find((h) => h.name === halfTermName) : terms.current;
	if (!pupil || !halfTerm) return undefined;
	const [lessons, exitTickets, feedbackForms, plans, planReviews, behaviour, attendance, hostWork, org] =
		await Promise.all([
			lessonsOf(pupilId),
			exitTicketsOf(pupilId),
			feedbackFormsOf(pupilId),
			plansOf(pupilId),
			planReviewsOf(pupilId),
			behaviourOf(pupilId),
			attendanceOf(pupilId),
			hostWorkOf(pupilId),
			settings.current()
		]);
	return draftProgressReport({
		pupil,
		halfTerm,
		lessons,
		exitTickets,
		feedbackForms,
		plans,
		planReviews,
		behaviour,
		attendance,
		hostWork,
		subjects: org.subjects
	});
}

export function create(input: ProgressReportInput): Promise<SaveResult<ProgressReport>> {
	return repo.create({ ...input, status: 'draft' });
}

/** Save changes; on a sent report this makes a new version and keeps the sent one unchanged. */
export function save(
	id: string,
	patch: Partial<ProgressReportInput>,
	base?: ProgressReport
): Promise<SaveResult<ProgressReport>> {
	return saveVersioned('progressReport', id, patch, base);
}

export function markSent(id: string, details: SendDetails): Promise<SaveResult<ProgressReport>> {
	return markDocumentSent('progressReport', id, details);
}

export const archive = repo.archive;

/** Current drafts across all pupils, oldest first. */
export async function drafts(): Promise<ProgressReport[]> {
	const all = await db.records<ProgressReport>('progressReport').toArray();
	return latestVersions(all)
		.filter((r) => r.status === 'draft')
		.sort((a, b) => a.periodEnd.localeCompare(b.periodEnd));
}

/**
 * Reports for one half term, for the pupils given, in that order: the current version of each,
 * or with `includeDrafts: false` (a batch PDF's default) the highest sent version only.
 */
export async function forHalfTerm(
	halfTerm: string,
	pupilIds: readonly string[],
	includeDrafts = true
): Promise<ProgressReport[]> {
	const rows = await db.records<ProgressReport>('progressReport').where('halfTerm').equals(halfTerm).toArray();
	return pupilIds.flatMap((id) => {
		const chosen = versionForBatch(
			rows.filter((r) => r.pupilId === id),
			includeDrafts
		);
		return chosen ? [chosen] : [];
	});
}

export interface DueReport extends ReportDue {
	pupilId: string;
	pupilName: string;
}

/**
 * R4.2: half-term reports due or overdue and not sent, for every pupil on roll at the end of each
 * half term (including pupils who have left since); overdue first, then oldest half term.
 */
export async function dueReports(today = localToday()): Promise<DueReport[]> {
	const [{ halfTerms }, pupils, reports] = await Promise.all([
		settings.current(),
		db.records<Pupil>('pupil').toArray(),
		db.records<ProgressReport>('progressReport').toArray()
	]);
	const byPupil = new Map<string, ProgressReport[]>();
	for (const r of reports) byPupil.set(r.pupilId, [...(byPupil.get(r.pupilId) ?? []), r]);
	const out: DueReport[] = [];
	for (const pupil of pupils.filter((p) => !p.archived).sort(comparePupils)) {
		for (const due of reportsDue({ pupil, reports: byPupil.get(pupil._id) ?? [], halfTerms, today }))
			out.push({ ...due, pupilId: pupil._id, pupilName: fullName(pupil) });
	}
	return out.sort(
		(a, b) =>
			Number(b.status === 'overdue') - Number(a.status === 'overdue') || a.halfTerm.end.localeCompare(b.halfTerm.end)
	);
}
