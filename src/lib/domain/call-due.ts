import { addDays, daysBetween } from './calendar-days';
import type { ParentContact } from './parent-contact';
import type { Pupil } from './pupil';

/** Used when the organisation has not saved its own interval (policy: every 2–3 weeks). */
export const DEFAULT_CALL_INTERVAL_DAYS = 14;
/** Calls due within this many days show as "due soon" on the calls list (not on Today). */
export const CALL_SOON_DAYS = 3;

export type CallState = 'overdue' | 'due' | 'soon' | 'ok';

export interface CallStatus {
	pupilId: string;
	state: CallState;
	/** When the next call is due. */
	dueDate: string;
	/** Days past the due date (0 when due today or not yet due). */
	daysOverdue: number;
	/** The last contact in which someone was actually reached. */
	lastReached?: ParentContact;
	/** The last contact of any outcome, e.g. a no-answer after the last conversation. */
	lastAttempt?: ParentContact;
}

/**
 * Only a conversation resets the clock. The policy asks for a call "to discuss the work … and
 * the progress", so no answer, a voicemail or a message left keep the pupil due.
 */
export function resetsClock(contact: Pick<ParentContact, 'outcome'>): boolean {
	return contact.outcome === 'spoke';
}

/** Newest first: by date, then by when it was written (two calls on one day). */
function newestFirst(a: ParentContact, b: ParentContact): number {
	return b.date.localeCompare(a.date) || b.createdAt.localeCompare(a.createdAt);
}

/**
 * When the pupil's next parent/carer call is due: the interval after the last conversation, or
 * after the pupil started when nobody has been reached yet.
 */
export function callStatus(
	pupil: Pick<Pupil, '_id' | 'startDate'>,
	contacts: readonly ParentContact[],
	today: string,
	intervalDays: number = DEFAULT_CALL_INTERVAL_DAYS
): CallStatus {
	const mine = contacts.filter((c) => c.pupilId === pupil._id && !c.archived).sort(newestFirst);
	const lastReached = mine.find(resetsClock);
	const lastAttempt = mine[0];
	const dueDate = addDays(lastReached?.date ?? pupil.startDate, intervalDays);
	const untilDue = daysBetween(today, dueDate);
	const state: CallState =
		untilDue < 0 ? 'overdue' : untilDue === 0 ? 'due' : untilDue <= CALL_SOON_DAYS ? 'soon' : 'ok';
	return { pupilId: pupil._id, state, dueDate, daysOverdue: Math.max(0, -untilDue), lastReached, lastAttempt };
}

/** Every pupil's call status, most overdue first (the order a teacher should ring them in). */
export function callStatuses(
	pupils: readonly Pick<Pupil, '_id' | 'startDate'>[],
	contacts: readonly ParentContact[],
	today: string,
	intervalDays: number = DEFAULT_CALL_INTERVAL_DAYS
): CallStatus[] {
	return pupils
		.map((p) => callStatus(p, contacts, today, intervalDays))
		.sort((a, b) => a.dueDate.localeCompare(b.dueDate));
}

/** Due today or overdue: what Today and the top of the calls list show. */
export function isCallDue(status: Pick<CallStatus, 'state'>): boolean {
	return status.state === 'overdue' || status.state === 'due';
}
