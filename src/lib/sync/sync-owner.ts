/**
 * Exactly one tab on a device owns the PouchDB replica and the sync engine.
 *
 * pouchdb-adapter-indexeddb keeps the replica's update sequence in memory per open database, so
 * two tabs writing one replica collide (`ConstraintError … index 'seq'`), leave branches on the
 * server and entries waiting for good. A Web Lock (`navigator.locks`, in every current engine)
 * per organisation is held by the owning tab for as long as it syncs; the other tabs queue for
 * it, and the browser hands it to the next one when the owner closes, crashes or lets go.
 * Other tabs only write Dexie and the outbox, which the owner's bridge copies across.
 */

export const syncLockName = (org: string) => `waymark-sync-${org}`;

export interface Ownership {
	/** Stop owning (or stop queueing to own): runs the teardown `lead` returned, if it ran. */
	release(): Promise<void>;
}

/**
 * Queue for ownership of sync; `lead` runs when this tab gets it and returns the teardown that
 * runs when it lets go. Where the browser has no Web Locks, this tab simply owns sync.
 */
export function claimSyncOwnership(org: string, lead: () => Promise<() => Promise<void>>): Ownership {
	let letGo!: () => void;
	const released = new Promise<void>((resolve) => (letGo = resolve));
	let isReleased = false;
	const own = async () => {
		if (isReleased) return;
		const teardown = await lead();
		await released;
		await teardown();
	};
	const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
	const queued = new AbortController();
	const held = locks
		? locks.request(syncLockName(org), { signal: queued.signal }, own).catch((err: unknown) => {
				if ((err as { name?: string } | null)?.name !== 'AbortError') console.warn('Waymark: sync ownership', err);
			})
		: own();
	return {
		async release() {
			isReleased = true;
			queued.abort(); // still queued: leave the queue (no effect once held)
			letGo();
			await held;
		}
	};
}

/**
 * Run `job` while no tab owns sync (e.g. to destroy the replica in a wipe): waits for the owner to
 * let go, at most `timeoutMs`. Returns false when it timed out and the job did not run.
 */
export async function whileNoTabSyncs(org: string, job: () => Promise<void>, timeoutMs = 15_000): Promise<boolean> {
	const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
	if (!locks) {
		await job();
		return true;
	}
	try {
		await locks.request(syncLockName(org), { signal: AbortSignal.timeout(timeoutMs) }, job);
		return true;
	} catch (err) {
		if ((err as { name?: string } | null)?.name === 'TimeoutError') return false;
		throw err;
	}
}
