import { describe, expect, it } from 'vitest';
import { describeSyncState, formatWaiting } from './sync-summary';

describe('describeSyncState', () => {
	it('asks staff to sign in when signed out, even if online', () => {
		expect(describeSyncState({ phase: 'signed-out', isOnline: true, hasError: false }).label).toBe('Sign in to sync');
	});

	it('says offline whenever the tablet has no connection', () => {
		expect(describeSyncState({ phase: 'idle', isOnline: false, hasError: false })).toEqual({
			label: 'Offline',
			tone: 'offline'
		});
	});

	it('flags an error while online', () => {
		expect(describeSyncState({ phase: 'error', isOnline: true, hasError: true }).tone).toBe('attention');
	});

	it('reports up to date when idle and online', () => {
		expect(describeSyncState({ phase: 'idle', isOnline: true, hasError: false }).label).toBe('Online · up to date');
	});
});

describe('formatWaiting', () => {
	it('uses the "N waiting" pattern including zero', () => {
		expect(formatWaiting(0)).toBe('0 waiting');
		expect(formatWaiting(3)).toBe('3 waiting');
	});
});
