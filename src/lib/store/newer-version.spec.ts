import { beforeEach, describe, expect, it } from 'vitest';
import { NEWER_VERSION_MESSAGE } from '$lib/domain/schema-version';
import { SETTINGS_ID } from '$lib/domain/settings';
import type { WaymarkDb } from './db';
import * as behaviour from './behaviour';
import * as plans from './plans';
import { repository, writeRecord } from './repository';
import * as settings from './settings';
import { freshDatabase } from '$tests/test-db';
import { makeDoc } from '$tests/test-factories';

// A record saved by a newer Waymark (higher schemaVersion) is read only on this tablet: every way
// of saving refuses to write this version's copy over it, whatever the record kind.

let db: WaymarkDb;
beforeEach(() => {
	db = freshDatabase();
});

const refused = { ok: false, message: NEWER_VERSION_MESSAGE };

async function storeNewer<T extends 'plan' | 'behaviour' | 'settings'>(
	type: T,
	overrides: Record<string, unknown> = {}
) {
	// Not this version's type (schemaVersion 2): through Dexie's untyped table.
	const doc = { ...makeDoc(type, overrides), schemaVersion: 2, addedByNewerApp: 'kept' };
	await db.table(type).put(doc);
	return doc;
}

describe('a record saved by a newer version of Waymark', () => {
	it('a plan: the edit form’s save is refused and nothing is queued', async () => {
		const plan = await storeNewer('plan');
		const { _id, ...input } = plan;
		expect(await plans.update(_id, { ...input, assessmentArrangements: 'Older app' }, plan)).toMatchObject(refused);
		expect(await repository('plan').archive(_id)).toMatchObject(refused);
		expect(await db.records('plan').get(_id)).toEqual(plan);
		expect(await db.outbox.count()).toBe(0);
	});

	it('the organisation settings: saving the settings form is refused', async () => {
		const stored = await storeNewer('settings', { _id: SETTINGS_ID });
		expect(await settings.save({ ...(await settings.current()), provisionName: 'Older app' }, stored)).toMatchObject(
			refused
		);
		expect(await settings.save(await settings.current())).toMatchObject(refused);
		expect(await db.records('settings').get(SETTINGS_ID)).toEqual(stored);
		expect(await db.outbox.count()).toBe(0);
	});

	it('a log entry: a correction is refused and no superseding entry is made', async () => {
		const entry = await storeNewer('behaviour', { date: '2026-10-05' });
		const { _id, ...input } = entry;
		expect(await behaviour.correct(_id, { ...input, description: 'Corrected on the older app' })).toMatchObject(
			refused
		);
		expect(await db.records('behaviour').count()).toBe(1);
		expect(await db.outbox.count()).toBe(0);
	});

	it('a write under its id by any other path is refused in the same transaction', async () => {
		const plan = await storeNewer('plan');
		const older = { ...plan, schemaVersion: 1, assessmentArrangements: 'Older app' };
		expect(await writeRecord('plan', older)).toMatchObject(refused);
		expect((await db.records('plan').get(plan._id))?.schemaVersion).toBe(2);
	});
});
