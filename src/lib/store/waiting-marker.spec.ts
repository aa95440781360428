import { beforeEach, describe, expect, it } from 'vitest';
import * as pupils from './pupils';
import { freshDatabase } from '$tests/test-db';
import { dismissLostRecords, forgetWaitingNote, lostRecords, noteWaiting } from './waiting-marker';
import { pupilInput } from '$tests/test-factories';

const edna = pupilInput({ givenName: 'Edna', familyName: 'Marker' });

/** A Map-backed localStorage: the unit project runs in Node. */
class MemoryStorage {
	#items = new Map<string, string>();
	getItem = (k: string) => this.#items.get(k) ?? null;
	setItem = (k: string, v: string) => void this.#items.set(k, v);
	removeItem = (k: string) => void this.#items.delete(k);
}

beforeEach(() => {
	Object.defineProperty(globalThis, 'localStorage', { value: new MemoryStorage(), configurable: true });
});

describe('the note of waiting records kept outside IndexedDB', () => {
	it('reports nothing while the database that wrote it is still there', async () => {
		const db = freshDatabase();
		await pupils.create(edna);
		await noteWaiting(db);
		expect(await lostRecords(db)).toBeNull();
	});

	it('names what was waiting, and since when, once the database is gone', async () => {
		const db = freshDatabase();
		const saved = await pupils.create(edna);
		if (!saved.ok) throw new Error(saved.message);
		await noteWaiting(db);
		const cleared = freshDatabase(); // the browser cleared IndexedDB: a new, empty database
		expect(await lostRecords(cleared)).toEqual({
			count: 1,
			since: saved.record.updatedAt,
			names: ['Edna Marker (pupil)']
		});
		// The new database's own note does not hide the report; reading it does.
		await noteWaiting(cleared);
		expect((await lostRecords(cleared))?.count).toBe(1);
		dismissLostRecords();
		expect(await lostRecords(cleared)).toBeNull();
	});

	it('reports nothing after everything was confirmed, or after a wipe the person agreed to', async () => {
		const db = freshDatabase();
		await pupils.create(edna);
		await noteWaiting(db);
		await db.outbox.clear();
		await noteWaiting(db);
		expect(await lostRecords(freshDatabase())).toBeNull();

		const again = freshDatabase();
		await pupils.create(edna);
		await noteWaiting(again);
		forgetWaitingNote();
		expect(await lostRecords(freshDatabase())).toBeNull();
	});
});
