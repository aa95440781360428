import { describe, expect, it } from 'vitest';
import { noticesDue, noticeText, noticeTodayItem, type NoticeInput } from './absence-notice';
import { markOfCode, type AttendanceCodeValue } from './attendance-codes';
import type { SessionMark } from './attendance-percent';

const DAY = '2026-11-23';
const pupil = (id: string, givenName: string, hostSchool: string) => ({
	_id: `pupil:${id}`,
	givenName,
	familyName: 'Test',
	hostSchool
});
const PUPILS = [
	pupil('a', 'Ada', 'Hillcrest High'),
	pupil('b', 'Bo', 'hillcrest high '),
	pupil('c', 'Cy', 'Riverside Academy'),
	pupil('d', 'Di', 'Riverside Academy')
];
const mark = (
	id: string,
	code: AttendanceCodeValue,
	session: 'am' | 'pm' = 'am',
	extra: Partial<SessionMark & { reason: string }> = {}
) => ({ pupilId: `pupil:${id}`, date: DAY, session, code, mark: markOfCode(code), ...extra });

const input = (over: Partial<NoticeInput>): NoticeInput => ({
	date: DAY,
	now: '09:15',
	by: '10:00',
	pupils: PUPILS,
	marks: [],
	notices: [],
	...over
});

describe('same-day absence notices', () => {
	it('lists each host school once with its absent pupils, however the school name was typed', () => {
		const due = noticesDue(
			input({ marks: [mark('a', 'I', 'am', { reason: 'Sick bug' }), mark('b', 'N'), mark('c', '/'), mark('d', 'B')] })
		);
		expect(due).toHaveLength(1);
		expect(due[0]).toMatchObject({ hostSchool: 'Hillcrest High', state: 'due' });
		expect(due[0]!.pupils.map((p) => [p.name, p.code, p.reason])).toEqual([
			['Ada Test', 'I', 'Sick bug'],
			['Bo Test', 'N', undefined]
		]);
	});

	it('does not count present, approved activity or not-counted codes as absence', () => {
		expect(noticesDue(input({ marks: [mark('a', 'L'), mark('b', 'V'), mark('c', 'Y1'), mark('d', '#')] }))).toEqual([]);
	});

	it('is overdue from the time set, and due before it', () => {
		expect(noticesDue(input({ now: '10:00', marks: [mark('c', 'O')] }))[0]!.state).toBe('overdue');
		expect(noticesDue(input({ now: '09:59', marks: [mark('c', 'O')] }))[0]!.state).toBe('due');
	});

	it('is done once a notice naming the pupils was sent; a pupil marked absent later makes a new one', () => {
		const notices = [{ date: DAY, hostSchool: 'Riverside Academy', pupilIds: ['pupil:c'] }];
		expect(noticesDue(input({ marks: [mark('c', 'O')], notices }))).toEqual([]);
		const later = noticesDue(input({ marks: [mark('c', 'O'), mark('d', 'U', 'pm')], notices }));
		expect(later.map((d) => d.pupils.map((p) => p.name))).toEqual([['Di Test']]);
		// A withdrawn notice, or one of another day, does not count as sent.
		expect(noticesDue(input({ marks: [mark('c', 'O')], notices: [{ ...notices[0]!, archived: true }] }))).toHaveLength(
			1
		);
		expect(
			noticesDue(input({ marks: [mark('c', 'O')], notices: [{ ...notices[0]!, date: '2026-11-20' }] }))
		).toHaveLength(1);
	});

	it('uses the later correction of a session and shows the afternoon code when both sessions were missed', () => {
		const corrected = [
			mark('c', 'N', 'am', { updatedAt: '2026-11-23T09:00:00Z' }),
			mark('c', '/', 'am', { updatedAt: '2026-11-23T09:30:00Z' })
		];
		expect(noticesDue(input({ marks: corrected }))).toEqual([]);
		const both = noticesDue(
			input({ marks: [mark('c', 'N', 'am', { reason: 'Mum rang: dentist' }), mark('c', 'M', 'pm')] })
		);
		expect(both[0]!.pupils[0]).toMatchObject({ code: 'M', sessions: ['am', 'pm'], reason: 'Mum rang: dentist' });
	});

	it('words the notice and the Today line as the office reads them', () => {
		const [due] = noticesDue(input({ now: '10:30', marks: [mark('c', 'I', 'am', { reason: 'Flu' })] }));
		expect(noticeText(due!, 'Riverside Learning Centre')).toBe(
			'Riverside Learning Centre: absence notice for Riverside Academy, 2026-11-23\n- Cy Test: I, Illness (not a medical or dental appointment). Reason: Flu'
		);
		expect(noticeTodayItem(due!, '10:00')).toMatchObject({
			title: 'Riverside Academy',
			detail: 'Overdue: due by 10:00 · 1 pupil absent',
			tone: 'danger',
			href: '/attendance/notices?date=2026-11-23'
		});
	});
});
