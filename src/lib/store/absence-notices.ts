import { DEFAULT_NOTICE_BY, noticesDue, type AbsenceNotice, type NoticeDue } from '$lib/domain/absence-notice';
import { onRollOn } from '$lib/domain/register';
import { marksOnDays } from './attendance';
import { db } from './db';
import * as pupils from './pupils';
import { repository, type SaveResult } from './repository';
import * as settings from './settings';

const repo = repository('absenceNotice');

const table = () => db.records<AbsenceNotice>('absenceNotice');

/** Local time as `HH:MM` (the notice time is a time on the provision's clock, not UTC). */
export function localTime(now: Date = new Date()): string {
	return `${String(now.getHours()).padStart(2, '0')}:${String(now.getMinutes()).padStart(2, '0')}`;
}

/** The time notices are due by (organisation settings), 10:00 until someone sets it. */
export async function dueBy(): Promise<string> {
	return (await settings.current()).absenceNoticeBy ?? DEFAULT_NOTICE_BY;
}

export async function setDueBy(time: string) {
	const s = await settings.current();
	return settings.save({ ...s, absenceNoticeBy: time });
}

export interface NoticesForDay {
	by: string;
	due: NoticeDue[];
	/** Notices already sent that day, latest first. */
	sent: AbsenceNotice[];
}

/** A day's notices: those still to send per host school, and those sent. Works offline. */
export async function forDay(date: string, now: string): Promise<NoticesForDay> {
	const [roll, marks, notices, by] = await Promise.all([
		pupils.list({ includeLeft: true }),
		marksOnDays(date),
		table().where('date').equals(date).toArray(),
		dueBy()
	]);
	const sent = notices.filter((n) => !n.archived).sort((a, b) => b.sentAt.localeCompare(a.sentAt));
	return {
		by,
		due: noticesDue({ date, now, by, pupils: roll.filter((p) => onRollOn(p, date)), marks, notices }),
		sent
	};
}

/** Record that a host school has been told (append-only: a notice is never edited). */
export function markSent(
	due: Pick<NoticeDue, 'date' | 'hostSchool' | 'pupils'>,
	how: { method: AbsenceNotice['method']; sentTo?: string }
): Promise<SaveResult<AbsenceNotice>> {
	return repo.create({
		date: due.date,
		hostSchool: due.hostSchool,
		pupilIds: due.pupils.map((p) => p.pupilId),
		method: how.method,
		sentTo: how.sentTo?.trim() || undefined,
		sentAt: new Date().toISOString()
	});
}
