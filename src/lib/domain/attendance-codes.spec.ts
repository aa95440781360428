import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	ATTENDANCE_CODES,
	MEANING_LABELS,
	codeOfMark,
	markOfCode,
	registerCodes,
	sessionCounts,
	type AttendanceCodeValue
} from './attendance-codes';
import { ATTENDANCE_MARKS } from './attendance';
import { attendanceSummary, attendanceText, type SessionMark } from './attendance-percent';

const P = 'pupil:01J0000000000000000000000A';
let day = 0;
/** One session per call, each on its own date so none corrects another. */
const coded = (code: AttendanceCodeValue): SessionMark => ({
	pupilId: P,
	date: `2026-11-${String(++day).padStart(2, '0')}`,
	session: 'am',
	mark: markOfCode(code),
	code
});

describe('DfE attendance codes: which sessions are possible and attended', () => {
	it('counts present, late before the register closed and approved educational activity as attended', () => {
		for (const code of ['/', '\\', 'L', 'K', 'V', 'P', 'W', 'B'] as const)
			expect(sessionCounts(code), code).toEqual({ possible: true, attended: true });
	});

	it('counts authorised and unauthorised absence, and late after the register closed, as possible but missed', () => {
		for (const code of ['C', 'C1', 'C2', 'E', 'I', 'M', 'J1', 'R', 'S', 'T', 'G', 'N', 'O', 'U'] as const)
			expect(sessionCounts(code), code).toEqual({ possible: true, attended: false });
	});

	it('leaves dual registration, not required, unable to attend, not on roll and closures out of possible sessions', () => {
		for (const code of ['D', 'X', 'Q', 'Y1', 'Y4', 'Y7', 'Z', '#'] as const)
			expect(sessionCounts(code), code).toEqual({ possible: false, attended: false });
	});

	it('works out a fortnight by hand: 6 attended of 8 possible is 75%, closures and Y codes not counted', () => {
		// 10 sessions: / \ L B attended (4), K W attended (2), I and N missed (2), # and Y1 not counted.
		const marks = (['/', '\\', 'L', 'B', 'K', 'W', 'I', 'N', '#', 'Y1'] as const).map(coded);
		const summary = attendanceSummary(marks);
		expect(summary).toEqual({ present: 6, recorded: 8, percent: 75 });
		expect(attendanceText(summary)).toBe('75% (6 of 8 sessions)');
	});

	it('counts a mark written before codes existed by its mark, so old registers keep their figures', () => {
		const old: SessionMark[] = ATTENDANCE_MARKS.map((mark, i) => ({
			pupilId: P,
			date: `2026-10-0${i + 1}`,
			session: 'pm',
			mark
		}));
		// present, late and off-site attend; both absences are possible sessions: 3 of 5.
		expect(attendanceSummary(old)).toEqual({ present: 3, recorded: 5, percent: 60 });
		for (const mark of ATTENDANCE_MARKS) expect(markOfCode(codeOfMark(mark, 'am'))).toBe(mark);
	});

	it('writes a code the old clients can read: not-counted codes as an authorised absence', () => {
		expect(markOfCode('/')).toBe('present');
		expect(markOfCode('L')).toBe('late');
		expect(markOfCode('U')).toBe('unauthorised-absence');
		expect(markOfCode('V')).toBe('off-site');
		expect(markOfCode('Y3')).toBe('authorised-absence');
	});

	it('offers the current codes only, with the present code of the session', () => {
		const am = registerCodes('am').map((x) => x.code);
		expect(am).toContain('/');
		expect(am).not.toContain('\\');
		expect(am).not.toContain('H');
		expect(registerCodes('pm').map((x) => x.code)).toContain('\\');
	});

	it('matches the code table in docs/attendance-codes.md, row for row', () => {
		const doc = readFileSync('docs/attendance-codes.md', 'utf8');
		const rows = doc
			.split('\n')
			.filter((l) => l.startsWith('| `'))
			.map((l) => l.split('|').map((cell) => cell.trim()));
		const fromDoc = rows.map((r) => [r[1]!.slice(1, -1), r[2], r[3]]);
		expect(fromDoc).toEqual(ATTENDANCE_CODES.map((x) => [x.code, x.label, MEANING_LABELS[x.meaning]]));
	});
});
