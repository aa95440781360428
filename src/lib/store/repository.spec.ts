import { beforeEach, describe, expect, it } from 'vitest';
import type { PupilInput } from '$lib/domain/pupil';
import type { WaymarkDb } from './db';
import * as pupils from './pupils';
import { repository } from './repository';
import { freshDatabase } from '$tests/test-db';

const amira: PupilInput = {
	givenName: 'Amira',
	familyName: 'Khan',
	dateOfBirth: '2012-03-04',
	yearGroup: 9,
	hostSchool: 'Riverside Academy',
	startDate: '2026-09-07',
	senStatus: 'sen-support',
	status: 'active'
};

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
		await db.records('pupil').update(saved.record._id, { _rev: '2-abc', laReference: 'LA-77' } as never);
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
