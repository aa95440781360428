import { beforeEach, describe, expect, it } from 'vitest';
import { localToday, addDays } from '$lib/domain/calendar-days';
import { isSafeguardingLead } from '$lib/sync/identity';
import { WaymarkDb } from './db';
import { handedOn, queueConcern, refused, waitingConcerns } from './safeguarding-queue';
import { addPupil, freshDatabase } from '$tests/test-db';

let db: WaymarkDb;
beforeEach(() => {
	db = freshDatabase();
});

const concern = (pupilId: string, extra: Record<string, unknown> = {}) => ({
	pupilId,
	kind: 'disclosure' as const,
	happenedOn: localToday(),
	account: 'She said she is scared to go home.',
	...extra
});

describe('safeguarding concerns on the tablet', () => {
	it('are kept apart from every organisation record: no outbox entry, so they never replicate', async () => {
		const p = await addPupil();
		const outboxBefore = await db.outbox.count();
		const result = await queueConcern(concern(p._id));
		expect(result.ok).toBe(true);
		expect(await db.outbox.count()).toBe(outboxBefore);
		expect(await waitingConcerns()).toEqual({ count: 1, problem: null });
	});

	it('refuse a concern with nothing written, no kind, or a date after today, in plain words', async () => {
		const p = await addPupil();
		const empty = await queueConcern(concern(p._id, { account: '', kind: undefined }));
		expect(empty).toMatchObject({
			ok: false,
			errors: { account: expect.any(String), kind: 'Choose what kind of concern this is' }
		});
		const tomorrow = await queueConcern(concern(p._id, { happenedOn: addDays(localToday(), 1) }));
		expect(tomorrow).toMatchObject({
			ok: false,
			errors: { happenedOn: 'The date it happened cannot be after today: it records something that has happened' }
		});
		expect((await waitingConcerns()).count).toBe(0);
	});

	it('keep the server’s reason for a refusal beside the concern, and leave once handed on', async () => {
		const p = await addPupil();
		const result = await queueConcern(concern(p._id));
		if (!result.ok) throw new Error(result.message);
		await refused(result.record._id, 'A concern can only be sent by the person who wrote it.');
		expect(await waitingConcerns()).toEqual({
			count: 1,
			problem: 'A concern can only be sent by the person who wrote it.'
		});
		await handedOn(result.record._id);
		expect(await waitingConcerns()).toEqual({ count: 0, problem: null });
	});
});

describe('isSafeguardingLead', () => {
	it('is true only for the <org>:dsl role of that organisation', () => {
		expect(isSafeguardingLead(['demo:staff', 'demo:dsl'], 'demo')).toBe(true);
		expect(isSafeguardingLead(['demo:staff'], 'demo')).toBe(false);
		expect(isSafeguardingLead(['other:dsl', 'demo:staff'], 'demo')).toBe(false);
	});
});
