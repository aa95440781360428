import { beforeEach, describe, expect, it } from 'vitest';
import type { Pupil, PupilInput } from '$lib/domain/pupil';
import type { WaymarkDb } from './db';
import * as pupils from './pupils';
import { repository } from './repository';
import { freshDatabase } from '$tests/test-db';
import { pupilInput } from '$tests/test-factories';

const amira = pupilInput({ dateOfBirth: '2012-03-04', yearGroup: 9, senStatus: 'sen-support' });

let db: WaymarkDb;
beforeEach(() => {
	db = freshDatabase();
});

describe('saving a record', () => {
	it('stores the record and queues it for sync together', async () => {
		const saved = await pupils.create(amira);
		if (!saved.ok) throw new Error(saved.message);
		expect(await db.records('pupil').get(saved.record._id)).toMatchObject({
			familyName: 'Khan',
			createdBy: 'teacher1'
		});
		const entry = await db.outbox.get(saved.record._id);
		expect(entry?.type).toBe('pupil');
		expect(entry?.rev).toBeUndefined(); // not yet copied to the replica
	});

	it('writes neither the record nor the outbox entry when the outbox write fails', async () => {
		db.outbox.hook('creating', () => {
			throw new Error('disk full');
		});
		await expect(pupils.create(amira)).rejects.toThrow('disk full');
		expect(await db.records('pupil').count()).toBe(0);
		expect(await db.outbox.count()).toBe(0);
	});

	it('refuses invalid input with a message per field and stores nothing', async () => {
		const result = await pupils.create({ ...amira, familyName: ' ', yearGroup: 15 });
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors.familyName).toBe('Surname is required');
		expect(result.errors.yearGroup).toBe('Year group must be from 1 to 14');
		expect(await db.records('pupil').count()).toBe(0);
		expect(await db.outbox.count()).toBe(0);
	});

	it('keeps one outbox entry for a record edited many times before it syncs', async () => {
		const saved = await pupils.create(amira);
		if (!saved.ok) throw new Error(saved.message);
		for (const hostSchool of ['A', 'B', 'C']) await pupils.update(saved.record._id, { hostSchool });
		expect(await db.outbox.count()).toBe(1);
		expect((await pupils.get(saved.record._id))?.hostSchool).toBe('C');
	});

	it('keeps fields another client added and the revision the edit descends from', async () => {
		const saved = await pupils.create(amira);
		if (!saved.ok) throw new Error(saved.message);
		// A field this app does not know, as another client wrote it (not a literal: no excess-property check).
		const fromAnotherClient = { _rev: '2-abc', laReference: 'LA-77' };
		await db.tableFor('pupil').update(saved.record._id, fromAnotherClient);
		await pupils.update(saved.record._id, { yearGroup: 10 });
		expect(await pupils.get(saved.record._id)).toMatchObject({ _rev: '2-abc', laReference: 'LA-77', yearGroup: 10 });
	});

	it('archives instead of deleting, and the archived pupil leaves the list', async () => {
		const saved = await pupils.create(amira);
		if (!saved.ok) throw new Error(saved.message);
		await pupils.archive(saved.record._id);
		expect(await pupils.get(saved.record._id)).toMatchObject({ archived: true, familyName: 'Khan' });
		expect(await pupils.list()).toEqual([]);
	});

	it('archives when the verb is taken out of the repository on its own', async () => {
		const saved = await pupils.create(amira);
		if (!saved.ok) throw new Error(saved.message);
		const { archive, get } = repository('pupil');
		expect((await archive(saved.record._id)).ok).toBe(true);
		expect(await get(saved.record._id)).toMatchObject({ archived: true });
	});
});

describe('saving a form that was open while another tablet’s change arrived', () => {
	/** A pupil the server has (revision 1, nothing waiting), as an edit form loads it. */
	async function syncedPupil(): Promise<Pupil> {
		const saved = await pupils.create(amira);
		if (!saved.ok) throw new Error(saved.message);
		await db.records('pupil').update(saved.record._id, { _rev: '1-a' });
		await db.outbox.clear();
		return (await pupils.get(saved.record._id))!;
	}
	/** Another tablet's edit arrives while the form is open (as the inbound bridge applies it). */
	async function arrives(loaded: Pupil, fields: Partial<Pupil>) {
		await db.records('pupil').put({ ...loaded, ...fields, _rev: '2-other', updatedBy: 'teacher2' });
	}
	/** What the form hands over: every field it shows, with the person's change. */
	const formInput = (loaded: Pupil, change: Partial<PupilInput>): PupilInput => {
		const { givenName, familyName, dateOfBirth, yearGroup, hostSchool, startDate, senStatus, status } = loaded;
		return { givenName, familyName, dateOfBirth, yearGroup, hostSchool, startDate, senStatus, status, ...change };
	};

	it('keeps the other change to a field the person did not touch', async () => {
		const loaded = await syncedPupil();
		await arrives(loaded, { yearGroup: 10 });
		const saved = await pupils.update(loaded._id, formInput(loaded, { givenName: 'Edwina' }), { base: loaded });
		expect(saved.ok).toBe(true);
		expect(await pupils.get(loaded._id)).toMatchObject({ givenName: 'Edwina', yearGroup: 10, _rev: '2-other' });
	});

	it('branches from the loaded version when both changed the same field, so both reach "Needs a decision"', async () => {
		const loaded = await syncedPupil();
		await arrives(loaded, { familyName: 'Jones', yearGroup: 10 });
		await pupils.update(loaded._id, formInput(loaded, { familyName: 'Smith' }), { base: loaded });
		// The edit descends from what the form loaded: the bridge writes it beside the other as a conflict.
		expect(await pupils.get(loaded._id)).toMatchObject({ familyName: 'Smith', _rev: '1-a' });
		const queued = await db.outbox.get(loaded._id);
		expect(queued && !queued.rev).toBe(true);
	});

	it('lets the later save win a field when the newer version is this tablet’s own, not yet copied', async () => {
		const loaded = await syncedPupil();
		await pupils.update(loaded._id, { familyName: 'Jones', yearGroup: 10 }); // another window, just now
		await pupils.update(loaded._id, formInput(loaded, { familyName: 'Smith' }), { base: loaded });
		expect(await pupils.get(loaded._id)).toMatchObject({ familyName: 'Smith', yearGroup: 10, _rev: '1-a' });
	});

	it('saves a change back to the loaded value made in a second save from the same form', async () => {
		const loaded = await syncedPupil();
		const first = await pupils.update(loaded._id, formInput(loaded, { hostSchool: 'Hill' }), { base: loaded });
		if (!first.ok) throw new Error(first.message);
		await pupils.update(loaded._id, formInput(loaded, {}), { base: first.record });
		expect((await pupils.get(loaded._id))?.hostSchool).toBe(amira.hostSchool);
	});
});

describe('listing pupils', () => {
	it('finds pupils by the start of either name, sorted by surname', async () => {
		await pupils.create(amira);
		await pupils.create({ ...amira, givenName: 'Ben', familyName: 'Adams', yearGroup: 10 });
		await pupils.create({ ...amira, givenName: 'Kara', familyName: 'Zane', yearGroup: 7 });
		expect((await pupils.list()).map((p) => p.familyName)).toEqual(['Adams', 'Khan', 'Zane']);
		expect((await pupils.list({ search: 'k' })).map((p) => p.givenName)).toEqual(['Amira', 'Kara']);
		expect((await pupils.list({ yearGroup: 10 })).map((p) => p.givenName)).toEqual(['Ben']);
		expect((await pupils.list({ keyStage: 'KS3' })).map((p) => p.givenName)).toEqual(['Amira', 'Kara']);
	});
});
