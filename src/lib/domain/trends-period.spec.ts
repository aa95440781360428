import { describe, expect, it } from 'vitest';
import { DEFAULT_HALF_TERMS } from './settings';
import { reintegrationDate, type Reintegration } from './reintegration';
import { makeDoc } from '$tests/test-factories';
import {
	bucketIndex,
	bucketsFor,
	findPeriod,
	monthPeriods,
	periodOptions,
	throughHolidays,
	termName,
	termPeriods
} from './trends-period';

describe('periods from the half terms in settings', () => {
	it('groups half terms into terms by name', () => {
		expect(termName('2026-27 Autumn 1')).toBe('2026-27 Autumn');
		expect(termName('Summer')).toBe('Summer');
		expect(termPeriods(DEFAULT_HALF_TERMS).map((t) => [t.label, t.start, t.end])).toEqual([
			['2026-27 Autumn', '2026-09-02', '2026-12-18'],
			['2026-27 Spring', '2027-01-05', '2027-03-26'],
			['2026-27 Summer', '2027-04-12', '2027-07-21']
		]);
	});

	it('offers all records, each term and each half term; an unknown choice falls back to all records', () => {
		const options = periodOptions(DEFAULT_HALF_TERMS);
		expect(options).toHaveLength(1 + 3 + 6);
		expect(findPeriod('half:2026-27 Spring 2', DEFAULT_HALF_TERMS)).toMatchObject({
			start: '2027-02-22',
			end: '2027-03-26'
		});
		expect(findPeriod('half:gone', DEFAULT_HALF_TERMS).id).toBe('all');
	});

	it('finds the bucket of a date, or none in a holiday', () => {
		const halves = bucketsFor({ start: '0000-01-01', end: '9999-12-31' }, DEFAULT_HALF_TERMS, null);
		expect(bucketIndex('2026-09-02', halves)).toBe(0);
		expect(bucketIndex('2026-10-28', halves)).toBe(-1);
		expect(bucketIndex('2027-07-21', halves)).toBe(5);
	});

	it('uses calendar months when no half terms are set', () => {
		expect(monthPeriods('2026-11-15', '2027-02-01').map((m) => [m.label, m.end])).toEqual([
			['2026-11', '2026-11-30'],
			['2026-12', '2026-12-31'],
			['2027-01', '2027-01-31'],
			['2027-02', '2027-02-28']
		]);
		expect(
			bucketsFor({ start: '0000-01-01', end: '9999-12-31' }, [], { first: '2026-09-03', last: '2026-10-01' }).map(
				(m) => m.label
			)
		).toEqual(['2026-09', '2026-10']);
	});
});

describe('periods through the holiday after them', () => {
	it('end the day before the next starts, the last on 31 August', () => {
		expect(
			throughHolidays([
				{ start: '2026-11-02', end: '2026-12-18' },
				{ start: '2026-09-01', end: '2026-10-23' }
			])
		).toEqual([
			{ start: '2026-09-01', end: '2026-11-01' },
			{ start: '2026-11-02', end: '2027-08-31' }
		]);
	});
});

describe('the day a reintegration counts on', () => {
	const r = (o: Record<string, unknown>) => makeDoc('reintegration', o) as Reintegration;
	it('is the completed date, the day it broke down (never the target date), none while planned', () => {
		expect(reintegrationDate(r({ status: 'completed', completedDate: '2027-01-10', targetDate: '2026-12-01' }))).toBe(
			'2027-01-10'
		);
		expect(
			reintegrationDate(r({ status: 'broken-down', brokenDownDate: '2027-03-01', targetDate: '2026-12-01' }))
		).toBe('2027-03-01');
		expect(
			reintegrationDate(r({ status: 'broken-down', targetDate: '2026-12-01', updatedAt: '2027-02-03T10:00:00.000Z' }))
		).toBe('2027-02-03');
		expect(reintegrationDate(r({ status: 'planned', targetDate: '2026-12-01' }))).toBeUndefined();
	});
});
