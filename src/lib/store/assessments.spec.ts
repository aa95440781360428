import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AssessmentInput } from '$lib/domain/assessment';
import { makeDoc } from '$tests/test-factories';
import * as assessments from './assessments';
import type { WaymarkDb } from './db';
import { freshDatabase } from '$tests/test-db';

const PUPIL = 'pupil:01JD8Z3Q5W3M9X4K2T6B7C8D9E';
const ngrt: AssessmentInput = {
	pupilId: PUPIL,
	kind: 'standardised',
	subject: 'english',
	name: 'NGRT form B',
	date: '2026-12-01',
	standardisedScore: 91,
	readingAgeMonths: 118
};

let db: WaymarkDb;
beforeEach(() => {
	db = freshDatabase();
});

describe('recording assessments', () => {
	// Saving refuses records dated after today: these dates are in the past for this test.
	beforeEach(() => void vi.useFakeTimers({ now: new Date('2027-06-01T12:00:00Z'), toFake: ['Date'] }));
	afterEach(() => void vi.useRealTimers());
	it('saves an assessment with its sync queue entry and lists it after the baseline', async () => {
		await db.records('baseline').put(
			makeDoc('baseline', {
				pupilId: PUPIL,
				domain: 'literacy',
				date: '2026-09-08',
				instrument: 'NGRT form A',
				standardisedScore: 86,
				readingAgeMonths: 112
			})
		);
		const saved = await assessments.create(ngrt);
		if (!saved.ok) throw new Error(saved.message);
		expect(await db.outbox.get(saved.record._id)).toBeDefined();
		const points = await assessments.timeline(PUPIL);
		expect(points.map((p) => [p.kindLabel, p.name, p.sinceBaseline])).toEqual([
			['Baseline', 'NGRT form A', undefined],
			['Standardised test', 'NGRT form B', { standardisedScore: 5, readingAgeMonths: 6 }]
		]);
	});

	it('saves nothing when a rule fails, and reports the schema’s errors too', async () => {
		const result = await assessments.create(
			{ ...ngrt, name: ' ', standardisedScore: 200 },
			{ maxScore: 'Give the maximum score as well as the score' }
		);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors).toMatchObject({
			name: 'Name of the assessment is required',
			standardisedScore: 'Standardised score must be from 40 to 160',
			maxScore: 'Give the maximum score as well as the score'
		});
		expect(await db.records('assessment').count()).toBe(0);
		expect(await db.outbox.count()).toBe(0);
	});

	it('a withdrawn assessment leaves the list but stays on the tablet', async () => {
		const saved = await assessments.create(ngrt);
		if (!saved.ok) throw new Error(saved.message);
		await assessments.archive(saved.record._id);
		expect(await assessments.timeline(PUPIL)).toEqual([]);
		expect(await db.records('assessment').get(saved.record._id)).toMatchObject({ archived: true });
	});
});
