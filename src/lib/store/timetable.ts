import { compareSlots, timetableTodayItems, type TimetableSlot } from '$lib/domain/timetable';
import { isoWeekday } from '$lib/domain/calendar-days';
import type { TodayItem } from '$lib/domain/today';
import { db } from './db';
import * as lessons from './lessons';
import { repository } from './repository';

const repo = repository('timetableSlot');

/** A slot is changed in place (it is a plan, not a record of what happened); withdrawn with `archive`. */
export const { create, update, archive, get, revert } = repo;

/** Every slot on the timetable (not withdrawn), Monday first, earliest first. */
export async function list(): Promise<TimetableSlot[]> {
	return (await db.records<TimetableSlot>('timetableSlot').toArray()).filter((s) => !s.archived).sort(compareSlots);
}

/** One pupil's timetable: the slots their name is on (a part-time pupil's few, or a full week). */
export async function forPupil(pupilId: string): Promise<TimetableSlot[]> {
	const rows = await db.records<TimetableSlot>('timetableSlot').where('pupilIds').equals(pupilId).toArray();
	return rows.filter((s) => !s.archived).sort(compareSlots);
}

/** Today's timetabled lessons not started yet, for the Today screen. */
export async function todayItems(date: string): Promise<TodayItem[]> {
	const [slots, started] = await Promise.all([
		db.records<TimetableSlot>('timetableSlot').where('weekday').equals(isoWeekday(date)).toArray(),
		lessons.lessonsOn(date)
	]);
	const startedSlotIds = new Set(started.map((l) => l.timetableSlotId).filter((id): id is string => !!id));
	return timetableTodayItems(date, slots, startedSlotIds);
}
