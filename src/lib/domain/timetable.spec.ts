import { describe, expect, it } from 'vitest';
import { makeDoc } from '$tests/test-factories';
import { isoWeekday } from './calendar-days';
import { lessonsPerWeek, slotsOn, slotTitle, timetableSlotSchema, timetableTodayItems } from './timetable';

// Autumn 1 2026: Wed 2 Sep to Fri 23 Oct. Mon 5 Oct 2026 is a Monday.
const slot = (over: Record<string, unknown>) => makeDoc('timetableSlot', over);
const maths = slot({ weekday: 1, start: '09:50', period: 'Period 2', subject: 'maths', group: 'Year 9 group' });
const english = slot({ weekday: 1, start: '09:00', end: '09:45', period: 'Period 1', subject: 'english' });
const tuesday = slot({ weekday: 2 });
const nextTerm = slot({ weekday: 1, from: '2026-11-02', to: '2026-12-18' });
const withdrawn = slot({ weekday: 1, archived: true });

describe('timetable', () => {
	it('numbers weekdays Monday 1 to Sunday 7', () => {
		expect(isoWeekday('2026-10-05')).toBe(1);
		expect(isoWeekday('2026-10-09')).toBe(5);
		expect(isoWeekday('2026-10-11')).toBe(7);
	});

	it('gives a Monday’s lessons in this half term, earliest first, leaving out other days, other terms and withdrawn ones', () => {
		const all = [maths, english, tuesday, nextTerm, withdrawn];
		expect(slotsOn('2026-10-05', all).map((s) => s._id)).toEqual([english._id, maths._id]);
		expect(slotsOn('2026-11-02', all).map((s) => s._id)).toEqual([nextTerm._id]);
		expect(slotsOn('2026-10-10', all)).toEqual([]);
	});

	it('puts today’s lessons on Today as “Period 2 Maths, Year 9 group — take register”, opening a new lesson from the slot', () => {
		const items = timetableTodayItems('2026-10-05', [maths, english], new Set([english._id]));
		expect(items).toEqual([
			{
				key: `timetable-${maths._id}`,
				title: 'Period 2 Maths, Year 9 group — take register',
				detail: '09:50–10:50 · Room 3 · teacher1',
				href: `/lessons/new?slot=${encodeURIComponent(maths._id)}`,
				tone: 'info'
			}
		]);
		expect(slotTitle({ subject: 'construction', group: 'Sam Patel (part-time)' })).toBe(
			'Construction, Sam Patel (part-time)'
		);
	});

	it('counts a part-time pupil’s lessons a week', () => {
		expect(lessonsPerWeek([maths, english, tuesday, nextTerm, withdrawn], '2026-10-05')).toBe(3);
	});

	it('refuses a slot ending before it starts and a half term ending before it begins', () => {
		expect(timetableSlotSchema.safeParse({ ...maths, end: '09:00' }).error?.issues[0]?.message).toBe(
			'The lesson must end after it starts'
		);
		expect(timetableSlotSchema.safeParse({ ...maths, to: '2026-09-01' }).error?.issues[0]?.message).toBe(
			'The timetable must end on or after the day it starts'
		);
	});
});
