import type { ChangesResponse, Database, PouchDoc } from 'pouchdb-core';
import { localToday } from '$lib/domain/calendar-days';
import { typeOfId } from '$lib/domain/kinds';
import { SETTINGS_ID, type Settings } from '$lib/domain/settings';
import {
	DEFAULT_LEAVER_DAYS,
	DEFAULT_WINDOW_YEARS,
	idBeforeWindow,
	isTimeBound,
	leavesTablet,
	leaversGone,
	recordDay,
	windowStart,
	type WindowRule
} from '$lib/domain/working-window';
import type { WaymarkDb } from '$lib/store/db';

/**
 * ── First sync from a snapshot (issue 16.1; design in docs/sync.md, "First sync") ──
 * A new or wiped tablet does not replicate document by document. It reads the server's changes
 * feed in large pages for ids and leaf revisions (`style=all_docs`: conflicting leaves too; the
 * rows are small), fetches those revisions with their history in `_bulk_get?revs=true` batches
 * smaller than a page (the office server holds a whole answer in memory, for every tablet
 * starting at once), and writes each batch into the replica with `new_edits: false` (exactly
 * what replication would write, without its `_revs_diff` and two checkpoint writes per batch).
 * Dexie gets them through the ordinary inbound path (replica changes feed → zod → store or
 * quarantine). All standard CouchDB API, so it runs the same against CouchDB 3 as against the
 * embedded server.
 *
 * Only what the working window keeps is loaded (domain/working-window.ts): records of a kind
 * written on or after its day whose id (a ULID: the moment it was made) is from before the
 * window are not even fetched; of the rest, whatever the window would take off (older by its
 * day, a leaver's) is not written. They stay on the server. Live sync continues from the
 * snapshot's sequence, past them, so they never arrive — until someone edits one on the server:
 * that edit is a new change in the feed and comes like any other (the window trim then decides).
 *
 * Progress is kept in Dexie after every batch, `since` the feed row that ended it (a row's `seq`
 * is a valid `since`, on a CouchDB 3 cluster too): a closed tab or a dropped connection resumes
 * from the last batch written, inside a page, never from the start. When the feed is read to its end, live sync
 * continues `since` the snapshot's last sequence (engine.ts hands it to PouchDB's own
 * checkpointer), so a document changed on the server meanwhile comes with live sync.
 */

/** Rows per changes-feed page: ids and revisions only, so large (fewer requests for the server to answer). */
export const SNAPSHOT_PAGE = 10_000;
/**
 * Revisions per `_bulk_get` (and per replica write, per progress save): what a closed tab can
 * lose. The embedded server builds each answer whole in memory and lets two such reads run at
 * once (server/heavy-read-gate.ts), so thirty tablets starting together stay under 600 MB.
 */
export const SNAPSHOT_BATCH = 1000;
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
	/** Documents of the feed left on the server: outside the working window (never fetched or not written). */
	leftOnServer?: number;
	/** The window the snapshot loads, fixed when it starts so a resumed run judges alike. */
	window?: { start: string; leavers: string[] };
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
	/** Rows per changes-feed page (default SNAPSHOT_PAGE). */
	pageSize?: number;
	/** Revisions per `_bulk_get` (default SNAPSHOT_BATCH, never more than a page). */
	batchSize?: number;
	/** Asked between batches: true stops the run (tab closing, offline, signed out). */
	isCancelled?: () => boolean;
	onProgress?: (progress: SnapshotProgress) => void;
	/** The local day the window is counted from (default today). */
	today?: string;
}

/** The working window as the server's settings and pupils set it (what window-trim.ts reads from Dexie). */
async function serverWindow(remote: Database, today: string): Promise<{ start: string; leavers: string[] }> {
	const settings = (await remote.get(SETTINGS_ID).catch((err: { status?: number }) => {
		if (err?.status === 404) return undefined;
		throw err;
	})) as unknown as Settings | undefined;
	const pupils = await remote.allDocs({ startkey: 'pupil:', endkey: 'pupil:\ufff0', include_docs: true });
	const docs = pupils.rows.flatMap((r) =>
		r.doc ? [r.doc as unknown as { _id: string; status: string; endDate?: string }] : []
	);
	return {
		start: windowStart(today, settings?.workingWindowYears ?? DEFAULT_WINDOW_YEARS),
		leavers: [...leaversGone(docs, today, settings?.leaverDaysOnTablet ?? DEFAULT_LEAVER_DAYS)]
	};
}

/**
 * Whether the window keeps a document, judged on the revisions fetched: kept when any of them is
 * (a deleted revision carries no day or pupil, so it keeps its document: nothing is guessed away).
 */
function isKept(id: string, revisions: PouchDoc[], rule: WindowRule): boolean {
	const type = typeOfId(id);
	if (!type) return true;
	return revisions.some((doc) => {
		const record = doc as unknown as Record<string, unknown> & { _id: string };
		const day = isTimeBound(type) ? recordDay(type, record) : undefined;
		return leavesTablet(type, record, day, rule) === null;
	});
}

/** Load batches until the feed ends or the run is cancelled; resolves with the progress kept. */
export async function loadSnapshot(opts: SnapshotOptions): Promise<SnapshotProgress> {
	const { db, remote } = opts;
	const pageSize = opts.pageSize ?? SNAPSHOT_PAGE;
	const batchSize = Math.min(opts.batchSize ?? SNAPSHOT_BATCH, pageSize);
	let progress: SnapshotProgress | undefined = opts.progress;
	if (!progress) {
		const info = await remote.info();
		const window = await serverWindow(remote, opts.today ?? localToday());
		progress = {
			window,
			leftOnServer: 0,
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
	// A snapshot kept from before the window existed loads everything, as it did.
	const rule: WindowRule | undefined = progress.window && {
		start: progress.window.start,
		leavers: new Set(progress.window.leavers)
	};
	while (!progress.isComplete) {
		if (opts.isCancelled?.()) return progress;
		// batch_size: the http adapter would otherwise split the page into requests of 25.
		const page: ChangesResponse = await remote.changes({
			since: progress.since,
			limit: pageSize,
			batch_size: pageSize,
			style: 'all_docs'
		});
		const isLastPage = page.results.length < pageSize;
		if (!page.results.length) {
			progress = { ...progress, since: page.last_seq, isComplete: true };
			await saveSnapshotProgress(db, progress);
			opts.onProgress?.(progress);
		}
		for (const rows of batches(page.results, batchSize, rule)) {
			if (opts.isCancelled?.()) return progress;
			const isPageEnd = rows.at(-1) === page.results.at(-1);
			progress = {
				...(await loadBatch(opts, progress, rows, rule)),
				// Mid-page, the batch's last row is where the feed resumes: a closed tab loses at most a batch.
				since: isPageEnd ? page.last_seq : rows.at(-1)!.seq,
				isComplete: isPageEnd && isLastPage
			};
			await saveSnapshotProgress(db, progress);
			opts.onProgress?.(progress);
		}
	}
	return progress;
}

/**
 * A page's rows cut into runs that ask for at most `size` revisions each. Rows known old by their
 * id ask for none: they ride along with the run they fall in.
 */
function* batches(rows: ChangesResponse['results'], size: number, rule: WindowRule | undefined) {
	let start = 0;
	while (start < rows.length) {
		let end = start;
		let revisions = 0;
		while (end < rows.length && revisions < size) {
			const row = rows[end++]!;
			if (!rule || !idBeforeWindow(row.id, rule.start)) revisions += row.changes.length;
		}
		yield rows.slice(start, end);
		start = end;
	}
}

/** Fetch a batch's revisions and write what the window keeps into the replica: the counts moved on. */
async function loadBatch(
	{ local, remote }: SnapshotOptions,
	progress: SnapshotProgress,
	rows: ChangesResponse['results'],
	rule: WindowRule | undefined
): Promise<SnapshotProgress> {
	// Older records of the kinds written after their day are known by their id: not fetched.
	const wanted = rows
		.filter((row) => !rule || !idBeforeWindow(row.id, rule.start))
		.flatMap((row) => row.changes.map((c) => ({ id: row.id, rev: c.rev })));
	const fetched = wanted.length ? await fetchRevisions(remote, wanted) : [];
	// Written even if the tab is closing meanwhile: what was fetched is never fetched again.
	const docs = rule ? keptByWindow(fetched, rule) : fetched;
	const keptIds = new Set(docs.map((d) => d._id)).size;
	// The revisions as the server has them, history included: the replica ends as replication leaves it.
	if (docs.length) await local.bulkDocs(docs, { new_edits: false });
	const done = progress.done + rows.length;
	return {
		...progress,
		done,
		// Documents saved on the server meanwhile also arrive in the feed.
		total: Math.max(progress.total, done),
		revsWritten: progress.revsWritten + docs.length,
		fetched: progress.fetched + fetched.length,
		leftOnServer: (progress.leftOnServer ?? 0) + rows.length - keptIds
	};
}

/** The fetched revisions of the documents the window keeps. */
function keptByWindow(docs: PouchDoc[], rule: WindowRule): PouchDoc[] {
	const byId = new Map<string, PouchDoc[]>();
	for (const doc of docs) byId.set(doc._id, [...(byId.get(doc._id) ?? []), doc]);
	return [...byId].flatMap(([id, revisions]) => (isKept(id, revisions, rule) ? revisions : []));
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
