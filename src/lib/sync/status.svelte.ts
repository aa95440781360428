/**
 * What the always-visible sync indicator shows (R7.2). One instance per tab, written by the sync
 * engine in the tab that owns sync and copied to the other tabs (session.svelte.ts).
 *
 * `offline`: the device has no network. `unreachable`: it has a network but the office server
 * does not answer (stopped, or the building's link is down). `idle`: both halves of the
 * replication reached the server and have nothing more to do.
 */
export type SyncPhase = 'starting' | 'syncing' | 'idle' | 'offline' | 'unreachable' | 'signed-out' | 'error';

export interface SyncSnapshot {
	phase: SyncPhase;
	isOnline: boolean;
	lastSyncedAt: string | null;
	waiting: number;
	lastError: string | null;
	quarantined: number;
	decisions: number;
	progress: { done: number; total: number | null } | null;
	isFirstSync: boolean;
}

class SyncStatus {
	#phase = $state<SyncPhase>('starting');
	#isOnline = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
	#lastSyncedAt = $state<string | null>(null);
	#waiting = $state(0);
	#lastError = $state<string | null>(null);
	#quarantined = $state(0);
	#decisions = $state(0);
	#progress = $state<{ done: number; total: number | null } | null>(null);
	#isFirstSync = $state(false);
	#listeners = new Set<() => void>();

	get phase() {
		return this.#phase;
	}
	get isOnline() {
		return this.#isOnline;
	}
	/** ISO time the server last confirmed we were up to date both ways. */
	get lastSyncedAt() {
		return this.#lastSyncedAt;
	}
	/** Records saved on this tablet that the server has not confirmed yet. */
	get waiting() {
		return this.#waiting;
	}
	/** Last problem, in plain words; null when the last attempt went well. */
	get lastError() {
		return this.#lastError;
	}
	/** Documents from the server that failed validation and were set aside. */
	get quarantined() {
		return this.#quarantined;
	}
	/** Records two people changed differently while apart, waiting for someone to choose. */
	get decisions() {
		return this.#decisions;
	}
	/** Download progress during a large first sync; null otherwise. */
	get progress() {
		return this.#progress;
	}

	/**
	 * An empty tablet is receiving the organisation's records for the first time and they are not
	 * all in Dexie yet: screens that summarise everything wait rather than re-read whole
	 * tables after every batch (and show half-arrived figures as if they were complete).
	 */
	get isFirstSync() {
		return this.#isFirstSync;
	}

	/** Everything at once, to hand to another tab. */
	snapshot(): SyncSnapshot {
		return {
			phase: this.#phase,
			isOnline: this.#isOnline,
			lastSyncedAt: this.#lastSyncedAt,
			waiting: this.#waiting,
			lastError: this.#lastError,
			quarantined: this.#quarantined,
			decisions: this.#decisions,
			// A plain copy: $state objects are proxies, which postMessage cannot clone.
			progress: this.#progress ? { ...this.#progress } : null,
			isFirstSync: this.#isFirstSync
		};
	}

	/** Called after every update (the tab that owns sync passes its status on). Returns the unsubscribe. */
	onUpdate(listener: () => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	update(patch: Partial<SyncSnapshot>) {
		if (patch.phase !== undefined) this.#phase = patch.phase;
		if (patch.isOnline !== undefined) this.#isOnline = patch.isOnline;
		if (patch.lastSyncedAt !== undefined) this.#lastSyncedAt = patch.lastSyncedAt;
		if (patch.waiting !== undefined) this.#waiting = patch.waiting;
		if (patch.lastError !== undefined) this.#lastError = patch.lastError;
		if (patch.quarantined !== undefined) this.#quarantined = patch.quarantined;
		if (patch.decisions !== undefined) this.#decisions = patch.decisions;
		if (patch.progress !== undefined) this.#progress = patch.progress;
		if (patch.isFirstSync !== undefined) this.#isFirstSync = patch.isFirstSync;
		for (const listener of this.#listeners) listener();
	}
}

export const syncStatus = new SyncStatus();
