import { describe, expect, it } from 'vitest';
import {
	canonicalGrade,
	compareToTarget,
	GCSE_SCALE,
	gradeError,
	gradeRank,
	isOnScale,
	ks3Scale,
	scaleForYear,
	targetForYear
} from './grade-scale';

const KS3_STEPS = ['Emerging', 'Developing', 'Secure', 'Mastered'];
const KS3 = ks3Scale(KS3_STEPS);

describe('GCSE 9–1 scale', () => {
	it('orders fine grades between whole grades: 4+ < 5- < 5 < 5+ < 6-', () => {
		const ranks = ['4+', '5-', '5', '5+', '6-'].map((g) => gradeRank(g, GCSE_SCALE)!);
		expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
		expect(new Set(ranks).size).toBe(5);
	});

	it('accepts U, typographic minus signs and spaces around the grade', () => {
		expect(isOnScale('U', GCSE_SCALE)).toBe(true);
		expect(gradeRank(' 5\u2212 ', GCSE_SCALE)).toBe(gradeRank('5-', GCSE_SCALE));
		expect(canonicalGrade('u', GCSE_SCALE)).toBe('U');
	});

	it.each(['10', '0', 'A*', 'Secure', '5--', ''])('rejects %j with a reason naming the scale', (grade) => {
		expect(isOnScale(grade, GCSE_SCALE)).toBe(false);
		expect(gradeError(grade, GCSE_SCALE)).toMatch(/GCSE grade|missing/);
	});

	it("compares by the scale's order, and cannot judge a grade that is not on it", () => {
		expect(compareToTarget('9', '10', GCSE_SCALE)).toBeNull();
		expect(compareToTarget('5-', '5', GCSE_SCALE)).toBe('below');
		expect(compareToTarget('6', '5+', GCSE_SCALE)).toBe('above');
		expect(compareToTarget('4', '4', GCSE_SCALE)).toBe('at');
	});
});

describe('KS3 working-at scale', () => {
	it('orders by the configured steps, ignoring case', () => {
		expect(compareToTarget('secure', 'Developing', KS3)).toBe('above');
		expect(compareToTarget('Emerging', 'Mastered', KS3)).toBe('below');
		expect(canonicalGrade('secure', KS3)).toBe('Secure');
	});

	it('rejects a step that is not on the scale, listing the steps', () => {
		expect(gradeError('Excellent', KS3)).toBe(
			'"Excellent" is not on the KS3 working-at scale: use one of Emerging, Developing, Secure, Mastered'
		);
		expect(compareToTarget('Excellent', 'Secure', KS3)).toBeNull();
	});

	it('follows a school that configures its own steps', () => {
		const custom = ks3Scale(['Working towards', 'Expected', 'Greater depth']);
		expect(compareToTarget('Greater depth', 'Expected', custom)).toBe('above');
		expect(isOnScale('Secure', custom)).toBe(false);
	});
});

describe('which scale and target apply', () => {
	it('uses GCSE grades from year 10 and the KS3 scale up to year 9', () => {
		expect(scaleForYear(10, KS3_STEPS).kind).toBe('gcse');
		expect(scaleForYear(9, ['A', 'B']).kind).toBe('ks3');
	});

	it('judges year 10–11 against the KS4 target and year 7–9 against the KS3 target', () => {
		const intake = { ks4Target: '6', ks3Target: 'Secure' };
		expect(targetForYear(intake, 11)).toBe('6');
		expect(targetForYear(intake, 8)).toBe('Secure');
		expect(targetForYear({ ks4Target: '5' }, 8)).toBeUndefined();
	});
});
