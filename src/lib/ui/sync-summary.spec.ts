import { describe, expect, it } from 'vitest';
import { describeFirstSync, describeSyncState, formatWaiting, type SyncState } from './sync-summary';

const state = (patch: Partial<SyncState>): SyncState => ({
	phase: 'idle',
	isOnline: true,
	waiting: 0,
	hasError: false,
	...patch
});

describe('describeSyncState', () => {
	it('asks staff to sign in when signed out, even if online, and says what is kept', () => {
		expect(describeSyncState(state({ phase: 'signed-out' }))).toMatchObject({ label: 'Sign in to sync', detail: null });
		expect(describeSyncState(state({ phase: 'signed-out', waiting: 2 })).detail).toBe(
			'2 records are safe on this tablet and will send after you sign in.'
		);
	});

	it('says offline whenever the device has no network, whatever the last phase was', () => {
		expect(describeSyncState(state({ phase: 'idle', isOnline: false }))).toEqual({
			label: 'Offline',
			detail: null,
			tone: 'offline',
			spoken: 'Offline.'
		});
		expect(describeSyncState(state({ phase: 'starting', isOnline: false, waiting: 1 })).detail).toBe(
			"1 record is safe on this tablet and will send when you're back online."
		);
	});

	it('tells a stopped office server apart from having no network, with the records kept', () => {
		const words = describeSyncState(state({ phase: 'unreachable', waiting: 1 }));
		expect(words.label).toBe("Can't reach the office server");
		expect(words.detail).toBe("1 record is safe on this tablet and will send when it's back.");
		expect(words.tone).toBe('attention');
		expect(words.spoken).toBe(
			"Can't reach the office server — 1 record is safe on this tablet and will send when it's back."
		);
		expect(describeSyncState(state({ phase: 'unreachable', waiting: 3 })).detail).toBe(
			"3 records are safe on this tablet and will send when it's back."
		);
	});

	it('is never up to date while a record is waiting for the server to confirm it', () => {
		const words = describeSyncState(state({ phase: 'idle', waiting: 1 }));
		expect(words.label).toBe('Syncing');
		expect(words.spoken).toBe('Syncing. 1 waiting.');
	});

	it('is up to date only when idle, online, error-free and nothing waits', () => {
		expect(describeSyncState(state({}))).toEqual({
			label: 'Up to date',
			detail: null,
			tone: 'ok',
			spoken: 'Up to date.'
		});
		expect(describeSyncState(state({ phase: 'syncing' })).label).toBe('Syncing');
		expect(describeSyncState(state({ phase: 'starting' })).label).toBe('Connecting');
	});

	it('flags an error the server answered with', () => {
		expect(describeSyncState(state({ phase: 'error', hasError: true }))).toMatchObject({
			label: 'Not syncing',
			tone: 'attention'
		});
	});

	it('gives no phase in which "up to date" is said next to a waiting record', () => {
		const phases = ['starting', 'syncing', 'idle', 'offline', 'unreachable', 'signed-out', 'error'] as const;
		for (const phase of phases) {
			for (const isOnline of [true, false]) {
				const { label, spoken } = describeSyncState(state({ phase, isOnline, waiting: 4 }));
				expect(label).not.toBe('Up to date');
				expect(spoken).toMatch(/4 (waiting|records are safe)|Not syncing/);
			}
		}
	});
});

describe('formatWaiting', () => {
	it('uses the "N waiting" pattern including zero', () => {
		expect(formatWaiting(0)).toBe('0 waiting');
		expect(formatWaiting(3)).toBe('3 waiting');
	});
});

describe('describeFirstSync', () => {
	it('counts the records brought onto the tablet so far, with thousands separated', () => {
		expect(describeFirstSync({ done: 41_200, total: 63_000 })).toBe(
			'Bringing records onto this tablet: 41,200 of 63,000'
		);
		expect(describeFirstSync({ done: 0, total: 12 })).toBe('Bringing records onto this tablet: 0 of 12');
	});

	it('says what is happening before the total is known', () => {
		expect(describeFirstSync(null)).toBe('Bringing records onto this tablet.');
		expect(describeFirstSync({ done: 5, total: null })).toBe('Bringing records onto this tablet.');
	});
});
