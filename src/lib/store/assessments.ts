import { localToday } from '$lib/domain/calendar-days';
import { futureDateErrors } from '$lib/domain/record-dates';
import type { Assessment, AssessmentInput } from '$lib/domain/assessment';
import { assessmentTimeline, type TimelinePoint } from '$lib/domain/assessment-timeline';
import * as baselines from './baselines';
import { saveChecked } from './checked-save';
import { repository, type SaveResult } from './repository';

const repo = repository('assessment');

export const { get } = repo;

/** Withdraw an assessment entered by mistake (kept in history). Called on `repo`: its archive uses `this`. */
export function archive(id: string): Promise<SaveResult<Assessment>> {
	return repo.archive(id);
}

/**
 * Record an assessment (R3.4). `ruleErrors` come from `assessmentRuleErrors` (a result given, the
 * maximum with a raw score, a teacher's grade on the pupil's scale): with any, nothing is saved.
 */
export function create(
	input: AssessmentInput,
	ruleErrors: Record<string, string> = {}
): Promise<SaveResult<Assessment>> {
	const dated = futureDateErrors(input, { date: 'The date of the assessment' }, localToday());
	return saveChecked('assessment', input, { ...dated, ...ruleErrors }, () => repo.create(input));
}

/** The pupil's assessments, oldest first. */
export async function forPupil(pupilId: string): Promise<Assessment[]> {
	const rows = await repo.forPupil(pupilId);
	return rows.sort((a, b) => a.date.localeCompare(b.date) || a.createdAt.localeCompare(b.createdAt));
}

/** Baselines first, then assessments over time: what the pupil page lists. */
export async function timeline(pupilId: string): Promise<TimelinePoint[]> {
	const [starts, rows] = await Promise.all([baselines.forPupil(pupilId), repo.forPupil(pupilId)]);
	return assessmentTimeline(starts, rows);
}
