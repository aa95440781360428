import { AUDIT_KIND_LABELS, newestFirst, type AuditRecord } from './audit-record';
/**
 * R6.1: one pupil's progress from baseline to today, as tables (screen, CSV, evidence-pack PDF)
 * and a date-ordered list of everything recorded. Pure: the store hands in the pupil's records.
 */
import { ASSESSMENT_KIND_LABELS } from './assessment';
import { dayOfInstant, localToday } from './calendar-days';
import { attendanceSummary, formatAttendance } from './attendance-percent';
import { DOMAIN_LABELS } from './baseline';
import { OUTCOME_LABELS, type ExitTicket } from './exit-ticket';
import { ATL_LABELS, PROGRESS_LABELS } from './feedback-form';
import { COMPARISON_LABELS, compareToTarget, isOnScale, scaleForYear, targetForYear } from './grade-scale';
import type { PUPIL_SCOPED_TYPES, RecordOf } from './kinds';
import { subjectLabel, type Lesson } from './lesson';
import { buildThreads, type Thread } from './marking-threads';
import type { Moderation } from './moderation';
import { RATING_LABELS } from './plan-review';
import { fullName, type Pupil } from './pupil';
import { REINTEGRATION_LABELS } from './reintegration';
import type { FigureTable } from './trends-tables';
import type { PageOnServer } from './work-photo';

/** The record kinds that carry `pupilId`. */
export type PupilScopedType = (typeof PUPIL_SCOPED_TYPES)[number];

export type PupilRecords = { pupil: Pupil; lesson: Lesson[]; moderation: Moderation[] } & {
	[K in PupilScopedType]: RecordOf<K>[];
};

export interface TimelineEvent {
	date: string;
	/** What kind of record, in words: "Exit ticket", "Plan review". */
	kind: string;
	text: string;
}

const byDate =
	<T>(dateOf: (r: T) => string) =>
	(a: T, b: T) =>
		dateOf(a).localeCompare(dateOf(b));
const month = (date: string) => date.slice(0, 7);

export function exitTicketResult(t: Pick<ExitTicket, 'score' | 'maxScore' | 'outcome'>): string {
	if (t.score !== undefined && t.maxScore !== undefined) return `${t.score}/${t.maxScore}`;
	return t.outcome ? OUTCOME_LABELS[t.outcome] : '';
}

/**
 * When a report belongs on the timeline: the day it was sent, else the day it was written if
 * that is before its period ends. A draft for a period still running is never dated in the
 * future (it would sit above everything that has happened).
 */
function reportDay(r: { periodEnd: string; createdAt: string; sentAt?: string }): string {
	const written = localToday(new Date(r.sentAt ?? r.createdAt));
	return r.sentAt || written < r.periodEnd ? written : r.periodEnd;
}

const lessonCount = (n: number) => `${n} ${n === 1 ? 'lesson' : 'lessons'}`;

/** Everything recorded, oldest first (attendance is summarised by month in its own table). */
/**
 * `onServer`: pages whose picture this tablet gave up (freed for space, or left with the working
 * window); each still belongs on the timeline, saying where the picture is.
 */
export function timelineEvents(r: PupilRecords, onServer: readonly PageOnServer[] = []): TimelineEvent[] {
	const events: TimelineEvent[] = [];
	const add = (date: string | undefined, kind: string, text: string) => date && events.push({ date, kind, text });
	add(r.pupil.startDate, 'Joined', `Started at the provision (from ${r.pupil.hostSchool})`);
	for (const i of r.intake)
		add(
			i.receivedDate ?? dayOfInstant(i.createdAt),
			'Host-school data',
			`${subjectLabel(i.subject)}: working at ${i.workingAt}, KS4 target ${i.ks4Target}${i.ks3Target ? `, KS3 target ${i.ks3Target}` : ''}`
		);
	for (const b of r.baseline)
		add(
			b.date,
			'Baseline',
			`${DOMAIN_LABELS[b.domain]} — ${b.instrument}${b.rawScore !== undefined ? `, ${b.rawScore}${b.maxScore !== undefined ? `/${b.maxScore}` : ''}` : ''}${b.standardisedScore !== undefined ? `, standardised ${b.standardisedScore}` : ''}${b.band ? `, ${b.band}` : ''}`
		);
	for (const p of r.plan)
		add(
			p.startDate,
			'Plan',
			`Personalised plan with ${p.objectives.length} objective${p.objectives.length === 1 ? '' : 's'}; review by ${p.reviewDate}`
		);
	for (const pr of r.planReview) {
		const counts = Object.entries(RATING_LABELS)
			.map(([key, label]) => [label, pr.ratings.filter((x) => x.rating === key).length] as const)
			.filter(([, n]) => n > 0)
			.map(([label, n]) => `${n} ${label.toLowerCase()}`);
		add(pr.date, 'Plan review', `${counts.join(', ') || 'No ratings'}${pr.summary ? ` — ${pr.summary}` : ''}`);
	}
	for (const photo of r.workPhoto)
		if (!photo.archived) add(dayOfInstant(photo.createdAt), 'Photo of work', `${photo.workTitle}, page ${photo.page}`);
	const held = new Set(r.workPhoto.map((p) => p._id));
	for (const page of onServer)
		if (!held.has(page._id))
			add(
				dayOfInstant(page.createdAt),
				'Photo of work',
				`${page.workTitle}, page ${page.page} (the picture is on the office server)`
			);
	for (const t of r.exitTicket)
		add(t.date, 'Exit ticket', `${subjectLabel(t.subject)}: ${t.topic} — ${exitTicketResult(t)}`);
	for (const f of r.feedbackForm)
		add(
			reportDay(f),
			'Feedback form',
			`ATL ${f.atl} ${ATL_LABELS[f.atl]}, ${PROGRESS_LABELS[f.progress]} (${lessonCount(f.lessonsAttended)}${f.status === 'draft' ? ', draft' : ''})`
		);
	for (const a of r.assessment)
		add(
			a.date,
			'Assessment',
			`${ASSESSMENT_KIND_LABELS[a.kind]}: ${a.name} (${subjectLabel(a.subject)})${a.grade ? `, grade ${a.grade}` : ''}${a.standardisedScore !== undefined ? `, standardised ${a.standardisedScore}` : ''}${a.rawScore !== undefined ? `, ${a.rawScore}${a.maxScore !== undefined ? `/${a.maxScore}` : ''}` : ''}`
		);
	for (const p of r.progressReport)
		add(
			reportDay(p),
			'Half-termly report',
			`${p.halfTerm}${p.attendancePercent !== undefined ? `, attendance ${formatAttendance(p.attendancePercent)}` : ''}`
		);
	for (const b of r.behaviour)
		add(
			b.date,
			b.polarity === 'positive' ? 'Behaviour (positive)' : 'Behaviour (negative)',
			`${b.category}: ${b.description}`
		);
	for (const c of r.parentContact) add(c.date, 'Parent/carer contact', `${c.contactName} (${c.method}, ${c.outcome})`);
	for (const w of r.hostWork)
		add(w.receivedDate, 'Host-school work', `${subjectLabel(w.subject)}: ${w.description} (${w.status})`);
	for (const x of r.reintegration)
		add(
			x.completedDate ?? x.targetDate ?? x.updatedAt.slice(0, 10),
			'Reintegration',
			`${REINTEGRATION_LABELS[x.status]}${x.destinationSchool ? ` — ${x.destinationSchool}` : ''}`
		);
	for (const m of r.moderation) {
		for (const s of m.samples.filter((s) => s.pupilId === r.pupil._id))
			add(
				m.date,
				'Moderation',
				`${s.workTitle}: ours ${s.internalJudgement}, moderator ${s.moderatedJudgement}${s.agreed ? ' (agreed)' : ' (not agreed)'}`
			);
	}
	return events.sort(byDate((e) => e.date));
}

/** Attainment against target per subject over time: the intake, then each graded assessment. */
export function attainmentHistoryTable(r: PupilRecords, ks3Steps: readonly string[]): FigureTable {
	const scale = scaleForYear(r.pupil.yearGroup, ks3Steps);
	const rows: FigureTable['rows'] = [];
	for (const intake of [...r.intake].sort((a, b) => a.subject.localeCompare(b.subject))) {
		const target = targetForYear(intake, r.pupil.yearGroup);
		const judge = (grade: string) => {
			const c = target ? compareToTarget(grade, target, scale) : null;
			return c ? COMPARISON_LABELS[c] : 'Cannot compare';
		};
		rows.push([
			intake.receivedDate ?? dayOfInstant(intake.createdAt),
			subjectLabel(intake.subject),
			'Host school at intake',
			intake.workingAt,
			target ?? null,
			judge(intake.workingAt)
		]);
		const graded = r.assessment
			.filter((a) => a.subject === intake.subject && a.grade && isOnScale(a.grade, scale))
			.sort(byDate((a) => a.date));
		for (const a of graded)
			rows.push([a.date, subjectLabel(a.subject), a.name, a.grade!, target ?? null, judge(a.grade!)]);
	}
	return {
		id: 'attainment-against-target',
		title: 'Attainment against target',
		columns: ['Date', 'Subject', 'Source', 'Working at', 'Target', 'Against target'],
		rows
	};
}

export function feedbackTable(r: PupilRecords): FigureTable {
	return {
		id: 'feedback-forms',
		title: 'Feedback forms: attitude to learning and progress',
		columns: ['Period end', 'ATL (1–4)', 'ATL', 'Progress', 'Lessons attended', 'Status'],
		rows: [...r.feedbackForm]
			.sort(byDate((f) => f.periodEnd))
			.map((f) => [
				f.periodEnd,
				f.atl,
				ATL_LABELS[f.atl],
				PROGRESS_LABELS[f.progress],
				f.lessonsAttended,
				f.status === 'sent' ? 'Sent' : 'Draft'
			])
	};
}

export function attendanceByMonthTable(r: PupilRecords): FigureTable {
	const months = [...new Set(r.attendance.map((m) => month(m.date)))].sort();
	return {
		id: 'attendance-by-month',
		title: 'Attendance by month',
		columns: ['Month', 'Attendance (%)', 'Sessions attended', 'Sessions recorded'],
		rows: months.map((m) => {
			const s = attendanceSummary(r.attendance.filter((x) => month(x.date) === m));
			return [m, s.percent, s.present, s.recorded];
		})
	};
}

export function behaviourByMonthTable(r: PupilRecords): FigureTable {
	const months = [...new Set(r.behaviour.map((b) => month(b.date)))].sort();
	return {
		id: 'behaviour-by-month',
		title: 'Behaviour by month',
		columns: ['Month', 'Positive', 'Negative'],
		rows: months.map((m) => {
			const entries = r.behaviour.filter((b) => month(b.date) === m);
			const positive = entries.filter((b) => b.polarity === 'positive').length;
			return [m, positive, entries.length - positive];
		})
	};
}

export function exitTicketTable(r: PupilRecords): FigureTable {
	return {
		id: 'exit-tickets',
		title: 'Exit tickets',
		columns: ['Date', 'Subject', 'Topic', 'Result', 'Comment'],
		rows: [...r.exitTicket]
			.sort(byDate((t) => t.date))
			.map((t) => [t.date, subjectLabel(t.subject), t.topic, exitTicketResult(t), t.comment ?? null])
	};
}

export function assessmentTable(r: PupilRecords): FigureTable {
	const baselines = r.baseline.map((b) => [
		b.date,
		'Baseline',
		DOMAIN_LABELS[b.domain],
		b.instrument,
		b.rawScore !== undefined ? `${b.rawScore}${b.maxScore !== undefined ? `/${b.maxScore}` : ''}` : null,
		b.standardisedScore ?? null,
		b.band ?? null
	]);
	const tests = r.assessment.map((a) => [
		a.date,
		ASSESSMENT_KIND_LABELS[a.kind],
		subjectLabel(a.subject),
		a.name,
		a.rawScore !== undefined ? `${a.rawScore}${a.maxScore !== undefined ? `/${a.maxScore}` : ''}` : null,
		a.standardisedScore ?? null,
		a.grade ?? null
	]);
	return {
		id: 'baseline-and-assessments',
		title: 'Baseline and assessments',
		columns: ['Date', 'Kind', 'Subject or domain', 'Name', 'Score', 'Standardised score', 'Grade or band'],
		rows: [...baselines, ...tests].sort((a, b) => String(a[0]).localeCompare(String(b[0])))
	};
}

export function planReviewTable(r: PupilRecords): FigureTable {
	const objectives = new Map(
		r.plan.flatMap((p) => p.objectives.map((o) => [`${p._id}|${o.id}`, o.description] as const))
	);
	return {
		id: 'plan-reviews',
		title: 'Plan reviews',
		columns: ['Date', 'Objective', 'Rating', 'Comment'],
		rows: [...r.planReview]
			.sort(byDate((p) => p.date))
			.flatMap((pr) =>
				pr.ratings.map((x) => [
					pr.date,
					objectives.get(`${pr.planId}|${x.objectiveId}`) ?? x.objectiveId,
					RATING_LABELS[x.rating],
					x.comment ?? null
				])
			)
	};
}

export function timelineTables(r: PupilRecords, ks3Steps: readonly string[]): FigureTable[] {
	return [
		attainmentHistoryTable(r, ks3Steps),
		feedbackTable(r),
		attendanceByMonthTable(r),
		behaviourByMonthTable(r),
		exitTicketTable(r),
		assessmentTable(r),
		planReviewTable(r)
	];
}

/**
 * A sample of marking for work scrutiny: the most recent threads, preferring those where the
 * pupil answered in purple pen (evidence of the feedback loop).
 */
export function markingSample(r: PupilRecords, count = 3): Thread[] {
	const threads = buildThreads(r.markingNote, r.workPhoto);
	const answered = threads.filter((t) => t.notes.some((n) => n.pen === 'purple'));
	const rest = threads.filter((t) => !answered.includes(t));
	return [...answered, ...rest].slice(0, count);
}

/** A subject access request: every record held about the pupil, as stored, with what it is. */
export function subjectAccessExport(
	r: PupilRecords,
	meta: { exportedBy: string; exportedAt: string; provisionName: string; audit?: readonly AuditRecord[] }
) {
	const { pupil, lesson, moderation, ...scoped } = r;
	return {
		about: `Every record ${meta.provisionName} holds about ${fullName(pupil)} in Waymark, including withdrawn (archived) records.`,
		exportedAt: meta.exportedAt,
		exportedBy: meta.exportedBy,
		pupil,
		records: scoped,
		// Lessons and moderation meetings are shared with other pupils: only this pupil's part.
		lessons: lesson.map((l) => ({
			_id: l._id,
			date: l.date,
			subject: l.subject,
			topic: l.topic,
			teacher: l.teacher,
			present: l.present.includes(pupil._id),
			archived: l.archived
		})),
		moderation: moderation.map((m) => ({
			_id: m._id,
			date: m.date,
			moderatorName: m.moderatorName,
			moderatorOrganisation: m.moderatorOrganisation,
			subject: m.subject,
			samples: m.samples.filter((s) => s.pupilId === pupil._id),
			archived: m.archived
		})),
		// Who exported, printed or changed records about the pupil (UK GDPR: recipients of the data).
		// Other pupils in a batch are not named: only what the line says about this pupil's file.
		audit: [...(meta.audit ?? [])].sort(newestFirst).map((a) => ({
			at: a.createdAt,
			by: a.createdBy,
			what: AUDIT_KIND_LABELS[a.kind],
			summary: a.summary,
			...(a.deviceId ? { device: a.deviceId } : {})
		}))
	};
}

export type SubjectAccessExport = ReturnType<typeof subjectAccessExport>;

/**
 * The pupil's records with more added (older records read from the office server for one screen,
 * sync/older-records.ts): each to its kind's list, a record already there never twice.
 */
export function withMoreRecords(r: PupilRecords, more: readonly { _id: string; type?: unknown }[]): PupilRecords {
	const out = { ...r } as Record<string, unknown>;
	for (const doc of more) {
		const type = doc.type;
		if (typeof type !== 'string' || type === 'pupil' || !Array.isArray(out[type])) continue;
		const list = out[type] as { _id: string }[];
		if (list.some((x) => x._id === doc._id)) continue;
		out[type] = [...list, doc];
	}
	return out as PupilRecords;
}
