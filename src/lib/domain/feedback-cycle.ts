import { addDays, daysBetween } from './calendar-days';
import type { Settings } from './settings';

/**
 * R4.1: when is a pupil's next feedback form due? Every N weeks, or once they have attended N
 * lessons, as the organisation sets. A new cycle starts the day after the last form's period.
 */
export type FeedbackCycle = Settings['feedbackCycle'];

/** A form is overdue when it has been due for more than a school week. */
export const OVERDUE_AFTER_DAYS = 7;

export type DueStatus = 'not-due' | 'due' | 'overdue';

export interface FeedbackDue {
	/** First day not covered by an earlier form: where the next form's period starts. */
	cycleStart: string;
	/** The day the cycle completes; null (lessons mode) until enough lessons are attended. */
	dueDate: string | null;
	/** Lessons attended from `cycleStart` up to today. */
	lessonsAttended: number;
	status: DueStatus;
	/** The period a draft written today should cover. */
	suggestedPeriod: { start: string; end: string };
}

export interface FeedbackDueInput {
	/** The pupil's start date at the provision: the first cycle starts there. */
	startDate: string;
	/** The pupil's earlier forms (any status; archived ones are ignored). */
	forms: readonly { periodEnd: string; archived?: boolean }[];
	/** Dates of lessons whose register has the pupil present (any order). */
	attendedDates: readonly string[];
	cycle: FeedbackCycle;
	today: string;
}

export function cycleStartFor(startDate: string, forms: FeedbackDueInput['forms']): string {
	const lastEnd = forms
		.filter((f) => !f.archived)
		.map((f) => f.periodEnd)
		.sort()
		.at(-1);
	return lastEnd && lastEnd >= startDate ? addDays(lastEnd, 1) : startDate;
}

export function feedbackDue({ startDate, forms, attendedDates, cycle, today }: FeedbackDueInput): FeedbackDue {
	const cycleStart = cycleStartFor(startDate, forms);
	const attended = attendedDates.filter((d) => d >= cycleStart).sort();
	const lessonsAttended = attended.filter((d) => d <= today).length;

	let dueDate: string | null;
	if (cycle.mode === 'weeks') {
		dueDate = addDays(cycleStart, cycle.weeks * 7 - 1);
	} else {
		// Due on the day of the Nth lesson attended in this cycle.
		dueDate = attended.length >= cycle.lessons ? attended[cycle.lessons - 1]! : null;
	}

	const isComplete = dueDate !== null && dueDate <= today;
	const status: DueStatus = !isComplete
		? 'not-due'
		: daysBetween(dueDate!, today) > OVERDUE_AFTER_DAYS
			? 'overdue'
			: 'due';
	// A form drafted early covers up to today; once due it covers exactly the completed cycle.
	const end = isComplete ? dueDate! : today < cycleStart ? cycleStart : today;
	return { cycleStart, dueDate, lessonsAttended, status, suggestedPeriod: { start: cycleStart, end } };
}
