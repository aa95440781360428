/**
 * Reads for the trends dashboard and a pupil's timeline (R6). The dashboard reads each table it
 * needs ONCE, in bulk (IndexedDB getAll, not a query per pupil); behaviour is read through its
 * `date` index for the chosen period only, attendance from the per-pupil digest of standing marks
 * (store/attendance-digest.ts). Filters other than the period are applied in memory by
 * `computeDashboard`, so changing them never re-reads.
 */
import type { Assessment } from '$lib/domain/assessment';
import type { Behaviour } from '$lib/domain/behaviour';
import type { FeedbackForm } from '$lib/domain/feedback-form';
import type { Intake } from '$lib/domain/intake';
import { PUPIL_SCOPED_TYPES, type RecordOf } from '$lib/domain/kinds';
import type { Lesson } from '$lib/domain/lesson';
import type { Moderation } from '$lib/domain/moderation';
import type { Pupil } from '$lib/domain/pupil';
import type { Reintegration } from '$lib/domain/reintegration';
import type { PupilRecords } from '$lib/domain/pupil-timeline';
import type { TrendInput } from '$lib/domain/trends';
import { ALL_TIME, type Period } from '$lib/domain/trends-period';
import { standingMarks } from './attendance-digest';
import { db } from './db';

const notArchived = <T extends { archived?: boolean }>(rows: T[]) => rows.filter((r) => !r.archived);

function inDateRange<T>(type: 'behaviour', period: Pick<Period, 'start' | 'end'>): Promise<T[]> {
	const table = db.records<T & { _id: string }>(type);
	// All records: one getAll over the table is faster than walking the whole date index.
	if (period.start <= ALL_TIME.start && period.end >= ALL_TIME.end) return table.toArray();
	return table.where('date').between(period.start, period.end, true, true).toArray();
}

/** Everything the dashboard needs, for one period (the other filters work on this in memory). */
export async function trendInput(period: Pick<Period, 'start' | 'end'> = ALL_TIME): Promise<TrendInput> {
	const [pupils, intakes, assessments, feedbackForms, attendance, behaviour, reintegrations] = await Promise.all([
		db.records<Pupil>('pupil').toArray(),
		db.records<Intake>('intake').toArray(),
		db.records<Assessment>('assessment').toArray(),
		db.records<FeedbackForm>('feedbackForm').toArray(),
		// Standing marks only (corrections applied, archived left out) from the per-pupil digest:
		// a year of marks is ~37k documents, too slow to copy out of IndexedDB on every open.
		standingMarks(period),
		inDateRange<Behaviour>('behaviour', period),
		db.records<Reintegration>('reintegration').toArray()
	]);
	return {
		pupils: notArchived(pupils),
		intakes: notArchived(intakes),
		assessments: notArchived(assessments),
		feedbackForms: notArchived(feedbackForms),
		attendance,
		behaviour: notArchived(behaviour),
		reintegrations: notArchived(reintegrations)
	};
}

/**
 * Every record held about one pupil, one indexed read per kind (`pupilId`, the lessons' multi-entry
 * `pupilIds`). `includeArchived` for a subject access request: withdrawn records are still data
 * held about the child.
 */
export async function pupilRecords(
	pupilId: string,
	{ includeArchived = false } = {}
): Promise<PupilRecords | undefined> {
	const pupil = await db.records<Pupil>('pupil').get(pupilId);
	if (!pupil) return undefined;
	const keep = <T extends { archived?: boolean }>(rows: T[]) => (includeArchived ? rows : notArchived(rows));
	const scoped = await Promise.all(
		PUPIL_SCOPED_TYPES.map(
			async (type) =>
				[type, keep(await db.records<RecordOf<typeof type>>(type).where('pupilId').equals(pupilId).toArray())] as const
		)
	);
	const lessons = keep(await db.records<Lesson>('lesson').where('pupilIds').equals(pupilId).toArray());
	// Moderation meetings are not pupil-scoped, but their samples name pupils; there are few.
	const moderation = keep(await db.records<Moderation>('moderation').toArray()).filter((m) =>
		m.samples.some((s) => s.pupilId === pupilId)
	);
	const byType = Object.fromEntries(scoped) as { [K in (typeof PUPIL_SCOPED_TYPES)[number]]: RecordOf<K>[] };
	return { pupil, ...byType, lesson: lessons, moderation };
}
