/**
 * Issue 19 item 15, PPP: "Each pupil will assess against their IEP and EHCP" and the plan links to
 * "education, health and care (EHC) plans". An EHCP is reviewed at least once a year; the date of
 * the next annual review is kept on the pupil. A pupil on roll with an EHCP is listed on Today
 * from `EHCP_REVIEW_SOON_DAYS` before the date, overdue after it, and when no date is recorded.
 */
import { daysBetween, formatDay, relativeDays } from './calendar-days';
import type { Pupil } from './pupil';

/** Shown this many days ahead: time to invite the host school and the local authority. */
export const EHCP_REVIEW_SOON_DAYS = 28;

export type EhcpReviewState = 'no-date' | 'overdue' | 'due-soon' | 'later';

export interface EhcpReview {
	state: EhcpReviewState;
	date: string | null;
	/** The state in plain words: "Annual review due in 5 days (12 Mar 2027)". */
	text: string;
}

/** The pupil's EHCP annual review on `today`, or null when they have no EHCP or are not on roll. */
export function ehcpReview(
	pupil: Pick<Pupil, 'senStatus' | 'status' | 'archived' | 'ehcpReviewDate'>,
	today: string
): EhcpReview | null {
	if (pupil.senStatus !== 'ehcp' || pupil.status !== 'active' || pupil.archived) return null;
	const date = pupil.ehcpReviewDate ?? null;
	if (!date) return { state: 'no-date', date, text: 'No EHCP annual review date recorded' };
	const days = daysBetween(today, date);
	if (days < 0)
		return {
			state: 'overdue',
			date,
			text: `EHCP annual review overdue by ${-days} ${days === -1 ? 'day' : 'days'} (${formatDay(date)})`
		};
	return {
		state: days <= EHCP_REVIEW_SOON_DAYS ? 'due-soon' : 'later',
		date,
		text: `EHCP annual review due ${relativeDays(date, today)} (${formatDay(date)})`
	};
}
