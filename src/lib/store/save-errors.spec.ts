import { beforeEach, describe, expect, it } from 'vitest';
import type { Pupil } from '$lib/domain/pupil';
import { freshDatabase } from '$tests/test-db';
import { setActor } from './actor';
import type { WaymarkDb } from './db';
import * as pupils from './pupils';
import { describeSaveError, isConnectionLost } from './save-errors';
import { pupilInput } from '$tests/test-factories';

let db: WaymarkDb;
beforeEach(() => {
	db = freshDatabase();
});

describe('a save when the browser has dropped the database connection', () => {
	it('reopens the database and saves once the connection was closed before the save', async () => {
		await db.open();
		db.close(); // what Dexie does when WebKit reports "Connection to Indexed Database server lost"
		const saved = await pupils.create(pupilInput({ familyName: 'Okafor' }));
		expect(saved.ok).toBe(true);
		expect((await db.records<Pupil>('pupil').toArray()).map((p) => p.familyName)).toEqual(['Okafor']);
		expect(await db.outbox.count()).toBe(1);
	});

	it('saves exactly once when the connection is closed under a pending save', async () => {
		await db.open();
		const pending = pupils.create(pupilInput({ familyName: 'Nowak' }));
		db.close();
		const saved = await pending;
		expect(saved.ok).toBe(true);
		expect((await db.records<Pupil>('pupil').toArray()).map((p) => p.familyName)).toEqual(['Nowak']);
		expect(await db.outbox.count()).toBe(1);
	});

	it('recognises WebKit’s lost connection and Dexie’s closed database', () => {
		const webkit = {
			name: 'UnknownError',
			message: 'Connection to Indexed Database server lost. Refresh the page to try again'
		};
		expect(isConnectionLost(webkit)).toBe(true);
		expect(isConnectionLost({ name: 'DatabaseClosedError', message: 'Database has been closed' })).toBe(true);
		expect(isConnectionLost(new Error('disk full'))).toBe(false);
	});
});

describe('what a person is told when a save throws', () => {
	it('says the tablet is full for a quota error, wrapped or not', () => {
		const quota = { name: 'AbortError', message: 'aborted', inner: { name: 'QuotaExceededError', message: '' } };
		expect(describeSaveError(quota)).toMatch(/^Not saved: this tablet has run out of storage space/);
	});

	it('says to sign in when nobody who may record is signed in', async () => {
		setActor(null);
		const thrown = await Promise.resolve()
			.then(() => pupils.create(pupilInput()))
			.catch((e: unknown) => e);
		expect(describeSaveError(thrown)).toBe('Not saved: only signed-in staff can record. Sign in with a staff account.');
		expect(await db.records('pupil').count()).toBe(0);
	});

	it('gives a plain sentence, never the raw error, for anything else', () => {
		expect(describeSaveError(new TypeError('x is undefined'))).toBe(
			'Not saved: this tablet could not store it. Try again; if it keeps happening, reload the page.'
		);
	});
});
