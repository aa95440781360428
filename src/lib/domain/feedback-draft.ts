import { attendanceSummary, attendanceText, type SessionMark } from './attendance-percent';
import { OUTCOME_LABELS, type ExitTicket } from './exit-ticket';
import { BASIS_LABELS, basisForYearGroup, type ProgressBasis } from './feedback-form';
import type { Intake } from './intake';
import { keyStageOf } from './pupil';
import { CORE_SUBJECTS, subjectLabel, type Lesson } from './lesson';

/**
 * R4.1: a feedback form drafted from the records. Everything here comes ONLY from lessons whose
 * register has the pupil present inside the period: a lesson the pupil missed must never appear
 * on a form sent to their school (the contract's first cross-document rule).
 */

export interface Topic {
	subject: string;
	topic: string;
}

export interface ExitResult {
	date: string;
	subject: string;
	topic: string;
	/** "7/10 (70%)" or "Secure". */
	result: string;
}

export interface FeedbackDraft {
	periodStart: string;
	periodEnd: string;
	lessonsAttended: number;
	topics: Topic[];
	exitResults: ExitResult[];
	basis: ProgressBasis;
	/** What the judgement is made against, in words, with the pupil's KS4 targets when KS4. */
	basisDetail: string;
	/** The pupil's attendance over the period, as the app shows it. */
	attendance: string;
}

export interface FeedbackDraftInput {
	pupil: { _id: string; yearGroup: number };
	periodStart: string;
	periodEnd: string;
	/** Lessons to choose from (any; those outside the period or the register are left out). */
	lessons: readonly Lesson[];
	exitTickets: readonly ExitTicket[];
	intakes: readonly Intake[];
	/** The pupil's attendance marks (any dates; those outside the period are left out). */
	attendance: readonly SessionMark[];
}

/**
 * The pupil's attendance over a period in words, the figure the app shows everywhere
 * ("92% (23 of 25 sessions)"): the one place documents take it from.
 */
export function periodAttendance(marks: readonly SessionMark[], start: string, end: string): string {
	return attendanceText(attendanceSummary(marks, { start, end }));
}

/** Lessons in the period whose register has the pupil present, oldest first. */
export function attendedLessons(pupilId: string, lessons: readonly Lesson[], start: string, end: string): Lesson[] {
	return lessons
		.filter((l) => !l.archived && l.date >= start && l.date <= end && l.present.includes(pupilId))
		.sort((a, b) => a.date.localeCompare(b.date));
}

/** Each subject + topic once, in the order first taught. */
export function topicsFrom(lessons: readonly Pick<Lesson, 'subject' | 'topic'>[]): Topic[] {
	const seen = new Set<string>();
	const out: Topic[] = [];
	for (const l of lessons) {
		const topic = l.topic.trim();
		const key = `${l.subject}\u0000${topic.toLowerCase()}`;
		if (seen.has(key)) continue;
		seen.add(key);
		out.push({ subject: l.subject, topic });
	}
	return out;
}

export interface SubjectTopics {
	subject: string;
	label: string;
	topics: string[];
}

/** Maths, English and Science first (the policy's core subjects), then the rest A–Z. */
export function compareSubjects(a: string, b: string): number {
	const rank = (s: string) => {
		const i = (CORE_SUBJECTS as readonly string[]).indexOf(s);
		return i === -1 ? CORE_SUBJECTS.length : i;
	};
	return rank(a) - rank(b) || a.localeCompare(b);
}

export function groupTopicsBySubject(topics: readonly Topic[]): SubjectTopics[] {
	const bySubject = new Map<string, string[]>();
	for (const t of topics) bySubject.set(t.subject, [...(bySubject.get(t.subject) ?? []), t.topic]);
	return [...bySubject.keys()]
		.sort(compareSubjects)
		.map((subject) => ({ subject, label: subjectLabel(subject), topics: bySubject.get(subject)! }));
}

export function exitResultText(t: Pick<ExitTicket, 'score' | 'maxScore' | 'outcome'>): string {
	if (t.score !== undefined && t.maxScore !== undefined)
		return `${t.score}/${t.maxScore} (${Math.round((t.score / t.maxScore) * 100)}%)`;
	return t.outcome ? OUTCOME_LABELS[t.outcome] : '—';
}

/**
 * The pupil's exit tickets from the lessons they attended in the period. A ticket whose lesson
 * is not one of those (missed, or not on this tablet) is left out rather than risk naming a
 * lesson they did not attend.
 */
export function attendedTickets(
	pupilId: string,
	tickets: readonly ExitTicket[],
	attended: readonly Lesson[]
): ExitTicket[] {
	const lessonIds = new Set(attended.map((l) => l._id));
	return tickets
		.filter((t) => !t.archived && t.pupilId === pupilId && lessonIds.has(t.lessonId))
		.sort((a, b) => a.date.localeCompare(b.date) || compareSubjects(a.subject, b.subject));
}

export function exitResultsFrom(
	pupilId: string,
	tickets: readonly ExitTicket[],
	attended: readonly Lesson[]
): ExitResult[] {
	return attendedTickets(pupilId, tickets, attended).map((t) => ({
		date: t.date,
		subject: t.subject,
		topic: t.topic,
		result: exitResultText(t)
	}));
}

/**
 * "Judged against …": National Curriculum expectations for the pupil's own key stage up to Year 9
 * (ARR: "based on the National Curriculum expected outcomes of all students at KS3"; a Year 5
 * pupil is judged against KS2, never printed as KS3), the pupil's own KS4 targets from Year 10.
 */
export function basisDetailFor(
	yearGroup: number,
	intakes: readonly Pick<Intake, 'subject' | 'ks4Target' | 'archived'>[]
): string {
	const basis = basisForYearGroup(yearGroup);
	if (basis === 'ks3-national-curriculum')
		return `National Curriculum expectations (${keyStageOf(yearGroup)}) for Year ${yearGroup}`;
	const targets = intakes
		.filter((i) => !i.archived)
		.sort((a, b) => compareSubjects(a.subject, b.subject))
		.map((i) => `${subjectLabel(i.subject)} ${i.ks4Target}`);
	return `${BASIS_LABELS[basis]} (${targets.length ? targets.join(', ') : 'not recorded yet: add the host school’s intake data'})`;
}

export function draftFeedbackForm(input: FeedbackDraftInput): FeedbackDraft {
	const { pupil, periodStart, periodEnd } = input;
	const attended = attendedLessons(pupil._id, input.lessons, periodStart, periodEnd);
	return {
		periodStart,
		periodEnd,
		lessonsAttended: attended.length,
		topics: topicsFrom(attended),
		exitResults: exitResultsFrom(pupil._id, input.exitTickets, attended),
		basis: basisForYearGroup(pupil.yearGroup),
		basisDetail: basisDetailFor(pupil.yearGroup, input.intakes),
		attendance: periodAttendance(
			input.attendance.filter((m) => m.pupilId === pupil._id),
			periodStart,
			periodEnd
		)
	};
}
