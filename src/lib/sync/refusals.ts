import type { Database } from 'pouchdb-core';
import type { WaymarkDb } from '$lib/store/db';
import { PouchDB } from './pouch';

export interface Refusal {
	docId: string;
	reason: string;
}

/**
 * The document and the server's reason in PouchDB's `denied` event: a two-way sync wraps the
 * error as `{ direction, doc }`, a one-way replication emits it as is. Pull refusals are not
 * about anything saved here.
 */
export function refusalOf(event: unknown): Refusal | null {
	if (!event || typeof event !== 'object') return null;
	const wrapped = 'direction' in event ? (event as { direction?: string; doc?: unknown }) : null;
	if (wrapped?.direction === 'pull') return null;
	const err = (wrapped ? wrapped.doc : event) as
		{ id?: string; _id?: string; reason?: string; message?: string } | undefined;
	const docId = err?.id ?? err?._id;
	if (!err || !docId) return null;
	return { docId, reason: err.reason ?? err.message ?? 'The server did not say why.' };
}

/**
 * Mark the outbox entries the server refused. A 403 from validation is not a network error:
 * PouchDB's push moves its checkpoint past the document and never sends it again by itself, so
 * the entry keeps the refusal (shown to staff) until a retry gets it through or a new save
 * replaces it.
 */
export async function markRefused(db: WaymarkDb, refusals: Refusal[]): Promise<void> {
	if (refusals.length === 0) return;
	const now = new Date().toISOString();
	await db.transaction('rw', db.outbox, async () => {
		for (const { docId, reason } of refusals) {
			const entry = await db.outbox.get(docId);
			if (entry) await db.outbox.update(docId, { refused: { reason, since: entry.refused?.since ?? now } });
		}
	});
}

/**
 * Push the refused records again, outside the live replication and its checkpoint (which has
 * moved past them): after a staff member signs in, or when this app version or the server's
 * rules have changed. Those the server takes lose their refusal (confirmation then clears them);
 * the rest keep it with the server's latest reason. Returns how many are still refused.
 */
export async function pushRefusedAgain(db: WaymarkDb, local: Database, remote: Database): Promise<number> {
	const refused = await db.outbox.filter((e) => e.refused !== undefined).toArray();
	if (refused.length === 0) return 0;
	const denied: Refusal[] = [];
	const push = PouchDB.replicate(local, remote, { doc_ids: refused.map((e) => e.docId), checkpoint: false });
	void push.on('denied', (event: unknown) => {
		const refusal = refusalOf(event);
		if (refusal) denied.push(refusal);
	});
	await push;
	const still = new Set(denied.map((d) => d.docId));
	await db.transaction('rw', db.outbox, async () => {
		for (const e of refused) {
			if (still.has(e.docId)) continue;
			const fresh = await db.outbox.get(e.docId);
			if (fresh?.refused) await db.outbox.update(e.docId, { refused: undefined });
		}
	});
	await markRefused(db, denied);
	return still.size;
}
