import { describe, expect, it } from 'vitest';
import { callStatus, callStatuses, isCallDue, resetsClock } from './call-due';
import type { ParentContact } from './parent-contact';
import type { Pupil } from './pupil';
import { makeDoc } from '$tests/test-factories';

const pupil = makeDoc('pupil', { startDate: '2026-09-07' }) as Pupil;
const call = (date: string, outcome: ParentContact['outcome'], extra: Record<string, unknown> = {}) =>
	makeDoc('parentContact', { pupilId: pupil._id, date, outcome, ...extra }) as ParentContact;

describe('parent call due rule', () => {
	it('is due the interval after the last conversation', () => {
		const s = callStatus(pupil, [call('2026-11-02', 'spoke')], '2026-11-10', 14);
		expect(s.dueDate).toBe('2026-11-16');
		expect(s.state).toBe('ok');
	});

	it('is due today on the day the interval ends, and overdue the day after', () => {
		expect(callStatus(pupil, [call('2026-11-02', 'spoke')], '2026-11-16', 14).state).toBe('due');
		const late = callStatus(pupil, [call('2026-11-02', 'spoke')], '2026-11-19', 14);
		expect(late.state).toBe('overdue');
		expect(late.daysOverdue).toBe(3);
	});

	it('shows as due soon in the last few days before it is due', () => {
		expect(callStatus(pupil, [call('2026-11-02', 'spoke')], '2026-11-14', 14).state).toBe('soon');
	});

	it('a no-answer call does not reset the clock', () => {
		const contacts = [call('2026-10-01', 'spoke'), call('2026-10-20', 'no-answer')];
		const s = callStatus(pupil, contacts, '2026-10-21', 14);
		expect(s.dueDate).toBe('2026-10-15');
		expect(s.state).toBe('overdue');
		expect(s.lastReached?.date).toBe('2026-10-01');
		expect(s.lastAttempt?.outcome).toBe('no-answer');
	});

	it('a voicemail or a message left does not reset it either: the policy asks for a conversation', () => {
		expect(resetsClock({ outcome: 'voicemail' })).toBe(false);
		expect(resetsClock({ outcome: 'message-left' })).toBe(false);
		expect(resetsClock({ outcome: 'spoke' })).toBe(true);
	});

	it('counts from the start date when nobody has been reached yet', () => {
		const s = callStatus(pupil, [call('2026-09-10', 'no-answer')], '2026-09-30', 14);
		expect(s.dueDate).toBe('2026-09-21');
		expect(s.state).toBe('overdue');
		expect(s.lastReached).toBeUndefined();
	});

	it('uses the organisation’s interval', () => {
		expect(callStatus(pupil, [call('2026-11-02', 'spoke')], '2026-11-20', 21).dueDate).toBe('2026-11-23');
		expect(callStatus(pupil, [call('2026-11-02', 'spoke')], '2026-11-20', 21).state).toBe('soon');
		expect(callStatus(pupil, [call('2026-11-02', 'spoke')], '2026-11-20', 14).state).toBe('overdue');
	});

	it('ignores archived calls and other pupils’ calls', () => {
		const other = makeDoc('pupil') as Pupil;
		const contacts = [
			call('2026-11-19', 'spoke', { archived: true }),
			call('2026-11-19', 'spoke', { pupilId: other._id })
		];
		expect(callStatus(pupil, contacts, '2026-11-20', 14).state).toBe('overdue');
	});

	it('lists pupils most overdue first and says which are due', () => {
		const later = makeDoc('pupil', { startDate: '2026-11-15' }) as Pupil;
		const list = callStatuses([later, pupil], [], '2026-11-20', 14);
		expect(list.map((s) => s.pupilId)).toEqual([pupil._id, later._id]);
		expect(list.map(isCallDue)).toEqual([true, false]);
	});
});
