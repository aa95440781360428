import type { ChangesResponse, Database, PouchDoc } from 'pouchdb-core';
import type { WaymarkDb } from '$lib/store/db';

/**
 * ── First sync from a snapshot (issue 16.1; design in docs/sync.md, "First sync") ──
 * A new or wiped tablet does not replicate document by document. It reads the server's changes
 * feed a page at a time for ids and leaf revisions (`style=all_docs`: conflicting leaves too),
 * fetches those revisions with their history in one `_bulk_get?revs=true` per page, and writes
 * them into the replica with `new_edits: false` (exactly what replication would write, without
 * its `_revs_diff` and two checkpoint writes per batch). Dexie gets them through the ordinary
 * inbound path (replica changes feed → zod → store or quarantine). All standard CouchDB API, so
 * it runs the same against CouchDB 3 as against the embedded server.
 *
 * Progress is kept in Dexie after every page: a closed tab or a dropped connection resumes from
 * the last page written, never from the start. When the feed is read to its end, live sync
 * continues `since` the snapshot's last sequence (engine.ts hands it to PouchDB's own
 * checkpointer), so a document changed on the server meanwhile comes with live sync.
 */

/** Documents per changes-feed page and per `_bulk_get`. Large: fewer round trips, fewer Dexie writes. */
export const SNAPSHOT_PAGE = 2000;
const PROGRESS_KEY = 'firstSync';

export interface SnapshotProgress {
	/** Where the next page of the server's changes feed starts (opaque on a CouchDB cluster). */
	since: number | string;
	/** Documents brought onto the replica so far (rows of the changes feed). */
	done: number;
	/** Documents on the server when the snapshot started (grows if more arrive meanwhile). */
	total: number;
	/** Revisions written to the replica by the snapshot: the push half starts after them when nothing else was written. */
	revsWritten: number;
	/** Document revisions fetched with `_bulk_get`, across every resumed run (bench: nothing fetched twice). */
	fetched: number;
	/** The feed was read to its end: live sync continues from `since`. */
	isComplete: boolean;
	/** Live pull has started from `since` (its checkpoint is written): nothing left to hand over. */
	isHandedOver: boolean;
}

export async function readSnapshotProgress(db: WaymarkDb): Promise<SnapshotProgress | undefined> {
	return (await db.meta.get(PROGRESS_KEY))?.value as SnapshotProgress | undefined;
}

export function saveSnapshotProgress(db: WaymarkDb, progress: SnapshotProgress): Promise<unknown> {
	return db.meta.put({ key: PROGRESS_KEY, value: progress });
}

export function forgetSnapshotProgress(db: WaymarkDb): Promise<void> {
	return db.meta.delete(PROGRESS_KEY);
}

export type FirstSyncPlan =
	| { kind: 'snapshot'; progress: SnapshotProgress | undefined }
	| { kind: 'handover'; progress: SnapshotProgress }
	| { kind: 'live' };

/**
 * What this start of sync does: an empty replica loads a snapshot (afresh: any progress kept is
 * about a replica that is gone); a snapshot cut short resumes; a finished one not yet handed to
 * live sync hands over; anything else syncs live from its checkpoints.
 */
export async function planFirstSync(db: WaymarkDb, local: Database): Promise<FirstSyncPlan> {
	const seq = Number((await local.info()).update_seq);
	const progress = await readSnapshotProgress(db);
	if (seq === 0) return { kind: 'snapshot', progress: undefined };
	if (progress && !progress.isComplete) return { kind: 'snapshot', progress };
	if (progress && !progress.isHandedOver) return { kind: 'handover', progress };
	return { kind: 'live' };
}

interface BulkGetResult {
	results: { id: string; docs: ({ ok: PouchDoc } | { error: unknown })[] }[];
}

export interface SnapshotOptions {
	db: WaymarkDb;
	local: Database;
	remote: Database;
	/** Progress kept from an earlier run to resume from (planFirstSync). */
	progress?: SnapshotProgress;
	pageSize?: number;
	/** Asked between pages: true stops the run (tab closing, offline, signed out). */
	isCancelled?: () => boolean;
	onProgress?: (progress: SnapshotProgress) => void;
}

/** Load pages until the feed ends or the run is cancelled; resolves with the progress kept. */
export async function loadSnapshot(opts: SnapshotOptions): Promise<SnapshotProgress> {
	const { db, local, remote } = opts;
	const pageSize = opts.pageSize ?? SNAPSHOT_PAGE;
	let progress: SnapshotProgress | undefined = opts.progress;
	if (!progress) {
		const info = await remote.info();
		progress = {
			since: 0,
			done: 0,
			total: Number(info.doc_count ?? 0) + Number(info.doc_del_count ?? 0),
			revsWritten: 0,
			fetched: 0,
			isComplete: false,
			isHandedOver: false
		};
		await saveSnapshotProgress(db, progress);
	}
	opts.onProgress?.(progress);
	while (!progress.isComplete) {
		if (opts.isCancelled?.()) return progress;
		// batch_size: the http adapter would otherwise split the page into requests of 25.
		const page: ChangesResponse = await remote.changes({
			since: progress.since,
			limit: pageSize,
			batch_size: pageSize,
			style: 'all_docs'
		});
		if (opts.isCancelled?.()) return progress;
		const wanted = page.results.flatMap((row) => row.changes.map((c) => ({ id: row.id, rev: c.rev })));
		const docs = wanted.length ? await fetchRevisions(remote, wanted) : [];
		if (opts.isCancelled?.()) return progress;
		// The revisions as the server has them, history included: the replica ends as replication leaves it.
		if (docs.length) await local.bulkDocs(docs, { new_edits: false });
		const done: number = progress.done + page.results.length;
		progress = {
			...progress,
			since: page.last_seq,
			done,
			// Documents saved on the server meanwhile also arrive in the feed.
			total: Math.max(progress.total, done),
			revsWritten: progress.revsWritten + docs.length,
			fetched: progress.fetched + docs.length,
			isComplete: page.results.length < pageSize
		};
		await saveSnapshotProgress(db, progress);
		opts.onProgress?.(progress);
	}
	return progress;
}

/**
 * The asked revisions with their history. A revision the server no longer has (edited and
 * compacted since its page was read) is left out: the newer one is later in the feed, so the
 * next page or live sync brings it.
 */
async function fetchRevisions(remote: Database, wanted: { id: string; rev: string }[]): Promise<PouchDoc[]> {
	const reply: BulkGetResult = await remote.bulkGet({ docs: wanted, revs: true });
	return reply.results.flatMap((r) => r.docs.flatMap((d) => ('ok' in d && d.ok ? [d.ok] : [])));
}
