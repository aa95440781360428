import { describe, expect, it } from 'vitest';
import { ATTENDANCE_MARKS } from './attendance';
import { ATTENDANCE_CODE_VALUES, markOfCode } from './attendance-codes';
import { addDays } from './calendar-days';
import { digestMarks, expandDigest } from './attendance-digest';
import { attendanceSummary, latestMarks, type SessionMark } from './attendance-percent';

const P = 'pupil:1';
const mark = (
	date: string,
	session: 'am' | 'pm',
	m: SessionMark['mark'],
	extra: Partial<SessionMark> = {}
): SessionMark => ({ pupilId: P, date, session, mark: m, ...extra });

describe('attendance digest', () => {
	it('holds the marks that stand: later corrections win, archived marks are left out', () => {
		const marks = [
			mark('2026-11-02', 'am', 'present', { updatedAt: '2026-11-02T09:00:00Z' }),
			mark('2026-11-02', 'am', 'unauthorised-absence', { updatedAt: '2026-11-02T10:00:00Z' }),
			mark('2026-11-02', 'pm', 'late', { updatedAt: '2026-11-02T13:00:00Z' }),
			mark('2026-11-03', 'am', 'off-site', { archived: true }),
			mark('2026-11-01', 'pm', 'authorised-absence')
		];
		const out = expandDigest(digestMarks(P, marks));
		expect(out).toEqual([
			mark('2026-11-01', 'pm', 'authorised-absence'),
			mark('2026-11-02', 'am', 'unauthorised-absence'),
			mark('2026-11-02', 'pm', 'late')
		]);
		expect(attendanceSummary(out)).toEqual(attendanceSummary(marks));
		expect(out).toHaveLength(latestMarks(marks).length);
	});

	it('keeps every mark kind and both sessions, and gives only the marks inside a period', () => {
		const marks = ATTENDANCE_MARKS.flatMap((m, i) => [mark(`2026-10-1${i}`, 'am', m), mark(`2026-10-1${i}`, 'pm', m)]);
		const digest = digestMarks(P, marks);
		expect(expandDigest(digest)).toEqual(marks);
		expect(expandDigest(digest, { start: '2026-10-11', end: '2026-10-12' }).map((m) => m.mark)).toEqual([
			'late',
			'late',
			'authorised-absence',
			'authorised-absence'
		]);
		expect(expandDigest(digestMarks(P, []))).toEqual([]);
	});

	it('holds every DfE code, and counts a coded mark by its code', () => {
		const marks = ATTENDANCE_CODE_VALUES.map((code, i) =>
			mark(addDays('2026-09-01', i), 'am', markOfCode(code), { code })
		);
		const out = expandDigest(digestMarks(P, marks));
		expect(out.map((m) => m.code)).toEqual([...ATTENDANCE_CODE_VALUES]);
		expect(attendanceSummary(out)).toEqual(attendanceSummary(marks));
		// A mark written before codes comes back without one.
		expect(expandDigest(digestMarks(P, [mark('2026-10-10', 'am', 'late')]))).toEqual([
			mark('2026-10-10', 'am', 'late')
		]);
	});

	it('refuses a mark of another pupil', () => {
		expect(() => digestMarks(P, [{ ...mark('2026-10-10', 'am', 'present'), pupilId: 'pupil:2' }])).toThrow();
	});
});
