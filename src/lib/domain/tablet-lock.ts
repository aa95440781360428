/**
 * Rules for locking a shared tablet (R7.4). Pure: the clock and the hashing live elsewhere.
 * A PIN is a convenience lock for the classroom, not the account password: the password (checked
 * by the server) is still needed to sign in, and the PIN never leaves the tablet.
 */
export const DEFAULT_LOCK_AFTER_MINUTES = 5;
export const LOCK_AFTER_CHOICES = [1, 2, 5, 10, 15, 30] as const;

/** Wrong PINs allowed before the tablet makes the person wait. */
export const FREE_ATTEMPTS = 5;
const FIRST_WAIT_SECONDS = 30;
const LONGEST_WAIT_SECONDS = 15 * 60;

/** A plain-English reason the PIN cannot be used, or null. */
export function pinError(pin: string): string | null {
	if (!/^\d+$/.test(pin)) return 'Use digits only.';
	if (pin.length < 4 || pin.length > 8) return 'Use 4 to 8 digits.';
	if (/^(\d)\1+$/.test(pin)) return 'Choose digits that are not all the same.';
	if ('0123456789'.includes(pin) || '9876543210'.includes(pin))
		return 'Choose digits that are not a simple run like 1234.';
	return null;
}

/** Seconds the person must wait after `failures` wrong PINs in a row: 0, then 30 s doubling to 15 min. */
export function waitAfterFailures(failures: number): number {
	if (failures < FREE_ATTEMPTS) return 0;
	return Math.min(LONGEST_WAIT_SECONDS, FIRST_WAIT_SECONDS * 2 ** (failures - FREE_ATTEMPTS));
}

/** Has the tablet been left long enough to lock? */
export function isIdleTooLong(lastActiveAt: number, now: number, lockAfterMinutes: number): boolean {
	return now - lastActiveAt >= lockAfterMinutes * 60_000;
}
