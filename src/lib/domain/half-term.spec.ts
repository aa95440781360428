import { describe, expect, it } from 'vitest';
import { halfTermOn, reportHalfTerm } from './half-term';
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
