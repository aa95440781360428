import type { Database } from 'pouchdb-core';
import type { OutboxEntry, WaymarkDb } from '$lib/store/db';
import { revPosition } from './doc-content';

const BATCH = 500;
/** Documents read at once when asking whether the server's history holds a revision. */
const HISTORY_READS = 8;

/**
 * Delete outbox entries the server holds — and only those. "Holds" means the server has the
 * entry's revision OR A DESCENDANT of it: a revision merged or superseded before its push (a
 * conflict resolved on this tablet, a re-copy after a crash) may live on the server only as
 * history, and `_revs_diff` on the embedded server reports such an ancestor as missing, so an
 * exact-revision check would keep it "waiting" for ever (issue 18, item 13b). The server answers
 * in two steps that mean the same on the embedded server and CouchDB 3: `_revs_diff` for the
 * common case, then, for what it calls missing, the revision history of every leaf of the
 * document (`open_revs=all&revs=true`). Returns how many entries are still waiting;
 * `onConfirmed` hears the ids let go in each batch (the engine compacts them: replica-storage.ts).
 */
export async function confirmWithServer(
	db: WaymarkDb,
	remote: Database,
	onConfirmed?: (ids: string[]) => Promise<void>
): Promise<number> {
	let offset = 0;
	for (;;) {
		const copied = await db.outbox
			.filter((e) => Boolean(e.rev))
			.offset(offset)
			.limit(BATCH)
			.toArray();
		if (copied.length === 0) break;
		const held = await heldByServer(remote, copied);
		const confirmed = copied.filter((e) => held.has(e.docId));
		const letGo: string[] = [];
		await db.transaction('rw', db.outbox, async () => {
			for (const e of confirmed) {
				const fresh = await db.outbox.get(e.docId);
				if (fresh && fresh.token === e.token && fresh.rev === e.rev) {
					await db.outbox.delete(e.docId);
					letGo.push(e.docId);
				}
			}
		});
		if (letGo.length && onConfirmed) await onConfirmed(letGo);
		offset += copied.length - confirmed.length;
	}
	return db.outbox.count();
}

/** Ids of the entries whose revision the server has, itself or as an ancestor of a leaf. */
async function heldByServer(remote: Database, entries: OutboxEntry[]): Promise<Set<string>> {
	const diff: Record<string, string[]> = {};
	for (const e of entries) diff[e.docId] = [e.rev as string];
	const missing = await remote.revsDiff(diff);
	const held = new Set<string>();
	const unsure: OutboxEntry[] = [];
	for (const e of entries) {
		if (missing[e.docId]?.missing?.includes(e.rev as string)) unsure.push(e);
		else held.add(e.docId);
	}
	if (unsure.length === 0) return held;

	// Most "missing" entries are simply not pushed yet: a document the server lacks, or whose
	// winner is older than the entry, cannot descend from it (CouchDB's winner is the longest
	// live branch, and a merge writes on top of it), so only the rest cost a history read.
	const winners = await remote.allDocs({ keys: unsure.map((e) => e.docId) });
	const worthReading = unsure.filter((e, i) => {
		const row = winners.rows[i];
		return row?.value?.rev !== undefined && revPosition(row.value.rev) >= revPosition(e.rev as string);
	});
	for (let i = 0; i < worthReading.length; i += HISTORY_READS) {
		const slice = worthReading.slice(i, i + HISTORY_READS);
		const found = await Promise.all(slice.map((e) => historyHolds(remote, e.docId, e.rev as string)));
		slice.forEach((e, j) => found[j] && held.add(e.docId));
	}
	return held;
}

/** Whether `rev` is in the revision history of any leaf of the document on the server. */
async function historyHolds(remote: Database, id: string, rev: string): Promise<boolean> {
	const leaves = (await remote.get(id, { open_revs: 'all', revs: true }).catch(() => [])) as unknown as {
		ok?: { _revisions?: { start: number; ids: string[] } };
	}[];
	return leaves.some((leaf) => {
		const path = leaf.ok?._revisions;
		return path?.ids.some((hash, i) => `${path.start - i}-${hash}` === rev) ?? false;
	});
}
