import { describe, expect, it } from 'vitest';
import { countsAsReintegration, leaverSummary, notReintegrated, type LeaverDestination } from './leavers';

const leaver = (destination: LeaverDestination | undefined, endDate = '2026-12-10', status = 'left') => ({
	_id: `pupil:${destination ?? 'none'}`,
	status,
	endDate,
	...(destination ? { destination } : {})
});

describe('leavers and what counts as reintegration', () => {
	it('counts a return to the host school or another mainstream school, nothing else', () => {
		expect(countsAsReintegration('host-school')).toBe(true);
		expect(countsAsReintegration('another-school')).toBe(true);
		for (const d of ['special-school', 'post-16', 'neet', 'moved-away', 'other'] as const)
			expect(countsAsReintegration(d), d).toBe(false);
	});

	it('sums a half term’s leavers by destination: 2 of 5 reintegrated', () => {
		const summary = leaverSummary(
			[
				leaver('host-school', '2026-11-05', 'reintegrated'),
				leaver('another-school'),
				leaver('neet'),
				leaver('special-school'),
				leaver(undefined),
				leaver('host-school', '2026-10-01'), // before the period
				{ ...leaver('moved-away'), status: 'active' }
			],
			{ start: '2026-11-02', end: '2026-12-18' }
		);
		expect(summary.left).toBe(5);
		expect(summary.reintegrated).toBe(2);
		expect(summary.byDestination).toMatchObject({ 'host-school': 1, 'another-school': 1, neet: 1, 'not-recorded': 1 });
	});

	it('leaves out of the reintegration figures only pupils whose destination is not mainstream', () => {
		expect([...notReintegrated([leaver('neet'), leaver('host-school'), leaver(undefined)])]).toEqual(['pupil:neet']);
	});
});
