import { DEFAULT_LOCK_AFTER_MINUTES, pinError, waitAfterFailures } from '$lib/domain/tablet-lock';
import { db } from './db';
import { hashPin, pinMatches, type PinHash } from './pin-hash';

/** Settings of this tablet only (Dexie `meta`): the PIN hash per staff member, idle time, failures. */
const pinKey = (user: string) => `pin:${user}`;
const failuresKey = (user: string) => `pinFailures:${user}`;
const LOCK_AFTER_KEY = 'lockAfterMinutes';

export async function hasPin(user: string): Promise<boolean> {
	return (await db.meta.get(pinKey(user))) !== undefined;
}

/** Returns null when set, else the reason the PIN was refused. */
export async function setPin(user: string, pin: string): Promise<string | null> {
	const problem = pinError(pin);
	if (problem) return problem;
	const stored = await hashPin(pin);
	await db.meta.bulkPut([
		{ key: pinKey(user), value: stored },
		{ key: failuresKey(user), value: { count: 0, lastAt: 0 } }
	]);
	return null;
}

export type UnlockResult = { ok: true } | { ok: false; message: string; waitSeconds: number };

interface Failures {
	count: number;
	lastAt: number;
}

/** How long the person must still wait before trying again (0 = may try now). */
export async function secondsToWait(user: string, now = Date.now()): Promise<number> {
	const failures = ((await db.meta.get(failuresKey(user)))?.value as Failures | undefined) ?? { count: 0, lastAt: 0 };
	const wait = waitAfterFailures(failures.count) * 1000 - (now - failures.lastAt);
	return Math.max(0, Math.ceil(wait / 1000));
}

/** Checks the PIN; wrong tries are counted on disk, so reloading the page does not reset them. */
export async function unlock(user: string, pin: string, now = Date.now()): Promise<UnlockResult> {
	const waitSeconds = await secondsToWait(user, now);
	if (waitSeconds > 0)
		return { ok: false, message: `Too many wrong PINs. Try again in ${waitSeconds} seconds.`, waitSeconds };
	const stored = (await db.meta.get(pinKey(user)))?.value as PinHash | undefined;
	if (!stored)
		return {
			ok: false,
			message: 'No PIN is set on this tablet. Sign out and sign in with your password.',
			waitSeconds: 0
		};
	if (await pinMatches(pin, stored)) {
		await db.meta.put({ key: failuresKey(user), value: { count: 0, lastAt: 0 } });
		return { ok: true };
	}
	const previous = ((await db.meta.get(failuresKey(user)))?.value as Failures | undefined) ?? { count: 0, lastAt: 0 };
	const count = previous.count + 1;
	await db.meta.put({ key: failuresKey(user), value: { count, lastAt: now } });
	const wait = waitAfterFailures(count);
	return {
		ok: false,
		message: wait > 0 ? `That PIN is not right. Try again in ${wait} seconds.` : 'That PIN is not right.',
		waitSeconds: wait
	};
}

export async function lockAfterMinutes(): Promise<number> {
	return ((await db.meta.get(LOCK_AFTER_KEY))?.value as number | undefined) ?? DEFAULT_LOCK_AFTER_MINUTES;
}

export async function setLockAfterMinutes(minutes: number): Promise<void> {
	await db.meta.put({ key: LOCK_AFTER_KEY, value: minutes });
}
