import { describe, expect, it } from 'vitest';
import { historyBySubject, sparklinePoints, ticketLabel, ticketValue } from './exit-ticket-history';
import { makeDoc } from '$tests/test-factories';

describe('exit-ticket history', () => {
	it('puts scores and outcomes on one 0–1 scale with words for each', () => {
		expect(ticketValue({ score: 3, maxScore: 4 })).toBe(0.75);
		expect(ticketValue({ outcome: 'secure' })).toBe(1);
		expect(ticketValue({ outcome: 'developing' })).toBe(0.5);
		expect(ticketValue({ outcome: 'not-yet' })).toBe(0);
		expect(ticketLabel({ score: 3, maxScore: 4 })).toBe('3 / 4');
		expect(ticketLabel({ outcome: 'not-yet' })).toBe('Not yet');
	});

	it('groups by subject in date order and leaves out withdrawn tickets', () => {
		const tickets = [
			makeDoc('exitTicket', { subject: 'maths', date: '2026-10-07', outcome: 'secure' }),
			makeDoc('exitTicket', { subject: 'maths', date: '2026-10-05', outcome: undefined, score: 2, maxScore: 10 }),
			makeDoc('exitTicket', { subject: 'english', date: '2026-10-06', outcome: 'developing' }),
			makeDoc('exitTicket', { subject: 'english', date: '2026-10-08', archived: true })
		];
		const history = historyBySubject(tickets);
		expect(history.map((h) => h.subject)).toEqual(['english', 'maths']);
		expect(history[1]!.points.map((p) => p.label)).toEqual(['2 / 10', 'Secure']);
		expect(history[0]!.points).toHaveLength(1);
	});

	it('draws higher marks higher on the sparkline', () => {
		const [low, high] = sparklinePoints([0, 1], 100, 20);
		expect(low!.y).toBeGreaterThan(high!.y);
		expect(low!.x).toBeLessThan(high!.x);
		expect(sparklinePoints([], 100, 20)).toEqual([]);
	});
});
