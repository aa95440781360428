import { describe, expect, it } from 'vitest';
import type { Assessment } from './assessment';
import type { Attendance } from './attendance';
import type { Behaviour } from './behaviour';
import type { Intake } from './intake';
import type { Pupil } from './pupil';
import {
	attendanceStatus,
	behaviourTrend,
	readinessBand,
	readinessSummary,
	type PupilReadinessInput
} from './readiness';
import { DEFAULT_SETTINGS } from './settings';
import { makeDoc } from '$tests/test-factories';

const today = '2026-11-23';
const year10: Pupil = makeDoc('pupil', { yearGroup: 10, yearGroupSchoolYear: 2026, startDate: '2026-09-01' });
const intake = (overrides: Record<string, unknown>): Intake =>
	makeDoc('intake', { pupilId: year10._id, receivedDate: '2026-09-01', ...overrides });
const marks = (present: number, absent: number, from = '2026-11-02'): Attendance[] =>
	Array.from({ length: present + absent }, (_, i) =>
		makeDoc('attendance', {
			pupilId: year10._id,
			date: `${from.slice(0, 8)}${String(Number(from.slice(8)) + Math.floor(i / 2)).padStart(2, '0')}`,
			session: i % 2 ? 'pm' : 'am',
			mark: i < present ? 'present' : 'unauthorised-absence'
		})
	);
const entry = (date: string, polarity: 'positive' | 'negative'): Behaviour =>
	makeDoc('behaviour', { pupilId: year10._id, date, polarity });

function input(overrides: Partial<PupilReadinessInput> = {}): PupilReadinessInput {
	return {
		pupil: year10,
		intakes: [
			intake({ subject: 'maths', workingAt: '5', ks4Target: '5' }),
			intake({ subject: 'english', workingAt: '6', ks4Target: '5' })
		],
		assessments: [],
		feedbackForms: [],
		attendance: marks(19, 1),
		behaviour: [entry('2026-11-20', 'positive')],
		ks3Scale: DEFAULT_SETTINGS.ks3Scale,
		today,
		...overrides
	};
}

const texts = (i: PupilReadinessInput, area: string) =>
	readinessSummary(i)
		.reasons.filter((r) => r.area === area)
		.map((r) => r.text);

describe('readiness for reintegration', () => {
	it('is ready when attainment, attendance and behaviour are all met, with a reason for each', () => {
		const summary = readinessSummary(input());
		expect(summary.level).toBe('ready');
		expect(summary.reasons.map((r) => r.text)).toEqual([
			// Intake 1 Sep 2026, KS4 ends 31 Jul 2028: 83 of 699 days gone by 23 Nov 2026.
			'Maths: working at 5 (host school at intake); expected by now 5 (from 5 at intake to the KS4 target of 5 by 31 Jul 2028) — on track; against the KS4 target itself: on target.',
			'English: working at 6 (host school at intake); expected by now 6 (from 6 at intake to the KS4 target of 5 by 31 Jul 2028) — on track; against the KS4 target itself: above target.',
			'95% over the last 6 weeks (19 of 20 sessions); 95% since starting — at or above 90%.',
			'Improving: last 4 weeks 1 positive, 0 negatives; the 4 weeks before 0 positives, 0 negatives.'
		]);
	});

	it('says which subject is behind its flight path and is only close when the other two are met', () => {
		const summary = readinessSummary(
			input({ intakes: [intake({ subject: 'maths', workingAt: '3', ks4Target: '5' })] })
		);
		expect(summary.level).toBe('close');
		expect(summary.areas.attainment).toBe('not-met');
		expect(
			texts(input({ intakes: [intake({ subject: 'maths', workingAt: '3', ks4Target: '5' })] }), 'attainment')
		).toContain(
			// GCSE 3 → 5 is 6 steps (3, 3+, 4-, 4, 4+, 5-, 5); 83/699 of them is 0.71, rounded to 1 step: 3+.
			'Maths: working at 3 (host school at intake); expected by now 3+ (from 3 at intake to the KS4 target of 5 by 31 Jul 2028) — behind where expected by now; against the KS4 target itself: below target.'
		);
	});

	it('uses the newest graded assessment over the intake grade, and names it', () => {
		const assessment: Assessment = makeDoc('assessment', {
			pupilId: year10._id,
			kind: 'teacher',
			subject: 'maths',
			name: 'Mock paper 1',
			date: '2026-11-10',
			grade: '4'
		});
		expect(texts(input({ assessments: [assessment] }), 'attainment')[0]).toBe(
			'Maths: working at 4 (Mock paper 1, 2026-11-10); expected by now 5 (from 5 at intake to the KS4 target of 5 by 31 Jul 2028) — behind where expected by now; against the KS4 target itself: below target.'
		);
	});

	it('judges year 9 and below on the KS3 scale against the KS3 target, and says when there is none', () => {
		const y8: Pupil = makeDoc('pupil', { yearGroup: 8, yearGroupSchoolYear: 2026, startDate: '2026-09-01' });
		const i = input({
			pupil: y8,
			intakes: [
				makeDoc('intake', {
					pupilId: y8._id,
					subject: 'maths',
					workingAt: 'Developing',
					ks4Target: '5',
					ks3Target: 'Secure',
					receivedDate: '2026-09-01'
				}),
				makeDoc('intake', {
					pupilId: y8._id,
					subject: 'english',
					workingAt: 'Secure',
					ks4Target: '5',
					receivedDate: '2026-09-01'
				})
			]
		});
		const reasons = readinessSummary(i).reasons.filter((r) => r.area === 'attainment');
		// Developing → Secure is one step by 31 Jul 2028 (end of Year 9); 0.12 of it rounds to none yet.
		expect(reasons[0]).toMatchObject({
			status: 'met',
			text: 'Maths: working at Developing (host school at intake); expected by now Developing (from Developing at intake to the KS3 target of Secure by 31 Jul 2028) — on track; against the KS3 target itself: below target.'
		});
		expect(reasons[1]).toMatchObject({
			status: 'unknown',
			text: 'English: working at Secure (host school at intake); no KS3 target to compare it with.'
		});
	});

	it('says when grades cannot be compared rather than guessing', () => {
		const summary = readinessSummary(
			input({ intakes: [intake({ subject: 'maths', workingAt: 'Emerging', ks4Target: '5' })] })
		);
		expect(summary.reasons[0]).toMatchObject({
			status: 'unknown',
			text: expect.stringContaining('cannot be compared')
		});
	});

	it('counts attendance below 90% against readiness', () => {
		const summary = readinessSummary(input({ attendance: marks(16, 4) }));
		expect(summary.areas.attendance).toBe('not-met');
		expect(summary.reasons.find((r) => r.area === 'attendance')?.text).toContain(
			'80% over the last 6 weeks (16 of 20 sessions)'
		);
	});

	it('leaves attendance out of the last 6 weeks when it is older', () => {
		const summary = readinessSummary(input({ attendance: marks(2, 0, '2026-09-07') }));
		expect(summary.reasons.find((r) => r.area === 'attendance')).toMatchObject({
			status: 'unknown',
			text: 'Not enough evidence yet: 0 sessions recorded in the last 6 weeks (at least 20 needed).'
		});
	});

	it('is not "Ready" on one recorded session: not enough evidence yet', () => {
		const summary = readinessSummary(input({ attendance: marks(1, 0) }));
		expect(summary.areas).toEqual({ attainment: 'met', attendance: 'unknown', behaviour: 'met' });
		expect(summary.level).toBe('unknown');
		expect(summary.reasons.find((r) => r.area === 'attendance')?.text).toBe(
			'Not enough evidence yet: 1 session recorded in the last 6 weeks (at least 20 needed).'
		);
	});

	it('is "not enough evidence yet" with no intake and no attendance, and says what is missing', () => {
		const summary = readinessSummary(input({ intakes: [], attendance: [] }));
		expect(summary.level).toBe('unknown');
		expect(summary.reasons.map((r) => r.text)).toContain('Maths: no attainment or target from the host school yet.');
	});

	it('adds the latest feedback form’s progress indicator as context', () => {
		const form = makeDoc('feedbackForm', { pupilId: year10._id, periodEnd: '2026-11-13', progress: 'exceeding' });
		expect(texts(input({ feedbackForms: [form] }), 'attainment')).toContain(
			'Latest feedback form (to 2026-11-13): progress Exceeding.'
		);
	});
});

describe('behaviour trend', () => {
	it('is improving when the last 4 weeks are better than the 4 before', () => {
		const entries = [
			entry('2026-10-05', 'negative'),
			entry('2026-10-12', 'negative'),
			entry('2026-11-02', 'positive'),
			entry('2026-11-16', 'negative'),
			entry('2026-11-20', 'positive')
		];
		const result = behaviourTrend(entries, today);
		expect(result).toEqual({
			recent: { positive: 2, negative: 1 },
			earlier: { positive: 0, negative: 2 },
			trend: 'improving'
		});
		expect(readinessSummary(input({ behaviour: entries })).reasons.at(-1)).toMatchObject({
			status: 'met',
			text: 'Improving: last 4 weeks 2 positives, 1 negative; the 4 weeks before 0 positives, 2 negatives.'
		});
	});

	it('counts against readiness when recent negatives outnumber positives', () => {
		const entries = [entry('2026-10-10', 'positive'), entry('2026-11-10', 'negative'), entry('2026-11-11', 'negative')];
		const summary = readinessSummary(input({ behaviour: entries }));
		expect(summary.areas.behaviour).toBe('not-met');
		expect(summary.reasons.at(-1)?.text).toMatch(/^Getting worse: /);
	});

	it('ignores archived entries and entries older than 8 weeks', () => {
		const old = entry('2026-09-01', 'negative');
		const withdrawn = { ...entry('2026-11-20', 'negative'), archived: true };
		const summary = readinessSummary(input({ behaviour: [old, withdrawn] }));
		expect(summary.reasons.at(-1)).toMatchObject({
			status: 'unknown',
			text: 'Not enough evidence yet: no behaviour entries logged in the last 4 weeks; nothing logged is not a judgement.'
		});
	});

	it('does not count "nothing logged" as good behaviour, nor judge a pupil on roll under 4 weeks', () => {
		expect(readinessSummary(input({ behaviour: [] })).areas.behaviour).toBe('unknown');
		const newcomer: Pupil = { ...year10, startDate: '2026-11-09' };
		const summary = readinessSummary(input({ pupil: newcomer, behaviour: [entry('2026-11-20', 'positive')] }));
		expect(summary.reasons.at(-1)).toMatchObject({
			status: 'unknown',
			text: 'Not enough evidence yet: on roll 2 weeks (at least 4 needed).'
		});
	});
});

describe('the readiness band from three areas', () => {
	it('gives a band only when more evidence could not change it', () => {
		expect(readinessBand({ attainment: 'met', attendance: 'met', behaviour: 'met' })).toEqual({
			level: 'ready',
			met: 3
		});
		expect(readinessBand({ attainment: 'met', attendance: 'met', behaviour: 'not-met' }).level).toBe('close');
		// Two met and one unknown could be Ready or Close.
		expect(readinessBand({ attainment: 'met', attendance: 'met', behaviour: 'unknown' }).level).toBe('unknown');
		// One met, one not met, one unknown could be Close or Not yet.
		expect(readinessBand({ attainment: 'met', attendance: 'not-met', behaviour: 'unknown' }).level).toBe('unknown');
		// Two not met: Not yet whatever the third.
		expect(readinessBand({ attainment: 'not-met', attendance: 'not-met', behaviour: 'unknown' }).level).toBe('not-yet');
	});

	it('compares the whole percent shown: 179 of 200 sessions shows 90% and is good; 19 sessions are too few', () => {
		expect(attendanceStatus({ recorded: 200, percent: 90 })).toBe('met');
		expect(attendanceStatus({ recorded: 200, percent: 89 })).toBe('not-met');
		expect(attendanceStatus({ recorded: 19, percent: 100 })).toBe('unknown');
		expect(attendanceStatus({ recorded: 0, percent: null })).toBe('unknown');
	});
});
