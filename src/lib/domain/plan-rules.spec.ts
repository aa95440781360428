import { addDays } from './calendar-days';
import { DEFAULT_HALF_TERMS } from './settings';
import { describe, expect, it } from 'vitest';
import type { Baseline } from './baseline';
import type { Plan } from './plan';
import type { PlanReview } from './plan-review';
import {
	baselineCoverage,
	currentPlan,
	defaultNextReviewDate,
	describeReviewTiming,
	missingBaselineDomains,
	objectivesToCarryForward,
	formatReadingAge,
	planRuleErrors,
	pupilsWithoutPlan,
	readingAgeToMonths,
	reviewDueDate,
	reviewRuleErrors,
	reviewState,
	suggestPathway
} from './plan-rules';
import { makeDoc } from '$tests/test-factories';

const plan = (o: Record<string, unknown> = {}) => makeDoc('plan', o) as Plan;
const review = (o: Record<string, unknown> = {}) => makeDoc('planReview', o) as PlanReview;
const baseline = (o: Record<string, unknown> = {}) => makeDoc('baseline', o) as Baseline;

describe('dates', () => {
	it('the default next review is once a term: the end of this term, or of the next from its second half', () => {
		// Autumn 1 (2–23 Oct 2026) and its half-term holiday: due the last day of Autumn 2.
		expect(defaultNextReviewDate('2026-09-15', DEFAULT_HALF_TERMS)).toBe('2026-12-18');
		expect(defaultNextReviewDate('2026-10-28', DEFAULT_HALF_TERMS)).toBe('2026-12-18');
		// Autumn 2 (from 2 Nov): due the last day of Spring 2, 26 March 2027.
		expect(defaultNextReviewDate('2026-11-20', DEFAULT_HALF_TERMS)).toBe('2027-03-26');
		// Summer 2 (from 7 Jun 2027): the next school year's Autumn, whose dates are not entered: 31 Dec.
		expect(defaultNextReviewDate('2027-06-20', DEFAULT_HALF_TERMS)).toBe('2027-12-31');
		// No calendar: Autumn is 1 Sep – 31 Dec, its second half from 1 Nov.
		expect(defaultNextReviewDate('2026-09-15')).toBe('2026-12-31');
		expect(defaultNextReviewDate('2026-11-20')).toBe('2027-04-14');
	});

	it('adds days in UTC so the clocks changing never moves the date', () => {
		expect(addDays('2026-10-24', 2)).toBe('2026-10-26');
		expect(addDays('2027-03-27', 1)).toBe('2027-03-28');
		expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
	});
});

describe('current plan', () => {
	it('is the newest plan by start date; earlier plans are left as they were', () => {
		const older = plan({ startDate: '2026-01-05' });
		const newer = plan({ startDate: '2026-09-15' });
		expect(currentPlan([newer, older])?._id).toBe(newer._id);
		expect(currentPlan([older, newer])?._id).toBe(newer._id);
	});

	it('ignores archived plans and is undefined when there are none', () => {
		const older = plan({ startDate: '2026-01-05' });
		const withdrawn = plan({ startDate: '2026-09-15', archived: true });
		expect(currentPlan([older, withdrawn])?._id).toBe(older._id);
		expect(currentPlan([withdrawn])).toBeUndefined();
	});

	it('two plans started the same day: the one written later is current', () => {
		const first = plan({ startDate: '2026-09-15', createdAt: '2026-09-15T09:00:00.000Z' });
		const second = plan({ startDate: '2026-09-15', createdAt: '2026-09-15T10:00:00.000Z' });
		expect(currentPlan([second, first])?._id).toBe(second._id);
	});
});

describe('each pupil has a personalised plan', () => {
	it('lists pupils with no plan, or only withdrawn ones', () => {
		const a = makeDoc('pupil', { familyName: 'Has' });
		const b = makeDoc('pupil', { familyName: 'None' });
		const c = makeDoc('pupil', { familyName: 'Withdrawn' });
		const plans = [plan({ pupilId: a._id }), plan({ pupilId: c._id, archived: true })];
		expect(pupilsWithoutPlan([a, b, c], plans).map((p) => p.familyName)).toEqual(['None', 'Withdrawn']);
	});
});

describe('review due and overdue', () => {
	const p = plan({ startDate: '2026-09-15', reviewDate: '2026-12-08' });

	it('with no review, the plan is due on its own review date', () => {
		expect(reviewDueDate(p, [])).toBe('2026-12-08');
	});

	it('after a review, the next review date the review set is what counts', () => {
		const r = review({ planId: p._id, date: '2026-12-01', nextReviewDate: '2027-03-01' });
		expect(reviewDueDate(p, [r])).toBe('2027-03-01');
	});

	it('a review that set no next date makes the next one due once a term after it', () => {
		const r = review({ planId: p._id, date: '2026-12-01' });
		// Reviewed in Autumn 2: next due the last day of Spring 2.
		expect(reviewDueDate(p, [r], DEFAULT_HALF_TERMS)).toBe('2027-03-26');
	});

	it('only the latest review of THIS plan counts, and archived reviews do not', () => {
		const latest = review({ planId: p._id, date: '2026-12-01', nextReviewDate: '2027-03-01' });
		const earlier = review({ planId: p._id, date: '2026-10-01', nextReviewDate: '2026-11-01' });
		const otherPlan = review({
			planId: 'plan:01JD8Z3Q5W3M9X4K2T6B7C8D9Z',
			date: '2027-01-01',
			nextReviewDate: '2027-09-01'
		});
		const withdrawn = review({ planId: p._id, date: '2027-01-05', nextReviewDate: '2027-12-01', archived: true });
		expect(reviewDueDate(p, [earlier, otherPlan, latest, withdrawn])).toBe('2027-03-01');
	});

	it('is overdue the day after the due date, not on it', () => {
		expect(reviewState(p, [], '2026-12-08')).toMatchObject({ isOverdue: false, isDue: true, daysUntil: 0 });
		expect(reviewState(p, [], '2026-12-09')).toMatchObject({ isOverdue: true, isDue: true, daysUntil: -1 });
	});

	it('is due (not overdue) from two weeks before, and neither before that', () => {
		expect(reviewState(p, [], '2026-11-24')).toMatchObject({ isOverdue: false, isDue: true });
		expect(reviewState(p, [], '2026-11-23')).toMatchObject({ isOverdue: false, isDue: false });
	});

	it('a review done in time clears the overdue flag', () => {
		const r = review({ planId: p._id, date: '2026-12-10', nextReviewDate: '2027-03-04' });
		expect(reviewState(p, [], '2026-12-20').isOverdue).toBe(true);
		expect(reviewState(p, [r], '2026-12-20').isOverdue).toBe(false);
	});

	it('says the timing in plain words', () => {
		expect(describeReviewTiming(reviewState(p, [], '2026-12-09'))).toBe('Overdue by 1 day');
		expect(describeReviewTiming(reviewState(p, [], '2027-01-08'))).toBe('Overdue by 4 weeks');
		expect(describeReviewTiming(reviewState(p, [], '2026-12-08'))).toBe('Due today');
		expect(describeReviewTiming(reviewState(p, [], '2026-12-05'))).toBe('Due in 3 days');
	});
});

describe('baseline coverage', () => {
	it('names the domains with no baseline yet', () => {
		expect(missingBaselineDomains([])).toEqual(['literacy', 'numeracy', 'wellbeing']);
		expect(missingBaselineDomains([baseline({ domain: 'numeracy' })])).toEqual(['literacy', 'wellbeing']);
	});

	it('an archived baseline does not count as done', () => {
		expect(missingBaselineDomains([baseline({ domain: 'literacy', archived: true })])).toContain('literacy');
	});

	it('shows the latest baseline in each domain', () => {
		const old = baseline({ domain: 'literacy', date: '2026-01-10' });
		const recent = baseline({ domain: 'literacy', date: '2026-09-08' });
		const coverage = baselineCoverage([recent, old]);
		expect(coverage.literacy?._id).toBe(recent._id);
		expect(coverage.wellbeing).toBeNull();
	});
});

describe('reading age', () => {
	it('reads years and months as months, months optional', () => {
		expect(readingAgeToMonths(9, 4)).toEqual({ months: 112 });
		expect(readingAgeToMonths(9, null)).toEqual({ months: 108 });
		expect(readingAgeToMonths(null, null)).toEqual({});
	});

	it('refuses months over 11, fractions and months without years, in plain English', () => {
		expect(readingAgeToMonths(9, 14).error).toBe('Reading age months must be a whole number from 0 to 11');
		// Flagged on the box that is wrong: 15 months is the months box, not the years.
		expect(readingAgeToMonths(9, 15).errors).toEqual({
			'readingAge.months': 'Reading age months must be a whole number from 0 to 11'
		});
		expect(Object.keys(readingAgeToMonths(null, 4).errors ?? {})).toEqual(['readingAge.years']);
		expect(readingAgeToMonths(9.5, 0).error).toMatch(/whole number/);
		expect(readingAgeToMonths(null, 4).error).toBe('Give the years of the reading age as well as the months');
	});

	it('is shown as years and months', () => {
		expect(formatReadingAge(112)).toBe('9 years 4 months');
		expect(formatReadingAge(145)).toBe('12 years 1 month');
	});
});

describe('learning pathway suggestion', () => {
	it('a low standardised score suggests foundation steps for that domain', () => {
		const s = suggestPathway({ domain: 'numeracy', date: '2026-09-08', standardisedScore: 72 });
		expect(s?.level).toBe('foundation');
		expect(s?.basis).toBe('standardised score 72 (below average)');
		expect(s?.text).toMatch(/times tables/);
	});

	it('an average score suggests developing steps and a high one secure steps', () => {
		expect(suggestPathway({ domain: 'literacy', date: '2026-09-08', standardisedScore: 100 })?.level).toBe(
			'developing'
		);
		expect(suggestPathway({ domain: 'literacy', date: '2026-09-08', standardisedScore: 118 })?.level).toBe('secure');
	});

	it('without a standardised score, a reading age two years behind suggests foundation literacy', () => {
		const s = suggestPathway({ domain: 'literacy', date: '2026-09-08', readingAgeMonths: 120 }, '2012-09-01');
		expect(s?.level).toBe('foundation');
		expect(s?.basis).toBe('reading age 4 years 0 months below actual age');
	});

	it('falls back to the raw score as a percentage', () => {
		expect(suggestPathway({ domain: 'wellbeing', date: '2026-09-08', rawScore: 30, maxScore: 40 })).toMatchObject({
			level: 'secure',
			basis: '30 out of 40 (75%)'
		});
	});

	it('suggests nothing when the baseline has no score', () => {
		expect(suggestPathway({ domain: 'wellbeing', date: '2026-09-08' })).toBeNull();
	});
});

describe('plan and review form rules', () => {
	it('a review date on or before the start, or a target before the start, is refused beside the field', () => {
		expect(
			planRuleErrors({
				startDate: '2026-09-15',
				reviewDate: '2026-09-15',
				objectives: [{ targetDate: '2026-12-01' }, { targetDate: '2026-09-01' }]
			})
		).toEqual({
			reviewDate: 'Review date must be after the start date',
			'objectives.1.targetDate': 'Target date cannot be before the plan starts'
		});
		expect(
			planRuleErrors({ startDate: '2026-09-15', reviewDate: '2026-12-08', objectives: [{ targetDate: '2026-12-01' }] })
		).toEqual({});
	});

	it('every objective must be rated, and the next review must come after this one', () => {
		const p = plan({
			objectives: [
				{ id: 'a', area: 'literacy', description: 'x', successCriteria: 'y', targetDate: '2026-12-01' },
				{ id: 'b', area: 'numeracy', description: 'x', successCriteria: 'y', targetDate: '2026-12-01' }
			]
		});
		const errors = reviewRuleErrors(p, {
			date: '2026-12-08',
			ratings: [
				{ objectiveId: 'a', rating: 'achieved' },
				{ objectiveId: 'b', rating: null }
			],
			nextReviewDate: '2026-12-01'
		});
		expect(errors).toEqual({
			'ratings.1.rating': 'Choose not started, working towards or achieved',
			nextReviewDate: 'Next review must be after this review'
		});
	});
});

describe('carrying objectives into a new plan', () => {
	it('keeps the objectives not achieved at the latest review', () => {
		const p = plan({
			objectives: [
				{ id: 'a', area: 'literacy', description: 'Read aloud', successCriteria: 'y', targetDate: '2026-12-01' },
				{ id: 'b', area: 'numeracy', description: 'Times tables', successCriteria: 'y', targetDate: '2026-12-01' }
			]
		});
		const r = review({
			planId: p._id,
			ratings: [
				{ objectiveId: 'a', rating: 'achieved' },
				{ objectiveId: 'b', rating: 'working-towards' }
			]
		});
		expect(objectivesToCarryForward(p, r).map((o) => o.description)).toEqual(['Times tables']);
		expect(objectivesToCarryForward(p, undefined)).toHaveLength(2);
	});
});

describe('learning pathway at the pupil’s level (issue 19 item 13)', () => {
	const numeracy = { domain: 'numeracy' as const, date: '2026-09-10', standardisedScore: 78 };

	it('a Year 10 pupil is not offered "objects and pictures… money and time", but GCSE Foundation work', () => {
		const year10 = suggestPathway(numeracy, '2011-01-10', 10);
		expect(year10).toMatchObject({ level: 'foundation', basis: 'standardised score 78 (below average)' });
		expect(year10?.text).not.toMatch(/objects and pictures|Money and time/);
		expect(year10?.text).toMatch(/^GCSE Maths Foundation tier towards the target grade/);
	});

	it('a Year 5 pupil with the same score starts with number work using objects and pictures', () => {
		expect(suggestPathway(numeracy, '2016-01-10', 5)?.text).toContain('using objects and pictures');
		// Well-being is the same at every age.
		expect(suggestPathway({ ...numeracy, domain: 'wellbeing' }, undefined, 10)?.text).toMatch(/^Daily check-in/);
	});
});
