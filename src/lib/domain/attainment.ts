/**
 * One pupil's attainment in one subject as of a day — THE rule for the pupil page's readiness,
 * the reintegration page and Trends. The intake gives the target (and the first working-at grade);
 * a later graded assessment on the pupil's scale replaces the working-at grade. The same as-of rule
 * for every source: an intake received, or an assessment dated, after `asOf` is not known yet then.
 * Both comparisons are kept: against the end-of-key-stage target, and against the flight path
 * (where the pupil should be by `asOf`, `flight-path.ts`), which decides "working at mainstream level".
 */
import type { Assessment } from './assessment';
import { compareInstants, dayOfInstant } from './calendar-days';
import { flightPathOn, keyStageEnd } from './flight-path';
import { compareToTarget, isOnScale, scaleForYear, targetForYear, type TargetComparison } from './grade-scale';
import type { Intake } from './intake';
import { yearGroupSchoolYear, type Pupil } from './pupil';

export interface PupilAttainment {
	subject: string;
	workingAt: string;
	target: string | null;
	/** Where the working-at grade came from. */
	source: 'intake' | 'assessment';
	sourceDate: string | null;
	/** The assessment's name when the grade came from one. */
	sourceName: string | null;
	/** Working-at against the end-of-key-stage target. */
	comparison: TargetComparison | null;
	/** The grade at intake, where the flight path starts. */
	intakeGrade: string;
	/** The flight path's grade on `asOf`, and working-at against it; null when it cannot be drawn. */
	expected: string | null;
	onTrack: TargetComparison | null;
	/** Last day of the key stage the target is for. */
	keyStageEnd: string;
}

/** The newest record of a list by a date field, ties broken by `updatedAt`. */
export function newest<T extends { updatedAt: string }>(rows: readonly T[], dateOf: (r: T) => string): T | undefined {
	let best: T | undefined;
	for (const r of rows) {
		if (
			!best ||
			dateOf(r) > dateOf(best) ||
			(dateOf(r) === dateOf(best) && compareInstants(r.updatedAt, best.updatedAt) > 0)
		)
			best = r;
	}
	return best;
}

/** The day the host school's figures arrived (older intakes without one: the day they were entered). */
export const intakeReceivedOn = (i: Intake) => i.receivedDate ?? dayOfInstant(i.createdAt);

export function pupilAttainment(
	pupil: Pupil,
	intakes: readonly Intake[],
	assessments: readonly Assessment[],
	subject: string,
	ks3Scale: readonly string[],
	asOf = '9999-12-31'
): PupilAttainment | null {
	const intake = newest(
		intakes.filter((i) => !i.archived && i.subject === subject && intakeReceivedOn(i) <= asOf),
		intakeReceivedOn
	);
	if (!intake) return null;
	const scale = scaleForYear(pupil.yearGroup, ks3Scale);
	const graded = newest(
		assessments.filter(
			(a) => !a.archived && a.subject === subject && a.date <= asOf && !!a.grade && isOnScale(a.grade, scale)
		),
		(a) => a.date
	);
	const workingAt = graded?.grade ?? intake.workingAt;
	const target = targetForYear(intake, pupil.yearGroup) ?? null;
	// The flight path is drawn from the day the intake arrived to the end of the key stage the
	// stored year group's target is for; "as of" all time is as of the key stage's end.
	const startDate = intake.receivedDate ?? pupil.startDate;
	const end = keyStageEnd(pupil.yearGroup, `${yearGroupSchoolYear(pupil)}-09-01`);
	const point = target
		? flightPathOn(
				{ startGrade: intake.workingAt, startDate, target, endDate: end, scale },
				workingAt,
				asOf < end ? asOf : end
			)
		: null;
	return {
		subject,
		workingAt,
		target,
		source: graded ? 'assessment' : 'intake',
		sourceDate: graded ? graded.date : (intake.receivedDate ?? null),
		sourceName: graded?.name ?? null,
		comparison: target ? compareToTarget(workingAt, target, scale) : null,
		intakeGrade: intake.workingAt,
		expected: point?.expected ?? null,
		onTrack: point?.comparison ?? null,
		keyStageEnd: end
	};
}
