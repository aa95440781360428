import { beforeEach, describe, expect, it } from 'vitest';
import { addDays, localToday } from '$lib/domain/calendar-days';
import type { FeedbackForm, FeedbackFormInput } from '$lib/domain/feedback-form';
import type { AnyRecord } from '$lib/domain/kinds';
import type { Pupil } from '$lib/domain/pupil';
import { makeDoc } from '$tests/test-factories';
import type { WaymarkDb } from './db';
import * as audit from './audit';
import * as feedbackForms from './feedback-forms';
import * as progressReports from './progress-reports';
import { freshDatabase } from '$tests/test-db';

let db: WaymarkDb;
const today = localToday();

async function put(doc: AnyRecord) {
	await db.tableFor(doc.type).put(doc);
}

function formInput(pupilId: string) {
	return {
		pupilId,
		periodStart: addDays(today, -20),
		periodEnd: today,
		lessonsAttended: 3,
		topics: [{ subject: 'maths', topic: 'Ratio' }],
		atl: 3 as const,
		progress: 'meeting' as const,
		basis: 'ks3-national-curriculum' as const,
		status: 'draft' as const
	};
}

beforeEach(() => {
	db = freshDatabase();
});

describe('the feedback forms due list', () => {
	// The default calendar: Autumn 1 ends Fri 23 Oct 2026, Autumn 2 runs Mon 2 Nov – Fri 18 Dec.
	const monday = '2026-11-30';

	it('lists pupils whose cycle is complete, overdue first, and leaves out those not yet due or not on roll', async () => {
		// 15 school days from 12 Oct (the holiday not counted) end 6 Nov; from 9 Nov they end 27 Nov.
		const overdue = makeDoc('pupil', { givenName: 'Olu', familyName: 'Overdue', startDate: '2026-10-12' });
		const due = makeDoc('pupil', { givenName: 'Dee', familyName: 'Due', startDate: '2026-11-09' });
		const notYet = makeDoc('pupil', { givenName: 'Nat', familyName: 'Notyet', startDate: '2026-11-23' });
		const left = makeDoc('pupil', { givenName: 'Lee', familyName: 'Left', startDate: '2026-09-07', status: 'left' });
		for (const p of [overdue, due, notYet, left]) await put(p);
		const list = await feedbackForms.dueForms(monday);
		expect(list.map((d) => [d.pupilName, d.isOverdue])).toEqual([
			['Olu Overdue', true],
			['Dee Due', false]
		]);
		expect(list[0]).toMatchObject({ pupilId: overdue._id, dueDate: '2026-11-06' });
		expect(list[1]).toMatchObject({ pupilId: due._id, dueDate: '2026-11-27' });
	});

	it('keeps a pupil listed while the form is only drafted, and drops them once it is sent', async () => {
		const pupil = makeDoc('pupil', { startDate: '2026-11-09' });
		await put(pupil);
		expect(await feedbackForms.dueForms(monday)).toHaveLength(1);
		const saved = await feedbackForms.create({
			...formInput(pupil._id),
			periodStart: pupil.startDate,
			periodEnd: '2026-11-27'
		});
		if (!saved.ok) throw new Error(saved.message);
		const [drafted] = await feedbackForms.dueForms(monday);
		expect(drafted).toMatchObject({ status: 'due', draft: { id: saved.record._id } });
		const sent = await feedbackForms.markSent(saved.record._id, { date: monday, sentTo: 'Mrs Shah, SENCo' });
		expect(sent.ok).toBe(true);
		expect(await feedbackForms.dueForms(monday)).toHaveLength(0);
	});
});

describe('drafting from the tablet’s records', () => {
	it('compiles attended lessons only, over the pupil’s current cycle', async () => {
		const pupil = makeDoc('pupil', { startDate: addDays(today, -10), yearGroup: 7 }) as Pupil;
		await put(pupil);
		await put(
			makeDoc('lesson', { date: addDays(today, -3), topic: 'Was there', pupilIds: [pupil._id], present: [pupil._id] })
		);
		await put(makeDoc('lesson', { date: addDays(today, -2), topic: 'Was away', pupilIds: [pupil._id], present: [] }));
		const draft = await feedbackForms.draftFor(pupil._id);
		expect(draft).toMatchObject({
			periodStart: pupil.startDate,
			periodEnd: today,
			lessonsAttended: 1,
			topics: [{ subject: 'maths', topic: 'Was there' }],
			basis: 'ks3-national-curriculum'
		});
	});
});

describe('sending and versions', () => {
	it('needs the recipient and a date that is not in the future to mark a form sent', async () => {
		const pupil = makeDoc('pupil');
		const saved = await feedbackForms.create(formInput(pupil._id));
		if (!saved.ok) throw new Error(saved.message);
		const refused = await feedbackForms.markSent(saved.record._id, { date: addDays(today, 1), sentTo: '  ' });
		expect(refused.ok).toBe(false);
		if (!refused.ok)
			expect(refused.errors).toEqual({
				sentTo: 'Say who at the host school it was sent to',
				sentAt: 'The date sent cannot be in the future'
			});
		expect((await feedbackForms.get(saved.record._id))?.status).toBe('draft');
	});

	it('keeps the sent form unchanged and makes version 2 when it is edited after sending', async () => {
		const pupil = makeDoc('pupil');
		const saved = await feedbackForms.create(formInput(pupil._id));
		if (!saved.ok) throw new Error(saved.message);
		const sent = await feedbackForms.markSent(saved.record._id, { date: today, sentTo: 'Mrs Shah, SENCo' });
		expect(sent.ok && sent.record).toMatchObject({ status: 'sent', sentTo: 'Mrs Shah, SENCo' });

		const edited = await feedbackForms.save(saved.record._id, { atl: 4 });
		if (!edited.ok) throw new Error(edited.message);
		expect(edited.record._id).not.toBe(saved.record._id);
		expect(edited.record).toMatchObject({ atl: 4, status: 'draft', version: 2, supersedes: saved.record._id });
		expect(edited.record.sentTo).toBeUndefined();

		const original = (await feedbackForms.get(saved.record._id)) as FeedbackForm;
		expect(original).toMatchObject({ atl: 3, status: 'sent', sentTo: 'Mrs Shah, SENCo' });
		expect((await feedbackForms.forPupil(pupil._id)).map((f) => f._id)).toEqual([edited.record._id]);
		expect(await feedbackForms.allForPupil(pupil._id)).toHaveLength(2);
		// The change of a sent form is audited, in the same save: who, which form, which new version.
		const lines = await audit.forPupil(pupil._id);
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatchObject({
			kind: 'sent-document-changed',
			createdBy: 'teacher1',
			documentId: saved.record._id,
			newDocumentId: edited.record._id
		});
		expect(lines[0]!.summary).toMatch(/^feedback form sent \d{4}-\d{2}-\d{2} to Mrs Shah, SENCo: version 2 made$/);
		expect((await db.outbox.toArray()).map((e) => e.docId).sort()).toEqual(
			[saved.record._id, edited.record._id, lines[0]!._id].sort()
		);

		// Editing the new draft again is not a change of a sent document: no second line.
		await feedbackForms.save(edited.record._id, { atl: 2 });
		expect(await audit.forPupil(pupil._id)).toHaveLength(1);
	});

	it('does not audit editing a draft that was never sent', async () => {
		const pupil = makeDoc('pupil');
		const saved = await feedbackForms.create(formInput(pupil._id));
		if (!saved.ok) throw new Error(saved.message);
		await feedbackForms.save(saved.record._id, { atl: 1 });
		expect(await audit.forPupil(pupil._id)).toEqual([]);
	});

	it('edits a draft in place', async () => {
		const saved = await feedbackForms.create(formInput(makeDoc('pupil')._id));
		if (!saved.ok) throw new Error(saved.message);
		const edited = await feedbackForms.save(saved.record._id, { atl: 1 });
		expect(edited.ok && edited.record._id).toBe(saved.record._id);
	});

	it('refuses a bad ATL grade beside the field and stores nothing', async () => {
		// 7 is not a grade: typed as a form would send it from a tampered or older screen.
		const badGrade = { ...formInput(makeDoc('pupil')._id), atl: 7 } as unknown as FeedbackFormInput;
		const result = await feedbackForms.create(badGrade);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.errors.atl).toBe('ATL must be 1, 2, 3 or 4');
		expect(await db.records('feedbackForm').count()).toBe(0);
	});

	it('versions half-term reports the same way', async () => {
		const pupil = makeDoc('pupil');
		const report = await progressReports.create({
			pupilId: pupil._id,
			halfTerm: '2026-27 Autumn 1',
			periodStart: '2026-09-02',
			periodEnd: '2026-10-23',
			workCovered: 'Fractions',
			attitudeEngagement: 'Good',
			academicProgress: 'Good',
			emotionalProgress: 'Calmer',
			vocationalProgress: 'Taster',
			status: 'draft'
		});
		if (!report.ok) throw new Error(report.message);
		await progressReports.markSent(report.record._id, { date: today, sentTo: 'Head of Year 9' });
		const v2 = await progressReports.save(report.record._id, { workCovered: 'Fractions and ratio' });
		expect(v2.ok && v2.record).toMatchObject({
			version: 2,
			supersedes: report.record._id,
			workCovered: 'Fractions and ratio'
		});
		expect(await progressReports.get(report.record._id)).toMatchObject({ status: 'sent', workCovered: 'Fractions' });
	});
});

describe('half-term reports due', () => {
	it('lists every pupil on roll at the half term’s end until the report is sent; a draft does not count', async () => {
		const pupil = makeDoc('pupil', { givenName: 'Ria', familyName: 'Report', startDate: '2026-09-07' });
		const later = makeDoc('pupil', { givenName: 'Lou', familyName: 'Later', startDate: '2026-11-09' });
		for (const p of [pupil, later]) await put(p);
		// Mon 2 Nov 2026: Autumn 2 has started, so Autumn 1's report is overdue.
		expect(
			(await progressReports.dueReports('2026-11-02')).map((d) => [d.pupilName, d.halfTerm.name, d.status])
		).toEqual([['Ria Report', '2026-27 Autumn 1', 'overdue']]);
		const report = await progressReports.create({
			pupilId: pupil._id,
			halfTerm: '2026-27 Autumn 1',
			periodStart: '2026-09-02',
			periodEnd: '2026-10-23',
			workCovered: 'Fractions',
			attitudeEngagement: 'Good',
			academicProgress: 'Good',
			emotionalProgress: 'Calmer',
			vocationalProgress: 'Taster',
			status: 'draft'
		});
		if (!report.ok) throw new Error(report.message);
		expect((await progressReports.dueReports('2026-11-02'))[0]?.draft?.id).toBe(report.record._id);
		await progressReports.markSent(report.record._id, { date: '2026-11-02', sentTo: 'Head of Year 9' });
		expect(await progressReports.dueReports('2026-11-02')).toEqual([]);
	});
});
