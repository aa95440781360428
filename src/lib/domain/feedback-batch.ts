import { addDays, formatDay, isoWeekday } from './calendar-days';
import { isTermDay, nthTermDay, type HalfTerm } from './half-term';
import type { Settings } from './settings';

/**
 * Issue 19 item 4, ARR: "Every 3 weeks (10-15 lessons), students will receive a small feedback
 * form with, which is also forwarded to schools" — host schools expect their pupils' forms together.
 *
 * Where the organisation chooses batches, each host school has a batch weekday (Friday unless set)
 * and a first batch day; its batch days then come every `weeks` SCHOOL weeks (holidays not
 * counted, as for a single pupil). All the school's pupils share that one cycle: a pupil's form is
 * due on the school's first batch day on which the pupil has had at least one school week in the
 * cycle (since their start, or since the period their last sent form covered). So a pupil who joins
 * in the last days before a batch day waits for the next one, and after the first form every form
 * goes with the school's batch. Before the school's first batch day the pupil's own date stands.
 * The 10-15 lessons note still applies to the batch date (a form covering fewer lessons says so).
 */
export type FeedbackBatches = NonNullable<Settings['feedbackBatches']>;

/** Monday 1 … Friday 5, as `isoWeekday` numbers days. */
export const BATCH_WEEKDAYS = [
	{ value: 1, label: 'Monday' },
	{ value: 2, label: 'Tuesday' },
	{ value: 3, label: 'Wednesday' },
	{ value: 4, label: 'Thursday' },
	{ value: 5, label: 'Friday' }
] as const;

/** What a school batches on when the organisation has not set it: Friday. */
export const DEFAULT_BATCH_WEEKDAY = 5;

/** Days of a cycle a pupil must have had before a batch day takes their form: one school week. */
const LEAST_SCHOOL_DAYS = 5;

export interface BatchDay {
	/** 1 Monday … 5 Friday. */
	weekday: number;
	/** The school's first batch day (or the first such weekday on or after it). */
	firstDay: string;
}

/**
 * The batch day, if any, a pupil's forms go on: none when the organisation does forms per pupil
 * or the pupil's school is not on the list (no host school chosen from it).
 */
export function batchDayFor(
	batches: Settings['feedbackBatches'],
	hostSchoolId: string | undefined,
	halfTerms: readonly HalfTerm[]
): BatchDay | null {
	if (!batches?.bySchool || !hostSchoolId) return null;
	const set = batches.schools?.find((s) => s.hostSchoolId === hostSchoolId);
	const firstDay = set?.firstDay ?? firstHalfTermStart(halfTerms);
	if (!firstDay) return null;
	return { weekday: set?.weekday ?? DEFAULT_BATCH_WEEKDAY, firstDay };
}

/** The start of the earliest half term in the calendar (a school's batches start there unless set). */
export function firstHalfTermStart(halfTerms: readonly HalfTerm[]): string | undefined {
	return halfTerms.map((h) => h.start).sort()[0];
}

/** The first school day on or after `from` that falls on `weekday` (null if none within a year). */
function onOrAfter(from: string, weekday: number, halfTerms: readonly HalfTerm[]): string | null {
	for (let i = 0; i < 400; i++) {
		const day = addDays(from, i);
		if (isoWeekday(day) === weekday && isTermDay(day, halfTerms)) return day;
	}
	return null;
}

/** The school's batch day after `batch`: `weeks` school weeks on, moved to its weekday. */
export function nextBatchDay(batch: string, weeks: number, day: BatchDay, halfTerms: readonly HalfTerm[]) {
	const end = nthTermDay(addDays(batch, 1), weeks * 5, halfTerms);
	return end ? onOrAfter(end, day.weekday, halfTerms) : null;
}

/**
 * The day a pupil's form is due when their school's forms go in a batch: the school's first batch
 * day on which the pupil has had a school week of the cycle starting `cycleStart` (`batched`); the
 * pupil's own due date when that comes before the school's first batch day. Null if none is found.
 */
export function batchDueDate(input: {
	cycleStart: string;
	ownDueDate: string | null;
	weeks: number;
	day: BatchDay;
	halfTerms: readonly HalfTerm[];
}): { dueDate: string | null; batched: boolean } {
	const { cycleStart, ownDueDate, weeks, day, halfTerms } = input;
	const own = { dueDate: ownDueDate, batched: false };
	const first = onOrAfter(day.firstDay, day.weekday, halfTerms);
	if (!first || (ownDueDate && ownDueDate < first)) return own;
	const earliest = nthTermDay(cycleStart, LEAST_SCHOOL_DAYS, halfTerms);
	// Bounded walk along the school's batch days (about 13 a year at 3 weeks).
	let batch: string | null = first;
	for (let i = 0; earliest && batch && i < 400; i++) {
		if (batch >= earliest) return { dueDate: batch, batched: true };
		batch = nextBatchDay(batch, weeks, day, halfTerms);
	}
	return { dueDate: null, batched: false };
}

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** "Friday 4 Dec 2026". */
export function batchDayText(date: string): string {
	return `${WEEKDAY_NAMES[isoWeekday(date) - 1]} ${formatDay(date)}`;
}

export interface BatchGroup<T> {
	hostSchool: string;
	dueDate: string;
	forms: T[];
}

/**
 * Due forms that go in a batch, grouped by host school and batch day (earliest day first, then
 * school name); the rest (per pupil, or not due with only a past period to report) stay single.
 */
export function groupByBatch<
	T extends { batched: boolean; status: string; dueDate: string | null; hostSchool: string }
>(forms: readonly T[]): { groups: BatchGroup<T>[]; single: T[] } {
	const groups = new Map<string, BatchGroup<T>>();
	const single: T[] = [];
	for (const f of forms) {
		if (!f.batched || !f.dueDate || f.status === 'not-due') {
			single.push(f);
			continue;
		}
		const key = `${f.dueDate}\u0000${f.hostSchool}`;
		const group = groups.get(key) ?? { hostSchool: f.hostSchool, dueDate: f.dueDate, forms: [] };
		group.forms.push(f);
		groups.set(key, group);
	}
	const sorted = [...groups.values()].sort(
		(a, b) => a.dueDate.localeCompare(b.dueDate) || a.hostSchool.localeCompare(b.hostSchool)
	);
	return { groups: sorted, single };
}

/** "Hillcrest Academy — due Friday 4 Dec 2026: 5 forms". */
export function batchTitle(group: { hostSchool: string; dueDate: string; forms: readonly unknown[] }): string {
	const n = group.forms.length;
	return `${group.hostSchool} — due ${batchDayText(group.dueDate)}: ${n} ${n === 1 ? 'form' : 'forms'}`;
}
