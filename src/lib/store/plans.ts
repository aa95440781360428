import { newId } from '$lib/domain/ids';
import type { Plan, PlanInput } from '$lib/domain/plan';
import type { PlanReview } from '$lib/domain/plan-review';
import {
	comparePlansNewestFirst,
	currentPlan,
	planRuleErrors,
	pupilsWithoutPlan as withoutPlan,
	reviewState
} from '$lib/domain/plan-rules';
import { fullName, type Pupil } from '$lib/domain/pupil';
import { saveChecked } from './checked-save';
import { db } from './db';
import * as settings from './settings';
import * as pupils from './pupils';
import { repository, type SaveResult } from './repository';

const repo = repository('plan');

export const { get, archive } = repo;

/** An id for a new objective, unique across tablets (reviews refer to objectives by it). */
export function newObjectiveId(): string {
	return newId('objective');
}

/**
 * Start a plan (R2.3). It becomes the pupil's current plan; earlier plans are not touched, so
 * they stay readable as they were. Dates that contradict each other save nothing.
 */
export function create(input: PlanInput): Promise<SaveResult<Plan>> {
	return saveChecked('plan', input, planRuleErrors(input), () => repo.create(input));
}

/** Save an edited plan; `base` is the plan as the form loaded it (see repository `update`). */
export function update(id: string, input: PlanInput, base?: Plan): Promise<SaveResult<Plan>> {
	return saveChecked('plan', input, planRuleErrors(input), () => repo.update(id, input, { base }));
}

/** The pupil's plans, newest (current) first. */
export async function forPupil(pupilId: string): Promise<Plan[]> {
	return (await repo.forPupil(pupilId)).sort(comparePlansNewestFirst);
}

export async function current(pupilId: string): Promise<Plan | undefined> {
	return currentPlan(await repo.forPupil(pupilId));
}

export interface ReviewDue {
	pupilId: string;
	pupilName: string;
	planId: string;
	/** When the review is (or was) due, YYYY-MM-DD. */
	reviewDate: string;
	isOverdue: boolean;
}

/**
 * Current plans of pupils on roll whose review is overdue or due within two weeks of `today`
 * (YYYY-MM-DD), soonest first. Used by the plans list and the Today screen.
 */
export async function reviewsDue(today: string): Promise<ReviewDue[]> {
	const [onRoll, plans, reviews, config] = await Promise.all([
		pupils.list(),
		db.records<Plan>('plan').toArray(),
		db.records<PlanReview>('planReview').toArray(),
		settings.current()
	]);
	const plansByPupil = groupBy(plans, (p) => p.pupilId);
	const reviewsByPlan = groupBy(reviews, (r) => r.planId);
	const out: ReviewDue[] = [];
	for (const pupil of onRoll) {
		const plan = currentPlan(plansByPupil.get(pupil._id) ?? []);
		if (!plan) continue;
		const state = reviewState(plan, reviewsByPlan.get(plan._id) ?? [], today, config.halfTerms);
		if (state.isDue)
			out.push({
				pupilId: pupil._id,
				pupilName: fullName(pupil),
				planId: plan._id,
				reviewDate: state.dueDate,
				isOverdue: state.isOverdue
			});
	}
	return out.sort((a, b) => a.reviewDate.localeCompare(b.reviewDate) || a.pupilName.localeCompare(b.pupilName));
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
	const map = new Map<string, T[]>();
	for (const row of rows) {
		const k = key(row);
		const list = map.get(k);
		if (list) list.push(row);
		else map.set(k, [row]);
	}
	return map;
}

/** Pupils on roll with no current personalised plan, by surname. */
export async function pupilsWithoutPlan(): Promise<Pupil[]> {
	const [onRoll, all] = await Promise.all([pupils.list(), db.records<Plan>('plan').toArray()]);
	return withoutPlan(onRoll, all);
}
