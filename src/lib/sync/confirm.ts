import type { Database } from 'pouchdb-core';
import type { WaymarkDb } from '$lib/store/db';

const BATCH = 500;

/**
 * Delete outbox entries whose revision the server now has — and only those. The server's own
 * `_revs_diff` answers, so this holds however replication got the revision there (this tablet's
 * push, a push before a crash, or another path). Returns how many entries are still waiting.
 */
export async function confirmWithServer(db: WaymarkDb, remote: Database): Promise<number> {
	let offset = 0;
	for (;;) {
		const copied = await db.outbox
			.filter((e) => Boolean(e.rev))
			.offset(offset)
			.limit(BATCH)
			.toArray();
		if (copied.length === 0) break;
		const diff: Record<string, string[]> = {};
		for (const e of copied) diff[e.docId] = [e.rev as string];
		const missing = await remote.revsDiff(diff);
		const confirmed = copied.filter((e) => !missing[e.docId]?.missing?.includes(e.rev as string));
		await db.transaction('rw', db.outbox, async () => {
			for (const e of confirmed) {
				const fresh = await db.outbox.get(e.docId);
				if (fresh && fresh.token === e.token && fresh.rev === e.rev) await db.outbox.delete(e.docId);
			}
		});
		offset += copied.length - confirmed.length;
	}
	return db.outbox.count();
}
