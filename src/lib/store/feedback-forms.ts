import { localToday } from '$lib/domain/calendar-days';
import { latestVersions, versionForBatch } from '$lib/domain/document-versions';
import { batchDayFor } from '$lib/domain/feedback-batch';
import { feedbackDue, type FeedbackDue } from '$lib/domain/feedback-cycle';
import { attendedLessons, draftFeedbackForm, type FeedbackDraft } from '$lib/domain/feedback-draft';
import type { FeedbackForm, FeedbackFormInput } from '$lib/domain/feedback-form';
import { listedSchoolOf, type HostSchool } from '$lib/domain/host-school';
import { comparePupils, fullName, type Pupil } from '$lib/domain/pupil';
import { db } from './db';
import * as hostSchools from './host-schools';
import { attendanceOf, feedbackFormsOf, exitTicketsOf, intakesOf, lessonsOf } from './report-sources';
import { repository, type SaveResult } from './repository';
import { markSent as markDocumentSent, saveVersioned, type SendDetails } from './sent-documents';
import * as settings from './settings';

const repo = repository('feedbackForm');

export const { get } = repo;

const newestFirst = (a: FeedbackForm, b: FeedbackForm) =>
	b.periodEnd.localeCompare(a.periodEnd) || (b.version ?? 1) - (a.version ?? 1);

/** Every form of the pupil, every version, newest period first. */
export async function allForPupil(pupilId: string): Promise<FeedbackForm[]> {
	return (await feedbackFormsOf(pupilId)).sort(newestFirst);
}

/** The pupil's forms, current version of each only, newest period first. */
export async function forPupil(pupilId: string): Promise<FeedbackForm[]> {
	return latestVersions(await feedbackFormsOf(pupilId)).sort(newestFirst);
}

async function activePupils(): Promise<Pupil[]> {
	const rows = await db.records<Pupil>('pupil').where('status').equals('active').toArray();
	return rows.filter((p) => !p.archived).sort(comparePupils);
}

type OrgSettings = Pick<
	Awaited<ReturnType<typeof settings.current>>,
	'feedbackCycle' | 'halfTerms' | 'feedbackBatches'
>;

async function dueForPupil(
	pupil: Pupil,
	today: string,
	org: OrgSettings,
	schools: readonly HostSchool[]
): Promise<FeedbackDue> {
	const [forms, lessons] = await Promise.all([feedbackFormsOf(pupil._id), lessonsOf(pupil._id)]);
	const attendedDates = attendedLessons(pupil._id, lessons, pupil.startDate, '9999-12-31').map((l) => l.date);
	return feedbackDue({
		startDate: pupil.startDate,
		forms,
		attendedDates,
		cycle: org.feedbackCycle,
		halfTerms: org.halfTerms,
		today,
		batch: batchDayFor(org.feedbackBatches, listedSchoolOf(pupil, schools)?._id, org.halfTerms)
	});
}

export interface DueForm extends FeedbackDue {
	pupilId: string;
	pupilName: string;
	/** The host school's name as on the pupil's record (what due forms are grouped by in batches). */
	hostSchool: string;
	isOverdue: boolean;
}

/**
 * R4.1: pupils on roll whose feedback form is due or overdue today, or with a period no sent form
 * covers; overdue first, then oldest due date.
 */
export async function dueForms(today: string): Promise<DueForm[]> {
	const [org, schools] = await Promise.all([settings.current(), hostSchools.list()]);
	const out: DueForm[] = [];
	for (const pupil of await activePupils()) {
		const due = await dueForPupil(pupil, today, org, schools);
		if (due.status === 'not-due' && due.gaps.length === 0) continue;
		out.push({
			...due,
			pupilId: pupil._id,
			pupilName: fullName(pupil),
			hostSchool: listedSchoolOf(pupil, schools)?.name ?? pupil.hostSchool,
			isOverdue: due.status === 'overdue'
		});
	}
	return out.sort(
		(a, b) =>
			Number(b.isOverdue) - Number(a.isOverdue) ||
			(a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') ||
			a.pupilName.localeCompare(b.pupilName)
	);
}

/** Where the pupil's next form stands (for the pupil page). */
export async function nextDue(pupilId: string, today = localToday()): Promise<FeedbackDue | undefined> {
	const pupil = await db.records<Pupil>('pupil').get(pupilId);
	if (!pupil) return undefined;
	return dueForPupil(pupil, today, await settings.current(), await hostSchools.list());
}

/**
 * A new form drafted from the records. The period is the pupil's current cycle unless one is
 * given (staff may change the dates, and the draft is recompiled for them).
 */
export async function draftFor(
	pupilId: string,
	period?: { start: string; end: string },
	today = localToday()
): Promise<FeedbackDraft | undefined> {
	const pupil = await db.records<Pupil>('pupil').get(pupilId);
	if (!pupil) return undefined;
	const chosen =
		period ?? (await dueForPupil(pupil, today, await settings.current(), await hostSchools.list())).suggestedPeriod;
	const [lessons, exitTickets, intakes, attendance] = await Promise.all([
		lessonsOf(pupilId),
		exitTicketsOf(pupilId),
		intakesOf(pupilId),
		attendanceOf(pupilId)
	]);
	return draftFeedbackForm({
		pupil,
		periodStart: chosen.start,
		periodEnd: chosen.end,
		lessons,
		exitTickets,
		intakes,
		attendance
	});
}

/**
 * The name and role `username` signed their last feedback form with, to fill in the next one
 * (staff accounts have a user name only, not the name a host school knows them by).
 */
export async function lastAuthor(username: string): Promise<{ authorName: string; authorRole: string } | undefined> {
	// No index on the author: a scan of the forms (a few hundred a year) when a form is opened.
	const mine = await db
		.records<FeedbackForm>('feedbackForm')
		.filter((f) => f.createdBy === username)
		.toArray();
	const signed = mine
		.filter((f) => f.authorName)
		.sort((a, b) => (b.updatedAt ?? '').localeCompare(a.updatedAt ?? ''))[0];
	return signed ? { authorName: signed.authorName!, authorRole: signed.authorRole ?? '' } : undefined;
}

export function create(input: FeedbackFormInput): Promise<SaveResult<FeedbackForm>> {
	return repo.create({ ...input, status: 'draft' });
}

/** Save changes; on a sent form this makes a new version and keeps the sent one unchanged. */
export function save(
	id: string,
	patch: Partial<FeedbackFormInput>,
	base?: FeedbackForm
): Promise<SaveResult<FeedbackForm>> {
	return saveVersioned('feedbackForm', id, patch, base);
}

export function markSent(id: string, details: SendDetails): Promise<SaveResult<FeedbackForm>> {
	return markDocumentSent('feedbackForm', id, details);
}

export const archive = repo.archive;

/** Current drafts (not yet sent) across all pupils, oldest period first. */
export async function drafts(): Promise<FeedbackForm[]> {
	const all = await db.records<FeedbackForm>('feedbackForm').toArray();
	return latestVersions(all)
		.filter((f) => f.status === 'draft')
		.sort((a, b) => a.periodEnd.localeCompare(b.periodEnd));
}

/**
 * Each pupil's newest form for a batch PDF, in `pupilIds` order: sent forms only unless
 * `includeDrafts` (see `versionForBatch`).
 */
export async function latestOfEach(pupilIds: readonly string[], includeDrafts: boolean): Promise<FeedbackForm[]> {
	const out: FeedbackForm[] = [];
	for (const id of pupilIds) {
		const chosen = versionForBatch(await feedbackFormsOf(id), includeDrafts);
		if (chosen) out.push(chosen);
	}
	return out;
}
