import { describe, expect, it } from 'vitest';
import type { Attendance } from './attendance';
import type { Behaviour } from './behaviour';
import type { ExitTicket } from './exit-ticket';
import type { FeedbackForm } from './feedback-form';
import type { HostWork } from './host-work';
import type { Lesson } from './lesson';
import type { Plan } from './plan';
import type { PlanReview } from './plan-review';
import { draftProgressReport, type ReportDraftInput } from './report-draft';
import { makeDoc } from '$tests/test-factories';

const pupil = makeDoc('pupil', { yearGroup: 10 });
const halfTerm = { name: '2026-27 Autumn 1', start: '2026-09-02', end: '2026-10-23' };

const lesson = (date: string, subject: string, topic: string, isPresent = true) =>
	makeDoc('lesson', { date, subject, topic, pupilIds: [pupil._id], present: isPresent ? [pupil._id] : [] }) as Lesson;
const mark = (date: string, session: 'am' | 'pm', value: Attendance['mark']) =>
	makeDoc('attendance', { pupilId: pupil._id, date, session, mark: value }) as Attendance;

function input(overrides: Partial<ReportDraftInput> = {}): ReportDraftInput {
	return {
		pupil,
		halfTerm,
		lessons: [],
		exitTickets: [],
		feedbackForms: [],
		plans: [],
		planReviews: [],
		behaviour: [],
		attendance: [],
		...overrides
	};
}

describe('pre-filling a half-term report', () => {
	it('covers the half term named in the calendar', () => {
		expect(draftProgressReport(input())).toMatchObject({
			halfTerm: '2026-27 Autumn 1',
			periodStart: '2026-09-02',
			periodEnd: '2026-10-23'
		});
	});

	it('lists work covered only from lessons attended in the half term', () => {
		const lessons = [
			lesson('2026-09-10', 'maths', 'Ratio'),
			lesson('2026-09-11', 'english', 'Persuasive letters'),
			lesson('2026-09-14', 'maths', 'Skipped algebra', false),
			lesson('2026-11-03', 'maths', 'Next half term')
		];
		const draft = draftProgressReport(input({ lessons }));
		expect(draft.workCovered).toBe(
			'Jordan attended 2 lessons this half term.\nIn Maths, Jordan studied Ratio.\nIn English, Jordan studied Persuasive letters.'
		);
		expect(JSON.stringify(draft)).not.toContain('Skipped algebra');
		expect(draft.workCovered).not.toContain('Next half term');
	});

	it('gives the attendance % for the half term by the contract’s rule (present, late, off-site ÷ recorded)', () => {
		const attendance = [
			mark('2026-09-10', 'am', 'present'),
			mark('2026-09-10', 'pm', 'late'),
			mark('2026-09-11', 'am', 'off-site'),
			mark('2026-09-11', 'pm', 'unauthorised-absence'),
			mark('2026-09-14', 'am', 'authorised-absence'),
			mark('2026-09-14', 'pm', 'present'),
			mark('2026-11-04', 'am', 'unauthorised-absence') // after the half term
		];
		const draft = draftProgressReport(input({ attendance }));
		expect(draft.attendancePercent).toBe(67);
		expect(draft.emotionalProgress).toContain('Jordan’s attendance this half term was 67% (4 of 6 sessions).');
		expect(draft.attendanceText).toBe('67% (4 of 6 sessions)');
	});

	it('leaves the attendance % out when no session was registered', () => {
		expect(draftProgressReport(input()).attendancePercent).toBeUndefined();
	});

	it('brings in ATL grades with their labels, progress, exit tickets, behaviour and plan reviews', () => {
		const maths = lesson('2026-09-10', 'maths', 'Ratio');
		const construction = lesson('2026-09-15', 'construction', 'Bricklaying basics');
		const form = makeDoc('feedbackForm', {
			pupilId: pupil._id,
			periodStart: '2026-09-07',
			periodEnd: '2026-09-27',
			atl: 2,
			progress: 'working-towards',
			basis: 'ks4-target',
			basisDetail: 'KS4 target: Maths 5'
		}) as FeedbackForm;
		const tickets = [
			makeDoc('exitTicket', {
				pupilId: pupil._id,
				lessonId: maths._id,
				date: maths.date,
				subject: 'maths',
				topic: 'Ratio',
				outcome: undefined,
				score: 6,
				maxScore: 10
			}) as ExitTicket
		];
		const behaviour = [
			makeDoc('behaviour', { pupilId: pupil._id, date: '2026-09-12', polarity: 'positive', category: 'Effort' }),
			makeDoc('behaviour', { pupilId: pupil._id, date: '2026-09-13', polarity: 'positive', category: 'Effort' })
		] as Behaviour[];
		const plan = makeDoc('plan', {
			pupilId: pupil._id,
			objectives: [
				{
					id: 'w1',
					area: 'wellbeing',
					description: 'Use a calm-down strategy',
					successCriteria: 'x',
					targetDate: '2026-12-01'
				},
				{
					id: 'v1',
					area: 'vocational',
					description: 'Complete a CSCS taster',
					successCriteria: 'x',
					targetDate: '2026-12-01'
				}
			]
		}) as Plan;
		const review = makeDoc('planReview', {
			pupilId: pupil._id,
			planId: plan._id,
			date: '2026-10-20',
			ratings: [
				{ objectiveId: 'w1', rating: 'achieved' },
				{ objectiveId: 'v1', rating: 'working-towards' }
			]
		}) as PlanReview;
		const draft = draftProgressReport(
			input({
				lessons: [maths, construction],
				feedbackForms: [form],
				exitTickets: tickets,
				behaviour,
				plans: [plan],
				planReviews: [review]
			})
		);
		expect(draft.attitudeEngagement).toContain(
			'From 7 Sep 2026 – 27 Sep 2026, Jordan’s attitude to learning was graded 2 (Requires Improvement).'
		);
		expect(draft.attitudeEngagement).toContain('The behaviour log records 2 positive entries (Effort twice).');
		expect(draft.academicProgress).toContain(
			'From 7 Sep 2026 – 27 Sep 2026, Jordan was working towards KS4 target: Maths 5.'
		);
		expect(draft.academicProgress).toContain('In Maths, Jordan completed 1 exit ticket, averaging 60%.');
		expect(draft.emotionalProgress).toContain('Plan target “Use a calm-down strategy”: achieved.');
		expect(draft.vocationalProgress).toContain('Plan target “Complete a CSCS taster”: working towards.');
		expect(draft.vocationalProgress).toContain(
			'In Construction, Jordan attended 1 session, covering Bricklaying basics.'
		);
		// Whole sentences: no fragments glued with ".:" or "against The".
		for (const text of Object.values(draft).filter((v) => typeof v === 'string'))
			expect(text).not.toMatch(/\.:|against The|\(\(|×/);
	});

	it('uses only the newest version of a feedback form that was re-sent', () => {
		const sent = makeDoc('feedbackForm', { pupilId: pupil._id, atl: 1, status: 'sent' }) as FeedbackForm;
		const v2 = makeDoc('feedbackForm', {
			pupilId: pupil._id,
			atl: 4,
			status: 'sent',
			version: 2,
			supersedes: sent._id
		}) as FeedbackForm;
		const draft = draftProgressReport(input({ feedbackForms: [sent, v2] }));
		expect(draft.attitudeEngagement).toContain('graded 4 (Exceptional)');
		expect(draft.attitudeEngagement).not.toContain('Poor');
	});

	it('gives attitude and engagement "to date": since the pupil joined, with this half term beside it', () => {
		// Joined 7 Sep 2025. Forms: ATL 2 and 3 last year, 4 and 3 this half term → 3.0 to date, 3.5 now.
		const joined = { ...pupil, startDate: '2025-09-07' };
		const form = (periodStart: string, periodEnd: string, atl: 1 | 2 | 3 | 4) =>
			makeDoc('feedbackForm', { pupilId: pupil._id, periodStart, periodEnd, atl, status: 'sent' }) as FeedbackForm;
		const entry = (date: string, polarity: 'positive' | 'negative') =>
			makeDoc('behaviour', { pupilId: pupil._id, date, polarity, category: 'Effort' }) as Behaviour;
		const draft = draftProgressReport(
			input({
				pupil: joined,
				feedbackForms: [
					form('2025-09-08', '2025-09-26', 2),
					form('2026-03-02', '2026-03-20', 3),
					form('2026-09-07', '2026-09-25', 4),
					form('2026-09-28', '2026-10-16', 3)
				],
				behaviour: [entry('2025-10-01', 'negative'), entry('2026-02-01', 'negative'), entry('2026-09-10', 'positive')]
			})
		);
		expect(draft.attitudeEngagement).toContain(
			'Attitude to learning to date (since 7 Sep 2025): average 3.0 of 4 from 4 forms; this half term 3.5 from 2 forms.'
		);
		expect(draft.attitudeEngagement).toContain(
			'Behaviour log to date (since 7 Sep 2025): 1 positive, 2 negative; this half term 1 positive, 0 negative.'
		);
	});

	it('puts only subjects marked vocational in "Vocational progress": PSHE, PE and art are not', () => {
		const lessons = [
			lesson('2026-09-10', 'pshe', 'Healthy relationships'),
			lesson('2026-09-11', 'pe', 'Football'),
			lesson('2026-09-14', 'construction', 'Bricklaying'),
			lesson('2026-09-15', 'art', 'Collage')
		];
		const draft = draftProgressReport(input({ lessons }));
		expect(draft.vocationalProgress).toBe('In Construction, Jordan attended 1 session, covering Bricklaying.');
		const own = draftProgressReport(input({ lessons, subjects: [{ subject: 'art', category: 'vocational' }] }));
		expect(own.vocationalProgress).toBe('In Art, Jordan attended 1 session, covering Collage.');
	});

	it('lists host-school work completed in the half term under work covered', () => {
		const work = (status: string, extra: Record<string, unknown>) =>
			makeDoc('hostWork', {
				pupilId: pupil._id,
				subject: 'science',
				description: `Cells ${status}`,
				status,
				...extra
			}) as HostWork;
		const draft = draftProgressReport(
			input({
				hostWork: [
					work('returned', { returnedDate: '2026-10-02' }),
					work('completed', { updatedAt: '2026-10-12T10:00:00.000Z' }),
					work('set', {}),
					work('returned', { returnedDate: '2026-11-05' })
				]
			})
		);
		expect(draft.workCovered).toContain('Host-school work completed: Science: Cells returned (2 Oct 2026).');
		expect(draft.workCovered).toContain('Host-school work completed: Science: Cells completed (12 Oct 2026).');
		expect(draft.workCovered).not.toContain('Cells set');
		expect(draft.workCovered.match(/Cells returned/g)).toHaveLength(1);
	});
});
