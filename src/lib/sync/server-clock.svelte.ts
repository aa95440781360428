/**
 * How far this tablet's clock is from the server's. Which of two changes is newer is judged by
 * the saved-at time each tablet writes (`updatedAt`): a tablet a day ahead would win every
 * duplicate and stand in for every undecided merge. Waymark cannot fix a tablet's clock; it says so.
 */

/** Further apart than this, edits minutes apart on two tablets may be put in the wrong order. */
export const CLOCK_NOTICE_MS = 5 * 60_000;

/**
 * The tablet's clock minus the server's, in ms, from a reply's `Date` header (whole seconds,
 * stamped as the reply left: about a second either way, far below CLOCK_NOTICE_MS). Null when
 * the header is missing or unreadable.
 */
export function clockOffset(dateHeader: string | null, receivedAt: number): number | null {
	const server = dateHeader ? Date.parse(dateHeader) : Number.NaN;
	return Number.isNaN(server) ? null : receivedAt - server;
}

function amount(ms: number): string {
	const minutes = Math.round(ms / 60_000);
	if (minutes < 90) return `${minutes} minutes`;
	const hours = Math.round(ms / 3_600_000);
	if (hours < 24) return `about ${hours} hours`;
	const days = Math.round(ms / 86_400_000);
	return days === 1 ? '1 day' : `${days} days`;
}

/** The notice for the sync indicator, or null when the clocks agree closely enough. */
export function describeClockOffset(offsetMs: number | null): string | null {
	if (offsetMs === null || Math.abs(offsetMs) < CLOCK_NOTICE_MS) return null;
	const direction = offsetMs > 0 ? 'ahead of' : 'behind';
	return `This tablet’s clock is ${amount(Math.abs(offsetMs))} ${direction} the server’s. Set the date and time in the tablet’s settings: Waymark uses them to tell which change is newer.`;
}

class ServerClock {
	#offsetMs = $state<number | null>(null);

	/** This tablet's clock minus the server's (ms), from the last reply; null before any reply. */
	get offsetMs() {
		return this.#offsetMs;
	}

	/** What the sync indicator shows about the clock; null when nothing needs saying. */
	get notice() {
		return describeClockOffset(this.#offsetMs);
	}

	noteReply(dateHeader: string | null, receivedAt = Date.now()) {
		const offset = clockOffset(dateHeader, receivedAt);
		if (offset !== null) this.#offsetMs = offset;
	}
}

export const serverClock = new ServerClock();
