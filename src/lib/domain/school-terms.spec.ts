import { describe, expect, it } from 'vitest';
import { lastDayOfTerm, nextTerm, termOn, termReviewDue } from './school-terms';
import { DEFAULT_HALF_TERMS } from './settings';

describe('the school’s terms', () => {
	it('pair the half terms of the calendar, each with the holiday after it', () => {
		const autumn = termOn('2026-10-28', DEFAULT_HALF_TERMS);
		expect(autumn).toEqual({ name: 'Autumn 2026', start: '2026-09-01', end: '2027-01-05' });
		expect(lastDayOfTerm(autumn, DEFAULT_HALF_TERMS)).toBe('2026-12-18');
		expect(nextTerm(autumn, DEFAULT_HALF_TERMS)).toEqual({
			name: 'Spring 2027',
			start: '2027-01-05',
			end: '2027-04-12'
		});
	});

	it('put a plan review due once a term, never days after the last', () => {
		expect(termReviewDue('2027-01-05', DEFAULT_HALF_TERMS)).toBe('2027-03-26');
		expect(termReviewDue('2027-02-22', DEFAULT_HALF_TERMS)).toBe('2027-07-21');
	});
});
