/** What the always-visible sync indicator shows (R7.2). One instance, written by the sync engine. */
export type SyncPhase = 'starting' | 'syncing' | 'idle' | 'offline' | 'signed-out' | 'error';

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

	update(patch: {
		phase?: SyncPhase;
		isOnline?: boolean;
		lastSyncedAt?: string | null;
		waiting?: number;
		lastError?: string | null;
		quarantined?: number;
		decisions?: number;
		progress?: { done: number; total: number | null } | null;
		isFirstSync?: boolean;
	}) {
		if (patch.phase !== undefined) this.#phase = patch.phase;
		if (patch.isOnline !== undefined) this.#isOnline = patch.isOnline;
		if (patch.lastSyncedAt !== undefined) this.#lastSyncedAt = patch.lastSyncedAt;
		if (patch.waiting !== undefined) this.#waiting = patch.waiting;
		if (patch.lastError !== undefined) this.#lastError = patch.lastError;
		if (patch.quarantined !== undefined) this.#quarantined = patch.quarantined;
		if (patch.decisions !== undefined) this.#decisions = patch.decisions;
		if (patch.progress !== undefined) this.#progress = patch.progress;
		if (patch.isFirstSync !== undefined) this.#isFirstSync = patch.isFirstSync;
	}
}

export const syncStatus = new SyncStatus();
