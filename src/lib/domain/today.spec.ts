import { describe, expect, it } from 'vitest';
import { callStatus } from './call-due';
import type { HostWork } from './host-work';
import type { ParentContact } from './parent-contact';
import type { Pupil } from './pupil';
import type { RegisterStatus } from './register';
import { makeDoc } from '$tests/test-factories';
import {
	assembleToday,
	feedbackBatchTodayItem,
	feedbackTodayItem,
	lessonTodayItem,
	noPlanTodayItem,
	reportTodayItem,
	reviewTodayItem,
	type TodayInput
} from './today';

const today = '2026-11-23';
const pupil = makeDoc('pupil', { startDate: '2026-09-07' }) as Pupil;
const register = (o: Partial<RegisterStatus>): RegisterStatus => ({
	date: today,
	session: 'am',
	onRoll: 10,
	marked: 0,
	missing: [],
	state: 'not-taken',
	...o
});
const base = (o: Partial<TodayInput> = {}): TodayInput => ({
	today,
	isSchoolDay: true,
	registers: [],
	calls: [],
	hostWork: [],
	...o
});

describe('Today', () => {
	it('lists registers not taken or partly taken, each opening that session’s register', () => {
		const sections = assembleToday(
			base({
				registers: [
					register({}),
					register({ session: 'pm', marked: 7, missing: ['a', 'b', 'c'], state: 'partly-taken' })
				]
			})
		);
		expect(sections[0]!.kind).toBe('register');
		expect(sections[0]!.items.map((i) => [i.title, i.href])).toEqual([
			['Morning register', `/attendance?date=${today}&session=am`],
			['Afternoon register', `/attendance?date=${today}&session=pm`]
		]);
		expect(sections[0]!.items[1]!.detail).toContain('7 of 10 marked');
	});

	it('asks for no register at weekends or in the holidays, or once it is taken', () => {
		expect(assembleToday(base({ isSchoolDay: false, registers: [register({})] }))).toEqual([]);
		expect(assembleToday(base({ registers: [register({ state: 'taken', marked: 10 })] }))).toEqual([]);
	});

	it('lists calls due or overdue, with the no-answer attempt, and not those still in time', () => {
		const tried = makeDoc('parentContact', {
			pupilId: pupil._id,
			date: '2026-11-20',
			outcome: 'no-answer'
		}) as ParentContact;
		const fresh = makeDoc('pupil', { startDate: '2026-11-20' }) as Pupil;
		const calls = [
			{ ...callStatus(pupil, [tried], today, 14), pupilName: 'Sam Patel' },
			{ ...callStatus(fresh, [], today, 14), pupilName: 'Not Due' }
		];
		const [section] = assembleToday(base({ calls }));
		expect(section!.kind).toBe('call');
		expect(section!.items).toHaveLength(1);
		expect(section!.items[0]).toMatchObject({
			title: 'Sam Patel',
			tone: 'danger',
			href: `/calls?pupil=${encodeURIComponent(pupil._id)}`
		});
		expect(section!.items[0]!.detail).toMatch(
			/Overdue by \d+ days · nobody reached yet · tried 3 days ago \(no answer\)/
		);
	});

	it('lists host-school work overdue or due this week, overdue first, not returned work', () => {
		const w = (o: Record<string, unknown>) => ({
			...(makeDoc('hostWork', { pupilId: pupil._id, ...o }) as HostWork),
			pupilName: 'Sam Patel'
		});
		const sections = assembleToday(
			base({
				hostWork: [
					w({ dueDate: '2026-11-25', subject: 'english' }),
					w({ dueDate: '2026-11-20', subject: 'maths' }),
					w({ dueDate: '2026-11-01', status: 'returned' }),
					w({ dueDate: '2027-01-10' })
				]
			})
		);
		expect(sections[0]!.items.map((i) => [i.title, i.tone])).toEqual([
			['Sam Patel: Maths', 'danger'],
			['Sam Patel: English', 'warning']
		]);
		expect(sections[0]!.items[0]!.detail).toContain('Overdue by 3 days');
	});

	it('includes other features’ items when they are there, in the order of the working day', () => {
		const item = (key: string) => ({ key, title: key, detail: '', href: `/${key}`, tone: 'info' as const });
		const sections = assembleToday(
			base({
				registers: [register({})],
				lessons: [item('lesson')],
				feedbackForms: [item('form')],
				planReviews: [item('review')],
				hostWork: []
			})
		);
		expect(sections.map((s) => s.kind)).toEqual(['register', 'lesson', 'feedback', 'review']);
	});

	it('is empty when everything is done', () => {
		expect(assembleToday(base({ lessons: [], feedbackForms: [], planReviews: [] }))).toEqual([]);
	});
});

const formDue = (
	over: Partial<Parameters<typeof feedbackTodayItem>[0]> = {}
): Parameters<typeof feedbackTodayItem>[0] => ({
	pupilId: 'pupil:X',
	pupilName: 'Sam',
	status: 'due',
	dueDate: '2026-11-20',
	draft: null,
	gaps: [],
	isShort: false,
	lessonsInPeriod: 12,
	fewestLessons: 10,
	...over
});

describe('feedback forms and half-term reports on Today', () => {
	it('a draft does not clear "due": the item says drafted, not sent, and opens the draft', () => {
		const item = feedbackTodayItem(
			formDue({ draft: { id: 'feedbackForm:D', drafted: '2026-11-20', days: 3 } }),
			'2026-11-23'
		);
		expect(item).toMatchObject({
			detail: 'Due 3 days ago · drafted, not sent (3 days)',
			href: '/reports/feedback/feedbackForm%3AD'
		});
	});

	it('a form due with fewer than 10 lessons attended says so', () => {
		expect(feedbackTodayItem(formDue({ isShort: true, lessonsInPeriod: 4 }), '2026-11-20').detail).toBe(
			'Due today · 4 lessons attended, fewer than 10'
		);
	});

	it('an unreported period is listed even when the next form is not due, and opens a form for that period', () => {
		const item = feedbackTodayItem(
			formDue({ status: 'not-due', dueDate: '2026-12-11', gaps: [{ start: '2026-10-05', end: '2026-11-08' }] }),
			'2026-11-23'
		);
		expect(item).toMatchObject({
			detail: 'not reported: 5 Oct 2026 – 8 Nov 2026',
			href: '/reports/feedback/new?pupil=pupil%3AX&from=2026-10-05&to=2026-11-08',
			tone: 'danger'
		});
	});

	it('a half-term report due or overdue names the half term; a waiting draft is opened', () => {
		const halfTerm = { name: '2026-27 Autumn 1', start: '2026-09-02', end: '2026-10-23' };
		expect(
			reportTodayItem({ pupilId: 'pupil:X', pupilName: 'Sam', halfTerm, status: 'overdue', draft: null })
		).toMatchObject({
			detail: '2026-27 Autumn 1 report overdue',
			href: '/reports/half-term/new?pupil=pupil%3AX&term=2026-27%20Autumn%201',
			tone: 'danger'
		});
		expect(
			reportTodayItem({
				pupilId: 'pupil:X',
				pupilName: 'Sam',
				halfTerm,
				status: 'due',
				draft: { id: 'progressReport:R', drafted: '2026-10-20', days: 2 }
			})
		).toMatchObject({ detail: '2026-27 Autumn 1 report due · drafted, not sent (2 days)', tone: 'warning' });
	});
});

describe('every pupil has a personalised plan', () => {
	it('a pupil on roll without a plan is listed on Today and opens a new plan', () => {
		expect(noPlanTodayItem({ _id: 'pupil:X', name: 'Sam' })).toMatchObject({
			title: 'Sam',
			detail: 'No personalised plan yet',
			href: '/pupils/pupil%3AX/plan/new',
			tone: 'danger'
		});
	});
});

describe('items from other features', () => {
	const lesson = {
		_id: 'lesson:01JD8Z3Q5W3M9X4K2T6B7C8D9F',
		subject: 'maths',
		topic: 'Fractions',
		teacher: 'teacher1',
		pupilIds: ['a', 'b', 'c'],
		present: [] as string[]
	};

	it('a lesson with no register taken opens the lesson to register it', () => {
		expect(lessonTodayItem(lesson, new Set())).toMatchObject({
			title: 'Maths: Fractions',
			href: `/lessons/${encodeURIComponent(lesson._id)}`,
			detail: 'Register not taken · 3 pupils · teacher1'
		});
	});

	it('a registered lesson stays until every pupil present has an exit ticket', () => {
		const registered = { ...lesson, present: ['a', 'b'] };
		expect(lessonTodayItem(registered, new Set(['a']))?.detail).toBe('1 exit ticket to mark · 2 present · teacher1');
		expect(lessonTodayItem(registered, new Set(['a', 'b']))).toBeNull();
	});

	it('does not ask for exit tickets in PE or construction, unless the organisation adds the subject', () => {
		const pe = { ...lesson, subject: 'pe', present: ['a', 'b'] };
		expect(lessonTodayItem(pe, new Set())).toBeNull();
		expect(lessonTodayItem({ ...pe, subject: 'construction' }, new Set())).toBeNull();
		expect(lessonTodayItem({ ...pe, subject: 'science' }, new Set())?.detail).toBe(
			'2 exit tickets to mark · 2 present · teacher1'
		);
		expect(lessonTodayItem(pe, new Set(), ['pe'])?.detail).toBe('2 exit tickets to mark · 2 present · teacher1');
		// A PE register not taken is still asked for.
		expect(lessonTodayItem({ ...pe, present: [] }, new Set())?.detail).toContain('Register not taken');
	});

	it('a feedback form due opens a new form for that pupil; a plan review opens the review', () => {
		expect(feedbackTodayItem(formDue({ status: 'overdue' }), '2026-11-23')).toMatchObject({
			href: '/reports/feedback/new?pupil=pupil%3AX',
			detail: 'Overdue by 3 days',
			tone: 'danger'
		});
		expect(
			reviewTodayItem(
				{ pupilId: 'pupil:X', pupilName: 'Sam', planId: 'plan:Y', reviewDate: '2026-11-30', isOverdue: false },
				'2026-11-23'
			)
		).toMatchObject({
			href: '/pupils/pupil%3AX/plan/plan%3AY/review',
			detail: 'Plan review due in 7 days'
		});
	});
});

describe("a host school's batch of feedback forms on Today", () => {
	it('is one item: "Hillcrest Academy — due Friday 4 Dec 2026: 3 forms", whose, and how many are drafted', () => {
		const form = (pupilName: string, status: 'due' | 'overdue', drafted = false) => ({
			pupilName,
			status,
			draft: drafted ? { id: 'feedbackForm:x', drafted: '2026-12-02', days: 2 } : null
		});
		const group = {
			hostSchool: 'Hillcrest Academy',
			dueDate: '2026-12-04',
			forms: [form('Ann Ash', 'due'), form('Ben Birch', 'due', true), form('Cy Cedar', 'due')]
		};
		expect(feedbackBatchTodayItem(group, '2026-12-04')).toMatchObject({
			title: 'Hillcrest Academy — due Friday 4 Dec 2026: 3 forms',
			detail: 'Due today · Ann Ash, Ben Birch, Cy Cedar · 1 drafted, not sent',
			href: '/reports',
			tone: 'warning'
		});
		const late = { ...group, forms: [form('Ann Ash', 'overdue')] };
		expect(feedbackBatchTodayItem(late, '2026-12-14')).toMatchObject({
			title: 'Hillcrest Academy — due Friday 4 Dec 2026: 1 form',
			detail: 'Overdue by 10 days · Ann Ash',
			tone: 'danger'
		});
	});
});
