/**
 * "2 minutes ago" for the sync indicator. Plain British English, no Intl dependency
 * surprises across tablet browsers; coarse on purpose — staff need "is it recent?", not seconds.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function plural(n: number, unit: string): string {
	return `${n} ${unit}${n === 1 ? '' : 's'} ago`;
}

/** Formats `then` relative to `now`. Future times (clock skew between tablets) read as "just now". */
export function formatRelativeTime(then: Date | string | number, now: Date | number = Date.now()): string {
	const thenMs = then instanceof Date ? then.getTime() : new Date(then).getTime();
	const nowMs = now instanceof Date ? now.getTime() : now;
	if (Number.isNaN(thenMs)) return 'at an unknown time';
	const diff = nowMs - thenMs;
	if (diff < 45_000) return 'just now';
	if (diff < HOUR) return plural(Math.max(1, Math.round(diff / MINUTE)), 'minute');
	if (diff < DAY) return plural(Math.floor(diff / HOUR), 'hour');
	const days = Math.floor(diff / DAY);
	if (days === 1) return 'yesterday';
	if (days < 14) return `${days} days ago`;
	return `on ${new Date(thenMs).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' })}`;
}
