import { attendanceSummary, attendanceText, type SessionMark } from './attendance-percent';
import type { Behaviour } from './behaviour';
import { latestVersions } from './document-versions';
import { attendedLessons, attendedTickets, compareSubjects, groupTopicsBySubject, topicsFrom } from './feedback-draft';
import { OUTCOME_LABELS, type ExitTicket } from './exit-ticket';
import { ATL_LABELS, BASIS_LABELS, type FeedbackForm } from './feedback-form';
import type { HalfTerm } from './half-term';
import { subjectLabel, type Lesson, type SubjectSetting } from './lesson';
import type { Plan } from './plan';
import { RATING_LABELS, type PlanReview } from './plan-review';
import {
	atlSentence,
	attendanceSentence,
	behaviourSentence,
	exitTicketsSentence,
	lessonsAttendedSentence,
	objectiveSentence,
	planReviewSentence,
	progressSentence,
	topicsSentence,
	vocationalSentence
} from './report-wording';
import { attitudeToDateLines, hostWorkLines, subjectCategory } from './report-to-date';
import type { HostWork } from './host-work';

/**
 * R4.2: a half-term progress report pre-filled from the records, for staff to edit. Like the
 * feedback form, work covered comes only from lessons the pupil attended.
 */

export interface ReportDraftInput {
	/** `givenName` names the pupil in the sentences ("Sam attended …"). */
	pupil: { _id: string; yearGroup: number; givenName?: string; startDate?: string };
	halfTerm: HalfTerm;
	lessons: readonly Lesson[];
	exitTickets: readonly ExitTicket[];
	feedbackForms: readonly FeedbackForm[];
	plans: readonly Plan[];
	planReviews: readonly PlanReview[];
	behaviour: readonly Behaviour[];
	attendance: readonly SessionMark[];
	/** Host-school work (absent: none recorded). */
	hostWork?: readonly HostWork[];
	/** The organisation's subjects and their categories (absent: `DEFAULT_SUBJECTS`). */
	subjects?: readonly SubjectSetting[];
}

export interface ReportDraft {
	halfTerm: string;
	periodStart: string;
	periodEnd: string;
	workCovered: string;
	attitudeEngagement: string;
	academicProgress: string;
	emotionalProgress: string;
	vocationalProgress: string;
	/** `attendancePercent` (whole percent); absent when no session was registered in the half term. */
	attendancePercent?: number;
	/** The same figure in words with its sessions, "72% (50 of 69 sessions)": shown, never stored. */
	attendanceText?: string;
}

const inPeriod = (date: string, h: HalfTerm) => date >= h.start && date <= h.end;

/** Objective ratings from the half term's plan reviews, for the given plan areas. */
function objectiveLines(input: ReportDraftInput, areas: readonly string[]): string[] {
	const objectives = new Map(input.plans.flatMap((p) => p.objectives.map((o) => [`${p._id}|${o.id}`, o] as const)));
	const lines: string[] = [];
	for (const review of [...input.planReviews]
		.filter((r) => !r.archived && inPeriod(r.date, input.halfTerm))
		.sort((a, b) => a.date.localeCompare(b.date))) {
		for (const rating of review.ratings) {
			const objective = objectives.get(`${review.planId}|${rating.objectiveId}`);
			if (!objective || !areas.includes(objective.area)) continue;
			lines.push(objectiveSentence(objective.description, RATING_LABELS[rating.rating], rating.comment));
		}
	}
	return lines;
}

export function draftProgressReport(input: ReportDraftInput): ReportDraft {
	const { pupil, halfTerm } = input;
	const name = pupil.givenName?.trim() || 'The pupil';
	const attended = attendedLessons(pupil._id, input.lessons, halfTerm.start, halfTerm.end);
	const forms = latestVersions(
		input.feedbackForms.filter(
			(f) => f.pupilId === pupil._id && f.periodStart <= halfTerm.end && f.periodEnd >= halfTerm.start
		)
	).sort((a, b) => a.periodStart.localeCompare(b.periodStart));

	const groups = groupTopicsBySubject(topicsFrom(attended));
	const hostWorkDone = hostWorkLines(
		(input.hostWork ?? []).filter((w) => w.pupilId === pupil._id),
		halfTerm
	);
	const workCovered = [
		lessonsAttendedSentence(name, attended.length),
		...groups.map((g) => topicsSentence(g.label, name, g.topics)),
		...hostWorkDone
	].join('\n');

	const behaviour = input.behaviour.filter((b) => !b.archived && b.pupilId === pupil._id && inPeriod(b.date, halfTerm));
	const positive = behaviour.filter((b) => b.polarity === 'positive').map((b) => b.category);
	const negative = behaviour.filter((b) => b.polarity === 'negative').map((b) => b.category);
	const attitudeLines = forms.map((f) => atlSentence(name, f.atl, ATL_LABELS[f.atl], f.periodStart, f.periodEnd));
	if (behaviour.length) attitudeLines.push(behaviourSentence(positive, negative));
	// "To date": since the pupil joined, with this half term beside it.
	attitudeLines.push(
		...attitudeToDateLines({
			startDate: input.pupil.startDate ?? halfTerm.start,
			halfTerm,
			feedbackForms: input.feedbackForms.filter((f) => f.pupilId === pupil._id),
			behaviour: input.behaviour.filter((b) => b.pupilId === pupil._id)
		})
	);
	const attitudeEngagement = attitudeLines.length
		? attitudeLines.join('\n')
		: `No attitude-to-learning grades or behaviour entries have been recorded for ${name} this half term yet.`;

	const academicLines = forms.map((f) =>
		progressSentence(name, f.progress, f.basisDetail ?? BASIS_LABELS[f.basis], f.periodStart, f.periodEnd)
	);
	const tickets = attendedTickets(pupil._id, input.exitTickets, attended);
	for (const subject of [...new Set(tickets.map((t) => t.subject))].sort(compareSubjects)) {
		const mine = tickets.filter((t) => t.subject === subject);
		const scored = mine.filter((t) => t.score !== undefined && t.maxScore);
		const average = scored.length
			? Math.round((scored.reduce((sum, t) => sum + t.score! / t.maxScore!, 0) / scored.length) * 100)
			: null;
		const outcomes = mine.filter((t) => t.outcome).map((t) => OUTCOME_LABELS[t.outcome!]);
		academicLines.push(exitTicketsSentence(subjectLabel(subject), name, mine.length, average, outcomes));
	}
	academicLines.push(...objectiveLines(input, ['literacy', 'numeracy']));
	const academicProgress = academicLines.length
		? academicLines.join('\n')
		: `No feedback forms or exit tickets have been recorded for ${name} this half term yet.`;

	const summary = attendanceSummary(
		input.attendance.filter((m) => m.pupilId === pupil._id),
		{ start: halfTerm.start, end: halfTerm.end }
	);
	const emotionalLines = objectiveLines(input, ['wellbeing', 'behaviour', 'attendance']);
	for (const r of input.planReviews.filter((r) => !r.archived && inPeriod(r.date, halfTerm) && r.summary?.trim()))
		emotionalLines.push(planReviewSentence(r.date, r.summary!));
	emotionalLines.push(attendanceSentence(name, summary.percent === null ? null : attendanceText(summary)));
	const emotionalProgress = emotionalLines.join('\n');

	// Only subjects the organisation marks vocational: PSHE, PE or art are not vocational progress.
	const vocationalLessons = attended.filter((l) => subjectCategory(l.subject, input.subjects) === 'vocational');
	const vocationalLines = objectiveLines(input, ['vocational']);
	for (const g of groupTopicsBySubject(topicsFrom(vocationalLessons))) {
		const n = vocationalLessons.filter((l) => l.subject === g.subject).length;
		vocationalLines.push(vocationalSentence(g.label, name, n, g.topics));
	}
	const vocationalProgress = vocationalLines.length
		? vocationalLines.join('\n')
		: `No vocational sessions or plan targets have been recorded for ${name} this half term.`;

	return {
		halfTerm: halfTerm.name,
		periodStart: halfTerm.start,
		periodEnd: halfTerm.end,
		workCovered,
		attitudeEngagement,
		academicProgress,
		emotionalProgress,
		vocationalProgress,
		...(summary.percent === null ? {} : { attendancePercent: summary.percent, attendanceText: attendanceText(summary) })
	};
}
