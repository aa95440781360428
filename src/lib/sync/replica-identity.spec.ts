import MemoryAdapter from 'pouchdb-adapter-memory';
import { beforeEach, describe, expect, it } from 'vitest';
import type { WaymarkDb } from '$lib/store/db';
import { freshDatabase } from '$tests/test-db';
import { openLocal, PouchDB } from './pouch';
import { checkReplicaIdentity } from './replica-identity';

PouchDB.plugin(MemoryAdapter);

let db: WaymarkDb;
let n = 0;
const replica = () => openLocal(`identity-${process.pid}-${++n}`, 'memory');
const queued = (rev?: string) =>
	db.outbox.put({ docId: 'pupil:1', type: 'pupil', queuedAt: '2026-01-01T00:00:00Z', token: 't', rev });

beforeEach(() => {
	db = freshDatabase();
});

describe('tying Dexie’s checkpoint to one replica', () => {
	it('adopts the first replica, then knows it', async () => {
		const local = replica();
		expect(await checkReplicaIdentity(db, local)).toBe('adopted');
		expect(await checkReplicaIdentity(db, local)).toBe('same');
	});

	it('re-reads from the start and re-queues copied entries when the replica was recreated', async () => {
		const old = replica();
		await checkReplicaIdentity(db, old);
		await db.meta.put({ key: 'inboundSeq', value: 40 });
		await queued('1-abc');
		expect(await checkReplicaIdentity(db, replica())).toBe('reset');
		expect(await db.meta.get('inboundSeq')).toBeUndefined();
		expect((await db.outbox.get('pupil:1'))?.rev).toBeUndefined();
	});

	it('keeps the checkpoint of a tablet from before replicas had ids when its replica still has its history', async () => {
		const local = replica();
		await local.put({ _id: 'pupil:1', familyName: 'Kept' });
		await db.meta.put({ key: 'inboundSeq', value: 1 });
		await queued('1-abc');
		expect(await checkReplicaIdentity(db, local)).toBe('adopted');
		expect((await db.meta.get('inboundSeq'))?.value).toBe(1);
		expect((await db.outbox.get('pupil:1'))?.rev).toBe('1-abc');
	});

	it('treats an empty replica under a checkpoint from before replicas had ids as recreated', async () => {
		await db.meta.put({ key: 'inboundSeq', value: 12 });
		await queued('1-abc');
		expect(await checkReplicaIdentity(db, replica())).toBe('reset');
		expect((await db.outbox.get('pupil:1'))?.rev).toBeUndefined();
	});
});
