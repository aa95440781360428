import { addDays } from '$lib/domain/calendar-days';
import type { ExitTicket } from '$lib/domain/exit-ticket';
import { markLabel } from '$lib/domain/lesson-rules';
import type { MarkingNote } from '$lib/domain/marking-note';
import { buildThreads } from '$lib/domain/marking-threads';
import { localDateOf, monitoring, type Monitoring, type RedPenNote, type SeenMark } from '$lib/domain/monitoring';
import { fullName } from '$lib/domain/pupil';
import * as absenceNotices from './absence-notices';
import { db } from './db';
import * as feedbackForms from './feedback-forms';
import * as parentContacts from './parent-contacts';
import * as plans from './plans';
import * as progressReports from './progress-reports';
import * as pupils from './pupils';
import * as trendActions from './trend-actions';

/** Same-day absence notices are looked for on today and this many days before (holidays have none). */
const NOTICE_DAYS_BACK = 14;

async function marks(): Promise<{ exitTickets: SeenMark[]; redPen: RedPenNote[] }> {
	const [tickets, notes] = await Promise.all([
		db.records<ExitTicket>('exitTicket').toArray(),
		db.records<MarkingNote>('markingNote').toArray()
	]);
	const exitTickets = tickets
		.filter((t) => !t.archived)
		.map((t) => ({
			pupilId: t.pupilId,
			date: t.date,
			by: t.createdBy,
			label: `${markLabel(t)} · ${t.topic}`,
			href: `/lessons/${encodeURIComponent(t.lessonId)}`
		}));
	const redPen: RedPenNote[] = [];
	for (const thread of buildThreads(notes)) {
		const open = new Set(thread.unanswered.map((n) => n._id));
		for (const n of thread.notes)
			if (n.pen === 'red')
				redPen.push({
					noteId: n._id,
					pupilId: n.pupilId,
					date: localDateOf(n.createdAt),
					by: n.createdBy,
					label: thread.workTitle,
					workTitle: thread.workTitle,
					href: `/pupils/${encodeURIComponent(n.pupilId)}/work/${encodeURIComponent(thread.id)}`,
					isAnswered: !open.has(n._id)
				});
	}
	return { exitTickets, redPen };
}

/** Missed notices: the time set has passed on every earlier day, and today once it is past. */
async function missedNotices(today: string) {
	const days = Array.from({ length: NOTICE_DAYS_BACK + 1 }, (_, i) => addDays(today, -i));
	const found = await Promise.all(
		days.map((d) => absenceNotices.forDay(d, d === today ? absenceNotices.localTime() : '23:59'))
	);
	return { by: found[0]!.by, due: found.flatMap((f) => f.due) };
}

/** The leaders' monitoring view, read from this tablet's records (works offline). */
export async function read(today: string): Promise<Monitoring> {
	const [roll, seen, feedback, reports, calls, noPlan, reviews, notices, actions] = await Promise.all([
		pupils.list(),
		marks(),
		feedbackForms.dueForms(today),
		progressReports.dueReports(today),
		parentContacts.statuses(today),
		plans.pupilsWithoutPlan(),
		plans.reviewsDue(today),
		missedNotices(today),
		trendActions.list()
	]);
	// Who started each waiting draft: its author is asked to finish it.
	const draftIds = [...feedback.map((f) => f.draft?.id), ...reports.map((r) => r.draft?.id)].filter(
		(id): id is string => !!id
	);
	const authors = await Promise.all(
		draftIds.map(async (id) => {
			const doc = await db
				.records<{ _id: string; createdBy: string }>(id.startsWith('feedbackForm:') ? 'feedbackForm' : 'progressReport')
				.get(id);
			return [id, doc?.createdBy] as const;
		})
	);
	return monitoring({
		today,
		pupils: roll.map((p) => ({ _id: p._id, name: fullName(p) })),
		...seen,
		feedback,
		reports,
		calls: calls.map((c) => ({ ...c, pupilName: fullName(c.pupil) })),
		noPlan: noPlan.map((p) => ({ _id: p._id, name: fullName(p) })),
		reviews,
		notices: notices.due,
		noticeBy: notices.by,
		actions,
		draftAuthors: new Map(authors.filter((a): a is readonly [string, string] => !!a[1]))
	});
}
