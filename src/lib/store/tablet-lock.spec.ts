import { beforeEach, describe, expect, it } from 'vitest';
import { db } from './db';
import { freshDatabase } from '$tests/test-db';
import { hasPin, secondsToWait, setPin, unlock } from './tablet-lock';

beforeEach(() => freshDatabase());

describe('a staff PIN on this tablet', () => {
	it('stores only a salted PBKDF2 hash, never the PIN', async () => {
		expect(await setPin('teacher1', '2468')).toBeNull();
		const stored = JSON.stringify(await db.meta.toArray());
		expect(stored).not.toContain('2468');
		expect(stored).toContain('PBKDF2-SHA-256');
		expect(await hasPin('teacher1')).toBe(true);
		expect(await hasPin('teacher2')).toBe(false);
	});

	it('gives the same PIN a different hash each time (random salt)', async () => {
		await setPin('teacher1', '2468');
		const first = (await db.meta.get('pin:teacher1'))?.value as { hash: string };
		await setPin('teacher1', '2468');
		const second = (await db.meta.get('pin:teacher1'))?.value as { hash: string };
		expect(first.hash).not.toBe(second.hash);
	});

	it('refuses a weak PIN and keeps the old one', async () => {
		await setPin('teacher1', '2468');
		expect(await setPin('teacher1', '1111')).toBe('Choose digits that are not all the same.');
		expect(await unlock('teacher1', '2468')).toEqual({ ok: true });
	});

	it('unlocks with the right PIN only', async () => {
		await setPin('teacher1', '2468');
		expect((await unlock('teacher1', '8642')).ok).toBe(false);
		expect((await unlock('teacher1', '2468')).ok).toBe(true);
	});

	// Each PIN check is a deliberately slow key derivation: give the test room on a busy machine.
	it(
		'after five wrong PINs makes the person wait, even the right PIN, and counts survive a reload',
		{ timeout: 30_000 },
		async () => {
			await setPin('teacher1', '2468');
			const now = Date.parse('2026-11-23T10:00:00Z');
			for (let i = 0; i < 4; i++)
				expect(await unlock('teacher1', '0000', now)).toMatchObject({ ok: false, waitSeconds: 0 });
			expect(await unlock('teacher1', '0000', now)).toMatchObject({ ok: false, waitSeconds: 30 });
			expect(await unlock('teacher1', '2468', now + 10_000)).toMatchObject({
				ok: false,
				message: 'Too many wrong PINs. Try again in 20 seconds.'
			});
			expect(await secondsToWait('teacher1', now + 10_000)).toBe(20);
			expect(await unlock('teacher1', '2468', now + 30_000)).toEqual({ ok: true });
			expect(await secondsToWait('teacher1', now + 30_000)).toBe(0);
		}
	);
});
