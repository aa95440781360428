import { daysBetween, relativeDays } from './calendar-days';
import { isCallDue, type CallStatus } from './call-due';
import type { EhcpReview } from './ehcp-review';
import { batchTitle, type BatchGroup } from './feedback-batch';
import { gapText, shortFormText, type FeedbackDue } from './feedback-cycle';
import type { HostWork } from './host-work';
import { hostWorkState } from './host-work-due';
import { asksForExitTickets, lessonTitle, subjectLabel } from './lesson';
import { OUTCOME_LABELS } from './parent-contact';
import type { RegisterStatus } from './register';
import { draftWaitingText, type ReportDue } from './report-due';

export type TodayKind =
	'register' | 'absence-notice' | 'timetable' | 'lesson' | 'feedback' | 'report' | 'call' | 'review' | 'host-work';
export type TodayTone = 'danger' | 'warning' | 'info';

/** One thing to do today, and where to do it. */
export interface TodayItem {
	key: string;
	title: string;
	detail: string;
	href: string;
	tone: TodayTone;
	/** The pupil the item is about, when it is about one (for "my pupils", key-worker.ts). */
	pupilId?: string;
}

export interface TodaySection {
	kind: TodayKind;
	title: string;
	/** Where the whole list lives (e.g. /calls). */
	href: string;
	items: TodayItem[];
}

/** Items other features work out (lessons, feedback forms, plan reviews), already in this shape. */
export type ExternalItem = TodayItem;

export interface TodayInput {
	today: string;
	/** False at weekends and in the holidays: no register to take. */
	isSchoolDay: boolean;
	registers: readonly RegisterStatus[];
	calls: readonly (CallStatus & { pupilName: string })[];
	hostWork: readonly (HostWork & { pupilName: string })[];
	/** Undefined when that feature is not on this build: its section is left out, not shown empty. */
	lessons?: readonly ExternalItem[];
	feedbackForms?: readonly ExternalItem[];
	halfTermReports?: readonly ExternalItem[];
	planReviews?: readonly ExternalItem[];
	/** Today's timetabled lessons not started yet (timetable.ts). */
	timetable?: readonly ExternalItem[];
	/** Same-day absence notices to host schools not yet sent (absence-notice.ts). */
	absenceNotices?: readonly ExternalItem[];
}

const SESSION_NAMES = { am: 'Morning', pm: 'Afternoon' } as const;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "Overdue by 3 days", "Due today", "Due in 2 days" (never "Overdue 3 days ago"). */
function dueText(isOverdue: boolean, dueDate: string, today: string): string {
	if (isOverdue) return `Overdue by ${plural(Math.max(1, daysBetween(dueDate, today)), 'day')}`;
	return `Due ${relativeDays(dueDate, today)}`;
}

function registerItems(input: TodayInput): TodayItem[] {
	if (!input.isSchoolDay) return [];
	return input.registers
		.filter((r) => r.onRoll > 0 && r.state !== 'taken')
		.map((r) => ({
			key: `register-${r.date}-${r.session}`,
			title: `${SESSION_NAMES[r.session]} register`,
			detail:
				r.state === 'not-taken'
					? `Not taken yet · ${plural(r.onRoll, 'pupil')} on roll`
					: `${r.marked} of ${r.onRoll} marked · ${plural(r.missing.length, 'pupil')} still to mark`,
			href: `/attendance?date=${r.date}&session=${r.session}`,
			tone: r.state === 'not-taken' ? 'warning' : 'info'
		}));
}

function callItems(input: TodayInput): TodayItem[] {
	return input.calls.filter(isCallDue).map((c) => callTodayItem(c, input.today));
}

/** A pupil's parent/carer call, due today or overdue. */
export function callTodayItem(c: CallStatus & { pupilName: string }, today: string): TodayItem {
	const due = c.state === 'overdue' ? `Overdue by ${plural(c.daysOverdue, 'day')}` : 'Due today';
	const spoke = c.lastReached ? `last spoke ${relativeDays(c.lastReached.date, today)}` : 'nobody reached yet';
	const tried =
		c.lastAttempt && c.lastAttempt !== c.lastReached
			? ` · tried ${relativeDays(c.lastAttempt.date, today)} (${OUTCOME_LABELS[c.lastAttempt.outcome].toLowerCase()})`
			: '';
	return {
		key: `call-${c.pupilId}`,
		pupilId: c.pupilId,
		title: c.pupilName,
		detail: `${due} · ${spoke}${tried}`,
		href: `/calls?pupil=${encodeURIComponent(c.pupilId)}`,
		tone: c.state === 'overdue' ? 'danger' : 'warning'
	};
}

function hostWorkItems(input: TodayInput): TodayItem[] {
	return input.hostWork
		.map((w) => ({ w, state: hostWorkState(w, input.today) }))
		.filter(({ state }) => state === 'overdue' || state === 'due-soon')
		.sort((a, b) => (a.w.dueDate ?? '').localeCompare(b.w.dueDate ?? ''))
		.map(({ w, state }) => ({
			key: `host-work-${w._id}`,
			pupilId: w.pupilId,
			title: `${w.pupilName}: ${subjectLabel(w.subject)}`,
			detail: `${dueText(state === 'overdue', w.dueDate!, input.today)} · ${w.description.length > 80 ? `${w.description.slice(0, 77)}…` : w.description}`,
			href: `/host-work?pupil=${encodeURIComponent(w.pupilId)}`,
			tone: state === 'overdue' ? 'danger' : 'warning'
		}));
}

/**
 * The Today screen (R6.3): what needs doing today, grouped, each item linking to the place to do
 * it. Sections with nothing to do are left out, so an empty Today means all done.
 */
export function assembleToday(input: TodayInput): TodaySection[] {
	const sections: (TodaySection | null)[] = [
		{ kind: 'register', title: 'Attendance not yet taken', href: '/attendance', items: registerItems(input) },
		input.absenceNotices
			? {
					kind: 'absence-notice',
					title: 'Absence notices to host schools',
					href: '/attendance/notices',
					items: [...input.absenceNotices]
				}
			: null,
		input.timetable
			? { kind: 'timetable', title: 'Today’s timetable', href: '/timetable', items: [...input.timetable] }
			: null,
		input.lessons
			? { kind: 'lesson', title: 'Lessons to register and mark', href: '/lessons', items: [...input.lessons] }
			: null,
		input.feedbackForms
			? { kind: 'feedback', title: 'Feedback forms due', href: '/reports', items: [...input.feedbackForms] }
			: null,
		input.halfTermReports
			? { kind: 'report', title: 'Half-term reports due', href: '/reports', items: [...input.halfTermReports] }
			: null,
		{ kind: 'call', title: 'Parent and carer calls due', href: '/calls', items: callItems(input) },
		input.planReviews
			? { kind: 'review', title: 'Plans and plan reviews due', href: '/plans', items: [...input.planReviews] }
			: null,
		{ kind: 'host-work', title: 'Host-school work due', href: '/host-work', items: hostWorkItems(input) }
	];
	return sections.filter((s): s is TodaySection => s !== null && s.items.length > 0);
}

/** A lesson of today still to register (nobody marked present) or with exit tickets to mark. */
export function lessonTodayItem(
	lesson: {
		_id: string;
		subject: string;
		topic: string;
		teacher: string;
		pupilIds: readonly string[];
		present: readonly string[];
	},
	markedPupilIds: ReadonlySet<string>,
	extraExitTicketSubjects: readonly string[] = []
): TodayItem | null {
	const base = {
		key: `lesson-${lesson._id}`,
		title: lessonTitle(lesson),
		href: `/lessons/${encodeURIComponent(lesson._id)}`
	};
	if (lesson.pupilIds.length === 0) return null;
	if (lesson.present.length === 0)
		return {
			...base,
			detail: `Register not taken · ${plural(lesson.pupilIds.length, 'pupil')} · ${lesson.teacher}`,
			tone: 'warning'
		};
	// Exit tickets are a Maths, English and Science duty: a PE lesson is done once registered.
	if (!asksForExitTickets(lesson.subject, extraExitTicketSubjects)) return null;
	const toMark = lesson.present.filter((id) => !markedPupilIds.has(id)).length;
	if (toMark === 0) return null;
	return {
		...base,
		detail: `${plural(toMark, 'exit ticket')} to mark · ${lesson.present.length} present · ${lesson.teacher}`,
		tone: 'info'
	};
}

/**
 * A pupil's feedback form on Today: due or overdue, whether a draft is waiting to be sent, whether
 * it covers fewer lessons than the policy's 10, and any earlier period no sent form covers.
 */
export function feedbackTodayItem(
	due: Pick<FeedbackDue, 'status' | 'dueDate' | 'draft' | 'gaps' | 'isShort' | 'lessonsInPeriod' | 'fewestLessons'> & {
		pupilId: string;
		pupilName: string;
	},
	today: string
): TodayItem {
	const parts: string[] = [];
	if (due.status !== 'not-due' && due.dueDate) parts.push(dueText(due.status === 'overdue', due.dueDate, today));
	if (due.status !== 'not-due' && due.isShort) parts.push(shortFormText(due.lessonsInPeriod, due.fewestLessons));
	if (due.draft) parts.push(draftWaitingText(due.draft.days));
	for (const g of due.gaps) parts.push(gapText(g));
	const pupil = encodeURIComponent(due.pupilId);
	const firstGap = due.gaps[0];
	return {
		key: `feedback-${due.pupilId}`,
		pupilId: due.pupilId,
		title: due.pupilName,
		detail: parts.join(' · '),
		href: due.draft
			? `/reports/feedback/${encodeURIComponent(due.draft.id)}`
			: due.status === 'not-due' && firstGap
				? `/reports/feedback/new?pupil=${pupil}&from=${firstGap.start}&to=${firstGap.end}`
				: `/reports/feedback/new?pupil=${pupil}`,
		tone: due.status === 'due' ? 'warning' : 'danger'
	};
}

/**
 * A host school's batch of feedback forms on Today ("Hillcrest Academy — due Friday 4 Dec 2026:
 * 5 forms"): when it is due, whose forms, and how many are drafted but not sent. Reports lists each
 * pupil and makes the school's batch PDF.
 */
export function feedbackBatchTodayItem(
	group: BatchGroup<Pick<FeedbackDue, 'status' | 'draft'> & { pupilName: string }>,
	today: string
): TodayItem {
	const isOverdue = group.forms.some((f) => f.status === 'overdue');
	const drafted = group.forms.filter((f) => f.draft).length;
	const parts = [dueText(isOverdue, group.dueDate, today), group.forms.map((f) => f.pupilName).join(', ')];
	if (drafted) parts.push(`${drafted} drafted, not sent`);
	return {
		key: `feedback-batch-${group.dueDate}-${group.hostSchool}`,
		title: batchTitle(group),
		detail: parts.join(' · '),
		href: '/reports',
		tone: isOverdue ? 'danger' : 'warning'
	};
}

/** A half-term report due, overdue, or drafted and not sent. */
export function reportTodayItem(due: ReportDue & { pupilId: string; pupilName: string }): TodayItem {
	const parts = [`${due.halfTerm.name} report ${due.status === 'overdue' ? 'overdue' : 'due'}`];
	if (due.draft) parts.push(draftWaitingText(due.draft.days));
	return {
		key: `report-${due.pupilId}-${due.halfTerm.name}`,
		pupilId: due.pupilId,
		title: due.pupilName,
		detail: parts.join(' · '),
		href: due.draft
			? `/reports/half-term/${encodeURIComponent(due.draft.id)}`
			: `/reports/half-term/new?pupil=${encodeURIComponent(due.pupilId)}&term=${encodeURIComponent(due.halfTerm.name)}`,
		tone: due.status === 'overdue' ? 'danger' : 'warning'
	};
}

/** PPP "Each pupil has a personalised plan": a pupil on roll without one. */
export function noPlanTodayItem(pupil: { _id: string; name: string }): TodayItem {
	return {
		key: `no-plan-${pupil._id}`,
		pupilId: pupil._id,
		title: pupil.name,
		detail: 'No personalised plan yet',
		href: `/pupils/${encodeURIComponent(pupil._id)}/plan/new`,
		tone: 'danger'
	};
}

/** An EHCP annual review due within 4 weeks, overdue, or with no date recorded (ehcp-review.ts). */
export function ehcpReviewTodayItem(pupil: { _id: string; name: string }, review: EhcpReview): TodayItem | null {
	if (review.state === 'later') return null;
	return {
		key: `ehcp-review-${pupil._id}`,
		title: pupil.name,
		detail: review.text,
		href: `/pupils/${encodeURIComponent(pupil._id)}/edit`,
		tone: review.state === 'due-soon' ? 'warning' : 'danger'
	};
}

export function reviewTodayItem(
	due: { pupilId: string; pupilName: string; planId: string; reviewDate: string; isOverdue: boolean },
	today: string
): TodayItem {
	return {
		key: `review-${due.planId}`,
		pupilId: due.pupilId,
		title: due.pupilName,
		detail: `Plan review ${due.isOverdue ? 'overdue: was due' : 'due'} ${relativeDays(due.reviewDate, today)}`,
		href: `/pupils/${encodeURIComponent(due.pupilId)}/plan/${encodeURIComponent(due.planId)}/review`,
		tone: due.isOverdue ? 'danger' : 'warning'
	};
}
