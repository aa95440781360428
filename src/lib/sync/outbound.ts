import type { Database, PouchDoc } from 'pouchdb-core';
import type { WaymarkDb, OutboxEntry } from '$lib/store/db';
import { hasSameContent, revHash, revPosition } from './doc-content';
import { removeFromDexie, retiredIds, tablesFor } from './retention-removal';

const BATCH = 200;

/**
 * Copy queued local edits (outbox entries without a rev) into the PouchDB replica.
 *
 * Idempotent, so a crash at any point is harmless: if the tablet dies after PouchDB stored an
 * edit but before the outbox entry was updated, the next drain finds PouchDB already holding
 * the same content and only records the revision.
 *
 * No silent overwrite: an edit descends from the `_rev` it was made on. If the replica has moved
 * on meanwhile (another tablet's edit arrived), the edit is written as a sibling branch of that
 * base with `new_edits: false` — a normal CouchDB conflict that the conflict resolver merges —
 * rather than on top of the other person's change.
 *
 * Returns how many entries were copied.
 */
export async function drainOutbox(db: WaymarkDb, local: Database): Promise<number> {
	let copied = 0;
	// Each entry is tried once per drain: one the replica keeps refusing must not spin forever.
	const tried = new Set<string>();
	// Deleted under the retention schedule (a form left open saved it again): never sent.
	const retired = await retiredIds(db);
	if (retired.size) {
		const named = (await db.outbox.toCollection().primaryKeys()).filter((id) => retired.has(id));
		if (named.length) await db.transaction('rw', tablesFor(db, named), () => removeFromDexie(db, named));
	}
	for (;;) {
		const entries = await db.outbox
			.filter((e) => !e.rev && !tried.has(e.docId))
			.limit(BATCH)
			.toArray();
		if (entries.length === 0) return copied;
		for (const e of entries) tried.add(e.docId);
		copied += await drainBatch(db, local, entries);
	}
}

async function drainBatch(db: WaymarkDb, local: Database, entries: OutboxEntry[]): Promise<number> {
	const records = await Promise.all(entries.map((e) => db.records(e.type).get(e.docId)));
	const current = await local.allDocs({ keys: entries.map((e) => e.docId), include_docs: true });

	const ordinary: PouchDoc[] = [];
	const branches: PouchDoc[] = [];
	const written = new Map<string, string>(); // docId → rev now in the replica
	const vanished = new Set<string>(); // outbox entries whose record is gone from Dexie

	entries.forEach((entry, i) => {
		const record = records[i] as PouchDoc | undefined;
		const row = current.rows[i];
		if (!record) return void vanished.add(entry.docId);
		const replicaRev = row?.value && !row.value.deleted ? row.value.rev : undefined;
		if (replicaRev && row?.doc && hasSameContent(row.doc, record)) {
			written.set(entry.docId, replicaRev); // already copied before a crash
		} else if (record._rev === replicaRev) {
			ordinary.push({ ...record, _rev: replicaRev });
		} else {
			branches.push(branchOf(record));
		}
	});

	const results = ordinary.length ? await local.bulkDocs(ordinary) : [];
	results.forEach((r, i) => {
		if (r.ok && r.id && r.rev) written.set(r.id, r.rev);
		// Refused (e.g. another tab copied it first): the entry stays queued; the next drain
		// compares again and copies or branches it. Never dropped.
		else console.warn('Waymark: replica refused a local edit; will retry', ordinary[i]?._id, r);
	});
	if (branches.length) {
		await local.bulkDocs(branches, { new_edits: false });
		for (const b of branches) written.set(b._id, b._rev as string);
	}

	await db.transaction('rw', [db.outbox, ...new Set(entries.map((e) => db.records(e.type)))], async () => {
		for (const entry of entries) {
			const rev = written.get(entry.docId);
			const fresh = await db.outbox.get(entry.docId);
			if (vanished.has(entry.docId)) {
				// The record is gone from Dexie (a wipe mid-drain): nothing left to send.
				if (fresh && fresh.token === entry.token) await db.outbox.delete(entry.docId);
				continue;
			}
			if (!rev) continue;
			// The local record now descends from `rev`, even if it was edited again meanwhile.
			await db.records(entry.type).update(entry.docId, { _rev: rev });
			// Only mark it copied if no newer edit was queued while we worked.
			if (fresh && fresh.token === entry.token) await db.outbox.update(entry.docId, { rev });
		}
	});
	return written.size;
}

/** A child of the edit's base revision, made by hand so it cannot land on top of someone else's. */
function branchOf(record: PouchDoc): PouchDoc {
	const hash = crypto.randomUUID().replaceAll('-', '');
	if (!record._rev) return { ...record, _rev: `1-${hash}`, _revisions: { start: 1, ids: [hash] } };
	const position = revPosition(record._rev) + 1;
	return {
		...record,
		_rev: `${position}-${hash}`,
		_revisions: { start: position, ids: [hash, revHash(record._rev)] }
	};
}
