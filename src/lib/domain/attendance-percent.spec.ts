import { describe, expect, it } from 'vitest';
import { attendanceSummary, attendanceText, latestMarks, type SessionMark } from './attendance-percent';

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
});
