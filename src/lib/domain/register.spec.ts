import { describe, expect, it } from 'vitest';
import type { Attendance } from './attendance';
import type { Pupil } from './pupil';
import { currentHalfTerm, isSchoolDay, onRollOn, registerStatus } from './register';
import { DEFAULT_HALF_TERMS } from './settings';
import { makeDoc } from '$tests/test-factories';

const pupil = (o: Record<string, unknown> = {}) => makeDoc('pupil', { startDate: '2026-09-07', ...o }) as Pupil;
const mark = (p: Pupil, o: Record<string, unknown> = {}) =>
	makeDoc('attendance', { pupilId: p._id, date: '2026-11-23', session: 'am', mark: 'present', ...o }) as Attendance;

describe('who is on roll', () => {
	it('includes active pupils from their start date to their end date', () => {
		expect(onRollOn(pupil(), '2026-09-07')).toBe(true);
		expect(onRollOn(pupil(), '2026-09-06')).toBe(false);
		expect(onRollOn(pupil({ endDate: '2026-10-01' }), '2026-10-02')).toBe(false);
	});

	it('keeps a pupil who has since left on the registers up to their end date', () => {
		expect(onRollOn(pupil({ status: 'reintegrated', endDate: '2026-10-01' }), '2026-10-01')).toBe(true);
		expect(onRollOn(pupil({ status: 'reintegrated', endDate: '2026-10-01' }), '2026-10-02')).toBe(false);
	});

	it('leaves out pupils who have left or been reintegrated with no end date, or archived', () => {
		expect(onRollOn(pupil({ status: 'left' }), '2026-11-23')).toBe(false);
		expect(onRollOn(pupil({ status: 'reintegrated' }), '2026-11-23')).toBe(false);
		expect(onRollOn(pupil({ archived: true }), '2026-11-23')).toBe(false);
	});
});

describe('attendance not yet taken', () => {
	const a = pupil();
	const b = pupil();
	const gone = pupil({ status: 'left' });

	it('is not taken when nobody on roll has a mark for that session', () => {
		const s = registerStatus(
			[a, b, gone],
			[mark(a, { session: 'pm' }), mark(a, { date: '2026-11-20' })],
			'2026-11-23',
			'am'
		);
		expect(s).toMatchObject({ state: 'not-taken', onRoll: 2, marked: 0 });
	});

	it('is partly taken while some pupils are still unmarked, and names them', () => {
		const s = registerStatus([a, b], [mark(a)], '2026-11-23', 'am');
		expect(s).toMatchObject({ state: 'partly-taken', marked: 1, missing: [b._id] });
	});

	it('is taken when everyone on roll has a mark, absences included', () => {
		const s = registerStatus([a, b, gone], [mark(a), mark(b, { mark: 'unauthorised-absence' })], '2026-11-23', 'am');
		expect(s.state).toBe('taken');
	});

	it('an archived mark does not count as taken', () => {
		expect(registerStatus([a], [mark(a, { archived: true })], '2026-11-23', 'am').state).toBe('not-taken');
	});
});

describe('school days and half terms', () => {
	it('weekends and holidays are not school days', () => {
		expect(isSchoolDay('2026-11-23', DEFAULT_HALF_TERMS)).toBe(true); // Monday in Autumn 2
		expect(isSchoolDay('2026-11-22', DEFAULT_HALF_TERMS)).toBe(false); // Sunday
		expect(isSchoolDay('2026-10-28', DEFAULT_HALF_TERMS)).toBe(false); // half-term holiday
		expect(isSchoolDay('2026-10-28', [])).toBe(true);
	});

	it('finds the half term a date is in, or the one just finished in a holiday', () => {
		expect(currentHalfTerm('2026-11-23', DEFAULT_HALF_TERMS)?.name).toBe('2026-27 Autumn 2');
		expect(currentHalfTerm('2026-10-28', DEFAULT_HALF_TERMS)?.name).toBe('2026-27 Autumn 1');
		expect(currentHalfTerm('2026-08-01', DEFAULT_HALF_TERMS)).toBeNull();
	});
});
