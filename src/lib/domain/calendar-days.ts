/**
 * Calendar dates as `YYYY-MM-DD` strings (the contract's date format). Arithmetic is done in UTC
 * on the date alone, so adding days never slips across a clock change.
 */

/** Today's date where the tablet is (not UTC: a register taken at 00:30 BST is for that day). */
export function localToday(now: Date = new Date()): string {
	const y = now.getFullYear();
	const m = String(now.getMonth() + 1).padStart(2, '0');
	const d = String(now.getDate()).padStart(2, '0');
	return `${y}-${m}-${d}`;
}

/**
 * The day a moment fell on where the tablet is: a photo taken at 23:30 BST on 30 June belongs to
 * 30 June, not to the UTC date at the start of its timestamp.
 */
export function dayOfInstant(dateTime: string): string {
	if (/^\d{4}-\d{2}-\d{2}$/.test(dateTime)) return dateTime; // already a day
	const instant = new Date(dateTime);
	return Number.isNaN(instant.getTime()) ? dateTime.slice(0, 10) : localToday(instant);
}

function toUtc(date: string): number {
	const [y, m, d] = date.split('-').map(Number);
	return Date.UTC(y!, m! - 1, d);
}

export function addDays(date: string, days: number): string {
	// Calendar arithmetic on a date with no time of day: done wholly in UTC, so no clock change or
	// time zone can shift the day (this is not "today", which is localToday's job).
	const day = new Date(toUtc(date) + days * 86_400_000);
	const m = String(day.getUTCMonth() + 1).padStart(2, '0');
	const d = String(day.getUTCDate()).padStart(2, '0');
	return `${String(day.getUTCFullYear()).padStart(4, '0')}-${m}-${d}`;
}

/**
 * The same calendar day `years` later (29 Feb → 28 Feb in a year without one): retention periods
 * ("date of birth + 25 years") count in years, not in days.
 */
export function addYears(date: string, years: number): string {
	const [y, m, d] = date.split('-').map(Number);
	const year = y! + years;
	const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
	return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d!, last)).padStart(2, '0')}`;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
	return Math.round((toUtc(to) - toUtc(from)) / 86_400_000);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** "7 Oct 2026": how a date is written on screens and on documents sent to host schools. */
export function formatDay(date: string): string {
	const [y, m, d] = date.split('-').map(Number);
	if (!y || !m || !d) return date;
	return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** "Wed 7 Oct 2026": for a day's heading, where the weekday helps (lessons, registers). */
export function formatWeekday(date: string): string {
	const day = new Date(toUtc(date)).getUTCDay();
	return Number.isNaN(day) ? date : `${WEEKDAYS[day]} ${formatDay(date)}`;
}

export function isWeekend(date: string): boolean {
	const day = new Date(toUtc(date)).getUTCDay();
	return day === 0 || day === 6;
}

/** "today", "yesterday", "3 days ago", "in 2 days": for due dates shown in lists. */
export function relativeDays(date: string, today: string): string {
	const n = daysBetween(today, date);
	if (n === 0) return 'today';
	if (n === -1) return 'yesterday';
	if (n === 1) return 'tomorrow';
	return n < 0 ? `${-n} days ago` : `in ${n} days`;
}

/**
 * A saved-at time (`updatedAt`, ISO date-time with `Z` or an offset such as `+01:00`) as
 * milliseconds, for ordering. Compare these, never the strings: `10:30+01:00` is earlier than
 * `10:00Z`. An unreadable time sorts before every real one.
 */
export function instantOf(dateTime: string | undefined): number {
	const ms = dateTime ? Date.parse(dateTime) : Number.NaN;
	return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}

/** Sort order of two saved-at times, earliest first (ties are 0: callers break them their own way). */
export function compareInstants(a: string | undefined, b: string | undefined): number {
	const x = instantOf(a);
	const y = instantOf(b);
	return x === y ? 0 : x < y ? -1 : 1;
}

/** ISO weekday of a date: 1 Monday … 7 Sunday (what a timetable's days are numbered by). */
export function isoWeekday(date: string): number {
	const day = new Date(toUtc(date)).getUTCDay();
	return day === 0 ? 7 : day;
}
