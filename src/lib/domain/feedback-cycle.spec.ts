import { describe, expect, it } from 'vitest';
import { feedbackDue } from './feedback-cycle';

const weeks3 = { mode: 'weeks', weeks: 3, lessons: 12 } as const;
const lessons12 = { mode: 'lessons', weeks: 3, lessons: 12 } as const;

/** Weekday lesson dates from 7 Sep 2026, one a day. */
function schoolDays(count: number, from = '2026-09-07'): string[] {
	const out: string[] = [];
	const d = new Date(`${from}T00:00:00Z`);
	while (out.length < count) {
		if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) out.push(d.toISOString().slice(0, 10));
		d.setUTCDate(d.getUTCDate() + 1);
	}
	return out;
}

describe('feedback form due every N weeks', () => {
	it('is not due before three weeks from the pupil’s start', () => {
		const due = feedbackDue({
			startDate: '2026-09-07',
			forms: [],
			attendedDates: [],
			cycle: weeks3,
			today: '2026-09-26'
		});
		expect(due).toMatchObject({ cycleStart: '2026-09-07', dueDate: '2026-09-27', status: 'not-due' });
		expect(due.suggestedPeriod).toEqual({ start: '2026-09-07', end: '2026-09-26' });
	});

	it('is due on the last day of the third week and covers exactly those three weeks', () => {
		const due = feedbackDue({
			startDate: '2026-09-07',
			forms: [],
			attendedDates: [],
			cycle: weeks3,
			today: '2026-09-28'
		});
		expect(due.status).toBe('due');
		expect(due.suggestedPeriod).toEqual({ start: '2026-09-07', end: '2026-09-27' });
	});

	it('is overdue once it has been due for more than a week', () => {
		expect(
			feedbackDue({ startDate: '2026-09-07', forms: [], attendedDates: [], cycle: weeks3, today: '2026-10-04' }).status
		).toBe('due');
		expect(
			feedbackDue({ startDate: '2026-09-07', forms: [], attendedDates: [], cycle: weeks3, today: '2026-10-05' }).status
		).toBe('overdue');
	});

	it('starts the next cycle the day after the last form’s period', () => {
		const forms = [
			{ periodEnd: '2026-09-27' },
			{ periodEnd: '2026-10-18' },
			{ periodEnd: '2026-12-01', archived: true }
		];
		const due = feedbackDue({
			startDate: '2026-09-07',
			forms,
			attendedDates: [],
			cycle: { ...weeks3, weeks: 2 },
			today: '2026-10-20'
		});
		expect(due).toMatchObject({ cycleStart: '2026-10-19', dueDate: '2026-11-01', status: 'not-due' });
	});
});

describe('feedback form due after N lessons attended', () => {
	it('is not due until the pupil has attended N lessons, however long that takes', () => {
		const due = feedbackDue({
			startDate: '2026-09-07',
			forms: [],
			attendedDates: schoolDays(11),
			cycle: lessons12,
			today: '2026-12-01'
		});
		expect(due).toMatchObject({ dueDate: null, lessonsAttended: 11, status: 'not-due' });
	});

	it('is due on the day of the Nth lesson attended, counting only lessons in this cycle', () => {
		const dates = schoolDays(30);
		const forms = [{ periodEnd: dates[9]! }]; // a form already covered the first 10 lessons
		const due = feedbackDue({
			startDate: '2026-09-07',
			forms,
			attendedDates: dates,
			cycle: lessons12,
			today: dates[21]!
		});
		expect(due.cycleStart).toBe('2026-09-19'); // the Saturday after lesson 10
		expect(due.dueDate).toBe(dates[21]);
		expect(due.lessonsAttended).toBe(12);
		expect(due.status).toBe('due');
		expect(due.suggestedPeriod).toEqual({ start: '2026-09-19', end: dates[21] });
	});

	it('is overdue a week after the Nth lesson', () => {
		const dates = schoolDays(20);
		expect(
			feedbackDue({ startDate: '2026-09-07', forms: [], attendedDates: dates, cycle: lessons12, today: dates[19]! })
				.status
		).toBe('overdue');
	});

	it('ignores lessons planned after today in the count', () => {
		const due = feedbackDue({
			startDate: '2026-09-07',
			forms: [],
			attendedDates: schoolDays(12),
			cycle: lessons12,
			today: '2026-09-10'
		});
		expect(due.lessonsAttended).toBe(4);
		expect(due.status).toBe('not-due');
	});
});
