import { describe, expect, it } from 'vitest';
import { batchDayFor, batchDayText, batchTitle, groupByBatch, nextBatchDay, type BatchDay } from './feedback-batch';
import { feedbackDue, type CycleForm, type FeedbackDueInput } from './feedback-cycle';
import { DEFAULT_HALF_TERMS } from './settings';

// The calendar: Autumn 1 is Wed 2 Sep – Fri 23 Oct 2026, Autumn 2 Mon 2 Nov – Fri 18 Dec 2026;
// 24 Oct – 1 Nov is the half-term holiday. Hillcrest's batch day is Friday, first on Fri 11 Sep,
// so (counting 15 school days after each) its batch days are Fri 11 Sep, Fri 2 Oct, Fri 23 Oct,
// Fri 20 Nov (the holiday week not counted) and Fri 11 Dec.
const hillcrest: BatchDay = { weekday: 5, firstDay: '2026-09-11' };
const policy = { weeks: 3, lessons: 15, fewestLessons: 10 };

function due(overrides: Partial<FeedbackDueInput>) {
	return feedbackDue({
		startDate: '2026-09-07',
		forms: [],
		attendedDates: [],
		cycle: policy,
		halfTerms: DEFAULT_HALF_TERMS,
		today: '2026-09-07',
		batch: hillcrest,
		...overrides
	});
}

const sent = (periodStart: string, periodEnd: string): CycleForm => ({
	_id: `feedbackForm:${periodEnd}`,
	periodStart,
	periodEnd,
	status: 'sent',
	createdAt: `${periodEnd}T15:00:00.000Z`
});

describe("a host school's batch days come every 3 school weeks on its weekday", () => {
	it('Fri 11 Sep, Fri 2 Oct, Fri 23 Oct, then Fri 20 Nov: the half-term holiday is not counted', () => {
		const days = ['2026-09-11'];
		for (let i = 0; i < 4; i++) days.push(nextBatchDay(days.at(-1)!, 3, hillcrest, DEFAULT_HALF_TERMS)!);
		expect(days).toEqual(['2026-09-11', '2026-10-02', '2026-10-23', '2026-11-20', '2026-12-11']);
	});

	it('starts on the first batch weekday on or after the first day set (Mon 7 Sep → Fri 11 Sep)', () => {
		const d = due({ batch: { weekday: 5, firstDay: '2026-09-07' }, startDate: '2026-09-16', today: '2026-10-02' });
		expect(d.dueDate).toBe('2026-10-02');
	});
});

describe('in batches, every pupil of a school is due on the same batch day', () => {
	it('a pupil in the school cycle is due on the next batch day: sent to Fri 2 Oct, due Fri 23 Oct', () => {
		const d = due({ startDate: '2026-09-07', forms: [sent('2026-09-07', '2026-10-02')], today: '2026-10-23' });
		expect(d).toMatchObject({ dueDate: '2026-10-23', dueBy: 'batch', batched: true, status: 'due' });
		expect(d.suggestedPeriod).toEqual({ start: '2026-10-03', end: '2026-10-23' });
	});

	it('a pupil who joins mid-cycle (Wed 16 Sep) goes with the school on Fri 2 Oct, not on their own Tue 6 Oct', () => {
		const d = due({ startDate: '2026-09-16', today: '2026-10-02' });
		expect(d).toMatchObject({ cycleStart: '2026-09-16', dueDate: '2026-10-02', batched: true, status: 'due' });
		// 13 school days and 8 lessons attended: the form still goes, and says it covers fewer than 10.
		const attended = ['2026-09-17', '2026-09-18', '2026-09-21', '2026-09-23', '2026-09-24', '2026-09-28', '2026-09-30'];
		const short = due({ startDate: '2026-09-16', attendedDates: [...attended, '2026-10-01'], today: '2026-10-02' });
		expect(short).toMatchObject({ lessonsInPeriod: 8, isShort: true });
	});

	it('a pupil who joins less than a school week before a batch day (Tue 29 Sep) waits for the next: Fri 23 Oct', () => {
		expect(due({ startDate: '2026-09-29', today: '2026-10-02' })).toMatchObject({
			dueDate: '2026-10-23',
			status: 'not-due'
		});
		// Joining on the Monday of a batch week gives a full school week: due that Friday.
		expect(due({ startDate: '2026-09-28', today: '2026-10-02' }).dueDate).toBe('2026-10-02');
	});

	it('across the half-term holiday: joined Tue 20 Oct, the next batch day is Fri 20 Nov, not Fri 13 Nov', () => {
		// 20–23 Oct is 4 school days, so Fri 23 Oct is too soon; the holiday week does not count.
		const d = due({ startDate: '2026-10-20', today: '2026-11-13' });
		expect(d).toMatchObject({ dueDate: '2026-11-20', batched: true, status: 'not-due' });
	});

	it('15 lessons attended early do not bring the form before the batch day', () => {
		// Three lessons a day from Mon 14 Sep: the 15th is on Fri 18 Sep; the school's day is Fri 2 Oct.
		const days = ['2026-09-14', '2026-09-15', '2026-09-16', '2026-09-17', '2026-09-18'];
		const d = due({
			forms: [sent('2026-09-07', '2026-09-11')],
			attendedDates: days.flatMap((x) => [x, x, x]),
			today: '2026-09-21'
		});
		expect(d).toMatchObject({ dueDate: '2026-10-02', dueBy: 'batch', status: 'not-due' });
	});

	it('is overdue a week after the batch day, like a single form', () => {
		expect(due({ startDate: '2026-09-16', today: '2026-10-09' }).status).toBe('due');
		expect(due({ startDate: '2026-09-16', today: '2026-10-10' }).status).toBe('overdue');
	});

	it("before the school's first batch day the pupil's own date stands", () => {
		// Batches start Fri 2 Oct; a pupil who started Mon 7 Sep is due on their own Fri 25 Sep.
		const d = due({ batch: { weekday: 5, firstDay: '2026-10-02' }, today: '2026-09-25' });
		expect(d).toMatchObject({ dueDate: '2026-09-25', dueBy: 'weeks', batched: false, status: 'due' });
	});

	it('a pupil with no host school on the list is due on their own date', () => {
		const batches = { bySchool: true, schools: [{ hostSchoolId: 'hostSchool:1', weekday: 3 }] };
		expect(batchDayFor(batches, undefined, DEFAULT_HALF_TERMS)).toBeNull();
		const d = due({ batch: batchDayFor(batches, undefined, DEFAULT_HALF_TERMS), today: '2026-09-25' });
		expect(d).toMatchObject({ dueDate: '2026-09-25', dueBy: 'weeks', batched: false });
	});
});

describe('which batch day a school has', () => {
	it('none when the organisation does forms per pupil', () => {
		expect(batchDayFor(undefined, 'hostSchool:1', DEFAULT_HALF_TERMS)).toBeNull();
		expect(batchDayFor({ bySchool: false }, 'hostSchool:1', DEFAULT_HALF_TERMS)).toBeNull();
	});

	it('the weekday set for the school, else Friday from the first half term (Wed 2 Sep 2026)', () => {
		const batches = { bySchool: true, schools: [{ hostSchoolId: 'hostSchool:1', weekday: 3, firstDay: '2026-09-09' }] };
		expect(batchDayFor(batches, 'hostSchool:1', DEFAULT_HALF_TERMS)).toEqual({ weekday: 3, firstDay: '2026-09-09' });
		expect(batchDayFor(batches, 'hostSchool:2', DEFAULT_HALF_TERMS)).toEqual({ weekday: 5, firstDay: '2026-09-02' });
	});
});

describe('due forms grouped by host school and batch day', () => {
	const row = (name: string, hostSchool: string, dueDate: string | null, batched = true, status = 'due') => ({
		name,
		hostSchool,
		dueDate,
		batched,
		status
	});

	it('"Hillcrest Academy — due Friday 4 Dec 2026: 2 forms"; per-pupil and not-yet-due rows stay single', () => {
		const { groups, single } = groupByBatch([
			row('Ann', 'Hillcrest Academy', '2026-12-04'),
			row('Ben', 'St Aidan’s', '2026-11-27', true, 'overdue'),
			row('Cy', 'Hillcrest Academy', '2026-12-04', true, 'overdue'),
			row('Di', 'Hillcrest Academy', '2026-12-04', false),
			row('Ed', 'Hillcrest Academy', '2027-01-08', true, 'not-due')
		]);
		expect(groups.map(batchTitle)).toEqual([
			'St Aidan’s — due Friday 27 Nov 2026: 1 form',
			'Hillcrest Academy — due Friday 4 Dec 2026: 2 forms'
		]);
		expect(groups[1]!.forms.map((f) => f.name)).toEqual(['Ann', 'Cy']);
		expect(single.map((f) => f.name)).toEqual(['Di', 'Ed']);
	});

	it('names the weekday in full', () => {
		expect(batchDayText('2026-12-02')).toBe('Wednesday 2 Dec 2026');
	});
});
