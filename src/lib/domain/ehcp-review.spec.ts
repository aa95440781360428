import { describe, expect, it } from 'vitest';
import { ehcpReview } from './ehcp-review';
import { ehcpReviewTodayItem } from './today';

const ehcp = { senStatus: 'ehcp' as const, status: 'active' as const };
const today = '2026-11-23';

describe('EHCP annual review date', () => {
	it('is due from 4 weeks before, overdue after, and missing when not recorded', () => {
		expect(ehcpReview({ ...ehcp, ehcpReviewDate: '2026-12-21' }, today)).toEqual({
			state: 'due-soon',
			date: '2026-12-21',
			text: 'EHCP annual review due in 28 days (21 Dec 2026)'
		});
		expect(ehcpReview({ ...ehcp, ehcpReviewDate: '2026-12-22' }, today)?.state).toBe('later');
		expect(ehcpReview({ ...ehcp, ehcpReviewDate: '2026-11-20' }, today)).toMatchObject({
			state: 'overdue',
			text: 'EHCP annual review overdue by 3 days (20 Nov 2026)'
		});
		expect(ehcpReview(ehcp, today)).toMatchObject({ state: 'no-date', text: 'No EHCP annual review date recorded' });
	});

	it('is not asked of pupils without an EHCP, or who have left', () => {
		expect(ehcpReview({ senStatus: 'sen-support', status: 'active', ehcpReviewDate: '2026-11-20' }, today)).toBeNull();
		expect(ehcpReview({ ...ehcp, status: 'left', ehcpReviewDate: '2026-11-20' }, today)).toBeNull();
	});

	it('is on Today when due soon, overdue or missing, linking to where the date is changed', () => {
		const pupil = { _id: 'pupil:1', name: 'Ada Lovelace' };
		expect(ehcpReviewTodayItem(pupil, ehcpReview({ ...ehcp, ehcpReviewDate: '2026-11-20' }, today)!)).toEqual({
			key: 'ehcp-review-pupil:1',
			title: 'Ada Lovelace',
			detail: 'EHCP annual review overdue by 3 days (20 Nov 2026)',
			href: '/pupils/pupil%3A1/edit',
			tone: 'danger'
		});
		expect(ehcpReviewTodayItem(pupil, ehcpReview({ ...ehcp, ehcpReviewDate: '2027-03-01' }, today)!)).toBeNull();
	});
});
