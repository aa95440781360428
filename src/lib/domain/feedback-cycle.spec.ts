import { describe, expect, it } from 'vitest';
import { addDays } from './calendar-days';
import { cadenceOf, feedbackDue, unreportedGaps, type CycleForm, type FeedbackDueInput } from './feedback-cycle';
import { DEFAULT_HALF_TERMS } from './settings';

// The calendar used throughout: Autumn 1 is Wed 2 Sep – Fri 23 Oct 2026, Autumn 2 is Mon 2 Nov –
// Fri 18 Dec 2026; 24 Oct – 1 Nov is the half-term holiday.
const policy = { weeks: 3, lessons: 15, fewestLessons: 10 };

function due(overrides: Partial<FeedbackDueInput>) {
	return feedbackDue({
		startDate: '2026-09-07',
		forms: [],
		attendedDates: [],
		cycle: policy,
		halfTerms: DEFAULT_HALF_TERMS,
		today: '2026-09-07',
		...overrides
	});
}

let n = 0;
function form(periodStart: string, periodEnd: string, status: 'draft' | 'sent', extra: Partial<CycleForm> = {}) {
	n += 1;
	return {
		_id: `feedbackForm:${n}`,
		periodStart,
		periodEnd,
		status,
		createdAt: `${periodEnd}T15:00:00.000Z`,
		...extra
	} satisfies CycleForm;
}

/** `perDay` attended lessons on each weekday from Monday 7 Sep 2026, for `days` weekdays. */
function lessons(days: number, perDay = 1, from = '2026-09-07'): string[] {
	const out: string[] = [];
	for (let date = from; out.length < days * perDay; date = addDays(date, 1)) {
		const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
		if (weekday !== 0 && weekday !== 6) for (let i = 0; i < perDay; i++) out.push(date);
	}
	return out;
}

describe('a feedback form is due after 3 school weeks or 15 lessons, whichever first', () => {
	it('is due on the 15th school day: from Mon 7 Sep that is Fri 25 Sep', () => {
		expect(due({ today: '2026-09-24' })).toMatchObject({
			cycleStart: '2026-09-07',
			dueDate: '2026-09-25',
			dueBy: 'weeks',
			status: 'not-due',
			suggestedPeriod: { start: '2026-09-07', end: '2026-09-24' }
		});
		expect(due({ today: '2026-09-25' })).toMatchObject({
			status: 'due',
			suggestedPeriod: { start: '2026-09-07', end: '2026-09-25' }
		});
	});

	it('is overdue once it has been due for more than a week', () => {
		expect(due({ today: '2026-10-02' }).status).toBe('due');
		expect(due({ today: '2026-10-03' }).status).toBe('overdue');
	});

	it('does not count the half-term holiday: from Mon 12 Oct it is due Fri 6 Nov, not 30 Oct', () => {
		// School days: 12–16 Oct (5), 19–23 Oct (10), holiday 24 Oct – 1 Nov, 2–6 Nov (15).
		const d = due({ startDate: '2026-10-12', today: '2026-11-02' });
		expect(d).toMatchObject({ dueDate: '2026-11-06', status: 'not-due' });
	});

	it('falls due on the day of the 15th lesson attended when that comes first', () => {
		// Three lessons a day from Mon 7 Sep: the 15th is on Fri 11 Sep.
		const d = due({ attendedDates: lessons(5, 3), today: '2026-09-14' });
		expect(d).toMatchObject({ dueDate: '2026-09-11', dueBy: 'lessons', lessonsInPeriod: 15, isShort: false });
		expect(d.suggestedPeriod).toEqual({ start: '2026-09-07', end: '2026-09-11' });
	});

	it('still falls due for a pupil who rarely attends, and says the form covers fewer than 10 lessons', () => {
		const d = due({ attendedDates: ['2026-09-08', '2026-09-15', '2026-09-16', '2026-09-22'], today: '2026-09-28' });
		expect(d).toMatchObject({
			dueDate: '2026-09-25',
			dueBy: 'weeks',
			status: 'due',
			lessonsInPeriod: 4,
			isShort: true
		});
	});

	it('is not short with 10 lessons attended by the due date', () => {
		const d = due({ attendedDates: lessons(10), today: '2026-09-28' });
		expect(d).toMatchObject({ dueDate: '2026-09-25', lessonsInPeriod: 10, isShort: false });
	});

	it('uses the organisation’s numbers, and the policy’s 10 where older settings have no lower figure', () => {
		expect(cadenceOf({ weeks: 2, lessons: 12 })).toEqual({ weeks: 2, lessons: 12, fewestLessons: 10 });
		expect(cadenceOf({ weeks: 3, lessons: 8 })).toEqual({ weeks: 3, lessons: 8, fewestLessons: 8 });
		// 2 school weeks from Mon 7 Sep: Fri 18 Sep.
		expect(due({ cycle: { weeks: 2, lessons: 12 }, today: '2026-09-18' })).toMatchObject({
			dueDate: '2026-09-18',
			status: 'due'
		});
	});
});

describe('only a sent form starts the next cycle', () => {
	it('starts the next cycle the day after the last sent form’s period; archived forms do not count', () => {
		const forms = [
			form('2026-09-07', '2026-09-25', 'sent'),
			form('2026-09-28', '2026-12-01', 'sent', { archived: true })
		];
		// 15 school days from Sat 26 Sep: 28 Sep – 16 Oct.
		expect(due({ forms, today: '2026-10-01' })).toMatchObject({ cycleStart: '2026-09-26', dueDate: '2026-10-16' });
	});

	it('a draft does not clear "due": it is shown as drafted, not sent, with the days it has waited', () => {
		const forms = [
			form('2026-09-07', '2026-09-25', 'sent'),
			form('2026-09-26', '2026-10-16', 'draft', { createdAt: '2026-10-16T14:00:00.000Z' })
		];
		const d = due({ forms, today: '2026-10-21' });
		expect(d).toMatchObject({ cycleStart: '2026-09-26', dueDate: '2026-10-16', status: 'due' });
		expect(d.draft).toMatchObject({ drafted: '2026-10-16', days: 5 });
	});

	it('a draft of an earlier, already sent period (a correction) is not this cycle’s draft', () => {
		const sent = form('2026-09-07', '2026-09-25', 'sent');
		const correction = form('2026-09-07', '2026-09-25', 'draft', { supersedes: sent._id });
		expect(due({ forms: [sent, correction], today: '2026-10-21' }).draft).toBeNull();
	});
});

describe('a later sent form does not forgive an earlier unreported period', () => {
	it('lists school time no sent form covers: "not reported: 5 Oct – 8 Nov"', () => {
		const forms = [form('2026-09-07', '2026-10-04', 'sent'), form('2026-11-09', '2026-11-27', 'sent')];
		expect(unreportedGaps('2026-09-07', forms, DEFAULT_HALF_TERMS)).toEqual([
			{ start: '2026-10-05', end: '2026-11-08' }
		]);
		expect(due({ forms, today: '2026-11-30' })).toMatchObject({
			cycleStart: '2026-11-28',
			gaps: [{ start: '2026-10-05', end: '2026-11-08' }]
		});
	});

	it('a weekend or a holiday between two forms is not a gap, and a draft does not fill one', () => {
		const weekend = [form('2026-09-07', '2026-09-25', 'sent'), form('2026-09-28', '2026-10-23', 'sent')];
		const holiday = [...weekend, form('2026-11-02', '2026-11-20', 'sent')];
		expect(unreportedGaps('2026-09-07', weekend, DEFAULT_HALF_TERMS)).toEqual([]);
		expect(unreportedGaps('2026-09-07', holiday, DEFAULT_HALF_TERMS)).toEqual([]);
		const drafted = [
			form('2026-09-07', '2026-09-25', 'sent'),
			form('2026-09-28', '2026-10-16', 'draft'),
			form('2026-10-19', '2026-11-06', 'sent')
		];
		expect(unreportedGaps('2026-09-07', drafted, DEFAULT_HALF_TERMS)).toEqual([
			{ start: '2026-09-26', end: '2026-10-18' }
		]);
	});

	it('a gap at the start: the first sent form began after the pupil joined', () => {
		const forms = [form('2026-09-21', '2026-10-09', 'sent')];
		expect(unreportedGaps('2026-09-07', forms, DEFAULT_HALF_TERMS)).toEqual([
			{ start: '2026-09-07', end: '2026-09-20' }
		]);
	});
});
