import { describe, expect, it } from 'vitest';
import {
	addDays,
	compareInstants,
	dayOfInstant,
	daysBetween,
	formatDay,
	formatWeekday,
	instantOf,
	isWeekend,
	localToday,
	relativeDays
} from './calendar-days';

describe('calendar days', () => {
	it('adds days across month ends and the clocks going back', () => {
		expect(addDays('2026-10-20', 14)).toBe('2026-11-03');
		expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
		expect(daysBetween('2026-10-20', '2026-11-03')).toBe(14);
	});

	it('uses the tablet’s own date, not UTC', () => {
		expect(localToday(new Date(2026, 10, 23, 0, 30))).toBe('2026-11-23');
		// A moment late in the evening is that evening's day where the tablet is, whatever UTC says.
		expect(dayOfInstant(new Date(2026, 5, 30, 23, 30).toISOString())).toBe('2026-06-30');
		expect(dayOfInstant(new Date(2026, 6, 1, 0, 15).toISOString())).toBe('2026-07-01');
		expect(dayOfInstant('2026-07-01')).toBe('2026-07-01');
	});

	it('knows weekends and says dates in words', () => {
		expect(isWeekend('2026-11-21')).toBe(true);
		expect(isWeekend('2026-11-23')).toBe(false);
		expect(relativeDays('2026-11-20', '2026-11-23')).toBe('3 days ago');
		expect(relativeDays('2026-11-24', '2026-11-23')).toBe('tomorrow');
	});
});

describe('writing dates for people', () => {
	it('writes a day as "7 Oct 2026" and a heading with its weekday', () => {
		expect(formatDay('2026-10-07')).toBe('7 Oct 2026');
		expect(formatWeekday('2026-10-07')).toBe('Wed 7 Oct 2026');
		expect(formatWeekday('2027-03-28')).toBe('Sun 28 Mar 2027');
	});

	it('leaves something that is not a date as it is', () => {
		expect(formatDay('soon')).toBe('soon');
	});
});

describe('saved-at times', () => {
	it('order as instants: 10:30 at +01:00 comes before 10:00 UTC', () => {
		expect(compareInstants('2026-10-02T10:30:00+01:00', '2026-10-02T10:00:00Z')).toBe(-1);
		expect(compareInstants('2026-10-02T09:30:00.000Z', '2026-10-02T10:30:00+01:00')).toBe(0);
	});
	it('put an unreadable time before every real one', () => {
		expect(instantOf('yesterday')).toBe(Number.NEGATIVE_INFINITY);
		expect(compareInstants(undefined, '2000-01-01T00:00:00Z')).toBe(-1);
	});
});
