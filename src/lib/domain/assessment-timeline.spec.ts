import { describe, expect, it } from 'vitest';
import { ASSESSMENT_SUBJECTS, type Assessment } from './assessment';
import {
	assessmentRuleErrors,
	assessmentTimeline,
	describeChange,
	describeResult,
	sinceBaselineText
} from './assessment-timeline';
import type { Baseline } from './baseline';
import { DEFAULT_SETTINGS } from './settings';
import { makeDoc } from '$tests/test-factories';

const baseline = (o: Record<string, unknown>) => makeDoc('baseline', o) as Baseline;
const assessment = (o: Record<string, unknown>) => makeDoc('assessment', o) as Assessment;

describe('a pupil’s assessments over time', () => {
	const literacy = baseline({
		domain: 'literacy',
		date: '2026-09-08',
		instrument: 'NGRT form A',
		standardisedScore: 86,
		readingAgeMonths: 112
	});
	const numeracy = baseline({
		domain: 'numeracy',
		date: '2026-09-09',
		instrument: 'Maths baseline',
		rawScore: 14,
		maxScore: 40,
		standardisedScore: undefined,
		readingAgeMonths: undefined
	});

	it('starts with the baselines, then lists assessments in date order whatever order they were entered', () => {
		const later = assessment({
			kind: 'scheme',
			subject: 'maths',
			name: 'Fractions unit test',
			date: '2026-11-20',
			rawScore: 18,
			maxScore: 25,
			standardisedScore: undefined
		});
		const earlier = assessment({
			kind: 'standardised',
			subject: 'english',
			name: 'NGRT form B',
			date: '2026-10-15',
			standardisedScore: 91,
			readingAgeMonths: 118
		});
		const points = assessmentTimeline([numeracy, literacy], [later, earlier]);
		expect(points.map((p) => [p.kindLabel, p.area, p.name])).toEqual([
			['Baseline', 'Literacy', 'NGRT form A'],
			['Baseline', 'Numeracy', 'Maths baseline'],
			['Standardised test', 'English', 'NGRT form B'],
			['Scheme-of-work test', 'Maths', 'Fractions unit test']
		]);
	});

	it('keeps the baseline first even when an assessment is dated before it', () => {
		const old = assessment({
			kind: 'teacher',
			subject: 'english',
			name: 'Host-school assessment',
			date: '2026-07-01',
			grade: 'Developing',
			standardisedScore: undefined
		});
		expect(assessmentTimeline([literacy], [old]).map((p) => p.source)).toEqual(['baseline', 'assessment']);
	});

	it('shows the change since the baseline of the same area in standardised score and reading age', () => {
		const ngrt = assessment({
			kind: 'standardised',
			subject: 'english',
			name: 'NGRT form B',
			date: '2026-12-01',
			standardisedScore: 91,
			readingAgeMonths: 118
		});
		const maths = assessment({
			kind: 'standardised',
			subject: 'maths',
			name: 'PUMA',
			date: '2026-12-01',
			standardisedScore: 95
		});
		const points = assessmentTimeline([literacy, numeracy], [ngrt, maths]);
		expect(points[2]?.sinceBaseline).toEqual({ standardisedScore: 5, readingAgeMonths: 6 });
		expect(points[3]?.sinceBaseline).toBeUndefined(); // the numeracy baseline has no standardised score
	});

	it('compares with the most recent baseline in the area when it was repeated', () => {
		const redo = baseline({
			domain: 'literacy',
			date: '2026-09-20',
			instrument: 'NGRT form A (resit)',
			standardisedScore: 88,
			readingAgeMonths: 114
		});
		const ngrt = assessment({
			kind: 'standardised',
			subject: 'english',
			name: 'NGRT form B',
			date: '2026-12-01',
			standardisedScore: 91,
			readingAgeMonths: 118
		});
		expect(assessmentTimeline([redo, literacy], [ngrt]).at(-1)?.sinceBaseline).toEqual({
			standardisedScore: 3,
			readingAgeMonths: 4
		});
	});

	it('leaves out withdrawn (archived) records', () => {
		const withdrawn = assessment({ archived: true });
		expect(assessmentTimeline([{ ...literacy, archived: true }], [withdrawn])).toEqual([]);
	});

	it('sums up each result in one line', () => {
		const [start, ngrt, unit, ta] = assessmentTimeline(
			[literacy],
			[
				assessment({
					kind: 'standardised',
					subject: 'english',
					name: 'NGRT form B',
					date: '2026-12-01',
					standardisedScore: 91,
					readingAgeMonths: 118
				}),
				assessment({
					kind: 'scheme',
					subject: 'maths',
					name: 'Fractions',
					date: '2026-12-02',
					rawScore: 18,
					maxScore: 25,
					standardisedScore: undefined,
					grade: 'Merit'
				}),
				assessment({
					kind: 'teacher',
					subject: 'maths',
					name: 'Autumn TA',
					date: '2026-12-03',
					standardisedScore: undefined,
					grade: 'Secure'
				})
			]
		);
		expect(describeResult(start!)).toBe('Standardised score 86 · reading age 9 years 4 months');
		expect(describeResult(ngrt!)).toBe('Standardised score 91 · reading age 9 years 10 months');
		expect(describeResult(unit!)).toBe('18 / 25 · Merit');
		expect(describeResult(ta!)).toBe('Secure');
	});

	it('describes changes with a sign', () => {
		expect(describeChange(5)).toBe('+5');
		expect(describeChange(-3, ' months')).toBe('−3 months');
		expect(describeChange(0)).toBe('no change');
	});
});

describe('checks before an assessment is saved', () => {
	const ks3 = DEFAULT_SETTINGS.ks3Scale;

	it('needs a result of some kind', () => {
		expect(assessmentRuleErrors({ kind: 'scheme' }, 9, ks3)).toEqual({
			result: 'Record a result: a score, standardised score, reading age or grade'
		});
		expect(assessmentRuleErrors({ kind: 'standardised', readingAgeMonths: 120 }, 9, ks3)).toEqual({});
	});

	it('needs the maximum with a raw score', () => {
		expect(assessmentRuleErrors({ kind: 'scheme', rawScore: 18 }, 9, ks3)).toEqual({
			maxScore: 'Give the maximum score as well as the score'
		});
		expect(assessmentRuleErrors({ kind: 'scheme', rawScore: 18, maxScore: 25 }, 9, ks3)).toEqual({});
	});

	it('checks a teacher assessment grade against the pupil’s scale', () => {
		expect(assessmentRuleErrors({ kind: 'teacher', grade: 'secure' }, 8, ks3)).toEqual({});
		expect(assessmentRuleErrors({ kind: 'teacher', grade: '5' }, 8, ks3).grade).toBe(
			'"5" is not on the KS3 working-at scale: use one of Emerging, Developing, Secure, Mastered'
		);
		expect(assessmentRuleErrors({ kind: 'teacher', grade: '5-' }, 11, ks3)).toEqual({});
		expect(assessmentRuleErrors({ kind: 'teacher', grade: 'Secure' }, 11, ks3).grade).toMatch(/is not a GCSE grade/);
	});

	it('lets scheme-of-work tests use their own grades (e.g. a percentage band)', () => {
		expect(assessmentRuleErrors({ kind: 'scheme', grade: 'Merit' }, 11, ks3)).toEqual({});
	});
});

describe('well-being re-measured against its baseline (issue 19 item 16)', () => {
	it('a well-being assessment is compared with the emotional well-being baseline', () => {
		const base = baseline({
			domain: 'wellbeing',
			date: '2026-09-07',
			instrument: 'Boxall',
			rawScore: 20,
			maxScore: 40
		});
		const later = makeDoc('assessment', {
			kind: 'teacher',
			subject: 'wellbeing',
			name: 'Boxall again',
			date: '2026-12-07',
			rawScore: 26,
			maxScore: 40,
			standardisedScore: undefined
		}) as Assessment;
		const point = assessmentTimeline([base], [later]).at(-1)!;
		// 20/40 = 50%, 26/40 = 65%: +15 percentage points.
		expect(point).toMatchObject({ area: 'Emotional well-being', sinceBaseline: { percentPoints: 15 } });
		expect(sinceBaselineText(point)).toBe('Since baseline: score +15 percentage points');
	});

	it('accepts a well-being band as its result without a grade scale', () => {
		expect(
			assessmentRuleErrors({ kind: 'teacher', grade: 'Band 2', subject: 'wellbeing' }, 10, ['Emerging', 'Secure'])
		).toEqual({});
		expect(ASSESSMENT_SUBJECTS).toContain('wellbeing');
	});
});
