import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, formatDay, formatWeekday, isWeekend, localToday, relativeDays } from './calendar-days';

describe('calendar days', () => {
	it('adds days across month ends and the clocks going back', () => {
		expect(addDays('2026-10-20', 14)).toBe('2026-11-03');
		expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
		expect(daysBetween('2026-10-20', '2026-11-03')).toBe(14);
	});

	it('uses the tablet’s own date, not UTC', () => {
		expect(localToday(new Date(2026, 10, 23, 0, 30))).toBe('2026-11-23');
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
