import { formatDay, localToday } from '$lib/domain/calendar-days';

/** "3 Dec 2026, 14:05" in the tablet's own time zone (the audit stores instants). */
export function whenText(at: string): string {
	const d = new Date(at);
	if (Number.isNaN(d.getTime())) return at;
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${formatDay(localToday(d))}, ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
