import { z } from 'zod';
import type { Attendance } from './attendance';
import { codeInfo, codeOf, isAbsence, type AttendanceCodeValue } from './attendance-codes';
import { latestMarks, type SessionMark } from './attendance-percent';
import {
	documentSchema,
	isoDate,
	isoDateTime,
	optionalText,
	pupilRef,
	requiredText,
	type DocOf,
	type InputOf
} from './common';
import { schoolKey } from './host-school';
import { fullName, type Pupil } from './pupil';
import type { TodayItem } from './today';

export const NOTICE_METHODS = ['phone', 'email'] as const;

/** The default time by which host schools hear of today's absences (organisation settings can change it). */
export const DEFAULT_NOTICE_BY = '10:00';

/**
 * A same-day absence notice: the host school was told, by phone or email, which of its pupils are
 * absent today. One document per notice sent (append-only); a pupil marked absent after the
 * notice goes in the next one.
 */
export const absenceNoticeSchema = documentSchema('absenceNotice', {
	date: isoDate,
	/** The host school as the pupils' records name it. */
	hostSchool: requiredText('Host school', 200),
	pupilIds: z.array(pupilRef).min(1, { error: 'A notice names at least one pupil' }).max(500),
	method: z.enum(NOTICE_METHODS, { error: 'Say whether the notice went by phone or email' }),
	/** Who at the host school was told. */
	sentTo: optionalText('Who was told', 200),
	sentAt: isoDateTime
});

export type AbsenceNotice = DocOf<typeof absenceNoticeSchema>;
export type AbsenceNoticeInput = InputOf<AbsenceNotice>;

export interface AbsentPupil {
	pupilId: string;
	name: string;
	/** The code that stands for the latest absent session today, and its words. */
	code: AttendanceCodeValue;
	codeLabel: string;
	sessions: Attendance['session'][];
	reason?: string;
}

export interface NoticeDue {
	hostSchool: string;
	date: string;
	pupils: AbsentPupil[];
	/** Overdue once the time set for notices has passed. */
	state: 'due' | 'overdue';
}

export interface NoticeInput {
	date: string;
	/** Local time now, `HH:MM`. */
	now: string;
	/** The time notices are due by, `HH:MM`. */
	by: string;
	pupils: readonly Pick<Pupil, '_id' | 'givenName' | 'familyName' | 'hostSchool'>[];
	/** The day's attendance marks (any day's are ignored but this one's). */
	marks: readonly (SessionMark & { reason?: string })[];
	notices: readonly Pick<AbsenceNotice, 'date' | 'hostSchool' | 'pupilIds' | 'archived'>[];
}

/**
 * Today's notices still to send: per host school, the pupils marked absent today (an authorised or
 * unauthorised code in either session) who are not in a notice already sent to that school today.
 * Schools are in name order; pupils in surname order.
 */
export function noticesDue(input: NoticeInput): NoticeDue[] {
	const told = new Set<string>();
	for (const n of input.notices)
		if (!n.archived && n.date === input.date) for (const id of n.pupilIds) told.add(`${schoolKey(n.hostSchool)}|${id}`);

	const absent = new Map<string, (SessionMark & { reason?: string })[]>();
	for (const m of latestMarks(input.marks.filter((m) => m.date === input.date)))
		if (isAbsence(codeOf(m))) absent.set(m.pupilId, [...(absent.get(m.pupilId) ?? []), m]);

	const bySchool = new Map<string, NoticeDue>();
	const pupils = [...input.pupils].sort(
		(a, b) => a.familyName.localeCompare(b.familyName) || a.givenName.localeCompare(b.givenName)
	);
	for (const pupil of pupils) {
		const sessions = absent.get(pupil._id);
		if (!sessions || told.has(`${schoolKey(pupil.hostSchool)}|${pupil._id}`)) continue;
		const latest = sessions.find((m) => m.session === 'pm') ?? sessions[0]!;
		const code = codeOf(latest);
		const reason = sessions.map((m) => m.reason?.trim()).find((r) => r) ?? undefined;
		const key = schoolKey(pupil.hostSchool);
		const due = bySchool.get(key) ?? {
			hostSchool: pupil.hostSchool.trim(),
			date: input.date,
			pupils: [],
			state: input.now >= input.by ? 'overdue' : 'due'
		};
		due.pupils.push({
			pupilId: pupil._id,
			name: fullName(pupil),
			code,
			codeLabel: codeInfo(code).label,
			sessions: sessions.map((m) => m.session).sort(),
			...(reason ? { reason } : {})
		});
		bySchool.set(key, due);
	}
	return [...bySchool.values()].sort((a, b) => a.hostSchool.localeCompare(b.hostSchool));
}

/** What is said or written to the host school: one line per pupil, code and reason. */
export function noticeText(due: Pick<NoticeDue, 'hostSchool' | 'date' | 'pupils'>, provisionName: string): string {
	const lines = due.pupils.map(
		(p) => `- ${p.name}: ${p.code}, ${p.codeLabel}.${p.reason ? ` Reason: ${p.reason}` : ''}`
	);
	return [`${provisionName}: absence notice for ${due.hostSchool}, ${due.date}`, ...lines].join('\n');
}

/** `HH:MM` for a time setting: 24-hour clock. */
export const timeOfDay = z
	.string()
	.regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'Time must be written as HH:MM on the 24-hour clock, e.g. 10:00' });

/** Today's line for a notice still to send: shown until it is marked sent. */
export function noticeTodayItem(due: NoticeDue, by: string): TodayItem {
	const absent = `${due.pupils.length} ${due.pupils.length === 1 ? 'pupil' : 'pupils'} absent`;
	return {
		key: `absence-notice-${schoolKey(due.hostSchool)}`,
		title: due.hostSchool,
		detail: due.state === 'overdue' ? `Overdue: due by ${by} · ${absent}` : `Tell them by ${by} · ${absent}`,
		href: `/attendance/notices?date=${due.date}`,
		tone: due.state === 'overdue' ? 'danger' : 'warning'
	};
}
