import { DEFAULT_HALF_TERMS } from './settings';
import { describe, expect, it } from 'vitest';
import type { Moderation } from './moderation';
import {
	agreementOf,
	agreementOverTime,
	agreementTrend,
	judgementsMatch,
	overallAgreement,
	termOf
} from './moderation-rules';
import { makeDoc } from '$tests/test-factories';

const PUPIL = 'pupil:01JD8Z3Q5W3M9X4K2T6B7C8D9E';
const sample = (agreed: boolean) => ({
	pupilId: PUPIL,
	workTitle: 'Letter',
	internalJudgement: '4',
	moderatedJudgement: agreed ? '4' : '3',
	agreed
});
const meeting = (date: string, agreed: boolean[], overrides: Record<string, unknown> = {}): Moderation =>
	makeDoc('moderation', { date, samples: agreed.map(sample), ...overrides });

describe('agreement rate', () => {
	it('is the share of samples the moderator agreed with, as a whole percent', () => {
		expect(agreementOf([sample(true), sample(true), sample(false)])).toEqual({ agreed: 2, total: 3, percent: 67 });
	});

	it('is unknown, not 0%, when no samples were looked at', () => {
		expect(agreementOf([]).percent).toBeNull();
	});

	it('pools samples across meetings, so a big meeting weighs more than a small one', () => {
		const meetings = [meeting('2026-10-01', [true, true, true, true]), meeting('2026-11-01', [false])];
		expect(overallAgreement(meetings)).toEqual({ agreed: 4, total: 5, percent: 80 });
	});

	it('leaves out archived meetings and, when asked, other subjects', () => {
		const meetings = [
			meeting('2026-10-01', [true], { subject: 'maths' }),
			meeting('2026-10-02', [false], { subject: 'english' }),
			meeting('2026-10-03', [false], { subject: 'maths', archived: true })
		];
		expect(overallAgreement(meetings).percent).toBe(50);
		expect(overallAgreement(meetings, 'maths')).toEqual({ agreed: 1, total: 1, percent: 100 });
	});
});

describe('agreement over time', () => {
	it('groups meetings by school term, oldest first', () => {
		const periods = agreementOverTime([
			meeting('2027-02-10', [true, true]),
			meeting('2026-11-10', [true, false]),
			meeting('2026-10-01', [false, false]),
			meeting('2027-05-05', [true])
		]);
		expect(periods.map((p) => [p.label, p.meetings, p.percent])).toEqual([
			['Autumn 2026', 2, 25],
			['Spring 2027', 1, 100],
			['Summer 2027', 1, 100]
		]);
	});

	it('names the school’s terms from its half-term calendar, holidays with the term before', () => {
		// Spring 1 starts 5 Jan 2027, Summer 1 on 12 Apr 2027: the Easter holiday is Spring's.
		expect(termOf('2026-09-01', DEFAULT_HALF_TERMS).label).toBe('Autumn 2026');
		expect(termOf('2027-01-04', DEFAULT_HALF_TERMS).label).toBe('Autumn 2026');
		expect(termOf('2027-04-09', DEFAULT_HALF_TERMS).label).toBe('Spring 2027');
		expect(termOf('2027-04-12', DEFAULT_HALF_TERMS).label).toBe('Summer 2027');
		expect(termOf('2027-08-31', DEFAULT_HALF_TERMS).label).toBe('Summer 2027');
		// Without a calendar: Autumn Sep–Dec, Spring 1 Jan – 14 Apr, Summer to August.
		expect(termOf('2026-12-31').label).toBe('Autumn 2026');
		expect(termOf('2027-04-01').label).toBe('Spring 2027');
		expect(termOf('2027-04-15').label).toBe('Summer 2027');
	});

	it('says whether agreement went up or down between the last two terms', () => {
		const up = agreementOverTime([meeting('2026-10-01', [true, false]), meeting('2027-01-20', [true])]);
		expect(agreementTrend(up)).toBe('up');
		const down = agreementOverTime([meeting('2026-10-01', [true]), meeting('2027-01-20', [false])]);
		expect(agreementTrend(down)).toBe('down');
		expect(agreementTrend(agreementOverTime([meeting('2026-10-01', [true])]))).toBeNull();
	});
});

describe('matching judgements', () => {
	it('treats the same judgement typed differently as a match', () => {
		expect(judgementsMatch(' Developing ', 'developing')).toBe(true);
		expect(judgementsMatch('5-', '5')).toBe(false);
		expect(judgementsMatch('', '')).toBe(false);
	});
});
