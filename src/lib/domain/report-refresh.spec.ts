import { describe, expect, it } from 'vitest';
import { recordChanges, refreshReport, refreshText, type Compiled } from './report-refresh';

const compiled: Compiled = {
	workCovered: 'Sam attended 2 lessons this half term.\nIn Maths, Sam studied Ratio.',
	attitudeEngagement:
		'No attitude-to-learning grades or behaviour entries have been recorded for Sam this half term yet.',
	academicProgress: 'In Maths, Sam completed 1 exit ticket, averaging 60%.',
	emotionalProgress: 'No registers have been recorded for Sam this half term.',
	vocationalProgress: 'No vocational sessions or plan targets have been recorded for Sam this half term.'
};
const now: Compiled = {
	...compiled,
	workCovered: 'Sam attended 4 lessons this half term.\nIn Maths, Sam studied Ratio and Area.',
	emotionalProgress: 'Sam’s attendance this half term was 80% (8 of 10 sessions).',
	attendancePercent: 80
};

describe('a saved half-term draft against the records', () => {
	it('lists what the records say now that they did not when the draft was made', () => {
		expect(recordChanges(compiled, now)).toEqual([
			{
				part: 'workCovered',
				label: 'Work covered',
				added: ['Sam attended 4 lessons this half term.', 'In Maths, Sam studied Ratio and Area.'],
				removed: ['Sam attended 2 lessons this half term.', 'In Maths, Sam studied Ratio.']
			},
			{
				part: 'emotionalProgress',
				label: 'Emotional progress',
				added: ['Sam’s attendance this half term was 80% (8 of 10 sessions).'],
				removed: ['No registers have been recorded for Sam this half term.']
			},
			{ part: 'attendancePercent', label: 'Attendance', isValue: true, added: ['80%'], removed: ['Not recorded'] }
		]);
		expect(recordChanges(now, now)).toEqual([]);
	});

	it('gives the new attendance with its sessions when the records know them', () => {
		expect(recordChanges(compiled, now, '80% (8 of 10 sessions)').at(-1)).toEqual({
			part: 'attendancePercent',
			label: 'Attendance',
			isValue: true,
			added: ['80% (8 of 10 sessions)'],
			removed: ['Not recorded']
		});
	});

	it('refreshing replaces the computed lines and keeps every line the teacher wrote', () => {
		const teacher: Compiled = {
			...compiled,
			workCovered: `${compiled.workCovered}\nSam also led a group task on bar models.`,
			emotionalProgress:
				'Sam has settled well and talks to staff when upset.\nNo registers have been recorded for Sam this half term.'
		};
		const refreshed = refreshReport(teacher, compiled, now);
		expect(refreshed.workCovered).toBe(
			'Sam attended 4 lessons this half term.\nIn Maths, Sam studied Ratio and Area.\nSam also led a group task on bar models.'
		);
		expect(refreshed.emotionalProgress).toBe(
			'Sam has settled well and talks to staff when upset.\nSam’s attendance this half term was 80% (8 of 10 sessions).'
		);
		expect(refreshed.attendancePercent).toBe(80);
		expect(refreshed.academicProgress).toBe(compiled.academicProgress);
	});

	it('where the teacher rewrote a computed line, keeps their words and adds the records’ new line after', () => {
		expect(
			refreshText(
				'Sam attended 2 lessons, most of them on time.',
				'Sam attended 2 lessons this half term.',
				'Sam attended 4 lessons this half term.'
			)
		).toBe('Sam attended 2 lessons, most of them on time.\nSam attended 4 lessons this half term.');
	});

	it('keeps an attendance figure the teacher typed, and fills one that was not recorded', () => {
		expect(refreshReport({ ...compiled, attendancePercent: 75 }, compiled, now).attendancePercent).toBe(75);
		expect(refreshReport(compiled, compiled, now).attendancePercent).toBe(80);
	});

	it('a draft saved before drafts remembered their records: all the teacher’s lines stay, new ones are added', () => {
		const refreshed = refreshReport(compiled, undefined, now);
		expect(refreshed.workCovered).toBe(
			`${compiled.workCovered}\nSam attended 4 lessons this half term.\nIn Maths, Sam studied Ratio and Area.`
		);
		expect(refreshed.attendancePercent).toBe(80);
	});
});
