import { describe, expect, it } from 'vitest';
import { yearGroupOn } from './pupil';
import type { Pupil } from './pupil';
import type { Reintegration } from './reintegration';
import {
	flaggedPupils,
	onRollFlag,
	reintegratedCounts,
	schoolTerms,
	schoolYearOf,
	termLimitDate,
	termsOnRoll
} from './reintegration-rules';
import { DEFAULT_HALF_TERMS } from './settings';
import { makeDoc } from '$tests/test-factories';

// Year groups stated for 2026-27, so the year group on a date does not depend on the day the test runs.
const pupil = (overrides: Record<string, unknown> = {}): Pupil =>
	makeDoc('pupil', { yearGroupSchoolYear: 2026, ...overrides });
const record = (pupilId: string, overrides: Record<string, unknown> = {}): Reintegration =>
	makeDoc('reintegration', { pupilId, ...overrides });
const schoolTermsRule = { halfTerms: DEFAULT_HALF_TERMS };

describe('the school year', () => {
	it('runs from 1 September to 31 August', () => {
		expect(schoolYearOf('2026-09-01')).toEqual({ label: '2026-27', start: '2026-09-01', end: '2027-08-31' });
		expect(schoolYearOf('2027-08-31').label).toBe('2026-27');
	});

	it('has three terms made of the school’s half terms, or typical dates when none are set', () => {
		expect(schoolTerms(2026, DEFAULT_HALF_TERMS).map((t) => t.start)).toEqual([
			'2026-09-01',
			'2027-01-05',
			'2027-04-12'
		]);
		expect(schoolTerms(2024, DEFAULT_HALF_TERMS).map((t) => t.start)).toEqual([
			'2024-09-01',
			'2025-01-01',
			'2025-04-15'
		]);
	});
});

describe('terms on roll', () => {
	it('counts whole school terms for a pupil who started in September', () => {
		expect(termsOnRoll('2026-09-01', '2027-04-11', schoolTermsRule)).toBeCloseTo(2, 5);
		expect(termsOnRoll('2026-09-01', '2027-04-12', schoolTermsRule)).toBeGreaterThan(2);
	});

	it('counts the part of a term a pupil was here for', () => {
		// Autumn 2026 is 1 Sep – 4 Jan (126 days); joining on 3 Nov leaves half of it.
		expect(termsOnRoll('2026-11-03', '2027-01-04', schoolTermsRule)).toBeCloseTo(0.5, 5);
	});

	it('uses a fixed number of weeks when the organisation sets a term length', () => {
		expect(termsOnRoll('2026-09-01', '2026-10-12', { termWeeks: 6 })).toBeCloseTo(1, 5);
		expect(termsOnRoll('2026-09-01', '2026-11-24', { termWeeks: 6 })).toBeGreaterThan(2);
	});

	it('is zero for a pupil who has not started yet', () => {
		expect(termsOnRoll('2027-01-10', '2026-11-23')).toBe(0);
	});
});

describe('the 2-term flag', () => {
	const today = '2027-04-20';

	it('flags a pupil in year 9 or below on roll more than 2 terms, saying why', () => {
		const flag = onRollFlag(pupil({ yearGroup: 8, startDate: '2026-09-01' }), undefined, today, schoolTermsRule);
		expect(flag?.terms).toBeGreaterThan(2);
		expect(flag?.reason).toContain('Year 8, on roll since 1 Sep 2026: 2.1 school terms, more than the 2 expected');
	});

	it('warns 4 weeks ahead: from 15 Mar 2027 for a pupil who reaches 2 terms on 12 Apr 2027, not before', () => {
		const p = pupil({ yearGroup: 8, startDate: '2026-09-01' });
		expect(termLimitDate(p.startDate, schoolTermsRule)).toBe('2027-04-12');
		expect(onRollFlag(p, undefined, '2027-03-14', schoolTermsRule)).toBeNull();
		expect(onRollFlag(p, undefined, '2027-03-15', schoolTermsRule)).toMatchObject({ state: 'approaching' });
		expect(onRollFlag(p, undefined, '2027-04-11', schoolTermsRule)).toMatchObject({
			state: 'approaching',
			limitDate: '2027-04-12',
			reason: expect.stringContaining('reaches the 2 expected for year 9 and below on 12 Apr 2027 (in 1 day)')
		});
		expect(onRollFlag(p, undefined, '2027-04-12', schoolTermsRule)?.state).toBe('over');
	});

	it('does not flag pupils who were in year 10 or above when the 2 terms ran out', () => {
		expect(onRollFlag(pupil({ yearGroup: 10, startDate: '2026-09-01' }), undefined, today)).toBeNull();
		// Joined in Year 9 in April 2026: 2 terms ran out in Year 10 (autumn 2026).
		expect(onRollFlag(pupil({ yearGroup: 10, startDate: '2026-04-20' }), undefined, '2027-04-20')).toBeNull();
	});

	it('uses the year group at the time: a Year 9 who ran past 2 terms is still flagged in Year 10', () => {
		// Joined Year 9 on 1 Sep 2025; 2 terms ran out in April 2026, still Year 9; Year 10 now.
		const flag = onRollFlag(pupil({ yearGroup: 10, startDate: '2025-09-01' }), undefined, today, schoolTermsRule);
		expect(flag?.state).toBe('over');
		expect(flag?.reason).toMatch(/^Year 9 then \(Year 10 now\), on roll since 1 Sep 2025: /);
		const year10In2026 = { yearGroup: 10, yearGroupSchoolYear: 2026, createdAt: '2026-09-01T08:00:00Z' };
		expect(yearGroupOn(year10In2026, '2026-04-12')).toBe(9);
		expect(yearGroupOn(year10In2026, '2026-09-01')).toBe(10);
		// Without the rollover's school year: the year group is for the school year the pupil was entered in.
		expect(yearGroupOn({ yearGroup: 9, createdAt: '2026-06-01T08:00:00Z' }, '2026-09-01')).toBe(10);
	});

	it('does not flag pupils who have left, been reintegrated or been archived', () => {
		const old = { yearGroup: 7, startDate: '2025-01-10' };
		expect(onRollFlag(pupil({ ...old, status: 'left' }), undefined, today)).toBeNull();
		expect(onRollFlag(pupil({ ...old, archived: true }), undefined, today)).toBeNull();
		const p = pupil(old);
		expect(onRollFlag(p, record(p._id, { status: 'completed' }), today)).toBeNull();
	});

	it('still flags a pupil whose reintegration is only planned, and shows that status', () => {
		const p = pupil({ yearGroup: 9, startDate: '2025-01-10' });
		const flag = onRollFlag(p, record(p._id, { status: 'planned' }), today);
		expect(flag?.reintegration?.status).toBe('planned');
	});

	it('follows the configured term length', () => {
		const p = pupil({ yearGroup: 9, startDate: '2026-09-01' });
		expect(onRollFlag(p, undefined, '2026-11-24', schoolTermsRule)).toBeNull();
		expect(onRollFlag(p, undefined, '2026-11-24', { termWeeks: 6 })?.reason).toContain('terms of 6 weeks');
	});

	it('lists the longest on roll first', () => {
		const a = pupil({ yearGroup: 9, startDate: '2026-06-01', familyName: 'Newer' });
		const b = pupil({ yearGroup: 9, startDate: '2025-06-01', familyName: 'Older' });
		expect(flaggedPupils([a, b], [], today).map((f) => f.pupilId)).toEqual([b._id, a._id]);
	});
});

describe('pupils successfully reintegrated', () => {
	const today = '2026-11-23';

	it('counts completed reintegrations this school year and overall', () => {
		const thisYear = pupil();
		const lastYear = pupil();
		const planned = pupil();
		const records = [
			record(thisYear._id, { status: 'completed', completedDate: '2026-10-01' }),
			record(lastYear._id, { status: 'completed', completedDate: '2026-06-01' }),
			record(planned._id, { status: 'planned' })
		];
		expect(reintegratedCounts([thisYear, lastYear, planned], records, today)).toEqual({
			schoolYear: '2026-27',
			thisYear: 1,
			overall: 2
		});
	});

	it('counts a pupil marked reintegrated in their details, unless the placement broke down', () => {
		const marked = pupil({ status: 'reintegrated', endDate: '2026-09-20' });
		const brokeDown = pupil({ status: 'reintegrated', endDate: '2026-09-20' });
		const counts = reintegratedCounts([marked, brokeDown], [record(brokeDown._id, { status: 'broken-down' })], today);
		expect(counts).toMatchObject({ thisYear: 1, overall: 1 });
	});

	it('goes by each pupil’s newest record and leaves out archived pupils and records', () => {
		const p = pupil();
		const gone = pupil({ archived: true });
		const records = [
			record(p._id, { status: 'completed', completedDate: '2026-10-01', updatedAt: '2026-10-01T10:00:00.000Z' }),
			record(p._id, { status: 'broken-down', updatedAt: '2026-11-01T10:00:00.000Z' }),
			record(gone._id, { status: 'completed', completedDate: '2026-10-01' }),
			record(pupil()._id, { status: 'completed', completedDate: '2026-10-01', archived: true })
		];
		expect(reintegratedCounts([p, gone], records, today)).toMatchObject({ thisYear: 0, overall: 0 });
	});
});
