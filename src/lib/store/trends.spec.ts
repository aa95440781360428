import { beforeEach, describe, expect, it } from 'vitest';
import type { AnyRecord } from '$lib/domain/kinds';
import { makeDoc } from '$tests/test-factories';
import { computeDashboard } from '$lib/domain/trends';
import { FIXTURE_SETTINGS, trendFixture } from '$tests/trends-fixture';
import type { WaymarkDb } from './db';
import { freshDatabase } from '$tests/test-db';
import { pupilRecords, trendInput } from './trends';

let db: WaymarkDb;
beforeEach(() => {
	db = freshDatabase();
});

async function put(docs: AnyRecord[]) {
	for (const doc of docs) await db.tableFor(doc.type).put(doc);
}

describe('reading the trends from this tablet', () => {
	it('gives the same figures as the hand-computed fixture', async () => {
		const f = trendFixture();
		await put([
			...f.pupils,
			...f.intakes,
			...f.assessments,
			...f.feedbackForms,
			...f.attendance,
			...f.behaviour,
			...f.reintegrations
		]);
		const d = computeDashboard(await trendInput(), {}, FIXTURE_SETTINGS);
		expect(d.progress.percent).toBe(60);
		expect(d.attendance).toMatchObject({ present: 23, recorded: 29 });
	});

	it('reads only the chosen period’s attendance and behaviour, and leaves archived records out', async () => {
		const pupil = makeDoc('pupil');
		await put([
			pupil,
			makeDoc('attendance', { pupilId: pupil._id, date: '2026-09-10' }),
			makeDoc('attendance', { pupilId: pupil._id, date: '2026-11-10' }),
			makeDoc('attendance', { pupilId: pupil._id, date: '2026-11-11', archived: true }),
			makeDoc('behaviour', { pupilId: pupil._id, date: '2026-11-12' })
		]);
		const input = await trendInput({ start: '2026-11-01', end: '2026-11-30' });
		expect(input.attendance.map((m) => m.date)).toEqual(['2026-11-10']);
		expect(input.behaviour).toHaveLength(1);
		expect((await trendInput()).attendance).toHaveLength(2);
	});
});

describe("one pupil's records", () => {
	it('collects every kind by pupil, the lessons they were in and moderation samples naming them', async () => {
		const pupil = makeDoc('pupil');
		const other = makeDoc('pupil');
		const lesson = makeDoc('lesson', { pupilIds: [pupil._id, other._id], present: [other._id] });
		await put([
			pupil,
			other,
			lesson,
			makeDoc('lesson', { pupilIds: [other._id], present: [other._id] }),
			makeDoc('exitTicket', { pupilId: pupil._id, lessonId: lesson._id }),
			makeDoc('exitTicket', { pupilId: other._id, lessonId: lesson._id }),
			makeDoc('behaviour', { pupilId: pupil._id, archived: true }),
			makeDoc('moderation', {
				samples: [
					{ pupilId: pupil._id, workTitle: 'Essay', internalJudgement: '4', moderatedJudgement: '4', agreed: true }
				]
			}),
			makeDoc('moderation', {
				samples: [
					{ pupilId: other._id, workTitle: 'Essay', internalJudgement: '4', moderatedJudgement: '4', agreed: true }
				]
			})
		]);
		const r = (await pupilRecords(pupil._id))!;
		expect(r.pupil._id).toBe(pupil._id);
		expect(r.lesson.map((l) => l._id)).toEqual([lesson._id]);
		expect(r.exitTicket).toHaveLength(1);
		expect(r.behaviour).toHaveLength(0);
		expect(r.moderation).toHaveLength(1);
		// A subject access request includes withdrawn records too.
		expect((await pupilRecords(pupil._id, { includeArchived: true }))!.behaviour).toHaveLength(1);
		expect(await pupilRecords('pupil:01JD8Z3Q5W3M9X4K2T6B7C8D00')).toBeUndefined();
	});
});
