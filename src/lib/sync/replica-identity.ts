import type { Database } from 'pouchdb-core';
import type { WaymarkDb } from '$lib/store/db';

/** Where the replica keeps its own identity. `_local` documents never replicate. */
const IDENTITY_DOC = '_local/waymark-replica';

export type ReplicaCheck = 'same' | 'adopted' | 'reset';

/**
 * Dexie's inbound checkpoint (a sequence number of the replica's changes feed) and the outbox
 * revisions (revisions in the replica) mean something only for ONE replica. If the replica was
 * destroyed or recreated while Dexie kept them (a wipe interrupted between the two stores, the
 * browser evicting one database), the checkpoint would skip the new replica's changes and the
 * copied entries would never be pushed (issue 18, item 10). So the replica carries a random id,
 * saved beside the checkpoint; when they differ, Dexie re-reads the replica from the start and
 * every outbox entry is queued to be copied again (both idempotent: the bridge records a
 * revision when the replica already holds the same content).
 */
export async function checkReplicaIdentity(db: WaymarkDb, local: Database): Promise<ReplicaCheck> {
	const stored = (await local.get(IDENTITY_DOC).catch(() => null)) as { replicaId?: string } | null;
	const known = (await db.meta.get('replicaId'))?.value as string | undefined;
	if (stored?.replicaId && stored.replicaId === known) return 'same';

	let replicaId = stored?.replicaId;
	if (!replicaId) {
		replicaId = crypto.randomUUID();
		await local.put({ _id: IDENTITY_DOC, replicaId });
	}
	// Dexie has never met a replica with an id: nothing read from one yet, or a tablet from before
	// replicas had ids whose replica still holds its history (an empty one under a checkpoint is
	// a recreated replica). Adopt this one.
	const hasCheckpoint = (await db.meta.get('inboundSeq')) !== undefined;
	const hasHistory = !stored && Number((await local.info()).update_seq) > 0;
	if (!known && (!hasCheckpoint || hasHistory)) {
		await db.meta.put({ key: 'replicaId', value: replicaId });
		return 'adopted';
	}
	await db.transaction('rw', db.meta, db.outbox, async () => {
		await db.meta.put({ key: 'replicaId', value: replicaId });
		await db.meta.delete('inboundSeq');
		await db.outbox.toCollection().modify((entry) => {
			delete entry.rev;
		});
	});
	return 'reset';
}
