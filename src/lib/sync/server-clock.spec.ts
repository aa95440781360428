import { describe, expect, it } from 'vitest';
import { clockOffset, describeClockOffset, serverClock } from './server-clock.svelte';

const SERVER_NOW = 'Mon, 30 Nov 2026 10:00:00 GMT';

describe('how far the tablet’s clock is from the server’s', () => {
	it('reads it from the Date header of a reply', () => {
		expect(clockOffset(SERVER_NOW, Date.parse('2026-12-01T10:00:00Z'))).toBe(86_400_000);
		expect(clockOffset('not a date', Date.now())).toBeNull();
		expect(clockOffset(null, Date.now())).toBeNull();
	});

	it('says nothing for a few seconds or minutes either way', () => {
		expect(describeClockOffset(null)).toBeNull();
		expect(describeClockOffset(2_000)).toBeNull();
		expect(describeClockOffset(-4 * 60_000)).toBeNull();
	});

	it('tells the teacher when the tablet is a day ahead, or an hour behind', () => {
		expect(describeClockOffset(86_400_000)).toMatch(/^This tablet’s clock is 1 day ahead of the server’s\./);
		expect(describeClockOffset(-60 * 60_000)).toMatch(/clock is 60 minutes behind the server’s/);
		expect(describeClockOffset(3 * 3_600_000)).toMatch(/about 3 hours ahead/);
	});

	it('keeps the last reading for the sync indicator', () => {
		serverClock.noteReply(SERVER_NOW, Date.parse('2026-12-01T10:00:00Z'));
		expect(serverClock.notice).toMatch(/1 day ahead/);
		serverClock.noteReply(null);
		expect(serverClock.offsetMs).toBe(86_400_000);
		serverClock.noteReply(SERVER_NOW, Date.parse(SERVER_NOW) + 1_000);
		expect(serverClock.notice).toBeNull();
	});
});
