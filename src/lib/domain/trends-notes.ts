/**
 * Issue 19 item 23, PPP: "The data collected will identify trends in progress and attainment (e.g.
 * by looking at percentages of pupils who have met certain targets)". Every figure on Trends says,
 * in one sentence, what it counts — in the period, at its end, or not enough data — so a head of
 * centre can check it by hand. Keyed by the table's id (trends-tables.ts); a test makes sure every
 * table has its sentence.
 */
import { GOOD_ATTENDANCE_PERCENT, MIN_ATTENDANCE_SESSIONS, MIN_WEEKS_ON_ROLL } from './readiness';

export const FIGURE_NOTES: Record<string, string> = {
	'meeting-targets':
		'Pupils on roll in the period: the progress indicator of each one’s latest sent feedback form ending in the period, and each subject’s working-at grade at the period’s end against the key-stage target, with pupils who have neither counted as no judgement.',
	'attainment-attendance-behaviour':
		'For each half term, the pupils on roll in it who met their targets at its end (judged only on what was known by then), beside the attendance and behaviour entries in it.',
	'atl-distribution':
		'Sent feedback forms counted in the half term they cover (a form ending in a holiday counts in the half term before), by attitude-to-learning grade.',
	attendance:
		'Sessions in the period marked present, late or educated off site, out of all sessions recorded in it, with “Not recorded” where none were.',
	behaviour: 'Positive and negative behaviour entries dated in each half term of the period.',
	reintegrations:
		'Reintegrations completed (first day at the destination school) and broken down (the day it broke down) in each term of the period, a date in a holiday counting in the term before it.',
	readiness: `Each pupil on roll in the period, judged at its end: working at mainstream level when on or ahead of their flight path in every subject compared, ready for reintegration when that, attendance of ${GOOD_ATTENDANCE_PERCENT}% or more of at least ${MIN_ATTENDANCE_SESSIONS} sessions and no more negative than positive behaviour entries (at least ${MIN_WEEKS_ON_ROLL} weeks on roll) all hold, close on two of the three, and “not enough evidence yet” where data is missing.`
};

/**
 * The scope line above the figures: "12 pupils · 2026-27 Autumn 1 · KS4 · Hillcrest". Empty parts
 * and a repeat of the period are left out, so no separator stands alone.
 */
export function scopeLine(pupilCount: number, periodLabel: string, filterParts: readonly string[]): string {
	return [`${pupilCount} ${pupilCount === 1 ? 'pupil' : 'pupils'}`, ...scopeParts(periodLabel, filterParts)].join(
		' · '
	);
}

/** The scope line after the pupil count: the period, then each filter in use. */
export function scopeParts(periodLabel: string, filterParts: readonly string[]): string[] {
	return [periodLabel, ...filterParts.filter((p) => p !== periodLabel)].filter((p) => p.trim() !== '');
}
