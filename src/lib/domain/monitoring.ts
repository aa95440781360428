/**
 * The leaders' monitoring view (issue 13 item 7): per pupil and per member of staff, what the
 * policy asks for that has not happened. Every "late" here is the SAME rule Today uses (feedback
 * cycle, reports due, call interval, plan reviews, absence notices): this module only filters
 * those results down to what is late and groups them; it never works a due date out again.
 */
import { noticeTodayItem, type NoticeDue } from './absence-notice';
import { daysBetween, formatDay, localToday } from './calendar-days';
import type { CallStatus } from './call-due';
import type { FeedbackDue } from './feedback-cycle';
import type { ReportDue } from './report-due';
import {
	callTodayItem,
	feedbackTodayItem,
	noPlanTodayItem,
	reportTodayItem,
	reviewTodayItem,
	type TodayItem
} from './today';
import { DIRECTION_LABELS, TREND_TOPIC_LABELS, type TrendAction } from './trend-action';

/** Red-pen feedback a pupil has not answered in purple pen for MORE than this many days is flagged. */
export const RED_PEN_UNANSWERED_DAYS = 7;

export type MonitoringKind =
	'unanswered' | 'feedback' | 'report' | 'call' | 'plan' | 'review' | 'notice' | 'no-exit-ticket' | 'no-red-pen';

export interface MonitoringLine extends TodayItem {
	kind: MonitoringKind;
}

/** A mark or note as the view needs it: when, by whom, and where it opens. */
export interface SeenMark {
	pupilId: string;
	/** Local date (YYYY-MM-DD) it was given. */
	date: string;
	by: string;
	/** "14.5/20 · Fractions", "Secure · Forces". */
	label: string;
	href: string;
}

export interface RedPenNote extends SeenMark {
	noteId: string;
	workTitle: string;
	/** True once a purple-pen note replies to it (marking-threads.ts `unansweredRed`). */
	isAnswered: boolean;
}

export interface MonitoringInput {
	today: string;
	/** Pupils on roll, in the order to list them. */
	pupils: readonly { _id: string; name: string }[];
	exitTickets: readonly SeenMark[];
	redPen: readonly RedPenNote[];
	/** feedback-forms.ts `dueForms` (the feedback-cycle rule). */
	feedback: readonly (Pick<
		FeedbackDue,
		'status' | 'dueDate' | 'draft' | 'gaps' | 'isShort' | 'lessonsInPeriod' | 'fewestLessons'
	> & { pupilId: string; pupilName: string })[];
	/** progress-reports.ts `dueReports` (the report-due rule). */
	reports: readonly (ReportDue & { pupilId: string; pupilName: string })[];
	/** parent-contacts.ts `statuses` (the call interval rule). */
	calls: readonly (CallStatus & { pupilName: string })[];
	/** plans.ts `pupilsWithoutPlan`. */
	noPlan: readonly { _id: string; name: string }[];
	/** plans.ts `reviewsDue`. */
	reviews: readonly { pupilId: string; pupilName: string; planId: string; reviewDate: string; isOverdue: boolean }[];
	/** absence-notice.ts `noticesDue`, for today and the recent school days. */
	notices: readonly NoticeDue[];
	noticeBy: string;
	actions: readonly TrendAction[];
	/** Who started each waiting draft (feedback form or report id → username): their unsent drafts. */
	draftAuthors?: ReadonlyMap<string, string>;
}

export interface PupilMonitoring {
	pupilId: string;
	name: string;
	lastExitTicket?: SeenMark;
	lastRedPen?: SeenMark;
	lines: MonitoringLine[];
	actions: TrendAction[];
}

export interface StaffMonitoring {
	username: string;
	lastExitTicket?: SeenMark;
	lastRedPen?: SeenMark;
	lines: MonitoringLine[];
}

export interface Monitoring {
	pupils: PupilMonitoring[];
	staff: StaffMonitoring[];
	/** Same-day absence notices not sent by the time set (a line per host school and day). */
	notices: MonitoringLine[];
	/** Actions on trends (not about one pupil), newest first. */
	trendActions: TrendAction[];
}

const line = (kind: MonitoringKind, item: TodayItem): MonitoringLine => ({ ...item, kind });

/** The newest by date (then by whoever wrote later in the list: the caller passes them in time order). */
function latest<T extends { date: string }>(rows: readonly T[]): T | undefined {
	let best: T | undefined;
	for (const r of rows) if (!best || r.date >= best.date) best = r;
	return best;
}

/** Red-pen feedback unanswered for more than seven days (a week and a day or older). */
export function isLongUnanswered(note: Pick<RedPenNote, 'date' | 'isAnswered'>, today: string): boolean {
	return !note.isAnswered && daysBetween(note.date, today) > RED_PEN_UNANSWERED_DAYS;
}

function unansweredLine(note: RedPenNote, today: string, who: string): MonitoringLine {
	return {
		kind: 'unanswered',
		key: `unanswered-${note.noteId}`,
		title: who,
		detail: `Red-pen feedback on “${note.workTitle}” unanswered for ${daysBetween(note.date, today)} days (given ${formatDay(note.date)} by ${note.by})`,
		href: note.href,
		tone: 'danger'
	};
}

/** An action's one line: "Attendance · Negative: address it — Key worker calls home each Monday". */
export function actionText(a: Pick<TrendAction, 'topic' | 'direction' | 'action' | 'observed'>): string {
	const about = `${TREND_TOPIC_LABELS[a.topic]} · ${DIRECTION_LABELS[a.direction]}`;
	return `${about}${a.observed ? ` (${a.observed})` : ''} — ${a.action}`;
}

function newestFirst(a: TrendAction, b: TrendAction): number {
	return b.createdAt.localeCompare(a.createdAt) || (a._id < b._id ? 1 : -1);
}

/** Everything the view shows. Pure: the store reads the records and the existing due rules. */
export function monitoring(input: MonitoringInput): Monitoring {
	const { today } = input;
	const names = new Map(input.pupils.map((p) => [p._id, p.name]));
	const byPupil = new Map<string, MonitoringLine[]>(input.pupils.map((p) => [p._id, []]));
	const add = (pupilId: string, l: MonitoringLine) => byPupil.get(pupilId)?.push(l);

	for (const note of input.redPen)
		if (isLongUnanswered(note, today)) add(note.pupilId, unansweredLine(note, today, names.get(note.pupilId) ?? ''));
	// Late or unsent: overdue, a draft waiting to be sent, or a period no sent form covers. A form
	// merely due today is Today's business, not a leader's.
	// A draft waiting to be sent is also its author's to finish: listed under them as well.
	const drafts = new Map<string, MonitoringLine[]>();
	const byAuthor = (draftId: string | undefined, l: MonitoringLine) => {
		const who = draftId ? input.draftAuthors?.get(draftId) : undefined;
		if (who) drafts.set(who, [...(drafts.get(who) ?? []), l]);
	};
	for (const f of input.feedback)
		if (f.status === 'overdue' || f.draft || f.gaps.length > 0) {
			const l = line('feedback', feedbackTodayItem(f, today));
			add(f.pupilId, l);
			byAuthor(f.draft?.id, { ...l, detail: `Feedback form: ${l.detail}` });
		}
	for (const r of input.reports)
		if (r.status === 'overdue' || r.draft) {
			const l = line('report', reportTodayItem(r));
			add(r.pupilId, l);
			byAuthor(r.draft?.id, l);
		}
	for (const c of input.calls) if (c.state === 'overdue') add(c.pupilId, line('call', callTodayItem(c, today)));
	for (const p of input.noPlan) add(p._id, line('plan', noPlanTodayItem(p)));
	for (const r of input.reviews) if (r.isOverdue) add(r.pupilId, line('review', reviewTodayItem(r, today)));

	const live = input.actions.filter((a) => !a.archived).sort(newestFirst);
	const pupils = input.pupils.map((p): PupilMonitoring => {
		const lastExitTicket = latest(input.exitTickets.filter((t) => t.pupilId === p._id));
		const lastRedPen = latest(input.redPen.filter((n) => n.pupilId === p._id));
		return {
			pupilId: p._id,
			name: p.name,
			lastExitTicket,
			lastRedPen,
			lines: byPupil.get(p._id) ?? [],
			actions: live.filter((a) => a.about === 'pupil' && a.pupilId === p._id)
		};
	});

	const usernames = [
		...new Set([...input.exitTickets.map((t) => t.by), ...input.redPen.map((n) => n.by), ...drafts.keys()])
	].sort((a, b) => a.localeCompare(b));
	const staff = usernames.map((username): StaffMonitoring => {
		const mine = input.redPen.filter((n) => n.by === username);
		return {
			username,
			lastExitTicket: latest(input.exitTickets.filter((t) => t.by === username)),
			lastRedPen: latest(mine),
			lines: [
				...mine
					.filter((n) => isLongUnanswered(n, today))
					.sort((a, b) => a.date.localeCompare(b.date))
					.map((n) => unansweredLine(n, today, names.get(n.pupilId) ?? 'A pupil no longer on roll')),
				...(drafts.get(username) ?? [])
			]
		};
	});

	const notices = input.notices
		.filter((n) => n.state === 'overdue')
		.map((n) => {
			const item = noticeTodayItem(n, input.noticeBy);
			const day = n.date === today ? 'today' : `on ${formatDay(n.date)}`;
			return line('notice', {
				...item,
				key: `${item.key}-${n.date}`,
				detail: `Not sent ${day} (due by ${input.noticeBy}) · ${n.pupils.length} ${n.pupils.length === 1 ? 'pupil' : 'pupils'} absent`
			});
		});

	return {
		pupils,
		staff,
		notices,
		trendActions: live.filter((a) => a.about === 'trend')
	};
}

/** The local date of a record's creation instant (what "given on" means to the person who gave it). */
export function localDateOf(instant: string): string {
	return localToday(new Date(instant));
}
