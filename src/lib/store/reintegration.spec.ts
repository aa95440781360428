import { beforeEach, describe, expect, it } from 'vitest';
import type { WaymarkDb } from './db';
import { repository } from './repository';
import * as reintegration from './reintegration';
import { addPupil, freshDatabase } from '$tests/test-db';

let db: WaymarkDb;
beforeEach(() => {
	db = freshDatabase();
});

describe('reintegration records', () => {
	it('refuses a completed reintegration with no destination or date, and saves nothing', async () => {
		const p = await addPupil();
		const result = await reintegration.save({ pupilId: p._id, status: 'completed' }, undefined, '2026-11-23');
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors).toEqual({
			destinationSchool: 'Name the school the pupil went back to',
			completedDate: 'Enter the date the pupil started at the destination school'
		});
		expect(await db.records('reintegration').count()).toBe(0);
		expect(await db.outbox.count()).toBe(1); // only the pupil
	});

	it('shows the schema’s messages and the rules’ together', async () => {
		const p = await addPupil();
		const result = await reintegration.save(
			{
				pupilId: p._id,
				status: 'completed',
				destinationSchool: 'Hillside',
				completedDate: '2030-01-01',
				targetDate: '1 March'
			},
			undefined,
			'2026-11-23'
		);
		expect(result.ok ? {} : result.errors).toMatchObject({
			completedDate: 'The completed date cannot be in the future',
			targetDate: 'must be a date written as YYYY-MM-DD'
		});
	});

	it('edits the current record, or starts a new attempt that keeps the old one as history', async () => {
		const p = await addPupil();
		const first = await reintegration.save({
			pupilId: p._id,
			status: 'planned',
			destinationSchool: '  Hillside High  '
		});
		if (!first.ok) throw new Error(first.message);
		expect(first.record.destinationSchool).toBe('Hillside High');
		const undated = await reintegration.save(
			{ pupilId: p._id, status: 'broken-down', destinationSchool: 'Hillside High' },
			first.record._id,
			'2026-11-23'
		);
		expect(undated).toMatchObject({ ok: false, errors: { brokenDownDate: 'Enter the date the placement broke down' } });
		await reintegration.save(
			{ pupilId: p._id, status: 'broken-down', destinationSchool: 'Hillside High', brokenDownDate: '2026-11-20' },
			first.record._id,
			'2026-11-23'
		);
		await new Promise((r) => setTimeout(r, 5));
		await reintegration.save({ pupilId: p._id, status: 'planned', destinationSchool: 'Brook School' });
		const history = await reintegration.history(p._id);
		expect(history.map((r) => [r.status, r.destinationSchool])).toEqual([
			['planned', 'Brook School'],
			['broken-down', 'Hillside High']
		]);
	});

	it('counts completed reintegrations and flags long stays, following the term length setting', async () => {
		const back = await addPupil({ familyName: 'Back' });
		const long = await addPupil({ familyName: 'Long', startDate: '2025-09-01' });
		await addPupil({ familyName: 'Older', yearGroup: 11, startDate: '2025-09-01' });
		const recent = await addPupil({ familyName: 'Recent', startDate: '2026-09-01' });
		await reintegration.save(
			{ pupilId: back._id, status: 'completed', destinationSchool: 'Hillside', completedDate: '2026-11-02' },
			undefined,
			'2026-11-23'
		);

		let view = await reintegration.overview('2026-11-23');
		expect(view.counts).toEqual({ schoolYear: '2026-27', thisYear: 1, overall: 1 });
		expect(view.flagged.map((f) => f.pupil.familyName)).toEqual(['Long']);
		expect(view.statuses.map((s) => [s.pupil.familyName, s.record.status])).toEqual([['Back', 'completed']]);

		await reintegration.setTermWeeks(5);
		view = await reintegration.overview('2026-11-23');
		expect(view.termWeeks).toBe(5);
		expect(view.flagged.map((f) => f.pupilId)).toEqual([long._id, recent._id]);
	});

	it('works out readiness from the pupil’s own records only', async () => {
		const p = await addPupil({ yearGroup: 10, yearGroupSchoolYear: 2026 });
		const other = await addPupil({ yearGroup: 10, familyName: 'Other' });
		await repository('intake').create({
			pupilId: p._id,
			subject: 'maths',
			workingAt: '6',
			ks4Target: '5',
			receivedDate: '2026-09-01'
		});
		await repository('behaviour').create({
			pupilId: other._id,
			date: '2026-11-20',
			polarity: 'negative',
			category: 'Conduct',
			description: 'Left the room'
		});
		const summary = await reintegration.readinessFor(p, '2026-11-23');
		expect(summary.reasons[0]?.text).toBe(
			'Maths: working at 6 (host school at intake); expected by now 6 (from 6 at intake to the KS4 target of 5 by 31 Jul 2028) — on track; against the KS4 target itself: above target.'
		);
		// The other pupil's negative entry is not counted (it would make this "not met"); with nothing
		// of this pupil's own logged there is not enough evidence either way.
		expect(summary.areas.behaviour).toBe('unknown');
	});
});
