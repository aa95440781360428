import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BaselineInput } from '$lib/domain/baseline';
import type { PlanInput } from '$lib/domain/plan';
import type { PupilInput } from '$lib/domain/pupil';
import * as baselines from './baselines';
import type { WaymarkDb } from './db';
import * as planReviews from './plan-reviews';
import * as plans from './plans';
import * as pupils from './pupils';
import { freshDatabase } from '$tests/test-db';
import { pupilInput } from '$tests/test-factories';

let db: WaymarkDb;
beforeEach(() => {
	db = freshDatabase();
});

async function pupil(familyName: string, extra: Partial<PupilInput> = {}) {
	const saved = await pupils.create(
		pupilInput({ givenName: 'Sam', familyName, dateOfBirth: '2012-03-04', yearGroup: 9, ...extra })
	);
	if (!saved.ok) throw new Error(saved.message);
	return saved.record;
}

const objective = (id: string, targetDate = '2026-12-01') => ({
	id,
	area: 'literacy' as const,
	description: `Objective ${id}`,
	successCriteria: 'Does it',
	targetDate
});

function planFor(pupilId: string, overrides: Partial<PlanInput> = {}): PlanInput {
	return {
		pupilId,
		startDate: '2026-09-15',
		reviewDate: '2026-12-08',
		objectives: [objective('a'), objective('b'), objective('c')],
		...overrides
	};
}

async function savedPlan(pupilId: string, overrides: Partial<PlanInput> = {}) {
	const saved = await plans.create(planFor(pupilId, overrides));
	if (!saved.ok) throw new Error(saved.message);
	return saved.record;
}

describe('baselines', () => {
	const literacy = (pupilId: string): BaselineInput => ({
		pupilId,
		domain: 'literacy',
		date: '2026-09-08',
		instrument: 'NGRT',
		standardisedScore: 82,
		readingAgeMonths: 118
	});

	it('a recorded baseline is stored and queued for sync', async () => {
		const p = await pupil('Baseline');
		const saved = await baselines.create(literacy(p._id));
		expect(saved.ok).toBe(true);
		expect(await baselines.forPupil(p._id)).toHaveLength(1);
		expect(await db.outbox.count()).toBe(2);
	});

	it('a standardised score outside 40–160 is refused beside the field and nothing is saved', async () => {
		const p = await pupil('Outofrange');
		const saved = await baselines.create({ ...literacy(p._id), standardisedScore: 175 });
		expect(saved.ok).toBe(false);
		if (!saved.ok) expect(saved.errors.standardisedScore).toBe('Standardised score must be from 40 to 160');
		expect(await baselines.forPupil(p._id)).toHaveLength(0);
	});

	it('a mistake the form found (reading age) saves nothing and is shown with the schema errors', async () => {
		const p = await pupil('Formerror');
		const saved = await baselines.create(
			{ ...literacy(p._id), instrument: '' },
			{ readingAge: 'Reading age months must be a whole number from 0 to 11' }
		);
		expect(saved.ok).toBe(false);
		if (!saved.ok) expect(Object.keys(saved.errors).sort()).toEqual(['instrument', 'readingAge']);
		expect(await db.records('baseline').count()).toBe(0);
	});

	it('the learning pathway is edited on the baseline and can be cleared', async () => {
		const p = await pupil('Pathway');
		const saved = await baselines.create(literacy(p._id));
		if (!saved.ok) throw new Error(saved.message);
		await baselines.setPathway(saved.record._id, '  Phonics daily  ');
		expect((await baselines.get(saved.record._id))?.pathway).toBe('Phonics daily');
		await baselines.setPathway(saved.record._id, '   ');
		expect((await baselines.get(saved.record._id))?.pathway).toBeUndefined();
	});

	it('lists pupils on roll missing a baseline, with the domains they miss', async () => {
		const some = await pupil('Someone');
		const done = await pupil('Done');
		await pupil('Gone', { status: 'left' });
		await baselines.create(literacy(some._id));
		for (const domain of ['literacy', 'numeracy', 'wellbeing'] as const)
			await baselines.create({
				...literacy(done._id),
				domain,
				standardisedScore: undefined,
				readingAgeMonths: undefined
			});
		const rows = await baselines.pupilsMissingBaselines();
		expect(rows.map((r) => [r.pupil.familyName, r.missing])).toEqual([['Someone', ['numeracy', 'wellbeing']]]);
	});
});

describe('plans', () => {
	it('a new plan becomes current and the earlier one stays readable, unchanged', async () => {
		const p = await pupil('Twoplans');
		const first = await savedPlan(p._id, {
			startDate: '2026-01-05',
			reviewDate: '2026-03-30',
			objectives: [objective('x', '2026-03-01')]
		});
		const second = await savedPlan(p._id);
		expect((await plans.current(p._id))?._id).toBe(second._id);
		expect((await plans.forPupil(p._id)).map((x) => x._id)).toEqual([second._id, first._id]);
		expect(await plans.get(first._id)).toEqual(first);
	});

	it('contradictory dates and an empty objective are all reported and nothing is saved', async () => {
		const p = await pupil('Baddates');
		const saved = await plans.create(
			planFor(p._id, {
				reviewDate: '2026-09-01',
				objectives: [objective('a', '2026-09-01'), { ...objective('b'), description: '' }]
			})
		);
		expect(saved.ok).toBe(false);
		if (!saved.ok)
			expect(saved.errors).toMatchObject({
				reviewDate: 'Review date must be after the start date',
				'objectives.0.targetDate': 'Target date cannot be before the plan starts',
				'objectives.1.description': 'Objective is required'
			});
		expect(await db.records('plan').count()).toBe(0);
	});

	it('objective ids are unique', () => {
		expect(plans.newObjectiveId()).not.toBe(plans.newObjectiveId());
	});
});

describe('plan reviews', () => {
	// Saving refuses records dated after today: these dates are in the past for this test.
	beforeEach(() => void vi.useFakeTimers({ now: new Date('2027-06-01T12:00:00Z'), toFake: ['Date'] }));
	afterEach(() => void vi.useRealTimers());
	it('every objective must be rated; an incomplete review saves nothing', async () => {
		const p = await pupil('Incomplete');
		const plan = await savedPlan(p._id);
		const saved = await planReviews.create(plan, {
			pupilId: p._id,
			planId: plan._id,
			date: '2026-12-08',
			nextReviewDate: '2027-03-02',
			ratings: [
				{ objectiveId: 'a', rating: 'achieved' },
				{ objectiveId: 'b', rating: null },
				{ objectiveId: 'c', rating: 'working-towards' }
			]
		});
		expect(saved.ok).toBe(false);
		if (!saved.ok)
			expect(saved.errors).toEqual({ 'ratings.1.rating': 'Choose not started, working towards or achieved' });
		expect(await planReviews.forPlan(plan._id)).toEqual([]);
	});

	it('a complete review is saved against its plan and sets when the next one is due', async () => {
		const p = await pupil('Reviewed');
		const plan = await savedPlan(p._id);
		const saved = await planReviews.create(plan, {
			pupilId: p._id,
			planId: plan._id,
			date: '2026-12-08',
			nextReviewDate: '2027-03-02',
			summary: 'Good term',
			ratings: ['a', 'b', 'c'].map((objectiveId) => ({
				objectiveId,
				rating: 'working-towards' as const,
				comment: 'Getting there'
			}))
		});
		expect(saved.ok).toBe(true);
		expect((await planReviews.forPlan(plan._id))[0]?.ratings).toHaveLength(3);
		expect(await plans.reviewsDue('2026-12-20')).toEqual([]);
		expect(await plans.reviewsDue('2027-03-03')).toEqual([
			{ pupilId: p._id, pupilName: 'Sam Reviewed', planId: plan._id, reviewDate: '2027-03-02', isOverdue: true }
		]);
	});
});

describe('reviews due', () => {
	it('lists current plans overdue or due within two weeks, soonest first, and no one else', async () => {
		const overdue = await pupil('Overdue');
		const soon = await pupil('Soon');
		const later = await pupil('Later');
		const left = await pupil('Left', { status: 'left' });
		const replaced = await pupil('Replaced');
		const a = await savedPlan(overdue._id, { reviewDate: '2026-11-01' });
		const b = await savedPlan(soon._id, { reviewDate: '2026-11-30' });
		await savedPlan(later._id, { reviewDate: '2027-01-30' });
		await savedPlan(left._id, { reviewDate: '2026-10-01' });
		// An old plan long overdue does not count once a newer plan is current.
		await savedPlan(replaced._id, {
			startDate: '2026-01-05',
			reviewDate: '2026-03-30',
			objectives: [objective('x', '2026-03-01')]
		});
		await savedPlan(replaced._id, { reviewDate: '2027-02-01' });

		expect(await plans.reviewsDue('2026-11-20')).toEqual([
			{ pupilId: overdue._id, pupilName: 'Sam Overdue', planId: a._id, reviewDate: '2026-11-01', isOverdue: true },
			{ pupilId: soon._id, pupilName: 'Sam Soon', planId: b._id, reviewDate: '2026-11-30', isOverdue: false }
		]);
	});
});
