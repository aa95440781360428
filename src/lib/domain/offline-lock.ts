/**
 * A tablet left unused or kept away from the school (lost, taken home, retired without being
 * handed back) should not open children's records forever. Rule: when no member of staff has
 * signed in ONLINE on this tablet (the server accepted them) for `lockAfterDays` days, its records
 * stay locked until someone signs in online again. Signing in online or syncing with a valid
 * sign-in counts; the tablet PIN does not (it never reaches the server).
 */
export const DEFAULT_OFFLINE_LOCK_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

/** True when the records must stay locked until an online sign-in. `lastOnlineAt`: an ISO instant. */
export function isLockedUntilOnlineSignIn(
	lastOnlineAt: string | undefined,
	now: Date,
	lockAfterDays: number = DEFAULT_OFFLINE_LOCK_DAYS
): boolean {
	if (!lastOnlineAt) return false; // never signed in: there is nothing on the tablet to lock
	const last = Date.parse(lastOnlineAt);
	if (!Number.isFinite(last)) return true; // unreadable: the safe side
	return now.getTime() - last > lockAfterDays * DAY_MS;
}
