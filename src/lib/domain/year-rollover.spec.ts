import { describe, expect, it } from 'vitest';
import { yearGroupOn, type Pupil } from './pupil';
import { rolloverChanges, rolloverPreview, rolloverSummary } from './year-rollover';
import { makeDoc } from '$tests/test-factories';

const pupil = (yearGroup: number, overrides: Record<string, unknown> = {}): Pupil =>
	makeDoc('pupil', { yearGroup, yearGroupSchoolYear: 2025, familyName: `Year${yearGroup}`, ...overrides });

describe('the September year-group rollover', () => {
	const today = '2026-09-03';

	it('moves years 7–10 up and marks Year 11 as leavers, with the headline the office reads', () => {
		const roll = [pupil(7), pupil(8), pupil(10), pupil(11), pupil(11)];
		const preview = rolloverPreview(roll, today);
		expect(preview.schoolYear).toBe(2026);
		expect(preview.moveUp.map((m) => [m.from, m.to])).toEqual([
			[7, 8],
			[8, 9],
			[10, 11]
		]);
		expect(preview.leavers.map((m) => m.from)).toEqual([11, 11]);
		expect(rolloverSummary(preview)).toBe(
			"3 pupils move up for 2026-27; 2 in Year 11 will be marked as leavers — choose each one's destination."
		);
	});

	it('leaves out pupils already moved, entered this school year, left or archived', () => {
		const roll = [
			pupil(8, { yearGroupSchoolYear: 2026 }),
			pupil(8, { yearGroupSchoolYear: undefined, createdAt: '2026-09-02T09:00:00.000Z' }),
			pupil(8, { status: 'left' }),
			pupil(8, { archived: true })
		];
		const preview = rolloverPreview(roll, today);
		expect(preview.moveUp).toEqual([]);
		expect(rolloverSummary(preview)).toBe("Every pupil's year group is already for 2026-27.");
	});

	it('counts a pupil entered in June without the field as last school year’s', () => {
		const june = pupil(9, { yearGroupSchoolYear: undefined, createdAt: '2026-06-15T09:00:00.000Z' });
		expect(rolloverPreview([june], today).moveUp.map((m) => m.to)).toEqual([10]);
	});

	it('refuses to confirm until every leaver has a destination, then gives each pupil’s edit', () => {
		const up = pupil(9);
		const leaver = pupil(11, { givenName: 'Lee' });
		const preview = rolloverPreview([up, leaver], today);
		expect(rolloverChanges(preview, {})).toEqual({
			ok: false,
			message: 'Choose a destination for Lee Year11 before confirming.'
		});
		expect(rolloverChanges(preview, { [leaver._id]: 'post-16' })).toEqual({
			ok: true,
			changes: [
				{ pupilId: up._id, patch: { yearGroup: 10, yearGroupSchoolYear: 2026 } },
				{ pupilId: leaver._id, patch: { status: 'left', endDate: '2026-08-31', destination: 'post-16' } }
			]
		});
	});

	it('records keep the year group they were made in, before and after the rollover', () => {
		const before = pupil(9);
		const after = { ...before, yearGroup: 10, yearGroupSchoolYear: 2026 };
		for (const p of [before, after]) {
			expect(yearGroupOn(p, '2026-06-10')).toBe(9);
			expect(yearGroupOn(p, '2026-10-10')).toBe(10);
		}
	});
});
