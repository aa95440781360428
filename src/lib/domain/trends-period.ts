import { addDays } from './calendar-days';

/**
 * Periods for the trends (R6.2): the school's half terms come from settings, terms are half terms
 * grouped by name ("2026-27 Autumn 1" + "2026-27 Autumn 2" = "2026-27 Autumn"). Dates are
 * `YYYY-MM-DD` strings, so comparing them as strings compares them as dates.
 */

export interface Period {
	/** Stable id used in the page's filter (`all`, `term:…`, `half:…`). */
	id: string;
	label: string;
	/** Inclusive. */
	start: string;
	/** Inclusive. */
	end: string;
}

export interface HalfTermLike {
	name: string;
	start: string;
	end: string;
}

/** Every date there is: what "All records" means. */
export const ALL_TIME: Period = { id: 'all', label: 'All records', start: '0000-01-01', end: '9999-12-31' };

export function inPeriod(date: string, period: Pick<Period, 'start' | 'end'>): boolean {
	return date >= period.start && date <= period.end;
}

function bySchoolCalendar(halfTerms: readonly HalfTermLike[]): HalfTermLike[] {
	return [...halfTerms].sort((a, b) => a.start.localeCompare(b.start));
}

export function halfTermPeriods(halfTerms: readonly HalfTermLike[]): Period[] {
	return bySchoolCalendar(halfTerms).map((h) => ({ id: `half:${h.name}`, label: h.name, start: h.start, end: h.end }));
}

/** "2026-27 Autumn 1" → "2026-27 Autumn"; a name without a trailing number is its own term. */
export function termName(halfTermName: string): string {
	return halfTermName.replace(/\s*\d+\s*$/, '').trim() || halfTermName;
}

/** Terms: the half terms grouped by `termName`, from the first half term's start to the last's end. */
export function termPeriods(halfTerms: readonly HalfTermLike[]): Period[] {
	const terms = new Map<string, Period>();
	for (const h of bySchoolCalendar(halfTerms)) {
		const name = termName(h.name);
		const term = terms.get(name);
		if (!term) terms.set(name, { id: `term:${name}`, label: name, start: h.start, end: h.end });
		else {
			if (h.start < term.start) term.start = h.start;
			if (h.end > term.end) term.end = h.end;
		}
	}
	return [...terms.values()];
}

/** Calendar months from `from` to `to` inclusive: the buckets when no half terms are set. */
export function monthPeriods(from: string, to: string): Period[] {
	const out: Period[] = [];
	let [y, m] = from.split('-').map(Number) as [number, number];
	const [endY, endM] = to.split('-').map(Number) as [number, number];
	while ((y < endY || (y === endY && m <= endM)) && out.length < 120) {
		const mm = String(m).padStart(2, '0');
		const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
		out.push({ id: `month:${y}-${mm}`, label: `${y}-${mm}`, start: `${y}-${mm}-01`, end: `${y}-${mm}-${last}` });
		m += 1;
		if (m === 13) {
			m = 1;
			y += 1;
		}
	}
	return out;
}

/** The choices of the period filter: all records, then each term, then each half term. */
export function periodOptions(halfTerms: readonly HalfTermLike[]): Period[] {
	return [ALL_TIME, ...termPeriods(halfTerms), ...halfTermPeriods(halfTerms)];
}

export function findPeriod(id: string | null | undefined, halfTerms: readonly HalfTermLike[]): Period {
	return periodOptions(halfTerms).find((p) => p.id === id) ?? ALL_TIME;
}

/**
 * The columns of a chart over time: the half terms that overlap the chosen period. With no half
 * terms in settings, calendar months over the dates the records span (clipped to the period).
 */
export function bucketsFor(
	period: Pick<Period, 'start' | 'end'>,
	halfTerms: readonly HalfTermLike[],
	dataSpan: { first: string; last: string } | null
): Period[] {
	if (halfTerms.length) return halfTermPeriods(halfTerms).filter((h) => h.end >= period.start && h.start <= period.end);
	if (!dataSpan) return [];
	const from = dataSpan.first > period.start ? dataSpan.first : period.start;
	const to = dataSpan.last < period.end ? dataSpan.last : period.end;
	return from <= to ? monthPeriods(from, to) : [];
}

/** Index of the bucket holding `date` (buckets sorted, not overlapping), or -1. */
export function bucketIndex(date: string, buckets: readonly Pick<Period, 'start' | 'end'>[]): number {
	let lo = 0;
	let hi = buckets.length - 1;
	while (lo <= hi) {
		const mid = (lo + hi) >> 1;
		const b = buckets[mid]!;
		if (date < b.start) hi = mid - 1;
		else if (date > b.end) lo = mid + 1;
		else return mid;
	}
	return -1;
}

/**
 * The day a feedback form counts on in per-half-term figures: the end of its period, or, when that
 * falls in a holiday, the last day of the latest half term the period covers (a form for
 * 5–25 October counts in Autumn 1, not in no half term). A period wholly in a holiday keeps its end.
 */
export function formCountsOn(
	form: { periodStart: string; periodEnd: string },
	halfTerms: readonly Pick<HalfTermLike, 'start' | 'end'>[]
): string {
	if (halfTerms.some((h) => h.start <= form.periodEnd && form.periodEnd <= h.end)) return form.periodEnd;
	const covered = halfTerms
		.filter((h) => h.start <= form.periodEnd && h.end >= form.periodStart)
		.sort((a, b) => a.end.localeCompare(b.end))
		.at(-1);
	return covered ? covered.end : form.periodEnd;
}

/**
 * Periods that run on through the holiday after them (issue 19 item 22): each ends the day before
 * the next one starts, and the last on 31 August of its school year, so a date in a holiday
 * belongs to the term or half term before it, never to none. Sorted by start.
 */
export function throughHolidays<P extends Pick<Period, 'start' | 'end'>>(periods: readonly P[]): P[] {
	const sorted = [...periods].sort((a, b) => a.start.localeCompare(b.start));
	return sorted.map((p, i) => {
		const next = sorted[i + 1];
		const year = Number(p.end.slice(0, 4)) - (Number(p.end.slice(5, 7)) >= 9 ? 0 : 1);
		const yearEnd = `${year + 1}-08-31`;
		const dayBefore = next ? addDays(next.start, -1) : yearEnd;
		return { ...p, end: dayBefore < yearEnd ? dayBefore : yearEnd };
	});
}
