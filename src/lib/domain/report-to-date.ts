import type { Behaviour } from './behaviour';
import { latestVersions } from './document-versions';
import type { FeedbackForm } from './feedback-form';
import type { HalfTerm } from './half-term';
import type { HostWork } from './host-work';
import { subjectLabel, type SubjectCategory, type SubjectSetting } from './lesson';
import { formatDay } from './calendar-days';

/**
 * Figures for the half-term report that the policy words precisely (ARR: "a more overall report of
 * the student's attitude and engagement to date. This will highlight the progress that students
 * have made academically, emotionally, and vocationally over that half term"; "Work may be sent
 * by host schools for students to complete").
 */

/** Used until the organisation lists its own subjects: only these feed "Vocational progress". */
export const DEFAULT_SUBJECTS: readonly SubjectSetting[] = [
	{ subject: 'maths', category: 'core' },
	{ subject: 'english', category: 'core' },
	{ subject: 'science', category: 'core' },
	{ subject: 'construction', category: 'vocational' },
	{ subject: 'catering', category: 'vocational' },
	{ subject: 'hair-and-beauty', category: 'vocational' },
	{ subject: 'motor-vehicle', category: 'vocational' },
	{ subject: 'horticulture', category: 'vocational' },
	{ subject: 'pshe', category: 'other' },
	{ subject: 'pe', category: 'other' },
	{ subject: 'art', category: 'other' }
];

/** A subject's category from the organisation's list; a subject not on it is "other", never vocational. */
export function subjectCategory(
	subject: string,
	subjects: readonly SubjectSetting[] = DEFAULT_SUBJECTS
): SubjectCategory {
	return subjects.find((s) => s.subject === subject)?.category ?? 'other';
}

const average = (grades: readonly number[]) =>
	grades.length ? (grades.reduce((a, b) => a + b, 0) / grades.length).toFixed(1) : null;
const forms = (n: number) => `${n} ${n === 1 ? 'form' : 'forms'}`;

/**
 * "To date" means since the pupil joined, with this half term beside it: the attitude-to-learning
 * average of the current feedback forms, and the behaviour log's counts.
 */
export function attitudeToDateLines(input: {
	startDate: string;
	halfTerm: HalfTerm;
	feedbackForms: readonly FeedbackForm[];
	behaviour: readonly Behaviour[];
}): string[] {
	const { startDate, halfTerm } = input;
	const since = formatDay(startDate);
	const current = latestVersions(input.feedbackForms).filter(
		(f) => f.periodEnd >= startDate && f.periodStart <= halfTerm.end
	);
	const thisTerm = current.filter((f) => f.periodEnd >= halfTerm.start);
	const lines: string[] = [];
	const all = average(current.map((f) => f.atl));
	if (all !== null) {
		const term = average(thisTerm.map((f) => f.atl));
		lines.push(
			`Attitude to learning to date (since ${since}): average ${all} of 4 from ${forms(current.length)}; this half term ${term === null ? 'no forms yet' : `${term} from ${forms(thisTerm.length)}`}.`
		);
	}
	const logged = input.behaviour.filter((b) => !b.archived && b.date >= startDate && b.date <= halfTerm.end);
	if (logged.length) {
		const count = (rows: readonly Behaviour[]) => {
			const positive = rows.filter((b) => b.polarity === 'positive').length;
			return `${positive} positive, ${rows.length - positive} negative`;
		};
		const inTerm = logged.filter((b) => b.date >= halfTerm.start);
		lines.push(`Behaviour log to date (since ${since}): ${count(logged)}; this half term ${count(inTerm)}.`);
	}
	return lines;
}

/**
 * The day host-school work was finished: the day it went back to school, else (completed, not yet
 * returned) the day it was last saved.
 */
export function hostWorkDoneOn(w: Pick<HostWork, 'status' | 'returnedDate' | 'updatedAt'>): string | null {
	if (w.status === 'returned') return w.returnedDate ?? w.updatedAt.slice(0, 10);
	if (w.status === 'completed') return w.updatedAt.slice(0, 10);
	return null;
}

/** Host-school work completed in the half term, for "Work covered". */
export function hostWorkLines(work: readonly HostWork[], halfTerm: HalfTerm): string[] {
	return work
		.filter((w) => !w.archived)
		.map((w) => ({ w, done: hostWorkDoneOn(w) }))
		.filter((x): x is { w: HostWork; done: string } => !!x.done && x.done >= halfTerm.start && x.done <= halfTerm.end)
		.sort((a, b) => a.done.localeCompare(b.done))
		.map(
			({ w, done }) =>
				`Host-school work completed: ${subjectLabel(w.subject)}: ${w.description.trim()} (${formatDay(done)}).`
		);
}
