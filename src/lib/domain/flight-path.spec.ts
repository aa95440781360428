import { describe, expect, it } from 'vitest';
import { pupilAttainment } from './attainment';
import { flightPathOn, gradeAtRank, keyStageEnd } from './flight-path';
import { GCSE_SCALE, ks3Scale } from './grade-scale';
import type { Intake } from './intake';
import type { Pupil } from './pupil';
import { makeDoc } from '$tests/test-factories';

describe('the flight path from intake to the end-of-key-stage target', () => {
	it('ends on 31 July of Year 11 for KS4 and of Year 9 for KS3', () => {
		expect(keyStageEnd(10, '2026-11-23')).toBe('2028-07-31');
		expect(keyStageEnd(11, '2027-03-01')).toBe('2027-07-31');
		expect(keyStageEnd(7, '2026-09-01')).toBe('2029-07-31');
		expect(keyStageEnd(9, '2027-06-30')).toBe('2027-07-31');
	});

	it('names the scale steps: GCSE 14 is 5-, 15 is 5, 16 is 5+, 0 is U', () => {
		expect([0, 2, 9, 14, 15, 16].map((r) => gradeAtRank(r, GCSE_SCALE))).toEqual(['U', '1-', '3', '5-', '5', '5+']);
		expect(gradeAtRank(2, ks3Scale(['Emerging', 'Developing', 'Secure', 'Mastered']))).toBe('Secure');
	});

	// Year 10, intake 1 Sep 2026 at 3, KS4 target 5, KS4 ends 31 Jul 2028: 699 days, 6 steps (9 → 15).
	const path = { startGrade: '3', startDate: '2026-09-01', target: '5', endDate: '2028-07-31', scale: GCSE_SCALE };

	it('expects 4 by 20 July 2027 (322 of 699 days: 9 + 6 × 0.46 = 11.8, rounded 12), so 4 is on track', () => {
		expect(flightPathOn(path, '4', '2027-07-20')).toEqual({ expected: '4', comparison: 'at' });
		expect(flightPathOn(path, '4-', '2027-07-20')).toEqual({ expected: '4', comparison: 'below' });
		expect(flightPathOn(path, '4+', '2027-07-20')).toEqual({ expected: '4', comparison: 'above' });
	});

	it('starts at the intake grade and ends at the target', () => {
		expect(flightPathOn(path, '3', '2026-09-01')?.expected).toBe('3');
		expect(flightPathOn(path, '5', '2028-07-31')?.expected).toBe('5');
		expect(flightPathOn(path, '5', '2029-01-01')?.expected).toBe('5');
	});

	it('draws no path when a grade is off the scale', () => {
		expect(flightPathOn({ ...path, startGrade: 'Secure' }, '4', '2027-07-20')).toBeNull();
	});

	it('a Year 10 pupil on track is "on track" and still below the KS4 target itself', () => {
		const pupil: Pupil = makeDoc('pupil', { yearGroup: 10, yearGroupSchoolYear: 2026, startDate: '2026-09-01' });
		const intake: Intake = makeDoc('intake', {
			pupilId: pupil._id,
			subject: 'maths',
			workingAt: '3',
			ks4Target: '5',
			receivedDate: '2026-09-01'
		});
		const mock = makeDoc('assessment', {
			pupilId: pupil._id,
			subject: 'maths',
			kind: 'teacher',
			name: 'Summer mock',
			date: '2027-07-01',
			grade: '4'
		});
		expect(pupilAttainment(pupil, [intake], [mock], 'maths', [], '2027-07-20')).toMatchObject({
			workingAt: '4',
			target: '5',
			comparison: 'below',
			expected: '4',
			onTrack: 'at',
			keyStageEnd: '2028-07-31'
		});
	});
});
