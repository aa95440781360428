import { daysBetween } from './calendar-days';
import type { HostWork } from './host-work';

/** Work due within this many days counts as "due soon" (on Today and the host-work list). */
export const HOST_WORK_SOON_DAYS = 7;

export type HostWorkState = 'returned' | 'overdue' | 'due-soon' | 'open';

/**
 * Where a piece of host-school work stands. The due date is when the host school wants it back,
 * so work finished here but not yet returned is still overdue once that date passes.
 */
export function hostWorkState(work: Pick<HostWork, 'status' | 'dueDate'>, today: string): HostWorkState {
	if (work.status === 'returned') return 'returned';
	if (!work.dueDate) return 'open';
	const untilDue = daysBetween(today, work.dueDate);
	if (untilDue < 0) return 'overdue';
	return untilDue <= HOST_WORK_SOON_DAYS ? 'due-soon' : 'open';
}

export function isHostWorkOverdue(work: Pick<HostWork, 'status' | 'dueDate'>, today: string): boolean {
	return hostWorkState(work, today) === 'overdue';
}

/** Outstanding first, earliest due first (no due date last); returned work newest return first. */
export function compareHostWork(a: HostWork, b: HostWork): number {
	const aDone = a.status === 'returned';
	const bDone = b.status === 'returned';
	if (aDone !== bDone) return aDone ? 1 : -1;
	if (aDone) return (b.returnedDate ?? '').localeCompare(a.returnedDate ?? '');
	return (
		(a.dueDate ?? '9999-12-31').localeCompare(b.dueDate ?? '9999-12-31') || a.receivedDate.localeCompare(b.receivedDate)
	);
}
