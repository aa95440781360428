import MemoryAdapter from 'pouchdb-adapter-memory';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from 'pouchdb-core';
import * as pupils from '$lib/store/pupils';
import type { WaymarkDb } from '$lib/store/db';
import { freshDatabase } from '$tests/test-db';
import { drainOutbox } from './outbound';
import { openLocal, PouchDB } from './pouch';
import { pupilInput } from '$tests/test-factories';

PouchDB.plugin(MemoryAdapter);

const input = pupilInput({ givenName: 'Rae', familyName: 'Outbox' });

let db: WaymarkDb;
let replica: Database;
let n = 0;
beforeEach(() => {
	db = freshDatabase();
	replica = openLocal(`outbound-${process.pid}-${++n}`, 'memory');
});

async function created() {
	const saved = await pupils.create(input);
	if (!saved.ok) throw new Error(saved.message);
	return saved.record;
}

describe('copying local edits into the replica', () => {
	it('copies a new record and remembers its revision on the record and the outbox entry', async () => {
		const record = await created();
		expect(await drainOutbox(db, replica)).toBe(1);
		const rev = (await replica.get(record._id))._rev;
		expect((await db.outbox.get(record._id))?.rev).toBe(rev);
		expect((await pupils.get(record._id))?._rev).toBe(rev);
	});

	it('writes one revision when two tabs drain at the same moment', async () => {
		const record = await created();
		await Promise.all([drainOutbox(db, replica), drainOutbox(db, replica)]);
		const doc = await replica.get(record._id, { revs: true, conflicts: true });
		expect(doc._revisions?.ids).toHaveLength(1);
		expect(doc._conflicts ?? []).toEqual([]);
		expect((await db.outbox.get(record._id))?.rev).toBe(doc._rev);
	});

	it('keeps an edit the replica refuses queued, and copies it on the next drain', async () => {
		const record = await created();
		let isRefusing = true;
		const flaky = new Proxy(replica, {
			get(target, prop, receiver) {
				if (prop === 'bulkDocs' && isRefusing) {
					isRefusing = false;
					return () => Promise.resolve([{ error: 'conflict', reason: 'Document update conflict', status: 409 }]);
				}
				const value = Reflect.get(target, prop, receiver);
				return typeof value === 'function' ? value.bind(target) : value;
			}
		});
		expect(await drainOutbox(db, flaky)).toBe(0);
		const entry = await db.outbox.get(record._id);
		expect(entry?.docId).toBe(record._id); // still queued
		expect(entry?.rev).toBeUndefined();
		expect(await drainOutbox(db, flaky)).toBe(1);
		expect((await replica.get(record._id)).familyName).toBe('Outbox');
	});

	it('branches an edit made on an older revision instead of overwriting the newer one', async () => {
		const record = await created();
		await drainOutbox(db, replica);
		// Another tablet's edit arrives in the replica; this tablet edits from the older revision.
		const theirs = await replica.put({ ...(await replica.get(record._id)), hostSchool: 'Their School' });
		await pupils.update(record._id, { yearGroup: 9 });
		await drainOutbox(db, replica);
		const doc = await replica.get(record._id, { conflicts: true });
		const revs = [doc._rev, ...(doc._conflicts ?? [])];
		expect(revs).toContain(theirs.rev);
		expect(revs).toHaveLength(2);
	});
});
