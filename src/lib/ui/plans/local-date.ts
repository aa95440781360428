/** Today on this tablet's calendar (not UTC: just after midnight in summer is still "today"). */
export function localToday(now = new Date()): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** "8 Dec 2026" for a YYYY-MM-DD date, read the same everywhere (no time zone shift). */
export function formatDate(date: string): string {
	const d = new Date(`${date}T12:00:00Z`);
	if (Number.isNaN(d.getTime())) return date;
	return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}
