import { encodeTime } from 'ulid';
import { describe, expect, it } from 'vitest';
import {
	idBeforeWindow,
	leavesTablet,
	leaversGone,
	olderRecordsOffline,
	recordDay,
	windowStart,
	type WindowRule
} from './working-window';

describe('the working window: which records a tablet keeps', () => {
	it('keeps the current school year and the one before by default: from 1 Sep 2025 on 30 Nov 2026', () => {
		expect(windowStart('2026-11-30')).toBe('2025-09-01');
		// 31 August is still the old school year (2025-26), so the year before starts 1 Sep 2024.
		expect(windowStart('2026-08-31')).toBe('2024-09-01');
		// 1 September starts the new one.
		expect(windowStart('2026-09-01')).toBe('2025-09-01');
		expect(windowStart('2027-01-04')).toBe('2025-09-01');
	});

	it('follows the organisation setting: 1 year keeps this year only, 5 years reach back four more', () => {
		expect(windowStart('2026-11-30', 1)).toBe('2026-09-01');
		expect(windowStart('2026-11-30', 3)).toBe('2024-09-01');
		expect(windowStart('2026-11-30', 5)).toBe('2022-09-01');
		// Nonsense (0, a fraction) never keeps less than the current year.
		expect(windowStart('2026-11-30', 0)).toBe('2026-09-01');
		expect(windowStart('2026-11-30', 2.7)).toBe('2025-09-01');
	});

	it("takes a leaver's records off tablets on the 31st day after their last day, not the 30th", () => {
		const pupils = [
			{ _id: 'pupil:a', status: 'left', endDate: '2026-10-31' },
			{ _id: 'pupil:b', status: 'reintegrated', endDate: '2026-10-30' },
			{ _id: 'pupil:c', status: 'left' }, // no last day recorded: kept
			{ _id: 'pupil:d', status: 'active', endDate: '2025-07-01' } // came back on roll: kept
		];
		// 31 Oct + 30 days = 30 Nov: still kept on 30 Nov; b's time (30 Oct + 30 = 29 Nov) ran out.
		expect([...leaversGone(pupils, '2026-11-30')]).toEqual(['pupil:b']);
		expect([...leaversGone(pupils, '2026-12-01')].sort()).toEqual(['pupil:a', 'pupil:b']);
		// A 7-day setting: a (last day 31 Oct) is gone from 8 Nov, b (30 Oct) from 7 Nov.
		expect([...leaversGone(pupils, '2026-11-07', 7)]).toEqual(['pupil:b']);
		expect([...leaversGone(pupils, '2026-11-08', 7)].sort()).toEqual(['pupil:a', 'pupil:b']);
	});

	it('reads the day a record is about: its date, or the local day of a saved-at time', () => {
		expect(recordDay('attendance', { date: '2025-08-31' })).toBe('2025-08-31');
		expect(recordDay('feedbackForm', { periodEnd: '2025-09-19', periodStart: '2025-09-01' })).toBe('2025-09-19');
		expect(recordDay('workPhoto', { createdAt: '2025-03-14T12:00:00Z' })).toBe('2025-03-14');
		expect(recordDay('exitTicket', {})).toBeUndefined();
		expect(recordDay('markingNote', { createdAt: 'not a time at all' })).toBeUndefined();
	});

	it('drops time-bound records before the window, keeps the rest and everything not tied to a day', () => {
		const rule: WindowRule = { start: '2025-09-01', leavers: new Set() };
		const record = { _id: 'x', pupilId: 'pupil:a' };
		expect(leavesTablet('attendance', record, '2025-08-31', rule)).toBe('older');
		expect(leavesTablet('attendance', record, '2025-09-01', rule)).toBeNull();
		expect(leavesTablet('lesson', { _id: 'lesson:1' }, '2019-01-07', rule)).toBe('older');
		// Not time-bound: the pupil, their plans, baselines and intake stay whatever their age.
		expect(leavesTablet('plan', record, '2019-01-07', rule)).toBeNull();
		expect(leavesTablet('baseline', record, '2019-01-07', rule)).toBeNull();
		expect(leavesTablet('pupil', { _id: 'pupil:a' }, undefined, rule)).toBeNull();
		// A record with no readable day is kept rather than guessed at.
		expect(leavesTablet('exitTicket', record, undefined, rule)).toBeNull();
	});

	it("drops every record of a leaver whose time ran out, in the window or not, but keeps the pupil's own card", () => {
		const rule: WindowRule = { start: '2025-09-01', leavers: new Set(['pupil:gone']) };
		expect(leavesTablet('plan', { _id: 'plan:1', pupilId: 'pupil:gone' }, undefined, rule)).toBe('leaver');
		expect(leavesTablet('exitTicket', { _id: 'e:1', pupilId: 'pupil:gone' }, '2026-11-02', rule)).toBe('leaver');
		expect(leavesTablet('pupil', { _id: 'pupil:gone' }, undefined, rule)).toBeNull();
		expect(leavesTablet('plan', { _id: 'plan:2', pupilId: 'pupil:here' }, undefined, rule)).toBeNull();
	});

	it('says plainly, offline, where the older records are', () => {
		expect(olderRecordsOffline('2025-09-01')).toBe(
			'Records before 1 Sep 2025 are on the office server — connect to see them'
		);
	});
});

describe('forms and reports of pupils on roll', () => {
	it('stay on the tablet whatever their age (the due lists count from every one sent), but leave with a leaver', () => {
		const rule = { start: '2025-09-01', leavers: new Set(['pupil:left']) };
		const old = { _id: 'feedbackForm:1', pupilId: 'pupil:on-roll' };
		expect(leavesTablet('feedbackForm', old, '2018-09-21', rule)).toBeNull();
		expect(leavesTablet('progressReport', old, '2018-10-19', rule)).toBeNull();
		expect(leavesTablet('lesson', { _id: 'lesson:1' }, '2018-09-21', rule)).toBe('older');
		expect(leavesTablet('feedbackForm', { _id: 'feedbackForm:2', pupilId: 'pupil:left' }, '2026-10-01', rule)).toBe(
			'leaver'
		);
	});
});

describe('records a first sync leaves on the server by their id alone', () => {
	/** An id made at that moment (UTC), as a tablet makes it. */
	const idAt = (type: string, iso: string) => `${type}:${encodeTime(Date.parse(iso), 10)}${'0'.repeat(16)}`;

	it('leaves a register or ticket made two days or more before 1 Sep 2025, and reads anything later', () => {
		expect(idBeforeWindow(idAt('attendance', '2025-08-29T23:59:59Z'), '2025-09-01')).toBe(true);
		expect(idBeforeWindow(idAt('exitTicket', '2021-03-04T10:00:00Z'), '2025-09-01')).toBe(true);
		// 30 Aug in London is 31 Aug in New Zealand: close to the first day, it is read and judged by its date.
		expect(idBeforeWindow(idAt('attendance', '2025-08-30T00:00:00Z'), '2025-09-01')).toBe(false);
		expect(idBeforeWindow(idAt('markingNote', '2025-10-01T09:00:00Z'), '2025-09-01')).toBe(false);
	});

	it('reads absence notices (written ahead of their day), forms, reports and kinds not tied to a day, whatever their id', () => {
		for (const type of ['absenceNotice', 'feedbackForm', 'progressReport', 'plan', 'pupil', 'settings'])
			expect(idBeforeWindow(idAt(type, '2019-01-07T10:00:00Z'), '2025-09-01')).toBe(false);
	});

	it('reads an id that is not a type and a ULID', () => {
		expect(idBeforeWindow('attendance:not-a-ulid', '2025-09-01')).toBe(false);
		expect(idBeforeWindow('attendance', '2025-09-01')).toBe(false);
		expect(idBeforeWindow('_design/waymark', '2025-09-01')).toBe(false);
	});
});
