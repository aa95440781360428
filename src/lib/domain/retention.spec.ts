import { describe, expect, it } from 'vitest';
import { addYears } from './calendar-days';
import { retentionOutcome, retentionReport, retentionSchedule, type RetentionPupil } from './retention';

const defaults = retentionSchedule(undefined);
const leaver: RetentionPupil = { _id: 'pupil:A', dateOfBirth: '2000-03-15', senStatus: 'none', status: 'left' };
const senLeaver: RetentionPupil = { _id: 'pupil:B', dateOfBirth: '2000-03-15', senStatus: 'ehcp', status: 'left' };

describe('addYears', () => {
	it('keeps the day, and 29 February becomes 28 February in a year without one', () => {
		expect(addYears('2000-03-15', 25)).toBe('2025-03-15');
		expect(addYears('2008-02-29', 25)).toBe('2033-02-28');
		expect(addYears('2008-02-29', 4)).toBe('2012-02-29');
	});
});

describe('retention schedule', () => {
	it('uses the IRMS defaults until the organisation changes a period; safeguarding cannot be given one', () => {
		expect(defaults).toEqual({ pupilFile: 25, senFile: 31, behaviour: 25, attendance: 6, safeguarding: 0 });
		const chosen = retentionSchedule([
			{ group: 'attendance', years: 3 },
			{ group: 'safeguarding', years: 1 }
		]);
		expect(chosen.attendance).toBe(3);
		expect(chosen.safeguarding).toBe(0);
	});
});

describe('retentionOutcome', () => {
	const plan = { _id: 'plan:1', type: 'plan', pupilId: 'pupil:A' };

	it('a pupil file born 15 Mar 2000 is due on 15 Mar 2025 (DOB + 25), for review from 15 Dec 2024', () => {
		expect(retentionOutcome(plan, leaver, defaults, '2024-12-14')).toMatchObject({
			status: 'kept',
			dueOn: '2025-03-15'
		});
		expect(retentionOutcome(plan, leaver, defaults, '2024-12-15')).toMatchObject({
			status: 'review',
			group: 'pupilFile'
		});
		const due = retentionOutcome(plan, leaver, defaults, '2025-03-15');
		expect(due).toMatchObject({ status: 'due', group: 'pupilFile', dueOn: '2025-03-15' });
		expect(due.reason).toBe('Date of birth 15 Mar 2000 + 25 years: due for deletion since 15 Mar 2025.');
	});

	it('the file of a pupil with an EHCP is kept to DOB + 31: 15 Mar 2031', () => {
		expect(retentionOutcome({ ...plan, pupilId: 'pupil:B' }, senLeaver, defaults, '2025-03-15')).toMatchObject({
			status: 'kept',
			group: 'senFile',
			dueOn: '2031-03-15'
		});
		expect(retentionOutcome({ ...plan, pupilId: 'pupil:B' }, senLeaver, defaults, '2031-03-15').status).toBe('due');
	});

	it('an attendance mark of 2 Oct 2019 is due 6 years after the entry: 2 Oct 2025', () => {
		const mark = { _id: 'attendance:1', type: 'attendance', pupilId: 'pupil:A', date: '2019-10-02' };
		expect(retentionOutcome(mark, leaver, defaults, '2025-10-01')).toMatchObject({
			status: 'review',
			dueOn: '2025-10-02'
		});
		expect(retentionOutcome(mark, leaver, defaults, '2025-10-02')).toMatchObject({
			status: 'due',
			group: 'attendance'
		});
	});

	it('a pupil still on roll is never due, nor a record whose pupil is missing', () => {
		const onRoll = { ...leaver, status: 'active' };
		expect(retentionOutcome(plan, onRoll, defaults, '2040-01-01').reason).toBe('The pupil is still on roll: kept.');
		expect(retentionOutcome(plan, undefined, defaults, '2040-01-01').status).toBe('kept');
	});

	it('records outside pupil files (lessons, settings) are kept', () => {
		expect(retentionOutcome({ _id: 'lesson:1', type: 'lesson' }, undefined, defaults, '2090-01-01').status).toBe(
			'kept'
		);
	});

	it('the pupil record goes last: with behaviour kept 30 years it is due at DOB + 30', () => {
		const schedule = retentionSchedule([{ group: 'behaviour', years: 30 }]);
		const pupilDoc = { ...leaver, type: 'pupil' };
		expect(retentionOutcome(pupilDoc, undefined, schedule, '2025-03-15')).toMatchObject({
			status: 'kept',
			dueOn: '2030-03-15'
		});
		expect(retentionOutcome(plan, leaver, schedule, '2025-03-15').status).toBe('due');
	});
});

describe('retentionReport', () => {
	it('groups due and review records by rule and counts the pupils due', () => {
		const records = [
			{ ...leaver, type: 'pupil' },
			{ _id: 'plan:1', type: 'plan', pupilId: 'pupil:A' },
			{ _id: 'attendance:1', type: 'attendance', pupilId: 'pupil:A', date: '2019-10-02' },
			{ _id: 'attendance:2', type: 'attendance', pupilId: 'pupil:A', date: '2019-12-02' },
			{ _id: 'attendance:3', type: 'attendance', pupilId: 'pupil:A', date: '2024-01-08' }
		];
		const report = retentionReport(records, new Map([['pupil:A', leaver]]), defaults, '2025-10-02');
		expect(report.map((g) => g.group)).toEqual(['pupilFile', 'attendance']);
		expect(report[0]!.due.map((r) => r.id)).toEqual(['pupil:A', 'plan:1']);
		expect(report[1]!.due.map((r) => r.id)).toEqual(['attendance:1']);
		expect(report[1]!.review.map((r) => r.id)).toEqual(['attendance:2']);
		expect(report[1]!.pupils).toEqual(['pupil:A']);
	});
});
