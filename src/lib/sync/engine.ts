import { liveQuery, type Subscription } from 'dexie';
import type { Database, EventEmitterLike } from 'pouchdb-core';
import { scheduleDigestWarmup } from '$lib/store/attendance-digest';
import type { WaymarkDb } from '$lib/store/db';
import { keepWaitingNote } from '$lib/store/waiting-marker';
import { localToday } from '$lib/domain/calendar-days';
import { confirmWithServer } from './confirm';
import { decide, resolveConflicts, sweepConflicts } from './conflicts';
import { explainSyncError, isAuthError, isUnreachable } from './errors';
import { applyChanges } from './inbound';
import { removeRetired } from './retention-removal';
import { drainOutbox } from './outbound';
import { PouchDB } from './pouch';
import { markRefused, pushRefusedAgain, refusalOf } from './refusals';
import { checkReplicaIdentity } from './replica-identity';
import {
	loadSnapshot,
	planFirstSync,
	readSnapshotProgress,
	saveSnapshotProgress,
	type SnapshotProgress
} from './snapshot';
import { compactConfirmed } from './replica-storage';
import { freePhotoSpace, trimToWindow, type TrimResult } from './window-trim';
import { syncStatus } from './status.svelte';

/** Retry quickly: PouchDB's default back-off grows towards ten minutes, far too long in a classroom. */
const MAX_BACKOFF_MS = 4_000;
/** Changes applied to Dexie per transaction: fewer, larger transactions make first sync faster
 * and wake the screens' live queries less often (measured: bench/, docs/performance.md). */
const INBOUND_BATCH = 1000;
/** Documents per replication request: 100 (PouchDB's default) made a 60k first sync ~630 round
 * trips and checkpoints each way. */
const REPLICATION_BATCH = 500;
const DRAIN_RETRY_MS = 3_000;
/** A confirmation that failed (a dropped connection) is asked again: nothing else would ask while sync is idle. */
const CONFIRM_RETRY_MS = 3_000;
/** How often records the server refused are offered to it again while the sync is up. */
const REFUSED_RETRY_MS = 5 * 60_000;
/** How often to look for conflicted documents nobody settled (a closed tab, a failed write). */
const CONFLICT_SWEEP_MS = 5 * 60_000;
/** How often records that left the working window are taken off the tablet (at a quiet moment online). */
const WINDOW_TRIM_MS = 6 * 60 * 60_000;

export interface EngineOptions {
	db: WaymarkDb;
	local: Database;
	remote: Database;
	/** Called with ids of documents that arrived with conflicting revisions (default: merge them). */
	resolveConflicts?: (ids: string[]) => Promise<unknown>;
	/**
	 * Whether the person signed in may send this tablet's records (staff). A visitor's sign-in
	 * only receives: it must never push records other people saved here (default: may).
	 */
	canPush?: () => boolean;
	/** Rows per changes-feed page of a first sync's snapshot (default snapshot.ts SNAPSHOT_PAGE; tests use small pages). */
	snapshotPageSize?: number;
	/** Revisions per `_bulk_get` of a first sync's snapshot (default snapshot.ts SNAPSHOT_BATCH). */
	snapshotBatchSize?: number;
	/** The local day the first sync counts the working window from (default today; tests name a day). */
	windowDay?: () => string;
}

/** A two-way sync: pouchdb-replication 9 keeps the push and pull halves as `push` and `pull`. */
type TwoWaySync = EventEmitterLike & { push: EventEmitterLike; pull: EventEmitterLike };

/**
 * Moves data both ways without anyone pressing a button:
 *   Dexie outbox → (drainOutbox) → PouchDB replica ⇄ (live replication) ⇄ server
 *   server → replica → (changes feed, applyChanges) → Dexie
 * and confirms with the server before an outbox entry is let go.
 */
export class SyncEngine {
	#opts: EngineOptions;
	#replication: EventEmitterLike | null = null;
	#localFeed: EventEmitterLike | null = null;
	#subscriptions: Subscription[] = [];
	#running = false;
	#isSignedOut = false;
	/** False until the first pull onto an empty replica is over (see #catchUp). */
	#caughtUp = false;
	/** Where the push half starts once, when the catch-up proved it need not re-check pulled documents. */
	#pushSince: number | undefined;
	/** Where the pull half starts once: the snapshot's last sequence, until live sync has taken it over. */
	#pullSince: number | string | undefined;
	/** The snapshot being loaded (first sync), cancelled by setting its flag. */
	#snapshot: { isCancelled: boolean } | null = null;
	/** The snapshot run in flight, even once cancelled: it writes the batch it was fetching before it ends. */
	#snapshotRun: Promise<void> | null = null;
	#snapshotRetry: ReturnType<typeof setTimeout> | null = null;
	/** The replication started from the snapshot's sequence, until its pull half has reached the server once. */
	#handingOver: { replication: EventEmitterLike; since: number | string } | null = null;
	/** The first pull onto an empty replica has finished: once Dexie has caught up, first sync is over. */
	#isFirstPullDone = false;
	/**
	 * The server did not answer the last request of either half. Kept until a half reaches it again,
	 * so the indicator does not flicker to "syncing" each time a retry starts a batch.
	 */
	#isUnreachable = false;
	#drainTimer: ReturnType<typeof setTimeout> | null = null;
	#confirmTimer: ReturnType<typeof setTimeout> | null = null;
	#queue = new SerialQueue((name, err) => this.#onJobFailed(name, err));
	#onOnline = () => this.goOnline();
	#onOffline = () => this.goOffline();
	/** Outbox entries the server refused (store/refusals.ts), and when they were last offered again. */
	#refused = 0;
	#refusedOfferedAt = 0;
	#sweepTimer: ReturnType<typeof setInterval> | null = null;

	constructor(opts: EngineOptions) {
		this.#opts = opts;
	}

	async start(): Promise<void> {
		if (this.#running) return;
		this.#running = true;
		const { db, local } = this.#opts;
		// Before anything reads the checkpoint or copies the outbox: are they about THIS replica?
		await checkReplicaIdentity(db, local);
		// Finish any removal under the retention schedule cut short (Dexie done, replica not).
		await removeRetired(db, local);
		const saved = await db.meta.get('lastSyncedAt');
		syncStatus.update({ phase: 'syncing', lastSyncedAt: (saved?.value as string | undefined) ?? null });

		this.#subscriptions.push(
			// Any save anywhere (this page, another tab) changes the outbox: copy it across.
			liveQuery(() => db.outbox.count()).subscribe({
				next: (waiting) => {
					syncStatus.update({ waiting });
					this.#drain();
				}
			}),
			liveQuery(() => db.outbox.filter((e) => e.refused !== undefined).count()).subscribe({
				next: (refused) => {
					this.#refused = refused;
					// Shown until resolved: a refusal is not wiped by the next quiet moment of the sync.
					if (refused > 0) syncStatus.update({ lastError: refusedMessage(refused) });
				}
			}),
			// A note outside IndexedDB of what is waiting, so a cleared browser storage can be reported.
			keepWaitingNote(db),
			liveQuery(() => db.quarantine.count()).subscribe({ next: (quarantined) => syncStatus.update({ quarantined }) }),
			liveQuery(() => db.decisions.count()).subscribe({ next: (decisions) => syncStatus.update({ decisions }) })
		);

		this.#localFeed = local.changes({ live: true, since: 'now' }).on('change', () => this.#pumpInbound());
		this.#pumpInbound();
		// Opened with no network: say so from the start and wait for it, rather than knock.
		if (typeof navigator !== 'undefined' && navigator.onLine === false) this.goOffline();
		else this.#startReplication();
		this.#startConflictSweep();
		if (typeof window !== 'undefined') {
			window.addEventListener('online', this.#onOnline);
			window.addEventListener('offline', this.#onOffline);
		}
	}

	async stop(): Promise<void> {
		this.#running = false;
		if (this.#drainTimer) clearTimeout(this.#drainTimer);
		this.#drainTimer = null;
		if (this.#confirmTimer) clearTimeout(this.#confirmTimer);
		this.#confirmTimer = null;
		this.#endFirstSync();
		this.#cancelReplication();
		this.#localFeed?.cancel();
		this.#localFeed = null;
		if (this.#sweepTimer) clearInterval(this.#sweepTimer);
		this.#sweepTimer = null;
		for (const s of this.#subscriptions) s.unsubscribe();
		this.#subscriptions = [];
		if (typeof window !== 'undefined') {
			window.removeEventListener('online', this.#onOnline);
			window.removeEventListener('offline', this.#onOffline);
		}
		await this.#queue.idle();
	}

	/** After signing in again: pick up where we stopped, nothing local was dropped. */
	resumeAfterSignIn(): void {
		this.#isSignedOut = false;
		this.#refusedOfferedAt = 0; // someone else signed in: what was refused may go through now
		this.#restartReplication();
	}

	/**
	 * The device lost its network: stop the retrying replication rather than let it knock every
	 * few seconds (and pile up listeners) until the network is back.
	 */
	goOffline(): void {
		this.#cancelReplication();
		this.#isUnreachable = false;
		syncStatus.update({ isOnline: false, phase: 'offline', progress: null });
	}

	/** The network is back: start the one replication again (never a second beside a running one). */
	goOnline(): void {
		syncStatus.update({ isOnline: true, phase: this.#isSignedOut ? 'signed-out' : 'syncing' });
		if (!this.#replication && !this.#snapshot) this.#startReplication();
	}

	/**
	 * Settle a record on the "needs a decision" list with a person's choices (field → value). In
	 * the serial queue, so it never runs beside a merge of the same record from the changes feed.
	 */
	decide(docId: string, choices: Record<string, unknown>) {
		const { db, local, remote } = this.#opts;
		return this.#queue.call(() => decide({ db, local, remote }, docId, choices));
	}

	/**
	 * Take records outside the working window off this tablet now (window-trim.ts), in the serial
	 * queue so no copy from the outbox or inbound batch runs beside it. `today` for tests.
	 */
	trimWindow(today = localToday()): Promise<TrimResult> {
		const { db, local, remote } = this.#opts;
		return this.#queue.call(async () => {
			const result = await trimToWindow({ db, local, remote }, today);
			await db.meta.put({ key: 'windowTrimmedAt', value: new Date().toISOString() });
			return result;
		});
	}

	/**
	 * Take the pictures of pages the server already holds off this tablet (Settings' "free space"),
	 * in the serial queue like the window's trim. Throws when the server cannot be asked.
	 */
	freePhotoSpace(): Promise<{ pages: number; bytes: number; kept: number }> {
		const { db, local, remote } = this.#opts;
		return this.#queue.call(() => freePhotoSpace({ db, local, remote }));
	}

	/** Wait until everything queued locally has been copied and applied (used by tests). */
	settled(): Promise<void> {
		// A cancelled snapshot still writes the batch it was fetching: a new engine on the same
		// stores must read its progress after that, or it would fetch that batch again.
		return Promise.all([this.#queue.idle(), this.#snapshotRun]).then(() => undefined);
	}

	#drain() {
		this.#queue.run('drain', async () => {
			const { db, local } = this.#opts;
			try {
				await drainOutbox(db, local);
			} finally {
				// Something the replica refused, or a copy that failed part-way (a closed connection),
				// stays queued: try again shortly rather than at the next save, which may never come.
				if (this.#running && (await db.outbox.filter((e) => !e.rev).count()) > 0) this.#drainSoon();
			}
		});
	}

	#confirmSoon() {
		if (this.#confirmTimer) return;
		this.#confirmTimer = setTimeout(() => {
			this.#confirmTimer = null;
			if (this.#running) this.#confirm();
		}, CONFIRM_RETRY_MS);
	}

	#drainSoon() {
		if (this.#drainTimer) return;
		this.#drainTimer = setTimeout(() => {
			this.#drainTimer = null;
			if (this.#running) this.#drain();
		}, DRAIN_RETRY_MS);
	}

	/** A queued job threw: the server not answering is a state of the connection, anything else a problem to show. */
	#onJobFailed(name: string, err: unknown) {
		console.warn(`Waymark sync: ${name} failed`, err);
		if (name === 'confirm') this.#confirmSoon();
		// A re-offer of refused records cut off by the network is not a refusal: offer again soon, not
		// only after the usual few minutes.
		if (name === 'refused') {
			this.#refusedOfferedAt = 0;
			setTimeout(() => {
				if (this.#running) this.#offerRefused();
			}, CONFIRM_RETRY_MS);
		}
		if (name === 'confirm' && (isUnreachable(err) || isAuthError(err))) return this.#onReplicationError(err);
		syncStatus.update({ lastError: explainSyncError(err) });
	}

	#pumpInbound() {
		this.#queue.run('inbound', async () => {
			const { db, local, remote } = this.#opts;
			const resolve = this.#opts.resolveConflicts ?? ((ids: string[]) => resolveConflicts({ db, local, remote }, ids));
			for (;;) {
				const since = ((await db.meta.get('inboundSeq'))?.value as number | string | undefined) ?? 0;
				const batch = await local.changes({ since, limit: INBOUND_BATCH, include_docs: true, conflicts: true });
				if (batch.results.length === 0) {
					if (this.#isFirstPullDone) this.#endFirstSync();
					return;
				}
				const outcome = await applyChanges(db, batch.results, batch.last_seq);
				if (outcome.retired.length) await removeRetired(db, local, outcome.retired);
				if (outcome.conflicted.length) await resolve(outcome.conflicted);
			}
		});
	}

	/**
	 * ── Conflict sweep (the one place the engine starts it) ──
	 * At start-up and every few minutes, resolve or list every document in the replica that still
	 * has conflicting revisions: the inbound path resolves what it sees, but its checkpoint moves
	 * first, so a closed tab or a failed write would otherwise leave CouchDB's arbitrary winner
	 * showing with nothing on "Needs a decision". Queued behind inbound, never beside it.
	 */
	#startConflictSweep() {
		const sweep = () => {
			const { db, local, remote } = this.#opts;
			// One batch per turn of the queue: outbox and inbound work runs between batches.
			if (this.#running)
				this.#queue.run('sweep', async () => {
					if (!(await sweepConflicts({ db, local, remote })).isDone) sweep();
				});
		};
		sweep();
		this.#sweepTimer = setInterval(sweep, CONFLICT_SWEEP_MS);
	}

	/** Up to date: once the batches already queued are applied, build the trends' attendance rows while idle. */
	#warmDigests() {
		this.#queue.run('warm', () => Promise.resolve(scheduleDigestWarmup(this.#opts.db)));
	}

	#confirm() {
		this.#queue.run('confirm', async () => {
			// What the server confirmed needs no older revision bodies on the tablet (item: storage).
			const waiting = await confirmWithServer(this.#opts.db, this.#opts.remote, async (ids) => {
				await compactConfirmed(this.#opts.local, ids);
			});
			// Not "synced" while the server refuses something saved here.
			const isRefused = (await this.#opts.db.outbox.filter((e) => e.refused !== undefined).count()) > 0;
			if (!isRefused && (waiting === 0 || !(await this.#opts.db.outbox.filter((e) => !e.rev).count()))) {
				const now = new Date().toISOString();
				await this.#opts.db.meta.put({ key: 'lastSyncedAt', value: now });
				syncStatus.update({ lastSyncedAt: now });
			}
		});
	}

	/**
	 * First sync onto an EMPTY replica, or one whose snapshot was cut short: load the server's
	 * documents from a snapshot (snapshot.ts: ids and revisions from the changes feed, documents
	 * in large `_bulk_get` batches), resuming from the progress kept in Dexie. Once the feed is
	 * read to its end, the two-way sync starts with its pull `since` the snapshot's last sequence
	 * (PouchDB's checkpointer writes that checkpoint itself), and its push half starts from the
	 * replica's sequence at that moment ONLY if every change in the replica up to it was written
	 * by the snapshot (sequence = revisions it wrote, starting from 0), i.e. is already on the
	 * server. Any other write meanwhile (outbox copied in, a conflict merged, another tab) breaks
	 * that count and the push checks everything from its checkpoint, as before.
	 */
	#catchUp(): Promise<void> {
		if (this.#snapshot) return Promise.resolve(); // one run at a time: the network coming back asks again
		const run = this.#loadFirstSync().finally(() => {
			if (this.#snapshotRun === run) this.#snapshotRun = null;
		});
		this.#snapshotRun = run;
		return run;
	}

	async #loadFirstSync() {
		const run = { isCancelled: false };
		this.#snapshot = run;
		const { db, local, remote } = this.#opts;
		let progress: SnapshotProgress;
		try {
			const plan = await planFirstSync(db, local);
			if (run.isCancelled || !this.#running || this.#isSignedOut) return;
			if (plan.kind !== 'snapshot') {
				this.#caughtUp = true;
				if (plan.kind === 'handover') this.#pullSince = plan.progress.since;
				this.#snapshot = null;
				return this.#startReplication();
			}
			syncStatus.update({ isFirstSync: true, phase: 'syncing' });
			progress = await loadSnapshot({
				db,
				local,
				remote,
				progress: plan.progress,
				pageSize: this.#opts.snapshotPageSize,
				batchSize: this.#opts.snapshotBatchSize,
				today: this.#opts.windowDay?.(),
				isCancelled: () => run.isCancelled || !this.#running,
				onProgress: (p) => {
					this.#isUnreachable = false;
					syncStatus.update({ progress: p.isComplete ? null : { done: p.done, total: p.total } });
				}
			});
		} catch (err) {
			if (this.#snapshot !== run) return;
			this.#snapshot = null;
			this.#onReplicationError(err);
			// Resume (not restart) shortly, as replication's own retry would.
			if (!isAuthError(err)) this.#retrySnapshotSoon();
			return;
		} finally {
			if (this.#snapshot === run && run.isCancelled) this.#snapshot = null;
		}
		if (this.#snapshot !== run) return; // cancelled (stopped, offline, signed out)
		this.#snapshot = null;
		if (!progress.isComplete || !this.#running) return;
		// Everything is in the replica: first sync ends when the inbound bridge has applied it all.
		this.#isFirstPullDone = true;
		this.#pumpInbound();
		this.#caughtUp = true;
		this.#pullSince = progress.since;
		const after = await local.info().catch(() => null);
		if (after && Number(after.update_seq) === progress.revsWritten) this.#pushSince = progress.revsWritten;
		this.#startReplication();
	}

	#retrySnapshotSoon() {
		if (this.#snapshotRetry || !this.#running) return;
		this.#snapshotRetry = setTimeout(() => {
			this.#snapshotRetry = null;
			if (this.#running && !this.#replication && !this.#snapshot) this.#startReplication();
		}, MAX_BACKOFF_MS);
	}

	/** Stop whatever moves documents (the snapshot between two pages, or the replication). */
	#cancelReplication() {
		if (this.#snapshot) this.#snapshot.isCancelled = true;
		this.#snapshot = null;
		if (this.#snapshotRetry) clearTimeout(this.#snapshotRetry);
		this.#snapshotRetry = null;
		// Cut off before its checkpoint was surely written: the next start hands over again.
		if (this.#handingOver) this.#pullSince ??= this.#handingOver.since;
		this.#handingOver = null;
		this.#replication?.cancel();
		this.#replication = null;
	}

	/** The live pull started from the snapshot's sequence (its checkpoint is written): nothing more to hand over. */
	async #markHandedOver() {
		const { db } = this.#opts;
		const progress = await readSnapshotProgress(db);
		if (progress && !progress.isHandedOver) await saveSnapshotProgress(db, { ...progress, isHandedOver: true });
	}

	/** Screens waiting for the first sync (syncStatus.isFirstSync) may read everything now. */
	#endFirstSync() {
		this.#isFirstPullDone = false;
		syncStatus.update({ isFirstSync: false });
	}

	/** Offer refused records to the server again: after a sign-in, then every few minutes. */
	#offerRefused() {
		const { db, local, remote, canPush } = this.#opts;
		if (this.#refused === 0 || (canPush && !canPush())) return;
		if (Date.now() - this.#refusedOfferedAt < REFUSED_RETRY_MS) return;
		this.#refusedOfferedAt = Date.now();
		this.#queue.run('refused', async () => {
			const still = await pushRefusedAgain(db, local, remote);
			if (still === 0) syncStatus.update({ lastError: null });
			this.#confirm();
		});
	}

	#startReplication() {
		if (!this.#running || this.#isSignedOut) return;
		if (!this.#caughtUp) return void this.#catchUp();
		const { local, remote, canPush } = this.#opts;
		const pushSince = this.#pushSince;
		this.#pushSince = undefined; // once: later restarts resume from the push checkpoint
		const pullSince = this.#pullSince;
		this.#pullSince = undefined; // once: PouchDB writes it as the pull's checkpoint before it starts
		const options = {
			live: true,
			retry: true,
			batch_size: REPLICATION_BATCH,
			back_off_function: (delay: number) => (delay === 0 ? 500 : Math.min(MAX_BACKOFF_MS, delay * 2))
		};
		// A visitor receives only; what staff saved here waits for a staff sign-in.
		const replication =
			canPush && !canPush()
				? PouchDB.replicate(remote, local, { ...options, ...(pullSince === undefined ? {} : { since: pullSince }) })
				: PouchDB.sync(local, remote, {
						...options,
						...(pushSince === undefined ? {} : { push: { since: pushSince } }),
						...(pullSince === undefined ? {} : { pull: { since: pullSince } })
					});
		this.#replication = replication;
		if (pullSince !== undefined) this.#handingOver = { replication, since: pullSince };
		// A pull-only replication (visitor) is its own pull half and has no push half.
		this.#watchHalves('push' in replication ? (replication as TwoWaySync) : { pull: replication });
		replication
			.on('change', (info: { direction?: string; change?: { pending?: number; docs_read?: number } }) => {
				if (info.direction === 'push') this.#confirm();
				// A pull-only replication (visitor) reports its change without a direction.
				this.#showProgress(info.direction ?? 'pull', info.change ?? (info as { pending?: number }));
			})
			.on('denied', (event: unknown) => {
				// Kept on the outbox entry (shown until resolved), not only as the passing message.
				const refusal = refusalOf(event);
				if (refusal) void markRefused(this.#opts.db, [refusal]);
				const err = event && typeof event === 'object' && 'doc' in event ? event.doc : event;
				syncStatus.update({ lastError: explainSyncError(err) });
			})
			.on('error', (err: unknown) => this.#onReplicationError(err));
	}

	/**
	 * Whether the server answers, from each half of the two-way sync. With `retry: true` the sync
	 * as a whole says `paused` once both halves pause, WITHOUT the error of a half that paused
	 * because its request failed (pouchdb-replication 9): read as "idle", a stopped server looked
	 * up to date. A half that failed says `requestError` and `paused` with the error; it has
	 * reached the server once it pauses without one (its changes and checkpoint went through).
	 * Up to date only when both halves have.
	 */
	#watchHalves(halves: { push?: EventEmitterLike; pull: EventEmitterLike }) {
		const replication = this.#replication;
		const reached = { push: !halves.push, pull: false };
		for (const direction of ['push', 'pull'] as const) {
			const half = halves[direction];
			if (!half) continue;
			const failed = (err: unknown) => {
				reached[direction] = false;
				if (this.#replication === replication) this.#onReplicationError(err);
			};
			half
				.on('active', () => {
					if (this.#replication === replication && !this.#isUnreachable) syncStatus.update({ phase: 'syncing' });
				})
				.on('change', () => {
					// A batch went through: the server answers.
					reached[direction] = true;
					this.#isUnreachable = false;
				})
				.on('requestError', failed)
				.on('paused', (err: unknown) => {
					if (err) return failed(err);
					reached[direction] = true;
					if (direction === 'pull' && this.#handingOver?.replication === replication) {
						this.#handingOver = null;
						this.#queue.run('handover', () => this.#markHandedOver());
					}
					this.#isUnreachable = false;
					if (this.#replication !== replication) return;
					if (reached.push && reached.pull) this.#onBothHalvesIdle();
					else syncStatus.update({ phase: 'syncing' });
				});
		}
	}

	/** Both halves reached the server and have nothing more to move: confirm the outbox with it. */
	#onBothHalvesIdle() {
		// A refusal stays the message until it is resolved: "up to date" would hide a stranded record.
		const lastError = this.#refused > 0 ? refusedMessage(this.#refused) : null;
		syncStatus.update({ phase: 'idle', isOnline: true, lastError, progress: null });
		this.#confirm();
		this.#offerRefused();
		this.#warmDigests();
		this.#trimWhenDue();
	}

	/** At a quiet moment online, at most every few hours: the server is reachable to vouch for what goes. */
	#trimWhenDue() {
		this.#queue.run('window', async () => {
			const last = (await this.#opts.db.meta.get('windowTrimmedAt'))?.value as string | undefined;
			if (last && Date.now() - Date.parse(last) < WINDOW_TRIM_MS) return;
			const { db, local, remote } = this.#opts;
			try {
				await trimToWindow({ db, local, remote }, localToday());
				await db.meta.put({ key: 'windowTrimmedAt', value: new Date().toISOString() });
			} catch (err) {
				// Nothing was removed that the server did not vouch for; try at the next quiet moment.
				if (!isUnreachable(err)) throw err;
			}
		});
	}

	#showProgress(direction: string, change: { pending?: number; docs_read?: number }) {
		const pending = change.pending ?? 0;
		syncStatus.update({
			progress:
				direction === 'pull' && pending > 0
					? { done: change.docs_read ?? 0, total: (change.docs_read ?? 0) + pending }
					: null
		});
	}

	#onReplicationError(err: unknown) {
		if (isAuthError(err)) {
			// Stop knocking: keep every local record, ask for a sign-in, resume after it.
			this.#isSignedOut = true;
			this.#cancelReplication();
			syncStatus.update({
				phase: 'signed-out',
				lastError: 'Sign in to sync. Everything you record is kept on this tablet.'
			});
			return;
		}
		const isOffline = typeof navigator !== 'undefined' && navigator.onLine === false;
		if (isOffline)
			return void syncStatus.update({ phase: 'offline', isOnline: false, lastError: null, progress: null });
		if (isUnreachable(err)) {
			// Not an error to explain: the indicator says the server cannot be reached and what is safe.
			this.#isUnreachable = true;
			return void syncStatus.update({ phase: 'unreachable', isOnline: true, lastError: null, progress: null });
		}
		syncStatus.update({ phase: 'error', isOnline: true, lastError: explainSyncError(err) });
	}

	#restartReplication() {
		this.#cancelReplication();
		this.#isUnreachable = false;
		this.#startReplication();
	}
}

function refusedMessage(count: number): string {
	return count === 1
		? 'The server refused 1 record. It is kept on this tablet: see Set aside.'
		: `The server refused ${count} records. They are kept on this tablet: see Set aside.`;
}

/** Runs each named job one at a time; a job asked for while it runs runs once more after. */
class SerialQueue {
	#tail: Promise<void> = Promise.resolve();
	#pending = new Set<string>();

	constructor(readonly onError: (name: string, err: unknown) => void) {}

	/** Run one job after those queued, every time it is asked for, and hand back its result. */
	call<T>(job: () => Promise<T>): Promise<T> {
		const result = this.#tail.then(job);
		this.#tail = result.then(
			() => undefined,
			() => undefined
		);
		return result;
	}

	run(name: string, job: () => Promise<void>): void {
		if (this.#pending.has(name)) return;
		this.#pending.add(name);
		this.#tail = this.#tail.then(async () => {
			this.#pending.delete(name);
			try {
				await job();
			} catch (err) {
				this.onError(name, err);
			}
		});
	}

	async idle(): Promise<void> {
		let tail;
		do {
			tail = this.#tail;
			await tail;
		} while (tail !== this.#tail);
	}
}
