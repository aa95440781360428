import { describe, expect, it } from 'vitest';
import { formatRelativeTime } from './relative-time';

const now = new Date('2026-03-10T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);

describe('formatRelativeTime', () => {
	it('says "just now" for the last 45 seconds', () => {
		expect(formatRelativeTime(ago(10_000), now)).toBe('just now');
		expect(formatRelativeTime(ago(44_000), now)).toBe('just now');
	});

	it('treats a time in the future (clock skew) as just now', () => {
		expect(formatRelativeTime(ago(-120_000), now)).toBe('just now');
	});

	it('counts minutes with correct singular and plural', () => {
		expect(formatRelativeTime(ago(60_000), now)).toBe('1 minute ago');
		expect(formatRelativeTime(ago(2 * 60_000), now)).toBe('2 minutes ago');
		expect(formatRelativeTime(ago(59 * 60_000), now)).toBe('59 minutes ago');
	});

	it('counts whole hours within a day', () => {
		expect(formatRelativeTime(ago(60 * 60_000), now)).toBe('1 hour ago');
		expect(formatRelativeTime(ago(5.5 * 60 * 60_000), now)).toBe('5 hours ago');
	});

	it('says yesterday, then days, then a date', () => {
		expect(formatRelativeTime(ago(30 * 60 * 60_000), now)).toBe('yesterday');
		expect(formatRelativeTime(ago(3 * 24 * 60 * 60_000), now)).toBe('3 days ago');
		expect(formatRelativeTime(ago(40 * 24 * 60 * 60_000), now)).toBe('on 29 Jan 2026');
	});

	it('accepts ISO strings and copes with garbage', () => {
		expect(formatRelativeTime('2026-03-10T11:58:00Z', now)).toBe('2 minutes ago');
		expect(formatRelativeTime('not a date', now)).toBe('at an unknown time');
	});
});
