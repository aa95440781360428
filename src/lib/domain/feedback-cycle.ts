import { addDays, daysBetween } from './calendar-days';
import { batchDueDate, type BatchDay } from './feedback-batch';
import { isTermDay, nthTermDay, type HalfTerm } from './half-term';
import { periodText } from './report-format';
import { newestWaitingDraft, type DraftLike, type WaitingDraft } from './report-due';
import type { Settings } from './settings';

/**
 * R4.1, ARR: "Every 3 weeks (10-15 lessons), students will receive a small feedback form".
 *
 * - A form is due when `weeks` SCHOOL weeks (weekdays in term, from the half-term calendar; the
 *   holidays do not count) have passed since the period the last SENT form covered, or on the
 *   day the pupil attends their `lessons`-th lesson in that time, whichever comes first.
 * - With fewer than `fewestLessons` lessons attended by the due date the form is still due; it
 *   says how few lessons it covers (`isShort`) rather than being skipped.
 * - A draft does not clear "due": it is shown as drafted, not sent, with how long it has waited.
 * - A sent form for a later period does not forgive an earlier one: school time before the last
 *   sent form that no sent form covers is listed as a gap ("not reported").
 */
export type FeedbackCycle = Settings['feedbackCycle'];

export type CycleLimits = Pick<FeedbackCycle, 'weeks' | 'lessons' | 'fewestLessons'>;

export interface Cadence {
	weeks: number;
	lessons: number;
	fewestLessons: number;
}

/** The policy's numbers: 3 school weeks, 15 lessons, and a form of fewer than 10 lessons says so. */
export const POLICY_CADENCE: Cadence = { weeks: 3, lessons: 15, fewestLessons: 10 };

/** The limits as the organisation set them; older settings have no lower figure: the policy's 10. */
export function cadenceOf(cycle: CycleLimits | undefined): Cadence {
	if (!cycle) return POLICY_CADENCE;
	const fewest = cycle.fewestLessons ?? POLICY_CADENCE.fewestLessons;
	return { weeks: cycle.weeks, lessons: cycle.lessons, fewestLessons: Math.min(fewest, cycle.lessons) };
}

/** A form is overdue when it has been due for more than a week. */
export const OVERDUE_AFTER_DAYS = 7;

export type DueStatus = 'not-due' | 'due' | 'overdue';

export interface Gap {
	start: string;
	end: string;
}

export interface FeedbackDue {
	/** First day not covered by a sent form: where the next form's period starts. */
	cycleStart: string;
	/** The day the cycle completes (school weeks or lessons, whichever first); null if it cannot within a year. */
	dueDate: string | null;
	/** What made it due on that day ('batch': the host school's batch day, feedback-batch.ts). */
	dueBy: 'weeks' | 'lessons' | 'batch' | null;
	/** The form goes with the host school's batch (the organisation chose batches). */
	batched: boolean;
	/** Lessons attended from `cycleStart` up to today. */
	lessonsAttended: number;
	/** Lessons attended in the due period (to `dueDate`), once due. */
	lessonsInPeriod: number;
	/** Due with fewer lessons attended than the policy's lower figure: the form says so. */
	isShort: boolean;
	/** The lower figure (the policy's 10 unless the organisation set another). */
	fewestLessons: number;
	status: DueStatus;
	/** The period a form written today should cover. */
	suggestedPeriod: { start: string; end: string };
	/** The current draft for this cycle, not yet sent. */
	draft: WaitingDraft | null;
	/** School time before the last sent form that no sent form covers. */
	gaps: Gap[];
}

/** What the rule needs of a form: any version, any status (archived ones are ignored). */
export interface CycleForm extends DraftLike {
	periodStart: string;
	periodEnd: string;
}

export interface FeedbackDueInput {
	/** The pupil's start date at the provision: the first cycle starts there. */
	startDate: string;
	forms: readonly CycleForm[];
	/** Dates of lessons whose register has the pupil present (any order; one entry per lesson). */
	attendedDates: readonly string[];
	cycle: CycleLimits;
	halfTerms: readonly HalfTerm[];
	today: string;
	/** The pupil's host school's batch day when forms go in batches (feedback-batch.ts `batchDayFor`). */
	batch?: BatchDay | null;
}

const sentForms = (forms: readonly CycleForm[]) => forms.filter((f) => !f.archived && f.status === 'sent');

/** The day after the latest period a SENT form covered (drafts do not move it), or the start date. */
export function cycleStartFor(startDate: string, forms: readonly CycleForm[]): string {
	const lastEnd = sentForms(forms)
		.map((f) => f.periodEnd)
		.sort()
		.at(-1);
	return lastEnd && lastEnd >= startDate ? addDays(lastEnd, 1) : startDate;
}

/**
 * Periods from the pupil's start to the last sent form that no sent form covers and that hold at
 * least one school day (a weekend or holiday between two forms is not a gap).
 */
export function unreportedGaps(startDate: string, forms: readonly CycleForm[], halfTerms: readonly HalfTerm[]): Gap[] {
	const periods = sentForms(forms)
		.map((f) => ({ start: f.periodStart < startDate ? startDate : f.periodStart, end: f.periodEnd }))
		.filter((p) => p.end >= startDate)
		.sort((a, b) => a.start.localeCompare(b.start));
	const gaps: Gap[] = [];
	let covered = startDate; // first day not yet covered
	for (const p of periods) {
		if (p.start > covered) {
			const end = addDays(p.start, -1);
			if (hasTermDay(covered, end, halfTerms)) gaps.push({ start: covered, end });
		}
		if (p.end >= covered) covered = addDays(p.end, 1);
	}
	return gaps;
}

function hasTermDay(from: string, to: string, halfTerms: readonly HalfTerm[]): boolean {
	for (let day = from; day <= to; day = addDays(day, 1)) if (isTermDay(day, halfTerms)) return true;
	return false;
}

export function feedbackDue(input: FeedbackDueInput): FeedbackDue {
	const { startDate, forms, attendedDates, halfTerms, today } = input;
	const cadence = cadenceOf(input.cycle);
	const cycleStart = cycleStartFor(startDate, forms);
	const attended = attendedDates.filter((d) => d >= cycleStart).sort();
	const lessonsAttended = attended.filter((d) => d <= today).length;

	const byWeeks = nthTermDay(cycleStart, cadence.weeks * 5, halfTerms);
	const byLessons = attended.length >= cadence.lessons ? attended[cadence.lessons - 1]! : null;
	const ownBy =
		byLessons && (!byWeeks || byLessons < byWeeks) ? 'lessons' : byWeeks ? 'weeks' : byLessons ? 'lessons' : null;
	const ownDue = ownBy === 'lessons' ? byLessons : ownBy === 'weeks' ? byWeeks : null;
	// In batches the host school's day replaces the pupil's own (which still stands before the first batch).
	const batch = input.batch
		? batchDueDate({ cycleStart, ownDueDate: ownDue, weeks: cadence.weeks, day: input.batch, halfTerms })
		: { dueDate: ownDue, batched: false };
	const dueDate = batch.dueDate;
	const dueBy = batch.batched ? 'batch' : ownBy;

	const isComplete = dueDate !== null && dueDate <= today;
	const status: DueStatus = !isComplete
		? 'not-due'
		: daysBetween(dueDate, today) > OVERDUE_AFTER_DAYS
			? 'overdue'
			: 'due';
	const lessonsInPeriod = isComplete ? attended.filter((d) => d <= dueDate).length : lessonsAttended;
	// A form drafted early covers up to today; once due it covers exactly the completed cycle.
	const end = isComplete ? dueDate : today < cycleStart ? cycleStart : today;
	return {
		cycleStart,
		dueDate,
		dueBy,
		batched: dueBy === 'batch',
		lessonsAttended,
		lessonsInPeriod,
		isShort: isComplete && lessonsInPeriod < cadence.fewestLessons,
		fewestLessons: cadence.fewestLessons,
		status,
		suggestedPeriod: { start: cycleStart, end },
		// The newest current draft whose period reaches into this cycle.
		draft: newestWaitingDraft(forms, today, (f) => f.periodEnd >= cycleStart),
		gaps: unreportedGaps(startDate, forms, halfTerms)
	};
}

/** "4 lessons attended, fewer than 10": what a form covering too few lessons says. */
export function shortFormText(lessons: number, fewest: number): string {
	return `${lessons} ${lessons === 1 ? 'lesson' : 'lessons'} attended, fewer than ${fewest}`;
}

/** "not reported: 5 Oct 2026 – 8 Nov 2026". */
export function gapText(gap: Gap): string {
	return `not reported: ${periodText(gap.start, gap.end)}`;
}
