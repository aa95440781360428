import type { Database } from 'pouchdb-core';
import { typeOfId, type RecordType } from '$lib/domain/kinds';
import type { RetentionDeletion } from '$lib/domain/retention-deletion';
import type { WaymarkDb } from '$lib/store/db';
import { dropFromReplica } from './window-trim';

/**
 * Records deleted under the retention schedule (docs/retention.md). The server purges them, and
 * purges do not replicate: the deletion certificate that does is this tablet's signal. Every id a
 * certificate names is removed here from Dexie (with any outbox entry, decision or set-aside copy)
 * and from the replica, is never stored again when a copy arrives (another tablet that had not yet
 * heard), and is never sent: a tablet must not bring back what the school deleted.
 */

/** Every id named by a deletion certificate on this tablet. */
export async function retiredIds(db: WaymarkDb): Promise<Set<string>> {
	const certificates = await db.records<RetentionDeletion>('retentionDeletion').toArray();
	return new Set(certificates.flatMap((c) => c.ids));
}

/**
 * Remove the named records from Dexie. Runs inside the caller's transaction when it holds the
 * tables (`tablesFor` lists them), so the inbound checkpoint moves with the removal.
 */
export async function removeFromDexie(db: WaymarkDb, ids: readonly string[]): Promise<number> {
	let removed = 0;
	const byType = groupByType(ids);
	for (const [type, list] of byType) {
		const table = db.records(type);
		const present = (await table.bulkGet(list)).filter(Boolean).length;
		if (type === 'attendance') {
			const marks = (await db.records<{ _id: string; pupilId: string }>('attendance').bulkGet(list)).filter(Boolean);
			await db.attendanceDigest.bulkDelete([...new Set(marks.map((m) => m!.pupilId))]);
		}
		await table.bulkDelete(list);
		removed += present;
	}
	await db.outbox.bulkDelete([...ids]);
	await db.decisions.bulkDelete([...ids]);
	await db.quarantine
		.where('docId')
		.anyOf([...ids])
		.delete();
	return removed;
}

/** The Dexie tables removeFromDexie writes for these ids. */
export function tablesFor(db: WaymarkDb, ids: readonly string[]) {
	return [
		...[...groupByType(ids).keys()].map((t) => db.records(t)),
		db.outbox,
		db.decisions,
		db.quarantine,
		db.attendanceDigest
	];
}

/** Remove every retired record still in Dexie or the replica (after a certificate arrives, and at start). */
export async function removeRetired(db: WaymarkDb, local: Database, only?: readonly string[]): Promise<number> {
	const ids = only ? [...only] : [...(await retiredIds(db))];
	if (ids.length === 0) return 0;
	const removed = await db.transaction('rw', tablesFor(db, ids), () => removeFromDexie(db, ids));
	const canPurge = typeof local._purge === 'function';
	const rows = (await local.allDocs({ keys: ids })).rows;
	for (const row of rows) {
		if (!row.value || row.error || row.value.deleted) continue;
		await dropFromReplica(local, row.key, row.value.rev, canPurge);
	}
	return removed;
}

function groupByType(ids: readonly string[]): Map<RecordType, string[]> {
	const byType = new Map<RecordType, string[]>();
	for (const id of ids) {
		const type = typeOfId(id);
		if (!type || type === 'retentionDeletion' || type === 'settings') continue;
		byType.set(type, [...(byType.get(type) ?? []), id]);
	}
	return byType;
}
