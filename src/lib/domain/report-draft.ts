import { attendanceSummary, attendanceText, type SessionMark } from './attendance-percent';
import type { Behaviour } from './behaviour';
import { latestVersions } from './document-versions';
import type { ExitTicket } from './exit-ticket';
import { attendedLessons, attendedTickets, compareSubjects, groupTopicsBySubject, topicsFrom } from './feedback-draft';
import { atlText, BASIS_LABELS, PROGRESS_LABELS, type FeedbackForm } from './feedback-form';
import type { HalfTerm } from './half-term';
import { subjectLabel, type Lesson, type SubjectSetting } from './lesson';
import type { Plan } from './plan';
import { RATING_LABELS, type PlanReview } from './plan-review';
import { periodText } from './report-format';
import { attitudeToDateLines, hostWorkLines, subjectCategory } from './report-to-date';
import type { HostWork } from './host-work';

/**
 * R4.2: a half-term progress report pre-filled from the records, for staff to edit. Like the
 * feedback form, work covered comes only from lessons the pupil attended.
 */

export interface ReportDraftInput {
	pupil: { _id: string; yearGroup: number; startDate?: string };
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
}

const inPeriod = (date: string, h: HalfTerm) => date >= h.start && date <= h.end;

function countBy(items: readonly string[]): string {
	const counts = new Map<string, number>();
	for (const i of items) counts.set(i, (counts.get(i) ?? 0) + 1);
	return [...counts].map(([k, n]) => (n > 1 ? `${k} ×${n}` : k)).join(', ');
}

function plural(n: number, one: string, many = `${one}s`): string {
	return `${n} ${n === 1 ? one : many}`;
}

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
			const comment = rating.comment?.trim() ? ` (${rating.comment.trim()})` : '';
			lines.push(`${objective.description}: ${RATING_LABELS[rating.rating]}${comment}.`);
		}
	}
	return lines;
}

export function draftProgressReport(input: ReportDraftInput): ReportDraft {
	const { pupil, halfTerm } = input;
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
		...(attended.length
			? [`${plural(attended.length, 'lesson')} attended.`, ...groups.map((g) => `${g.label}: ${g.topics.join('; ')}.`)]
			: ['No lessons attended have been registered this half term.']),
		...hostWorkDone
	].join('\n');

	const behaviour = input.behaviour.filter((b) => !b.archived && b.pupilId === pupil._id && inPeriod(b.date, halfTerm));
	const positive = behaviour.filter((b) => b.polarity === 'positive').map((b) => b.category);
	const negative = behaviour.filter((b) => b.polarity === 'negative').map((b) => b.category);
	const attitudeLines = forms.map(
		(f) => `Attitude to learning ${atlText(f.atl)} (${periodText(f.periodStart, f.periodEnd)}).`
	);
	if (behaviour.length) {
		const parts = [
			positive.length ? `${positive.length} positive (${countBy(positive)})` : '',
			negative.length ? `${negative.length} negative (${countBy(negative)})` : ''
		].filter(Boolean);
		attitudeLines.push(`Behaviour log: ${parts.join('; ')}.`);
	}
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
		: 'No attitude-to-learning grades or behaviour entries recorded this half term yet.';

	const academicLines = forms.map(
		(f) =>
			`${PROGRESS_LABELS[f.progress]} against ${f.basisDetail ?? BASIS_LABELS[f.basis]} (${periodText(f.periodStart, f.periodEnd)}).`
	);
	const tickets = attendedTickets(pupil._id, input.exitTickets, attended);
	for (const subject of [...new Set(tickets.map((t) => t.subject))].sort(compareSubjects)) {
		const mine = tickets.filter((t) => t.subject === subject);
		const scored = mine.filter((t) => t.score !== undefined && t.maxScore);
		const average = scored.length
			? Math.round((scored.reduce((sum, t) => sum + t.score! / t.maxScore!, 0) / scored.length) * 100)
			: null;
		const outcomes = mine.filter((t) => t.outcome).map((t) => (t.outcome === 'not-yet' ? 'not yet' : t.outcome!));
		const detail = [average !== null ? `average score ${average}%` : '', outcomes.length ? countBy(outcomes) : '']
			.filter(Boolean)
			.join('; ');
		academicLines.push(`${subjectLabel(subject)} exit tickets: ${mine.length}${detail ? ` (${detail})` : ''}.`);
	}
	academicLines.push(...objectiveLines(input, ['literacy', 'numeracy']));
	const academicProgress = academicLines.length
		? academicLines.join('\n')
		: 'No feedback forms or exit tickets recorded this half term yet.';

	const summary = attendanceSummary(
		input.attendance.filter((m) => m.pupilId === pupil._id),
		{ start: halfTerm.start, end: halfTerm.end }
	);
	const emotionalLines = objectiveLines(input, ['wellbeing', 'behaviour', 'attendance']);
	for (const r of input.planReviews.filter((r) => !r.archived && inPeriod(r.date, halfTerm) && r.summary?.trim()))
		emotionalLines.push(`Plan review: ${r.summary!.trim()}`);
	emotionalLines.push(`Attendance this half term: ${attendanceText(summary)}.`);
	const emotionalProgress = emotionalLines.join('\n');

	// Only subjects the organisation marks vocational: PSHE, PE or art are not vocational progress.
	const vocationalLessons = attended.filter((l) => subjectCategory(l.subject, input.subjects) === 'vocational');
	const vocationalLines = objectiveLines(input, ['vocational']);
	for (const g of groupTopicsBySubject(topicsFrom(vocationalLessons))) {
		const n = vocationalLessons.filter((l) => l.subject === g.subject).length;
		vocationalLines.push(`${g.label}: ${plural(n, 'session')} (${g.topics.join('; ')}).`);
	}
	const vocationalProgress = vocationalLines.length
		? vocationalLines.join('\n')
		: 'No vocational sessions or objectives recorded this half term.';

	return {
		halfTerm: halfTerm.name,
		periodStart: halfTerm.start,
		periodEnd: halfTerm.end,
		workCovered,
		attitudeEngagement,
		academicProgress,
		emotionalProgress,
		vocationalProgress,
		...(summary.percent === null ? {} : { attendancePercent: summary.percent })
	};
}
