import { describe, expect, it } from 'vitest';
import { addDays } from './calendar-days';
import {
	attendancePercent,
	attendanceSummary,
	attendanceText,
	formatAttendance,
	latestMarks,
	type SessionMark
} from './attendance-percent';

const mark = (
	date: string,
	session: 'am' | 'pm',
	m: SessionMark['mark'],
	extra: Partial<SessionMark> = {}
): SessionMark => ({
	pupilId: 'pupil:01J0000000000000000000000A',
	date,
	session,
	mark: m,
	...extra
});

describe('attendance percentage', () => {
	it('counts present, late and off-site as attending, both absences as not', () => {
		const s = attendanceSummary([
			mark('2026-11-02', 'am', 'present'),
			mark('2026-11-02', 'pm', 'late'),
			mark('2026-11-03', 'am', 'off-site'),
			mark('2026-11-03', 'pm', 'authorised-absence'),
			mark('2026-11-04', 'am', 'unauthorised-absence')
		]);
		expect(s).toEqual({ present: 3, recorded: 5, percent: 60 });
	});

	it('is unknown (null), not zero, when no session is recorded', () => {
		expect(attendanceSummary([]).percent).toBeNull();
		expect(attendanceText(attendanceSummary([]))).toBe('No sessions recorded');
	});

	it('counts only sessions inside the period, both ends included', () => {
		const marks = [
			mark('2026-10-31', 'am', 'unauthorised-absence'),
			mark('2026-11-02', 'am', 'present'),
			mark('2026-11-06', 'pm', 'present'),
			mark('2026-11-07', 'am', 'unauthorised-absence')
		];
		expect(attendanceSummary(marks, { start: '2026-11-02', end: '2026-11-06' })).toEqual({
			present: 2,
			recorded: 2,
			percent: 100
		});
	});

	it('counts a session marked twice once, using the later correction', () => {
		const marks = [
			mark('2026-11-02', 'am', 'unauthorised-absence', { updatedAt: '2026-11-02T09:00:00.000Z' }),
			mark('2026-11-02', 'am', 'late', { updatedAt: '2026-11-02T09:20:00.000Z' })
		];
		expect(attendanceSummary(marks)).toEqual({ present: 1, recorded: 1, percent: 100 });
		expect(latestMarks(marks)).toHaveLength(1);
	});

	it('takes the later correction by the time it was made, whatever time zone the tablet wrote', () => {
		// 10:30 British Summer Time is 09:30 UTC: earlier than the 10:00 UTC correction.
		const marks = [
			mark('2026-10-02', 'am', 'present', { updatedAt: '2026-10-02T10:00:00.000Z' }),
			mark('2026-10-02', 'am', 'unauthorised-absence', { updatedAt: '2026-10-02T10:30:00+01:00' })
		];
		expect(latestMarks(marks).map((m) => m.mark)).toEqual(['present']);
	});

	it('ignores archived marks', () => {
		const marks = [
			mark('2026-11-02', 'am', 'unauthorised-absence', { archived: true }),
			mark('2026-11-02', 'pm', 'present')
		];
		expect(attendanceSummary(marks)).toEqual({ present: 1, recorded: 1, percent: 100 });
	});

	it('reads as a rounded percentage with the session counts', () => {
		const s = attendanceSummary([
			mark('2026-11-02', 'am', 'present'),
			mark('2026-11-02', 'pm', 'present'),
			mark('2026-11-03', 'am', 'authorised-absence')
		]);
		expect(attendanceText(s)).toBe('67% (2 of 3 sessions)');
	});

	it('is one whole percent, rounded once from the exact fraction: 50 of 69 sessions is 72% everywhere', () => {
		// 50 ÷ 69 = 0.72463…: 72%. Rounding to 72.5 first and then to a whole number gave 73%.
		const marks: SessionMark[] = [];
		for (let day = 0; day < 35; day++) {
			const date = addDays('2026-09-01', day);
			marks.push(mark(date, 'am', day < 25 ? 'present' : 'unauthorised-absence'));
			if (day < 34) marks.push(mark(date, 'pm', day < 25 ? 'late' : 'authorised-absence'));
		}
		const s = attendanceSummary(marks);
		expect(s).toEqual({ present: 50, recorded: 69, percent: 72 });
		expect(formatAttendance(s.percent)).toBe('72%');
		expect(attendanceText(s)).toBe('72% (50 of 69 sessions)');
	});

	it('rounds a half up, exactly (no floating-point drift)', () => {
		expect(attendancePercent(1, 8)).toBe(13); // 12.5
		expect(attendancePercent(7, 8)).toBe(88); // 87.5
		expect(attendancePercent(2, 3)).toBe(67); // 66.67
		expect(attendancePercent(1, 3)).toBe(33); // 33.33
		expect(attendancePercent(89, 100)).toBe(89);
		expect(attendancePercent(179, 200)).toBe(90); // 89.5 shows and counts as 90
		expect(attendancePercent(0, 5)).toBe(0);
		expect(attendancePercent(5, 5)).toBe(100);
		expect(attendancePercent(0, 0)).toBeNull();
	});

	it('writes "Not recorded" for no figure, and a whole percent for an older one-decimal figure', () => {
		expect(formatAttendance(null)).toBe('Not recorded');
		expect(formatAttendance(undefined)).toBe('Not recorded');
		expect(formatAttendance(72)).toBe('72%');
		expect(formatAttendance(66.7)).toBe('67%');
	});

	it('leaves sessions that are not possible (DfE code X: not required to attend) out of both sums', () => {
		const marks = [
			mark('2026-11-02', 'am', 'present'),
			{ ...mark('2026-11-02', 'pm', 'authorised-absence'), code: 'X' as const },
			mark('2026-11-03', 'am', 'unauthorised-absence')
		];
		expect(attendanceSummary(marks)).toEqual({ present: 1, recorded: 2, percent: 50 });
	});
});
