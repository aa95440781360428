import type { SyncPhase } from '$lib/sync/status.svelte';

/** The words the sync indicator uses, kept apart from markup so they can be tested. */
export type SyncTone = 'ok' | 'busy' | 'offline' | 'attention';

export function describeSyncState(state: { phase: SyncPhase; isOnline: boolean; hasError: boolean }): {
	label: string;
	tone: SyncTone;
} {
	if (state.phase === 'signed-out') return { label: 'Sign in to sync', tone: 'attention' };
	if (!state.isOnline || state.phase === 'offline') return { label: 'Offline', tone: 'offline' };
	if (state.phase === 'error' || state.hasError) return { label: 'Online · not syncing', tone: 'attention' };
	if (state.phase === 'syncing') return { label: 'Online · syncing', tone: 'busy' };
	if (state.phase === 'starting') return { label: 'Online · starting', tone: 'busy' };
	return { label: 'Online · up to date', tone: 'ok' };
}

/** "3 waiting" — the exact pattern end-to-end tests look for. */
export function formatWaiting(count: number): string {
	return `${count} waiting`;
}
