import { describe, expect, it } from 'vitest';
import {
	attainmentHistoryTable,
	attendanceByMonthTable,
	behaviourByMonthTable,
	markingSample,
	subjectAccessExport,
	timelineEvents,
	withMoreRecords
} from './pupil-timeline';
import { KS3, recordsFor } from '$tests/pupil-timeline-fixture';
import { makeDoc } from '$tests/test-factories';

describe('a pupil’s progress timeline', () => {
	it('runs from joining and the baseline to today, oldest first', () => {
		const events = timelineEvents(recordsFor());
		expect(events.map((e) => e.kind).slice(0, 4)).toEqual(['Host-school data', 'Joined', 'Baseline', 'Exit ticket']);
		expect(events.find((e) => e.kind === 'Exit ticket')?.text).toBe('Maths: Fractions — 7/10');
		expect(events.at(-1)).toMatchObject({ date: '2026-11-20', kind: 'Assessment' });
	});

	it('never dates a report for a period still running in the future, and says "1 lesson"', () => {
		const r = recordsFor();
		r.feedbackForm = [
			makeDoc('feedbackForm', {
				pupilId: r.pupil._id,
				periodStart: '2026-11-16',
				periodEnd: '2026-12-18',
				lessonsAttended: 1,
				status: 'draft',
				createdAt: '2026-11-20T10:00:00.000Z'
			})
		];
		const events = timelineEvents(r);
		const form = events.find((e) => e.kind === 'Feedback form');
		expect(form?.date).toBe('2026-11-20');
		expect(form?.text).toMatch(/\(1 lesson, draft\)$/);
	});

	it('keeps a page whose picture went to the office server, saying so, and dates it where the tablet is', () => {
		const r = recordsFor();
		const takenLate = new Date(2026, 9, 6, 23, 30).toISOString(); // 23:30 on 6 October, local time
		const onServer = {
			_id: 'workPhoto:01JD8Z3Q5W3M9X4K2T6B7C8D11',
			pupilId: r.pupil._id,
			workTitle: 'Fractions',
			page: 2,
			width: 1600,
			height: 1200,
			createdAt: takenLate,
			reason: 'freed' as const
		};
		const photos = timelineEvents(r, [onServer]).filter((e) => e.kind === 'Photo of work');
		expect(photos).toEqual([
			{
				date: '2026-10-06',
				kind: 'Photo of work',
				text: 'Fractions, page 2 (the picture is on the office server)'
			}
		]);
	});

	it('shows attainment against target from intake, then each graded assessment on the pupil’s scale', () => {
		expect(attainmentHistoryTable(recordsFor(), KS3).rows).toEqual([
			['2026-09-01', 'Maths', 'Host school at intake', '3', '5', 'Below target'],
			['2026-11-20', 'Maths', 'Term test', '5', '5', 'On target']
		]);
	});

	it('summarises attendance and behaviour by month', () => {
		expect(attendanceByMonthTable(recordsFor()).rows).toEqual([
			['2026-09', 100, 1, 1],
			['2026-10', 50, 1, 2]
		]);
		expect(behaviourByMonthTable(recordsFor()).rows).toEqual([['2026-10', 1, 1]]);
	});

	it('samples marking threads where the pupil answered in purple pen first', () => {
		const [first, second] = markingSample(recordsFor(), 2);
		expect(first?.workTitle).toBe('Fractions');
		expect(first?.notes.map((n) => n.pen)).toEqual(['red', 'purple']);
		expect(second?.workTitle).toBe('Poem');
	});

	it('a subject access export holds every record, and only this pupil’s part of shared ones', () => {
		const r = recordsFor();
		const other = 'pupil:01JD8Z3Q5W3M9X4K2T6B7C8D00';
		r.lesson = [makeDoc('lesson', { pupilIds: [r.pupil._id, other], present: [other] })];
		r.moderation = [
			makeDoc('moderation', {
				samples: [
					{ pupilId: r.pupil._id, workTitle: 'A', internalJudgement: '4', moderatedJudgement: '4', agreed: true },
					{ pupilId: other, workTitle: 'B', internalJudgement: '4', moderatedJudgement: '4', agreed: true }
				]
			})
		];
		const data = subjectAccessExport(r, {
			exportedAt: '2026-11-23T10:00:00Z',
			exportedBy: 'teacher1',
			provisionName: 'Riverside'
		});
		expect(data.records.attendance).toHaveLength(3);
		expect(data.records.markingNote).toHaveLength(3);
		// Parents and carers on the record are data held about the child too.
		expect(data.records.carerContact.map((c) => c.name)).toEqual(['Priya Patel']);
		expect(data.lessons).toEqual([expect.objectContaining({ present: false })]);
		expect(JSON.stringify(data.lessons)).not.toContain(other);
		expect(data.moderation[0]?.samples).toHaveLength(1);
	});
});

describe('older records read from the office server for one screen', () => {
	it('joins them to the pupil’s records by kind, never twice, and they appear on the timeline', () => {
		const r = recordsFor();
		const old = makeDoc('exitTicket', { pupilId: r.pupil._id, date: '2023-10-02', topic: 'Place value' });
		const before = r.exitTicket.length;
		const samePupil = { ...r.pupil, familyName: 'Other' };
		const merged = withMoreRecords(r, [old, old, r.exitTicket[0]!, samePupil]);
		expect(merged.exitTicket).toHaveLength(before + 1);
		expect(merged.pupil).toBe(r.pupil);
		expect(r.exitTicket).toHaveLength(before); // the tablet's own copy is left as it was
		expect(timelineEvents(merged)[0]).toMatchObject({ date: '2023-10-02', kind: 'Exit ticket' });
	});
});
