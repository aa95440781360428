import type { Database } from 'pouchdb-core';

/** Documents read at once to see whether they are in conflict. */
const BATCH = 100;

/**
 * After the server confirmed this tablet's revisions: drop the bodies of their earlier revisions
 * from the replica (the revision tree stays, so replication and confirmation by descent work as
 * before). Only a document's OWN edits leave old bodies behind — replication brings only the
 * winning body of what other tablets wrote — so compacting what was just confirmed keeps the
 * replica at about one body per document.
 *
 * A document with conflicting revisions is left alone until it is settled: its older bodies are
 * the common ancestor the field-by-field merge reads (sync/merge.ts). Once compacted, a conflict
 * that arrives later finds its ancestor on the server instead (conflicts.ts reads it there when
 * the replica has no body): the server keeps revision bodies until its own compaction.
 */
export async function compactConfirmed(local: Database, ids: readonly string[]): Promise<number> {
	let compacted = 0;
	for (let i = 0; i < ids.length; i += BATCH) {
		const keys = ids.slice(i, i + BATCH);
		const rows = (await local.allDocs({ keys, include_docs: true, conflicts: true })).rows;
		for (const row of rows) {
			if (!row.value || row.error || row.doc?._conflicts?.length) continue;
			await local.compactDocument(row.key, 0);
			compacted++;
		}
	}
	return compacted;
}
