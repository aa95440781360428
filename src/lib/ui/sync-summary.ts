import type { SyncPhase } from '$lib/sync/status.svelte';

/** The words the sync indicator uses, kept apart from markup so they can be tested. */
export type SyncTone = 'ok' | 'busy' | 'offline' | 'attention';

export interface SyncState {
	phase: SyncPhase;
	/** The device has a network (navigator.onLine); says nothing about the office server. */
	isOnline: boolean;
	/** Records saved on this tablet that the server has not confirmed. */
	waiting: number;
	hasError: boolean;
}

export interface SyncSummary {
	/** Short, always shown: "Up to date", "Offline", "Can't reach the office server", … */
	label: string;
	/** A sentence under it when there is something a teacher should know; null otherwise. */
	detail: string | null;
	tone: SyncTone;
	/** One sentence for screen readers: label and detail (or the waiting count), never contradicting. */
	spoken: string;
}

const safe = (n: number) => `${n} ${n === 1 ? 'record is' : 'records are'} safe on this tablet`;

/**
 * What the indicator says. "Up to date" only when both halves of the replication reached the
 * server, nothing more moved, and the server has confirmed every record saved here (0 waiting):
 * a tablet that cannot reach the server must never look up to date.
 */
export function describeSyncState(state: SyncState): SyncSummary {
	const { waiting } = state;
	if (state.phase === 'signed-out') {
		return summary(
			'Sign in to sync',
			waiting > 0 ? `${safe(waiting)} and will send after you sign in.` : null,
			'attention'
		);
	}
	if (!state.isOnline || state.phase === 'offline') {
		return summary(
			'Offline',
			waiting > 0 ? `${safe(waiting)} and will send when you're back online.` : null,
			'offline'
		);
	}
	if (state.phase === 'unreachable') {
		return summary(
			"Can't reach the office server",
			waiting > 0
				? `${safe(waiting)} and will send when it's back.`
				: "Anything you record is kept on this tablet and will send when it's back.",
			'attention'
		);
	}
	if (state.phase === 'error' || state.hasError) return summary('Not syncing', null, 'attention', waiting);
	if (state.phase === 'starting') return summary('Connecting', null, 'busy', waiting);
	// Idle with records waiting: copied, not yet confirmed by the server. Still syncing.
	if (state.phase === 'syncing' || waiting > 0) return summary('Syncing', null, 'busy', waiting);
	return summary('Up to date', null, 'ok');
}

function summary(label: string, detail: string | null, tone: SyncTone, waiting = 0): SyncSummary {
	const tail = detail ? ` — ${detail}` : waiting > 0 ? `. ${formatWaiting(waiting)}.` : '.';
	return { label, detail, tone, spoken: `${label}${tail}` };
}

/** "3 waiting" — the exact pattern end-to-end tests look for. */
export function formatWaiting(count: number): string {
	return `${count} waiting`;
}

/**
 * What a tablet's first sync says while records arrive: "Bringing records onto this tablet:
 * 41,200 of 63,000". The count survives a closed tab (kept with the snapshot's progress).
 */
export function describeFirstSync(progress: { done: number; total: number | null } | null): string {
	if (!progress?.total) return 'Bringing records onto this tablet.';
	const n = (x: number) => x.toLocaleString('en-GB');
	return `Bringing records onto this tablet: ${n(progress.done)} of ${n(progress.total)}`;
}
