import { localToday } from '$lib/domain/calendar-days';
import { futureDateErrors } from '$lib/domain/record-dates';
import type { Plan } from '$lib/domain/plan';
import type { PlanReview, PlanReviewInput } from '$lib/domain/plan-review';
import { reviewRuleErrors, reviewsOfPlan } from '$lib/domain/plan-rules';
import { saveChecked } from './checked-save';
import { db } from './db';
import { repository, type SaveResult } from './repository';

const repo = repository('planReview');

export const { get } = repo;

/** What the review form hands over: a rating may still be unchosen (null), which is refused. */
export type ReviewDraft = Omit<PlanReviewInput, 'ratings'> & {
	ratings: { objectiveId: string; rating: PlanReview['ratings'][number]['rating'] | null; comment?: string }[];
};

/**
 * Record a review of `plan` (R2.4). Every objective must be rated, in the plan's order, and the
 * next review must come after this one; otherwise nothing is saved.
 */
export function create(plan: Plan, draft: ReviewDraft): Promise<SaveResult<PlanReview>> {
	const input = { ...draft, pupilId: plan.pupilId, planId: plan._id } as PlanReviewInput;
	const dated = futureDateErrors(input, { date: 'The date of the review' }, localToday());
	return saveChecked('planReview', input, { ...dated, ...reviewRuleErrors(plan, draft) }, () => repo.create(input));
}

/** A plan's reviews, newest first. */
export async function forPlan(planId: string): Promise<PlanReview[]> {
	return reviewsOfPlan(planId, await db.records<PlanReview>('planReview').where('planId').equals(planId).toArray());
}

/** All of a pupil's reviews (of every plan), newest first. */
export async function forPupil(pupilId: string): Promise<PlanReview[]> {
	const rows = await repo.forPupil(pupilId);
	return rows.sort((a, b) => b.date.localeCompare(a.date) || b.createdAt.localeCompare(a.createdAt));
}
