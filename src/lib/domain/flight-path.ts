/**
 * Issue 19 item 9, PPP: "identify how close pupils are to: · Working at the level of those in
 * mainstream settings". A pupil is judged against where they should be BY NOW, not against the
 * end-of-key-stage target: a straight flight path on the grade scale from the working-at grade at
 * intake (on the day it was received) to the target at the end of the key stage (31 July of Year 9
 * for the KS3 target, of Year 11 for the KS4 target). A Year 10 pupil who came in at 3 with a
 * target of 5 is on track at 4 halfway through KS4, though still below the target itself.
 */
import { daysBetween } from './calendar-days';
import { gradeRank, type GradeScale, type TargetComparison } from './grade-scale';

/** The last day of the key stage whose target a pupil in `yearGroup` on `date` is judged against. */
export function keyStageEnd(yearGroup: number, date: string): string {
	const schoolYear = Number(date.slice(0, 4)) - (Number(date.slice(5, 7)) >= 9 ? 0 : 1);
	const finalYear = yearGroup <= 9 ? 9 : Math.max(11, yearGroup);
	return `${schoolYear + (finalYear - yearGroup) + 1}-07-31`;
}

/** The grade a scale position stands for: GCSE 15 → "5", 14 → "5-", 16 → "5+"; a KS3 step by index. */
export function gradeAtRank(rank: number, scale: GradeScale): string {
	if (scale.kind === 'ks3') return scale.steps[Math.max(0, Math.min(scale.steps.length - 1, rank))] ?? '';
	const base = Math.round(rank / 3);
	if (base <= 0) return 'U';
	if (base > 9) return '9+';
	const rest = rank - base * 3;
	return `${base}${rest > 0 ? '+' : rest < 0 ? '-' : ''}`;
}

export interface FlightPathInput {
	/** Working-at grade at intake, and the day the host school's figures were received. */
	startGrade: string;
	startDate: string;
	target: string;
	/** Last day of the key stage (`keyStageEnd`). */
	endDate: string;
	scale: GradeScale;
}

export interface FlightPathPoint {
	/** Where the pupil should be on the day, rounded to the nearest step of the scale. */
	expected: string;
	/** The working-at grade against it: ahead, on track ("at") or behind. */
	comparison: TargetComparison;
}

/**
 * Where the flight path stands on `date`, and `workingAt` against it. Null when the intake grade,
 * the target or the working-at grade is not on the scale (a pupil who moved from the KS3 scale to
 * GCSE has no flight path until a GCSE grade is recorded at intake).
 */
export function flightPathOn(path: FlightPathInput, workingAt: string, date: string): FlightPathPoint | null {
	const from = gradeRank(path.startGrade, path.scale);
	const to = gradeRank(path.target, path.scale);
	const now = gradeRank(workingAt, path.scale);
	if (from === null || to === null || now === null) return null;
	const span = daysBetween(path.startDate, path.endDate);
	const done = span <= 0 ? 1 : Math.min(1, Math.max(0, daysBetween(path.startDate, date) / span));
	const expectedRank = Math.round(from + (to - from) * done);
	return {
		expected: gradeAtRank(expectedRank, path.scale),
		comparison: now > expectedRank ? 'above' : now === expectedRank ? 'at' : 'below'
	};
}

export const FLIGHT_PATH_LABELS: Record<TargetComparison, string> = {
	above: 'Ahead of where expected by now',
	at: 'On track',
	below: 'Behind where expected by now'
};
