import { z } from 'zod';
import { timeOfDay } from './absence-notice';
import { isoWeekday } from './calendar-days';
import { documentSchema, isoDate, optionalText, pupilRef, requiredText, type DocOf, type InputOf } from './common';
import { subjectLabel, subjectSlug } from './lesson';
import type { TodayItem } from './today';

export const WEEKDAYS = [1, 2, 3, 4, 5] as const;
export const WEEKDAY_NAMES: Record<number, string> = {
	1: 'Monday',
	2: 'Tuesday',
	3: 'Wednesday',
	4: 'Thursday',
	5: 'Friday'
};

/**
 * One recurring lesson on the timetable: every `weekday` from `from` to `to` (the half term), at
 * `start`–`end`, with a group of pupils. A part-time timetable is the slots of one pupil: a slot
 * can be for a single pupil (an individual session) as well as for a group.
 */
export const timetableSlotSchema = documentSchema('timetableSlot', {
	weekday: z
		.int({ error: 'Choose a day from Monday to Friday' })
		.min(1, { error: 'Choose a day from Monday to Friday' })
		.max(5, { error: 'Choose a day from Monday to Friday' }),
	start: timeOfDay,
	end: timeOfDay,
	/** "Period 2", "P1", "Session 3": how the provision names the slot, if it does. */
	period: optionalText('Period', 40),
	subject: subjectSlug,
	group: requiredText('Group', 100),
	pupilIds: z
		.array(pupilRef, { error: 'The group must be a list of pupils' })
		.min(1, { error: 'Choose at least one pupil for the group' })
		.max(60, { error: 'A group can have at most 60 pupils' }),
	teacher: optionalText('Teacher', 100),
	room: optionalText('Room or site', 100),
	from: isoDate,
	to: isoDate
})
	.refine((s) => s.start < s.end, { error: 'The lesson must end after it starts', path: ['end'] })
	.refine((s) => s.from <= s.to, { error: 'The timetable must end on or after the day it starts', path: ['to'] });

export type TimetableSlot = DocOf<typeof timetableSlotSchema>;
export type TimetableSlotInput = InputOf<TimetableSlot>;

/** Earliest first, then by group name. */
export function compareSlots(a: TimetableSlot, b: TimetableSlot): number {
	return a.weekday - b.weekday || a.start.localeCompare(b.start) || a.group.localeCompare(b.group);
}

/** The slots that run on a date: its weekday, inside the slot's dates, not withdrawn; earliest first. */
export function slotsOn(date: string, slots: readonly TimetableSlot[]): TimetableSlot[] {
	const weekday = isoWeekday(date);
	return slots.filter((s) => !s.archived && s.weekday === weekday && s.from <= date && date <= s.to).sort(compareSlots);
}

/** "Period 2 Maths, Year 9 group" (or "Maths, Year 9 group" when periods are not named). */
export function slotTitle(s: Pick<TimetableSlot, 'period' | 'subject' | 'group'>): string {
	return `${s.period?.trim() ? `${s.period.trim()} ` : ''}${subjectLabel(s.subject)}, ${s.group}`;
}

/** "09:50–10:50 · Room 3 · teacher1" */
export function slotDetail(s: Pick<TimetableSlot, 'start' | 'end' | 'room' | 'teacher'>): string {
	return [`${s.start}–${s.end}`, s.room?.trim(), s.teacher?.trim()].filter(Boolean).join(' · ');
}

/**
 * Today's timetabled lessons not started yet, each opening a new lesson with its subject and
 * group filled in. A slot whose lesson was started today (`startedSlotIds`) drops off: the lesson
 * itself is then on Today until its register is taken and tickets marked.
 */
export function timetableTodayItems(
	date: string,
	slots: readonly TimetableSlot[],
	startedSlotIds: ReadonlySet<string>
): TodayItem[] {
	return slotsOn(date, slots)
		.filter((s) => !startedSlotIds.has(s._id))
		.map((s) => ({
			key: `timetable-${s._id}`,
			title: `${slotTitle(s)} — take register`,
			detail: slotDetail(s),
			href: `/lessons/new?slot=${encodeURIComponent(s._id)}`,
			tone: 'info' as const
		}));
}

/** Lessons a week of these slots gives, e.g. a part-time pupil's "4 lessons a week". */
export function lessonsPerWeek(slots: readonly TimetableSlot[], date: string): number {
	return slots.filter((s) => !s.archived && s.from <= date && date <= s.to).length;
}
