import { termReviewDue } from './school-terms';
import type { Settings } from './settings';
import { BASELINE_DOMAINS, type Baseline, type BaselineDomain } from './baseline';
import type { Objective, Plan } from './plan';
import type { PlanReview } from './plan-review';

/** A review counts as "due" (not yet overdue) from this many days before its date. */
export const REVIEW_DUE_SOON_DAYS = 14;

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
	return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * R2.4, PPP "(e.g. once a term)": the review date a new plan or review starts with — the last day
 * of this school term, or of the next when `from` is in the second half of this one (`termReviewDue`).
 */
export function defaultNextReviewDate(from: string, halfTerms: Settings['halfTerms'] = []): string {
	return termReviewDue(from, halfTerms);
}

const isDate = (s: unknown): s is string =>
	typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

/** Newest first: later start date, then later creation (two plans started the same day). */
export function comparePlansNewestFirst(a: Plan, b: Plan): number {
	return b.startDate.localeCompare(a.startDate) || b.createdAt.localeCompare(a.createdAt) || b._id.localeCompare(a._id);
}

/**
 * One current plan per pupil (R2.3): the newest by start date that is not archived. Earlier plans
 * are not changed when a new one starts, so they stay readable exactly as they were.
 */
export function currentPlan(plans: readonly Plan[]): Plan | undefined {
	return plans.filter((p) => !p.archived).sort(comparePlansNewestFirst)[0];
}

/**
 * PPP: "Each pupil has a personalised plan". The pupils given (those on roll) who have no current
 * plan, in the order given.
 */
export function pupilsWithoutPlan<P extends { _id: string }>(pupils: readonly P[], plans: readonly Plan[]): P[] {
	const withPlan = new Set(plans.filter((p) => !p.archived).map((p) => p.pupilId));
	return pupils.filter((p) => !withPlan.has(p._id));
}

/** This plan's reviews, newest first (by review date, then by when it was written). */
export function reviewsOfPlan(planId: string, reviews: readonly PlanReview[]): PlanReview[] {
	return reviews
		.filter((r) => r.planId === planId && !r.archived)
		.sort((a, b) => b.date.localeCompare(a.date) || b.createdAt.localeCompare(a.createdAt));
}

/**
 * When the plan is next due for review: the latest review's next review date (or a term after
 * that review, when the review did not say), else the plan's own review date.
 */
export function reviewDueDate(
	plan: Plan,
	reviews: readonly PlanReview[],
	halfTerms: Settings['halfTerms'] = []
): string {
	const latest = reviewsOfPlan(plan._id, reviews)[0];
	if (!latest) return plan.reviewDate;
	return latest.nextReviewDate ?? defaultNextReviewDate(latest.date, halfTerms);
}

export interface ReviewState {
	dueDate: string;
	/** The due date has passed (a review due today is due, not overdue). */
	isOverdue: boolean;
	/** Overdue, or due within REVIEW_DUE_SOON_DAYS. */
	isDue: boolean;
	/** Days from today to the due date; negative when overdue. */
	daysUntil: number;
}

export function reviewState(
	plan: Plan,
	reviews: readonly PlanReview[],
	today: string,
	halfTerms: Settings['halfTerms'] = []
): ReviewState {
	const dueDate = reviewDueDate(plan, reviews, halfTerms);
	const daysUntil = daysBetween(today, dueDate);
	return { dueDate, daysUntil, isOverdue: daysUntil < 0, isDue: daysUntil <= REVIEW_DUE_SOON_DAYS };
}

/** Plain words for a review's timing, e.g. "Overdue by 3 days", "Due in 2 weeks". */
export function describeReviewTiming(state: ReviewState): string {
	const n = Math.abs(state.daysUntil);
	const span = n >= 14 ? `${Math.floor(n / 7)} weeks` : `${n} day${n === 1 ? '' : 's'}`;
	if (state.daysUntil < 0) return `Overdue by ${span}`;
	if (state.daysUntil === 0) return 'Due today';
	return `Due in ${span}`;
}

const newestBaselineFirst = (a: Baseline, b: Baseline) =>
	b.date.localeCompare(a.date) || b.createdAt.localeCompare(a.createdAt);

/** The latest baseline in each domain, or null where the pupil has none yet (R2.1). */
export function baselineCoverage(baselines: readonly Baseline[]): Record<BaselineDomain, Baseline | null> {
	const live = baselines.filter((b) => !b.archived).sort(newestBaselineFirst);
	const out = {} as Record<BaselineDomain, Baseline | null>;
	for (const domain of BASELINE_DOMAINS) out[domain] = live.find((b) => b.domain === domain) ?? null;
	return out;
}

/** Domains in which the pupil has no baseline yet, in the contract's order. */
export function missingBaselineDomains(baselines: readonly Baseline[]): BaselineDomain[] {
	const coverage = baselineCoverage(baselines);
	return BASELINE_DOMAINS.filter((d) => coverage[d] === null);
}

/** "9 years 4 months" from a reading age in months. */
export function formatReadingAge(months: number): string {
	const years = Math.floor(months / 12);
	const rest = months % 12;
	return `${years} year${years === 1 ? '' : 's'} ${rest} month${rest === 1 ? '' : 's'}`;
}

/**
 * A reading age typed as years + months, as months. Both empty: no reading age. Months must be
 * 0–11, so "9 years 14 months" is refused rather than silently read as 10 years 2 months.
 */
export function readingAgeToMonths(
	years: number | null | undefined,
	months: number | null | undefined
): { months?: number; error?: string; errors?: Record<'readingAge.years' | 'readingAge.months', string> } {
	const hasYears = years !== null && years !== undefined;
	const hasMonths = months !== null && months !== undefined;
	if (!hasYears && !hasMonths) return {};
	// `errors`: the message keyed by the box it is about, so the form flags the right one.
	const fail = (box: 'years' | 'months', error: string) =>
		({ error, errors: { [`readingAge.${box}`]: error } }) as {
			error: string;
			errors: Record<'readingAge.years' | 'readingAge.months', string>;
		};
	if (!hasYears) return fail('years', 'Give the years of the reading age as well as the months');
	if (!Number.isInteger(years) || years < 0 || years > 25)
		return fail('years', 'Reading age years must be a whole number from 0 to 25');
	const m = hasMonths ? months : 0;
	if (!Number.isInteger(m) || m < 0 || m > 11)
		return fail('months', 'Reading age months must be a whole number from 0 to 11');
	return { months: years * 12 + m };
}

/** How standardised scores (mean 100, s.d. 15) are usually described to staff and parents. */
export function describeStandardisedScore(score: number): string {
	if (score < 70) return 'well below average';
	if (score < 85) return 'below average';
	if (score <= 115) return 'average';
	if (score <= 130) return 'above average';
	return 'well above average';
}

export type PathwayLevel = 'foundation' | 'developing' | 'secure';

const PATHWAYS: Record<BaselineDomain, Record<PathwayLevel, string>> = {
	literacy: {
		foundation:
			'Daily phonics and decoding practice (10 minutes). Paired reading with books at the pupil’s reading age. Recognise high-frequency and subject words. Write short sentences with a model and a word bank.',
		developing:
			'Guided reading with retrieval and inference questions. Build vocabulary from subject texts. Plan and write paragraphs with sentence starters. Learn common spelling patterns.',
		secure:
			'Read age-appropriate and GCSE texts independently. Analyse language and structure. Extended writing for different audiences and purposes. Edit and redraft own work.'
	},
	numeracy: {
		foundation:
			'Place value, number bonds and times tables to 10 × 10. The four operations with whole numbers, using objects and pictures. Money and time in everyday situations.',
		developing:
			'Fractions, decimals and percentages. Written methods for multiplication and division. Multi-step word problems. Ratio and proportion.',
		secure:
			'Algebra and equations. Explain reasoning in problem solving. GCSE-style questions at and above the target grade.'
	},
	wellbeing: {
		foundation:
			'Daily check-in with a key adult. A calm-space plan and an agreed time-out signal. Name and rate feelings (e.g. zones of regulation). Short 1:1 or small-group sessions before whole-class work.',
		developing:
			'Weekly mentoring session. Strategies for frustration and setbacks. Build positive relationships through structured group work. Notice and celebrate small successes.',
		secure:
			'Keep routines and check-ins going. Leadership or peer-support roles. Prepare for reintegration, e.g. visits to the host school.'
	}
};

/**
 * Issue 19 item 13: from Year 10 the pathway works towards the pupil's GCSE target at every level —
 * a Year 10 pupil at grade 3 is not offered "objects and pictures… money and time".
 */
const KS4_PATHWAYS: Record<'literacy' | 'numeracy', Record<PathwayLevel, string>> = {
	literacy: {
		foundation:
			'GCSE English Language foundations: reading short non-fiction and fiction extracts for retrieval and simple inference, subject vocabulary, and writing clear paragraphs with a model answer, at grades 1–3.',
		developing:
			'GCSE English Language and Literature: inference and language analysis with evidence, planned extended answers in timed conditions, and spelling, punctuation and grammar marks.',
		secure:
			'GCSE English at and above the target grade: comparing texts, evaluating writers’ methods, and crafted writing for different audiences under exam conditions.'
	},
	numeracy: {
		foundation:
			'GCSE Maths Foundation tier towards the target grade: number, fractions, decimals and percentages, ratio and proportion, and exam-style questions at grades 1–3 with worked examples.',
		developing:
			'GCSE Maths Foundation tier at grades 3–5: algebra and equations, geometry and measures, probability and statistics, multi-step problems in exam conditions.',
		secure:
			'GCSE Maths at and above the target grade (Higher tier where suited): algebraic reasoning, proof, and problem solving with past papers.'
	}
};

export interface PathwaySuggestion {
	level: PathwayLevel;
	/** Why this level, e.g. "standardised score 78 (below average)". */
	basis: string;
	text: string;
}

type BaselineScores = Pick<
	Baseline,
	'domain' | 'date' | 'rawScore' | 'maxScore' | 'standardisedScore' | 'readingAgeMonths'
>;

/**
 * A starting point for the learning pathway (R2.2) from the baseline's scores, for staff to edit,
 * at the pupil's stage: GCSE-directed from Year 10 (`KS4_PATHWAYS`).
 * Uses the standardised score if there is one, else the reading-age gap (literacy, when the date
 * of birth is known), else the raw score as a percentage. Null when the baseline has no score.
 */
export function suggestPathway(
	baseline: BaselineScores,
	dateOfBirth?: string,
	yearGroup?: number
): PathwaySuggestion | null {
	const domain = baseline.domain;
	const texts =
		yearGroup !== undefined && yearGroup >= 10 && domain !== 'wellbeing' ? KS4_PATHWAYS[domain] : PATHWAYS[domain];
	const pick = (level: PathwayLevel, basis: string): PathwaySuggestion => ({ level, basis, text: texts[level] });
	const s = baseline.standardisedScore;
	if (s !== undefined && s !== null) {
		const level = s < 85 ? 'foundation' : s < 110 ? 'developing' : 'secure';
		return pick(level, `standardised score ${s} (${describeStandardisedScore(s)})`);
	}
	const ra = baseline.readingAgeMonths;
	if (ra !== undefined && ra !== null && isDate(dateOfBirth) && isDate(baseline.date)) {
		const ageMonths = Math.floor(daysBetween(dateOfBirth, baseline.date) / 30.4375);
		const gap = ra - ageMonths;
		const level = gap <= -24 ? 'foundation' : gap < 0 ? 'developing' : 'secure';
		const words =
			gap < 0 ? `${formatReadingAge(-gap)} below` : gap > 0 ? `${formatReadingAge(gap)} above` : 'the same as';
		return pick(level, `reading age ${words} actual age`);
	}
	const { rawScore: raw, maxScore: max } = baseline;
	if (raw !== undefined && max !== undefined && max > 0) {
		const percent = Math.round((raw / max) * 100);
		const level = percent < 40 ? 'foundation' : percent < 70 ? 'developing' : 'secure';
		return pick(level, `${raw} out of ${max} (${percent}%)`);
	}
	return null;
}

/** Form-level checks the schema cannot make on its own (dates relative to each other). */
export function planRuleErrors(input: {
	startDate: string;
	reviewDate: string;
	objectives: readonly Pick<Objective, 'targetDate'>[];
}): Record<string, string> {
	const errors: Record<string, string> = {};
	if (!isDate(input.startDate)) return errors;
	if (isDate(input.reviewDate) && input.reviewDate <= input.startDate)
		errors.reviewDate = 'Review date must be after the start date';
	input.objectives.forEach((o, i) => {
		if (isDate(o.targetDate) && o.targetDate < input.startDate)
			errors[`objectives.${i}.targetDate`] = 'Target date cannot be before the plan starts';
	});
	return errors;
}

/**
 * A review rates EVERY objective of its plan (R2.4). `ratings[i]` belongs to `plan.objectives[i]`;
 * an unrated objective gets its error at `ratings.<i>.rating`, beside that objective.
 */
export function reviewRuleErrors(
	plan: Pick<Plan, 'objectives'>,
	input: { date: string; ratings: readonly { objectiveId: string; rating?: string | null }[]; nextReviewDate?: string }
): Record<string, string> {
	const errors: Record<string, string> = {};
	plan.objectives.forEach((o, i) => {
		const r = input.ratings[i];
		if (!r || r.objectiveId !== o.id || !r.rating)
			errors[`ratings.${i}.rating`] = 'Choose not started, working towards or achieved';
	});
	if (isDate(input.date) && isDate(input.nextReviewDate) && input.nextReviewDate <= input.date) {
		errors.nextReviewDate = 'Next review must be after this review';
	}
	return errors;
}

/**
 * Objectives to carry into a new plan: those the latest review did not rate achieved (all of
 * them when there is no review), with fresh ids and no target date (the new plan sets its own).
 */
export function objectivesToCarryForward(
	plan: Plan,
	latestReview: PlanReview | undefined
): Omit<Objective, 'id' | 'targetDate'>[] {
	const achieved = new Set(
		latestReview?.ratings.filter((r) => r.rating === 'achieved').map((r) => r.objectiveId) ?? []
	);
	return plan.objectives
		.filter((o) => !achieved.has(o.id))
		.map(({ area, description, successCriteria }) => ({ area, description, successCriteria }));
}
