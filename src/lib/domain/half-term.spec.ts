import { describe, expect, it } from 'vitest';
import { halfTermOn, isTermDay, nthTermDay, reportHalfTerm, termDaysBetween } from './half-term';
import { formatDay } from './calendar-days';
import { documentFilename, periodText } from './report-format';
import { DEFAULT_HALF_TERMS } from './settings';

describe('half terms from the organisation’s calendar', () => {
	it('finds the half term a date is in, and none in a holiday', () => {
		expect(halfTermOn('2026-11-23', DEFAULT_HALF_TERMS)?.name).toBe('2026-27 Autumn 2');
		expect(halfTermOn('2026-09-02', DEFAULT_HALF_TERMS)?.name).toBe('2026-27 Autumn 1');
		expect(halfTermOn('2026-10-28', DEFAULT_HALF_TERMS)).toBeUndefined();
	});

	it('reports on the half term just ended when written in the holiday after it', () => {
		expect(reportHalfTerm('2026-10-28', DEFAULT_HALF_TERMS)?.name).toBe('2026-27 Autumn 1');
		expect(reportHalfTerm('2026-12-10', DEFAULT_HALF_TERMS)?.name).toBe('2026-27 Autumn 2');
		expect(reportHalfTerm('2026-08-20', DEFAULT_HALF_TERMS)?.name).toBe('2026-27 Autumn 1');
	});
});

describe('how documents are named and dated', () => {
	it('prints dates the English way', () => {
		expect(formatDay('2026-10-07')).toBe('7 Oct 2026');
		expect(periodText('2026-09-07', '2026-09-27')).toBe('7 Sep 2026 – 27 Sep 2026');
	});

	it('names the file after the pupil, the document and the period', () => {
		expect(
			documentFilename({
				who: 'Zoë O’Neil',
				document: 'Feedback form',
				periodStart: '2026-09-07',
				periodEnd: '2026-09-27'
			})
		).toBe('Zoe-O-Neil_feedback-form_2026-09-07_to_2026-09-27.pdf');
		expect(
			documentFilename({
				who: 'Sam Patel',
				document: 'Half-term report',
				periodStart: '2026-09-02',
				periodEnd: '2026-10-23',
				version: 2
			})
		).toBe('Sam-Patel_half-term-report_2026-09-02_to_2026-10-23_v2.pdf');
	});
});

describe('school days for counting school weeks', () => {
	it('counts weekdays in term, not weekends or holidays, and weekdays beyond the calendar', () => {
		expect(isTermDay('2026-10-23', DEFAULT_HALF_TERMS)).toBe(true); // Fri, last day of Autumn 1
		expect(isTermDay('2026-10-24', DEFAULT_HALF_TERMS)).toBe(false); // Saturday
		expect(isTermDay('2026-10-26', DEFAULT_HALF_TERMS)).toBe(false); // Monday of the holiday
		expect(isTermDay('2027-09-06', DEFAULT_HALF_TERMS)).toBe(true); // a year not entered yet
		expect(isTermDay('2026-10-26', [])).toBe(true); // no calendar: every weekday
	});

	it('finds the 15th school day and counts school days between two dates', () => {
		expect(nthTermDay('2026-10-12', 15, DEFAULT_HALF_TERMS)).toBe('2026-11-06');
		expect(termDaysBetween('2026-10-12', '2026-11-06', DEFAULT_HALF_TERMS)).toBe(15);
		expect(termDaysBetween('2026-11-06', '2026-10-12', DEFAULT_HALF_TERMS)).toBe(0);
	});
});
