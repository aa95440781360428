import { yearGroupOn, type Pupil } from './pupil';
import type { Reintegration } from './reintegration';
import type { Settings } from './settings';
import { addDays, compareInstants, formatDay } from './calendar-days';
import { schoolTerms } from './school-terms';

/** Policy: pupils in year 9 and below should spend no longer than 2 terms here (R5.3). */
export const ON_ROLL_TERM_LIMIT = 2;
export const ON_ROLL_MAX_YEAR = 9;
/** The 2-term limit is shown this many days before it is reached, so a move can be planned. */
export const ON_ROLL_WARN_DAYS = 28;

const DAY_MS = 86_400_000;

/** Days since 1970 for a YYYY-MM-DD date, in UTC so time zones and clock changes never shift it. */
export function dayNumber(date: string): number {
	return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

/**
 * A pupil's reintegration now: their newest record that is not archived. Normally there is one per
 * pupil (the form edits it); two tablets that each started one both sync, and the newer shows.
 */
export function currentByPupil(records: readonly Reintegration[]): Map<string, Reintegration> {
	const out = new Map<string, Reintegration>();
	for (const r of records) {
		if (r.archived) continue;
		const seen = out.get(r.pupilId);
		if (!seen || compareInstants(r.updatedAt, seen.updatedAt) > 0) out.set(r.pupilId, r);
	}
	return out;
}

/** The English school year (1 September to 31 August) that a date falls in. */
export function schoolYearOf(date: string): { label: string; start: string; end: string } {
	const year = Number(date.slice(0, 4));
	const first = Number(date.slice(5, 7)) >= 9 ? year : year - 1;
	return { label: `${first}-${String(first + 1).slice(2)}`, start: `${first}-09-01`, end: `${first + 1}-08-31` };
}

export interface ReintegratedPupil {
	pupilId: string;
	/** When they went back: the completed date, else the pupil's end date, else when it was recorded. */
	date: string;
}

/**
 * Pupils successfully reintegrated (R5.3): their reintegration is completed, or their details say
 * "reintegrated" and no record says the placement broke down. Archived pupils are left out.
 */
export function reintegratedPupils(pupils: readonly Pupil[], records: readonly Reintegration[]): ReintegratedPupil[] {
	const current = currentByPupil(records);
	const archived = new Set(pupils.filter((p) => p.archived).map((p) => p._id));
	const out = new Map<string, ReintegratedPupil>();
	for (const [pupilId, r] of current) {
		if (r.status === 'completed' && !archived.has(pupilId))
			out.set(pupilId, { pupilId, date: r.completedDate ?? r.updatedAt.slice(0, 10) });
	}
	for (const p of pupils) {
		if (p.archived || p.status !== 'reintegrated' || out.has(p._id) || current.get(p._id)?.status === 'broken-down')
			continue;
		out.set(p._id, { pupilId: p._id, date: p.endDate ?? p.updatedAt.slice(0, 10) });
	}
	return [...out.values()];
}

/** The headline: successfully reintegrated this school year and since records began. */
export function reintegratedCounts(pupils: readonly Pupil[], records: readonly Reintegration[], today: string) {
	const year = schoolYearOf(today);
	const all = reintegratedPupils(pupils, records);
	return {
		schoolYear: year.label,
		thisYear: all.filter((r) => r.date >= year.start && r.date <= year.end).length,
		overall: all.length
	};
}

export { schoolTerms, type Term } from './school-terms';

export interface TermRule {
	halfTerms?: Settings['halfTerms'];
	/** A fixed term length in weeks instead of the school's terms (settings `onRollTermWeeks`). */
	termWeeks?: number;
}

/**
 * How many terms a pupil has been on roll, start day to today inclusive. Each school term counts
 * in proportion to the days of it they were here (a pupil who joined halfway through Autumn has
 * 0.5 of it), so the number reads like "2.3 terms" and crosses 2 on the day the second full
 * term's worth ends. With `termWeeks` a term is simply that many weeks.
 */
export function termsOnRoll(startDate: string, today: string, rule: TermRule = {}): number {
	const from = dayNumber(startDate);
	const to = dayNumber(today) + 1;
	if (to <= from) return 0;
	if (rule.termWeeks) return (to - from) / (rule.termWeeks * 7);
	let total = 0;
	const first = Number(schoolYearOf(startDate).start.slice(0, 4));
	const last = Number(schoolYearOf(today).start.slice(0, 4));
	for (let year = first; year <= last; year++) {
		for (const term of schoolTerms(year, rule.halfTerms)) {
			const start = dayNumber(term.start);
			const end = dayNumber(term.end);
			const overlap = Math.min(end, to) - Math.max(start, from);
			if (overlap > 0) total += overlap / (end - start);
		}
	}
	return total;
}

export interface OnRollFlag {
	pupilId: string;
	terms: number;
	/** Over the limit, or reaching it within `ON_ROLL_WARN_DAYS`. */
	state: 'over' | 'approaching';
	/** The first day on which the pupil has been on roll more than 2 terms. */
	limitDate: string;
	/** The reason in plain words, shown beside the pupil. */
	reason: string;
	reintegration?: Reintegration;
}

/** The first day on which a pupil who started on `startDate` has been on roll more than 2 terms. */
export function termLimitDate(startDate: string, rule: TermRule = {}): string {
	// termsOnRoll only grows day by day: search the first day past the limit (within 3 years).
	let low = 0;
	let high = 3 * 366;
	const at = (n: number) => addDays(startDate, n);
	while (low < high) {
		const mid = Math.floor((low + high) / 2);
		if (termsOnRoll(startDate, at(mid), rule) > ON_ROLL_TERM_LIMIT) high = mid;
		else low = mid + 1;
	}
	return at(low);
}

/**
 * R5.3, PPP: "In years 9 and below are generally expected to spend no longer than 2 terms at a
 * PRU". A pupil is shown from `ON_ROLL_WARN_DAYS` before the limit and flagged after it, when they
 * were in year 9 or below on the day the 2 terms ran out (their year group then, not today's: a
 * Year 9 pupil who reached the limit in June is still shown after moving up in September). Only
 * pupils still here count: active, not archived, not already reintegrated.
 */
export function onRollFlag(
	pupil: Pupil,
	reintegration: Reintegration | undefined,
	today: string,
	rule: TermRule = {}
): OnRollFlag | null {
	if (pupil.archived || pupil.status !== 'active') return null;
	if (reintegration?.status === 'completed') return null;
	const limitDate = termLimitDate(pupil.startDate, rule);
	const yearThen = yearGroupOn(pupil, limitDate);
	const yearNow = yearGroupOn(pupil, today);
	if (yearThen > ON_ROLL_MAX_YEAR) return null;
	const daysToGo = dayNumber(limitDate) - dayNumber(today);
	if (daysToGo > ON_ROLL_WARN_DAYS) return null;
	const terms = termsOnRoll(pupil.startDate, today, rule);
	const unit = rule.termWeeks ? `terms of ${rule.termWeeks} weeks` : 'school terms';
	const year = yearThen === yearNow ? `Year ${yearNow}` : `Year ${yearThen} then (Year ${yearNow} now)`;
	const since = `${year}, on roll since ${formatDay(pupil.startDate)}`;
	const expected = `the ${ON_ROLL_TERM_LIMIT} expected for year ${ON_ROLL_MAX_YEAR} and below`;
	return {
		pupilId: pupil._id,
		terms,
		state: daysToGo > 0 ? 'approaching' : 'over',
		limitDate,
		reintegration,
		reason:
			daysToGo > 0
				? `${since}: ${terms.toFixed(1)} ${unit}; reaches ${expected} on ${formatDay(limitDate)} (in ${daysToGo} ${daysToGo === 1 ? 'day' : 'days'}).`
				: `${since}: ${terms.toFixed(1)} ${unit}, more than ${expected}.`
	};
}

/** Every flagged pupil, longest on roll first. */
export function flaggedPupils(
	pupils: readonly Pupil[],
	records: readonly Reintegration[],
	today: string,
	rule: TermRule = {}
): OnRollFlag[] {
	const current = currentByPupil(records);
	return pupils
		.map((p) => onRollFlag(p, current.get(p._id), today, rule))
		.filter((f): f is OnRollFlag => f !== null)
		.sort((a, b) => b.terms - a.terms);
}
