import { describe, expect, it } from 'vitest';
import { isLockedUntilOnlineSignIn } from './offline-lock';

describe('isLockedUntilOnlineSignIn', () => {
	const last = '2026-10-01T08:00:00.000Z';
	it('opens up to 30 days after the last online sign-in, locks after', () => {
		expect(isLockedUntilOnlineSignIn(last, new Date('2026-10-31T08:00:00.000Z'))).toBe(false); // exactly 30 days
		expect(isLockedUntilOnlineSignIn(last, new Date('2026-10-31T08:00:01.000Z'))).toBe(true);
	});
	it('follows the organisation’s number of days', () => {
		expect(isLockedUntilOnlineSignIn(last, new Date('2026-10-09T08:00:00.000Z'), 7)).toBe(true);
		expect(isLockedUntilOnlineSignIn(last, new Date('2026-10-07T08:00:00.000Z'), 7)).toBe(false);
	});
	it('never locks a tablet no one has signed in on; locks when the date cannot be read', () => {
		expect(isLockedUntilOnlineSignIn(undefined, new Date())).toBe(false);
		expect(isLockedUntilOnlineSignIn('garbage', new Date())).toBe(true);
	});
});
