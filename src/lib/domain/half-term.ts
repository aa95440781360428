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
