import { beforeEach, describe, expect, it } from 'vitest';
import type { WaymarkDb } from './db';
import * as moderation from './moderation';
import { addPupil, freshDatabase } from '$tests/test-db';

let db: WaymarkDb;
beforeEach(() => {
	db = freshDatabase();
});

describe('moderation records', () => {
	it('refuses a meeting with no samples or a future date, and saves nothing', async () => {
		const result = await moderation.record(
			{
				date: '2027-01-01',
				moderatorName: '',
				moderatorOrganisation: 'Hillside',
				subject: 'english',
				samples: [],
				outcome: 'x'
			},
			'2026-11-23'
		);
		expect(result.ok ? {} : result.errors).toEqual({
			date: 'The meeting date cannot be in the future',
			moderatorName: 'Moderator is required',
			samples: 'Record at least one sample'
		});
		expect(await db.records('moderation').count()).toBe(0);
	});

	it('lists meetings newest first, without archived ones', async () => {
		const p = await addPupil();
		const sample = {
			pupilId: p._id,
			workTitle: 'Letter',
			internalJudgement: '4',
			moderatedJudgement: '4',
			agreed: true
		};
		const base = {
			moderatorName: 'A. Shah',
			moderatorOrganisation: 'Hillside',
			subject: 'english',
			samples: [sample],
			outcome: 'Agreed'
		};
		await moderation.record({ ...base, date: '2026-10-01' });
		const newer = await moderation.record({ ...base, date: '2026-11-01' });
		const gone = await moderation.record({ ...base, date: '2026-11-05' });
		if (!gone.ok || !newer.ok) throw new Error('not saved');
		await moderation.archive(gone.record._id);
		expect((await moderation.list()).map((m) => m.date)).toEqual(['2026-11-01', '2026-10-01']);
	});
});
