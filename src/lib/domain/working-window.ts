import { decodeTime } from 'ulid';
import { addDays, formatDay, localToday } from './calendar-days';
import type { RecordType } from './kinds';
import { schoolYearOf } from './reintegration-rules';

/**
 * The working window: what a tablet keeps. Every record of pupils on roll that is not tied to a
 * day (the pupil, intake, plans, baselines, assessments, settings…) stays; records of something
 * that happened on a day (registers, exit tickets, lessons, notes, calls, behaviour, feedback
 * forms, reports, photos of work and their ink) stay for the current school year and the one
 * before, by default. Older ones stay on the office server and leave the tablet. A pupil who has
 * left (or been reintegrated) takes all their records off tablets a set time after their last day,
 * unless they come back on roll. Nothing here ever touches the server.
 */

/** School years kept on a tablet, counting the current one (organisation setting; default 2). */
export const DEFAULT_WINDOW_YEARS = 2;
/** Days after a pupil's last day before their records leave tablets (organisation setting; default 30). */
export const DEFAULT_LEAVER_DAYS = 30;

/**
 * The day each time-bound kind is about: the field holding it, and whether it is a saved-at time
 * (date and time) rather than a date. Kinds not listed are kept whatever their age.
 */
export const TIME_BOUND_FIELDS = {
	attendance: { field: 'date' },
	exitTicket: { field: 'date' },
	lesson: { field: 'date' },
	markingNote: { field: 'createdAt', isInstant: true },
	parentContact: { field: 'date' },
	behaviour: { field: 'date' },
	feedbackForm: { field: 'periodEnd' },
	progressReport: { field: 'periodEnd' },
	absenceNotice: { field: 'date' },
	workPhoto: { field: 'createdAt', isInstant: true },
	// Ink is about its page: kept or dropped with the photo it is drawn on (see recordDay's caller).
	inkLayer: { field: 'createdAt', isInstant: true }
} as const satisfies Partial<Record<RecordType, { field: string; isInstant?: boolean }>>;

export type TimeBoundType = keyof typeof TIME_BOUND_FIELDS;

export function isTimeBound(type: string): type is TimeBoundType {
	return type in TIME_BOUND_FIELDS;
}

/** The first day a tablet keeps time-bound records of: 1 September, `years - 1` school years back. */
export function windowStart(today: string, years: number = DEFAULT_WINDOW_YEARS): string {
	const current = Number(schoolYearOf(today).start.slice(0, 4));
	return `${current - Math.max(1, Math.floor(years)) + 1}-09-01`;
}

/** The local day a time-bound record is about, or undefined when it carries none. */
export function recordDay(type: TimeBoundType, record: Record<string, unknown>): string | undefined {
	const { field, ...rest } = TIME_BOUND_FIELDS[type];
	const value = record[field];
	if (typeof value !== 'string' || value.length < 10) return undefined;
	if (!('isInstant' in rest)) return value.slice(0, 10);
	const ms = Date.parse(value);
	return Number.isNaN(ms) ? undefined : localToday(new Date(ms));
}

export interface LeaverLike {
	_id: string;
	status: string;
	endDate?: string;
	archived?: boolean;
}

/**
 * Pupils whose records leave tablets: not on roll (left or reintegrated) and their last day more
 * than `leaverDays` days ago. A pupil with no last day recorded is kept (nobody can say when the
 * time ran out); a pupil back on roll (`active`) is kept.
 */
export function leaversGone(
	pupils: readonly LeaverLike[],
	today: string,
	leaverDays = DEFAULT_LEAVER_DAYS
): Set<string> {
	const gone = new Set<string>();
	for (const p of pupils) {
		if (p.status === 'active' || !p.endDate) continue;
		if (addDays(p.endDate, Math.max(0, Math.floor(leaverDays))) < today) gone.add(p._id);
	}
	return gone;
}

export interface WindowRule {
	/** First day kept (windowStart). */
	start: string;
	/** Pupils whose every record leaves the tablet (leaversGone). */
	leavers: ReadonlySet<string>;
}

export type LeaveReason = 'older' | 'leaver';

/**
 * Kinds kept whatever their age while the pupil is on roll: the feedback-form and half-term-report
 * due lists count from every form and report sent since the pupil started ("not reported: 22 Sep –
 * 7 Oct" needs the forms either side of the gap), and they are few — about a dozen a year each.
 */
export const KEPT_WHILE_ON_ROLL: ReadonlySet<RecordType> = new Set<RecordType>(['feedbackForm', 'progressReport']);

/**
 * Whether a record leaves the tablet, and why; null when it stays. `day` is the record's day for
 * time-bound kinds (for ink: its photo's day, when the photo is known). Records waiting to be sent
 * or to be decided are never asked about: the caller keeps them whatever this says.
 */
export function leavesTablet(
	type: RecordType,
	record: { _id: string; pupilId?: unknown },
	day: string | undefined,
	rule: WindowRule
): LeaveReason | null {
	const pupilId = type === 'pupil' ? record._id : record.pupilId;
	// The pupil document itself stays: it is small, lists them as a leaver, and tells the tablet if they return.
	if (type !== 'pupil' && typeof pupilId === 'string' && rule.leavers.has(pupilId)) return 'leaver';
	if (!isTimeBound(type) || day === undefined || KEPT_WHILE_ON_ROLL.has(type)) return null;
	return day < rule.start ? 'older' : null;
}

/**
 * Kinds written on or after the day they are about: a register, an exit ticket, a lesson, a
 * behaviour entry or a call (the forms refuse a day after today), a marking note, a photo and its
 * ink (their day is the moment they were made). Not absence notices: they are written ahead.
 */
export const WRITTEN_AFTER_THE_DAY: ReadonlySet<string> = new Set<TimeBoundType>([
	'attendance',
	'exitTicket',
	'lesson',
	'behaviour',
	'parentContact',
	'markingNote',
	'workPhoto',
	'inkLayer'
]);

/**
 * Whether a record can be left on the server by its id alone, unread (a first sync's snapshot):
 * ids are `<type>:<ULID>` and a ULID carries the moment the record was made. A record of a kind
 * written on or after its day, made two days or more before the window's first day (two days: any
 * time zone's local day), is about a day before the window. Anything else — other kinds, forms
 * and reports, ids that are not `<type>:<ULID>` — is read and judged by `leavesTablet`.
 */
export function idBeforeWindow(id: string, start: string): boolean {
	const colon = id.indexOf(':');
	const type = id.slice(0, colon);
	if (colon < 0 || !WRITTEN_AFTER_THE_DAY.has(type)) return false;
	let made: number;
	try {
		made = decodeTime(id.slice(colon + 1));
	} catch {
		return false; // not a ULID: read it
	}
	return made < Date.parse(`${addDays(start, -2)}T00:00:00Z`);
}

/** What a screen says when it cannot show records from before the window without the server. */
export function olderRecordsOffline(start: string): string {
	return `Records before ${formatDay(start)} are on the office server — connect to see them`;
}
