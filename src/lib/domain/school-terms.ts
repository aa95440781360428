/**
 * Issue 19 item 18: "term" means one thing — the school's terms from the organisation's half-term
 * calendar (a pair of half terms, with the holiday after it), for plan reviews ("once a term"),
 * moderation (agreement per term) and the 2-term rule (reintegration-rules.ts). Without a calendar
 * for a year: typical English dates (Autumn Sep–Dec, Spring Jan–mid April, Summer to August).
 */
import { addDays } from './calendar-days';
import type { Settings } from './settings';

type HalfTerms = Settings['halfTerms'];

export interface Term {
	name: string;
	/** First day, YYYY-MM-DD. */
	start: string;
	/** Day after the last day (the next term's start): terms run on through the holiday after them. */
	end: string;
}

/**
 * The three terms of the school year starting in September of `year`. With the school's six half
 * terms in settings, a term is a pair of them (Autumn 1 + 2, …), so Spring starts when Spring 1
 * does; otherwise typical English dates: Autumn Sep–Dec, Spring Jan–mid April, Summer to August.
 * Terms are contiguous, holidays counted with the term before, so every day is in exactly one.
 */
export function schoolTerms(year: number, halfTerms: Settings['halfTerms'] = []): Term[] {
	const yearStart = `${year}-09-01`;
	const nextStart = `${year + 1}-09-01`;
	const inYear = halfTerms
		.filter((h) => h.start >= yearStart && h.start < nextStart)
		.sort((a, b) => a.start.localeCompare(b.start));
	const [spring, summer] =
		inYear.length === 6 ? [inYear[2]!.start, inYear[4]!.start] : [`${year + 1}-01-01`, `${year + 1}-04-15`];
	return [
		{ name: `Autumn ${year}`, start: yearStart, end: spring },
		{ name: `Spring ${year + 1}`, start: spring, end: summer },
		{ name: `Summer ${year + 1}`, start: summer, end: nextStart }
	];
}

/** The school term a date is in (holidays belong to the term before them). */
export function termOn(date: string, halfTerms: HalfTerms = []): Term {
	const first = Number(date.slice(0, 4)) - (Number(date.slice(5, 7)) >= 9 ? 0 : 1);
	return schoolTerms(first, halfTerms).find((t) => t.start <= date && date < t.end)!;
}

/** The term after the one `term` is. */
export function nextTerm(term: Term, halfTerms: HalfTerms = []): Term {
	return termOn(term.end, halfTerms);
}

/** The halves of a term: its two half terms from the calendar, else the term split at its middle day. */
function secondHalfStart(term: Term, halfTerms: HalfTerms): string {
	const halves = halfTerms
		.filter((h) => h.start >= term.start && h.start < term.end)
		.sort((a, b) => a.start.localeCompare(b.start));
	if (halves.length === 2) return halves[1]!.start;
	const days = Math.round((Date.parse(`${term.end}T00:00:00Z`) - Date.parse(`${term.start}T00:00:00Z`)) / 86_400_000);
	return addDays(term.start, Math.floor(days / 2));
}

/** The term's last school day: the end of its last half term, else the day before the next term. */
export function lastDayOfTerm(term: Term, halfTerms: HalfTerms = []): string {
	const ends = halfTerms
		.filter((h) => h.start >= term.start && h.start < term.end)
		.map((h) => h.end)
		.sort();
	return ends.at(-1) ?? addDays(term.end, -1);
}

/**
 * PPP: "HLH will assess each pupil rigorously regularly (e.g. once a term) against their plan".
 * A plan or review made in the first half of a term is next reviewed by that term's last day; one
 * made in the second half (or the holiday after it), by the next term's last day. So every term
 * has a review, and none falls due within days of the last.
 */
export function termReviewDue(from: string, halfTerms: HalfTerms = []): string {
	const term = termOn(from, halfTerms);
	const due = from < secondHalfStart(term, halfTerms) ? term : nextTerm(term, halfTerms);
	return lastDayOfTerm(due, halfTerms);
}
