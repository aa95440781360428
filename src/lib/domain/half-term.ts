import { addDays, isWeekend } from './calendar-days';
import type { Settings } from './settings';

export type HalfTerm = Settings['halfTerms'][number];

/** The half term a date falls in (holidays belong to none). */
export function halfTermOn(date: string, halfTerms: readonly HalfTerm[]): HalfTerm | undefined {
	return halfTerms.find((h) => h.start <= date && date <= h.end);
}

/**
 * The half term a report written today is for: the one in progress, or in a holiday the one
 * that has just ended (reports are written at the end of a half term and in the break after).
 */
export function reportHalfTerm(today: string, halfTerms: readonly HalfTerm[]): HalfTerm | undefined {
	return (
		halfTermOn(today, halfTerms) ??
		[...halfTerms]
			.filter((h) => h.end < today)
			.sort((a, b) => a.end.localeCompare(b.end))
			.at(-1) ??
		[...halfTerms].sort((a, b) => a.start.localeCompare(b.start))[0]
	);
}

/**
 * A school day for counting "school weeks": a weekday inside one of the half terms. Holidays are
 * not school days. A weekday outside the whole calendar (before its first half term or after its
 * last, i.e. a year whose dates are not entered yet) counts as a school day, so cadences keep
 * running rather than stopping silently; with no calendar at all every weekday counts.
 */
export function isTermDay(date: string, halfTerms: readonly HalfTerm[]): boolean {
	if (isWeekend(date)) return false;
	if (halfTerms.length === 0) return true;
	if (halfTermOn(date, halfTerms)) return true;
	const first = halfTerms.reduce((a, h) => (h.start < a ? h.start : a), halfTerms[0]!.start);
	const last = halfTerms.reduce((a, h) => (h.end > a ? h.end : a), halfTerms[0]!.end);
	return date < first || date > last;
}

/**
 * The date on which the `count`-th school day on or after `from` falls (`from` itself counts when
 * it is a school day). Bounded: null if a year passes without enough school days.
 */
export function nthTermDay(from: string, count: number, halfTerms: readonly HalfTerm[]): string | null {
	let seen = 0;
	for (let i = 0; i < 400; i++) {
		const day = addDays(from, i);
		if (isTermDay(day, halfTerms) && ++seen === count) return day;
	}
	return null;
}

/** School days from `from` to `to`, both included (0 when `to` is before `from`). */
export function termDaysBetween(from: string, to: string, halfTerms: readonly HalfTerm[]): number {
	let n = 0;
	for (let day = from; day <= to; day = addDays(day, 1)) if (isTermDay(day, halfTerms)) n++;
	return n;
}
