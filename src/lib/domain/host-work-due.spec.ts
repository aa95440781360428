import { describe, expect, it } from 'vitest';
import type { HostWork } from './host-work';
import { compareHostWork, hostWorkState, isHostWorkOverdue } from './host-work-due';
import { makeDoc } from '$tests/test-factories';

const work = (o: Record<string, unknown>) => makeDoc('hostWork', o) as HostWork;

describe('host-school work due', () => {
	it('is overdue once the due date has passed and it has not gone back', () => {
		expect(isHostWorkOverdue(work({ status: 'set', dueDate: '2026-11-20' }), '2026-11-21')).toBe(true);
		expect(isHostWorkOverdue(work({ status: 'in-progress', dueDate: '2026-11-20' }), '2026-11-21')).toBe(true);
	});

	it('completed but not returned is still overdue: the host school is waiting for it', () => {
		expect(hostWorkState(work({ status: 'completed', dueDate: '2026-11-20' }), '2026-11-21')).toBe('overdue');
	});

	it('returned work is never overdue', () => {
		expect(
			hostWorkState(work({ status: 'returned', dueDate: '2026-11-01', returnedDate: '2026-11-10' }), '2026-11-21')
		).toBe('returned');
	});

	it('is not overdue on its due date, and is due soon in the week before', () => {
		expect(hostWorkState(work({ status: 'set', dueDate: '2026-11-21' }), '2026-11-21')).toBe('due-soon');
		expect(hostWorkState(work({ status: 'set', dueDate: '2026-11-28' }), '2026-11-21')).toBe('due-soon');
		expect(hostWorkState(work({ status: 'set', dueDate: '2026-11-29' }), '2026-11-21')).toBe('open');
	});

	it('work with no due date is never overdue', () => {
		expect(hostWorkState(work({ status: 'set', dueDate: undefined }), '2030-01-01')).toBe('open');
	});

	it('lists outstanding work earliest due first, then returned work', () => {
		const a = work({ status: 'returned', dueDate: '2026-10-01', returnedDate: '2026-10-01' });
		const b = work({ status: 'set', dueDate: undefined });
		const c = work({ status: 'set', dueDate: '2026-12-01' });
		const d = work({ status: 'in-progress', dueDate: '2026-11-01' });
		expect([a, b, c, d].sort(compareHostWork)).toEqual([d, c, b, a]);
	});
});
