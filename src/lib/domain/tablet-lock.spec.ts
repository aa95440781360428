import { describe, expect, it } from 'vitest';
import { isIdleTooLong, pinError, waitAfterFailures } from './tablet-lock';

describe('choosing a PIN', () => {
	it('accepts 4 to 8 digits that are not trivially guessable', () => {
		expect(pinError('2468')).toBeNull();
		expect(pinError('80417236')).toBeNull();
	});

	it.each([
		['12a4', 'Use digits only.'],
		['', 'Use digits only.'],
		['246', 'Use 4 to 8 digits.'],
		['246813579', 'Use 4 to 8 digits.'],
		['7777', 'Choose digits that are not all the same.'],
		['1234', 'Choose digits that are not a simple run like 1234.'],
		['6543', 'Choose digits that are not a simple run like 1234.']
	])('refuses %j: %s', (pin, message) => {
		expect(pinError(pin)).toBe(message);
	});
});

describe('wrong PINs', () => {
	it('allows five tries, then makes the person wait 30 s, doubling up to 15 minutes', () => {
		expect([0, 4].map(waitAfterFailures)).toEqual([0, 0]);
		expect([5, 6, 7].map(waitAfterFailures)).toEqual([30, 60, 120]);
		expect(waitAfterFailures(40)).toBe(15 * 60);
	});
});

describe('idle time', () => {
	it('locks once the idle time has fully passed, not a moment before', () => {
		const start = Date.parse('2026-11-23T10:00:00Z');
		expect(isIdleTooLong(start, start + 5 * 60_000 - 1, 5)).toBe(false);
		expect(isIdleTooLong(start, start + 5 * 60_000, 5)).toBe(true);
	});
});
