import type { Assessment } from '$lib/domain/assessment';
import type { Attendance } from '$lib/domain/attendance';
import type { Behaviour } from '$lib/domain/behaviour';
import { compareInstants, localToday } from '$lib/domain/calendar-days';
import type { FeedbackForm } from '$lib/domain/feedback-form';
import type { Intake } from '$lib/domain/intake';
import { comparePupils, type Pupil } from '$lib/domain/pupil';
import { readinessSummary, type ReadinessSummary } from '$lib/domain/readiness';
import { REINTEGRATION_STATUSES, type Reintegration, type ReintegrationInput } from '$lib/domain/reintegration';
import {
	currentByPupil,
	flaggedPupils,
	onRollFlag,
	reintegratedCounts,
	type OnRollFlag,
	type TermRule
} from '$lib/domain/reintegration-rules';
import { saveChecked } from './checked-save';
import { db } from './db';
import { repository, type SaveResult } from './repository';
import * as settings from './settings';

const repo = repository('reintegration');

export const get = repo.get;
/** Withdraw a record: it stays readable in history. */
export const archive = (id: string) => repo.archive(id);

/** Rules a single field cannot express: a completed reintegration says where and when. */
function ruleErrors(input: ReintegrationInput, today: string): Record<string, string> {
	const errors: Record<string, string> = {};
	if (input.status === 'completed') {
		if (!input.destinationSchool?.trim()) errors.destinationSchool = 'Name the school the pupil went back to';
		if (!input.completedDate) errors.completedDate = 'Enter the date the pupil started at the destination school';
	}
	if (input.completedDate && input.completedDate > today)
		errors.completedDate = 'The completed date cannot be in the future';
	// Figures over time count a breakdown on the day it happened, never on its target date.
	if (input.status === 'broken-down' && !input.brokenDownDate)
		errors.brokenDownDate = 'Enter the date the placement broke down';
	if (input.brokenDownDate && input.brokenDownDate > today)
		errors.brokenDownDate = 'The date it broke down cannot be in the future';
	return errors;
}

/**
 * Save the pupil's reintegration: `id` edits that record; without it a new one is started (a new
 * attempt after a placement broke down keeps the old record as history).
 */
export function save(
	input: ReintegrationInput,
	id?: string,
	today = localToday(),
	base?: Reintegration
): Promise<SaveResult<Reintegration>> {
	const clean = {
		...input,
		destinationSchool: input.destinationSchool?.trim() || undefined,
		notes: input.notes?.trim() || undefined
	};
	return saveChecked('reintegration', clean, ruleErrors(clean, today), () =>
		id ? repo.update(id, clean, { base }) : repo.create(clean)
	);
}

/** The pupil's reintegration records, newest first: the first is the current one. */
export async function history(pupilId: string): Promise<Reintegration[]> {
	return (await repo.forPupil(pupilId)).sort((a, b) => compareInstants(b.updatedAt, a.updatedAt));
}

async function termRule(): Promise<TermRule> {
	const s = await settings.current();
	return { halfTerms: s.halfTerms, termWeeks: s.onRollTermWeeks };
}

/** The length of a term for the 2-term rule: a number of weeks, or null for the school's own terms. */
export async function setTermWeeks(weeks: number | null) {
	const s = await settings.current();
	// Only this field changes: `s` as base keeps whatever else arrives meanwhile.
	return settings.save({ ...s, onRollTermWeeks: weeks ?? undefined }, s);
}

const STATUS_ORDER = Object.fromEntries(REINTEGRATION_STATUSES.map((s, i) => [s, i]));

export interface ReintegrationOverview {
	counts: ReturnType<typeof reintegratedCounts>;
	flagged: (OnRollFlag & { pupil: Pupil })[];
	/** Every pupil with a reintegration record, by status (planned first), then name. */
	statuses: { pupil: Pupil; record: Reintegration }[];
	termWeeks: number | null;
}

/** Everything the Reintegration screen shows, from the records on this tablet. */
export async function overview(today = localToday()): Promise<ReintegrationOverview> {
	const [pupils, records, rule] = await Promise.all([
		db.records<Pupil>('pupil').toArray(),
		db.records<Reintegration>('reintegration').toArray(),
		termRule()
	]);
	const byId = new Map(pupils.map((p) => [p._id, p]));
	const flagged = flaggedPupils(pupils, records, today, rule).map((f) => ({ ...f, pupil: byId.get(f.pupilId)! }));
	const statuses = [...currentByPupil(records)]
		.map(([pupilId, record]) => ({ pupil: byId.get(pupilId), record }))
		.filter((row): row is { pupil: Pupil; record: Reintegration } => !!row.pupil && !row.pupil.archived)
		.sort((a, b) => STATUS_ORDER[a.record.status]! - STATUS_ORDER[b.record.status]! || comparePupils(a.pupil, b.pupil));
	return { counts: reintegratedCounts(pupils, records, today), flagged, statuses, termWeeks: rule.termWeeks ?? null };
}

/** The 2-term flag for one pupil (null when not flagged), by the organisation's term rule. */
export async function flagFor(pupil: Pupil, today = localToday()): Promise<OnRollFlag | null> {
	const [records, rule] = await Promise.all([history(pupil._id), termRule()]);
	return onRollFlag(pupil, currentByPupil(records).get(pupil._id), today, rule);
}

/** R5.4 for one pupil: readiness with its reasons, from what this tablet holds. */
export async function readinessFor(pupil: Pupil, today = localToday()): Promise<ReadinessSummary> {
	const forPupil = <T extends { archived?: boolean }>(
		type: 'intake' | 'assessment' | 'feedbackForm' | 'attendance' | 'behaviour'
	) =>
		db
			.records<T & { _id: string }>(type)
			.where('pupilId')
			.equals(pupil._id)
			.filter((r) => !r.archived)
			.toArray();
	const [intakes, assessments, feedbackForms, attendance, behaviour, s] = await Promise.all([
		forPupil<Intake>('intake'),
		forPupil<Assessment>('assessment'),
		forPupil<FeedbackForm>('feedbackForm'),
		forPupil<Attendance>('attendance'),
		forPupil<Behaviour>('behaviour'),
		settings.current()
	]);
	return readinessSummary({
		pupil,
		intakes,
		assessments,
		feedbackForms,
		attendance,
		behaviour,
		ks3Scale: s.ks3Scale,
		today
	});
}
