import { describe, expect, it } from 'vitest';
import { makeDoc } from '$tests/test-factories';
import type { NoticeDue } from './absence-notice';
import { callStatus } from './call-due';
import { actionText, isLongUnanswered, monitoring, type MonitoringInput, type RedPenNote } from './monitoring';
import type { TrendAction } from './trend-action';
import { actionsTable, csvData } from './trends-tables';

const TODAY = '2026-11-20';
const AMY = 'pupil:01JD8Z3Q5W3M9X4K2T6B7C8DAA';
const BEN = 'pupil:01JD8Z3Q5W3M9X4K2T6B7C8DBB';

function red(over: Partial<RedPenNote>): RedPenNote {
	return {
		noteId: 'markingNote:01JD8Z3Q5W3M9X4K2T6B7C8D01',
		pupilId: AMY,
		date: '2026-11-10',
		by: 'teacher1',
		label: 'Fractions',
		workTitle: 'Fractions',
		href: `/pupils/${AMY}/work/x`,
		isAnswered: false,
		...over
	};
}

function input(over: Partial<MonitoringInput> = {}): MonitoringInput {
	return {
		today: TODAY,
		pupils: [
			{ _id: AMY, name: 'Amy Adams' },
			{ _id: BEN, name: 'Ben Brown' }
		],
		exitTickets: [],
		redPen: [],
		feedback: [],
		reports: [],
		calls: [],
		noPlan: [],
		reviews: [],
		notices: [],
		noticeBy: '10:00',
		actions: [],
		...over
	};
}

describe('red-pen feedback unanswered for more than 7 days', () => {
	it('flags 8 days, not 7 (the policy says more than a week)', () => {
		expect(isLongUnanswered({ date: '2026-11-12', isAnswered: false }, TODAY)).toBe(true); // 8 days
		expect(isLongUnanswered({ date: '2026-11-13', isAnswered: false }, TODAY)).toBe(false); // 7 days
		expect(isLongUnanswered({ date: '2026-11-01', isAnswered: true }, TODAY)).toBe(false);
	});

	it('lists it under the pupil and under the member of staff who wrote it, linking to the work', () => {
		const m = monitoring(input({ redPen: [red({ date: '2026-11-10', by: 'teacher2' })] }));
		const amy = m.pupils.find((p) => p.pupilId === AMY)!;
		expect(amy.lines).toEqual([
			expect.objectContaining({
				kind: 'unanswered',
				title: 'Amy Adams',
				detail: 'Red-pen feedback on “Fractions” unanswered for 10 days (given 10 Nov 2026 by teacher2)',
				href: `/pupils/${AMY}/work/x`
			})
		]);
		expect(m.staff).toEqual([
			expect.objectContaining({ username: 'teacher2', lines: [expect.objectContaining({ title: 'Amy Adams' })] })
		]);
	});
});

describe('last exit ticket and last red-pen marking', () => {
	it('shows the newest per pupil and per member of staff; nothing when there is none', () => {
		const t = (pupilId: string, date: string, by: string, label: string) => ({ pupilId, date, by, label, href: '/x' });
		const m = monitoring(
			input({
				exitTickets: [t(AMY, '2026-11-02', 'teacher1', '12/20'), t(AMY, '2026-11-18', 'teacher2', '14.5/20')],
				redPen: [red({ date: '2026-11-19', isAnswered: true, label: 'Essay' })]
			})
		);
		const amy = m.pupils.find((p) => p.pupilId === AMY)!;
		expect(amy.lastExitTicket).toMatchObject({ date: '2026-11-18', label: '14.5/20', by: 'teacher2' });
		expect(amy.lastRedPen).toMatchObject({ date: '2026-11-19', label: 'Essay' });
		expect(amy.lines).toEqual([]);
		const ben = m.pupils.find((p) => p.pupilId === BEN)!;
		expect(ben.lastExitTicket).toBeUndefined();
		expect(m.staff.map((s) => [s.username, s.lastExitTicket?.label, s.lastRedPen?.label])).toEqual([
			['teacher1', '12/20', 'Essay'],
			['teacher2', '14.5/20', undefined]
		]);
	});
});

describe('late and unsent documents, calls and plans come from the existing due rules', () => {
	it('keeps the late ones (overdue, draft waiting, uncovered gap) and leaves out what is merely due today', () => {
		const form = {
			pupilId: AMY,
			pupilName: 'Amy Adams',
			dueDate: '2026-11-13',
			draft: null,
			gaps: [],
			isShort: false,
			lessonsInPeriod: 10,
			fewestLessons: 10
		};
		const m = monitoring(
			input({
				feedback: [
					{ ...form, status: 'overdue' },
					{ ...form, pupilId: BEN, pupilName: 'Ben Brown', status: 'due', dueDate: TODAY }
				],
				reports: [
					{
						pupilId: BEN,
						pupilName: 'Ben Brown',
						status: 'due',
						halfTerm: { name: 'Autumn 1', start: '2026-09-02', end: '2026-10-23' },
						draft: { id: 'progressReport:01JD8Z3Q5W3M9X4K2T6B7C8D02', drafted: '2026-11-01', days: 19 }
					}
				]
			})
		);
		const amy = m.pupils.find((p) => p.pupilId === AMY)!;
		expect(amy.lines.map((l) => [l.kind, l.detail, l.href])).toEqual([
			['feedback', 'Overdue by 7 days', `/reports/feedback/new?pupil=${encodeURIComponent(AMY)}`]
		]);
		const ben = m.pupils.find((p) => p.pupilId === BEN)!;
		expect(ben.lines.map((l) => l.kind)).toEqual(['report']);
		expect(ben.lines[0]!.href).toBe('/reports/half-term/progressReport%3A01JD8Z3Q5W3M9X4K2T6B7C8D02');
	});

	it('lists a draft waiting to be sent under the member of staff who started it too', () => {
		const draftId = 'feedbackForm:01JD8Z3Q5W3M9X4K2T6B7C8D03';
		const m = monitoring(
			input({
				feedback: [
					{
						pupilId: AMY,
						pupilName: 'Amy Adams',
						status: 'not-due',
						dueDate: null,
						draft: { id: draftId, drafted: '2026-11-10', days: 10 },
						gaps: [],
						isShort: false,
						lessonsInPeriod: 4,
						fewestLessons: 10
					}
				],
				draftAuthors: new Map([[draftId, 'teacher3']])
			})
		);
		expect(m.pupils.find((p) => p.pupilId === AMY)!.lines.map((l) => l.kind)).toEqual(['feedback']);
		expect(m.staff).toEqual([
			expect.objectContaining({
				username: 'teacher3',
				lines: [
					expect.objectContaining({ title: 'Amy Adams', href: `/reports/feedback/${encodeURIComponent(draftId)}` })
				]
			})
		]);
		expect(m.staff[0]!.lines[0]!.detail).toMatch(/^Feedback form: /);
	});

	it('lists overdue calls, missing plans and overdue reviews, not calls or reviews still to come', () => {
		const started = { _id: AMY, startDate: '2026-10-01' }; // 14-day interval: due 15 Oct, 36 days overdue
		const soon = { _id: BEN, startDate: '2026-11-10' }; // due 24 Nov
		const m = monitoring(
			input({
				calls: [
					{ ...callStatus(started, [], TODAY), pupilName: 'Amy Adams' },
					{ ...callStatus(soon, [], TODAY), pupilName: 'Ben Brown' }
				],
				noPlan: [{ _id: BEN, name: 'Ben Brown' }],
				reviews: [
					{ pupilId: AMY, pupilName: 'Amy Adams', planId: 'plan:1', reviewDate: '2026-11-01', isOverdue: true },
					{ pupilId: BEN, pupilName: 'Ben Brown', planId: 'plan:2', reviewDate: '2026-11-25', isOverdue: false }
				]
			})
		);
		const amy = m.pupils.find((p) => p.pupilId === AMY)!;
		expect(amy.lines.map((l) => [l.kind, l.detail])).toEqual([
			['call', 'Overdue by 36 days · nobody reached yet'],
			['review', 'Plan review overdue: was due 19 days ago']
		]);
		const ben = m.pupils.find((p) => p.pupilId === BEN)!;
		expect(ben.lines.map((l) => [l.kind, l.detail, l.href])).toEqual([
			['plan', 'No personalised plan yet', `/pupils/${encodeURIComponent(BEN)}/plan/new`]
		]);
	});

	it('lists absence notices not sent by the time set, today and on earlier days, and not those still in time', () => {
		const notice = (date: string, state: NoticeDue['state']): NoticeDue => ({
			hostSchool: 'Riverside Academy',
			date,
			state,
			pupils: [{ pupilId: AMY, name: 'Amy Adams', code: 'O', codeLabel: 'Unauthorised', sessions: ['am'] }]
		});
		const m = monitoring(input({ notices: [notice('2026-11-18', 'overdue'), notice(TODAY, 'due')] }));
		expect(m.notices.map((n) => [n.title, n.detail, n.href])).toEqual([
			[
				'Riverside Academy',
				'Not sent on 18 Nov 2026 (due by 10:00) · 1 pupil absent',
				'/attendance/notices?date=2026-11-18'
			]
		]);
	});
});

describe('actions on trends', () => {
	it('puts a pupil’s actions with the pupil and the rest in the trends list, newest first, leaving out withdrawn ones', () => {
		const a = (over: Record<string, unknown>) => makeDoc('trendAction', over) as TrendAction;
		const old = a({ about: 'trend', pupilId: undefined, topic: 'behaviour', createdAt: '2026-11-01T10:00:00.000Z' });
		const recent = a({
			about: 'trend',
			pupilId: undefined,
			topic: 'attendance',
			createdAt: '2026-11-15T10:00:00.000Z'
		});
		const gone = a({ about: 'trend', pupilId: undefined, archived: true });
		const amys = a({ about: 'pupil', pupilId: AMY });
		const m = monitoring(input({ actions: [old, gone, recent, amys] }));
		expect(m.trendActions.map((x) => x._id)).toEqual([recent._id, old._id]);
		expect(m.pupils.find((p) => p.pupilId === AMY)!.actions.map((x) => x._id)).toEqual([amys._id]);
		expect(actionText(amys)).toBe(
			'Attendance · Negative: address it (Attendance down to 78% this half term) — Key worker calls home each Monday; review at the next half term'
		);
	});

	it('prints in the trends CSV with who wrote it, what it is about and what is being done', () => {
		const act = makeDoc('trendAction', { createdAt: '2026-11-15T10:00:00.000Z', createdBy: 'head1' }) as TrendAction;
		const gone = makeDoc('trendAction', { archived: true }) as TrendAction;
		const table = actionsTable([act, gone], new Map([[act.pupilId!, 'Amy Adams']]));
		expect(csvData(table)).toEqual({
			fields: [
				'Written',
				'By',
				'About',
				'Trend',
				'Positive or negative',
				'What the trend shows',
				'What we are doing about it',
				'Look again'
			],
			data: [
				[
					'2026-11-15',
					'head1',
					'Amy Adams',
					'Attendance',
					'Negative: address it',
					'Attendance down to 78% this half term',
					'Key worker calls home each Monday; review at the next half term',
					'2026-12-01'
				]
			]
		});
	});
});
