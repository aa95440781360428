/** Today on this tablet's clock, as YYYY-MM-DD (local, not UTC: a 00:30 lesson is today's). */
export function localIsoDate(d: Date = new Date()): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** YYYY-MM-DD moved by `days` (calendar arithmetic at noon, so clock changes never skip a day). */
export function addDays(iso: string, days: number): string {
	const d = new Date(`${iso}T12:00:00`);
	d.setDate(d.getDate() + days);
	return localIsoDate(d);
}

/** "Mon 5 Oct 2026" for headings and lists. */
export function formatDay(iso: string): string {
	const d = new Date(`${iso}T12:00:00`);
	if (Number.isNaN(d.getTime())) return iso;
	return d.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
}
