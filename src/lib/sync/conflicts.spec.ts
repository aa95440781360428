import MemoryAdapter from 'pouchdb-adapter-memory';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from 'pouchdb-core';
import type { WaymarkDb } from '$lib/store/db';
import { freshDatabase } from '$tests/test-db';
import { makeDoc } from '$tests/test-factories';
import { decide, resolveConflicts, sweepConflicts, type ConflictContext } from './conflicts';
import { openLocal, PouchDB } from './pouch';

PouchDB.plugin(MemoryAdapter);

let db: WaymarkDb;
let local: Database;
let ctx: ConflictContext;
let n = 0;
beforeEach(() => {
	db = freshDatabase();
	local = openLocal(`conflicts-${process.pid}-${++n}`, 'memory');
	ctx = { db, local, remote: openLocal(`conflicts-remote-${process.pid}-${n}`, 'memory') };
});

/** A document saved once, then edited apart on two tablets: two leaves of one base in the replica. */
async function conflicted(base: Record<string, unknown>, a: Record<string, unknown>, b: Record<string, unknown>) {
	const first = await local.put(base as never);
	const parent = String(first.rev).split('-')[1]!;
	const leaf = (hash: string, at: string, by: string, fields: Record<string, unknown>) => ({
		...base,
		...fields,
		updatedAt: at,
		updatedBy: by,
		_rev: `2-${hash}`,
		_revisions: { start: 2, ids: [hash, parent] }
	});
	await local.bulkDocs(
		[leaf('aaaa', '2026-10-02T10:00:00.000Z', 'amy', a), leaf('bbbb', '2026-10-02T11:00:00.000Z', 'ben', b)] as never,
		{ new_edits: false }
	);
	return base._id as string;
}

async function conflictsOf(id: string) {
	return (await local.get(id, { conflicts: true }))._conflicts ?? [];
}

describe('a person’s choice on "Needs a decision"', () => {
	it('is refused when the value is no longer offered, and the card is shown again with what is', async () => {
		const id = await conflicted(makeDoc('plan'), { reviewDate: '2026-12-14' }, { reviewDate: '2027-01-11' });
		expect(await resolveConflicts(ctx, [id])).toEqual({ [id]: 'needs-decision' });

		expect(await decide(ctx, id, { reviewDate: '2026-12-31' })).toBe('stale');
		expect(await conflictsOf(id)).toHaveLength(1);
		const entry = await db.decisions.get(id);
		expect(entry?.conflicts[0]?.options.map((o) => o.value)).toEqual(['2027-01-11', '2026-12-14']);
	});

	it('finds the chosen value by content, whatever order its keys were written in', async () => {
		const base = makeDoc('settings', { _id: 'settings:00000000000000000000000000' });
		const id = await conflicted(
			base,
			{ feedbackCycle: { mode: 'weeks', weeks: 2, lessons: 12 } },
			{ feedbackCycle: { mode: 'lessons', weeks: 3, lessons: 10 } }
		);
		await resolveConflicts(ctx, [id]);
		expect(await decide(ctx, id, { feedbackCycle: { lessons: 12, weeks: 2, mode: 'weeks' } })).toBe('merged');
		expect((await local.get(id)) as unknown).toMatchObject({ feedbackCycle: { mode: 'weeks', weeks: 2 } });
	});

	it('says why when the choices together make a record that would be refused, and writes nothing', async () => {
		const base = makeDoc('baseline', { rawScore: 15, maxScore: 20 });
		const id = await conflicted(base, { rawScore: 18 }, { rawScore: 10, maxScore: 12 });
		await resolveConflicts(ctx, [id]);
		expect((await db.decisions.get(id))?.conflicts.map((c) => c.field)).toEqual(['rawScore']);

		expect(await decide(ctx, id, { rawScore: 18 })).toBe('invalid');
		expect(await conflictsOf(id)).toHaveLength(1);
		expect((await db.decisions.get(id))?.problem).toMatch(/Raw score cannot be more than the maximum/);
	});
});

describe('settling every conflicted document', () => {
	it('settles the others when one document cannot be written, and tries a 409 again', async () => {
		const broken = await conflicted(makeDoc('plan'), { reviewDate: '2026-12-14' }, { startDate: '2026-09-21' });
		const raced = await conflicted(makeDoc('plan'), { reviewDate: '2026-12-14' }, { startDate: '2026-09-21' });
		const fine = await conflicted(makeDoc('plan'), { reviewDate: '2026-12-14' }, { startDate: '2026-09-21' });
		let races = 0;
		const flaky = new Proxy(local, {
			get(target, key, receiver) {
				if (key !== 'put') return Reflect.get(target, key, receiver) as unknown;
				return (doc: { _id: string }) => {
					if (doc._id === broken) return Promise.reject(Object.assign(new Error('disk'), { status: 500 }));
					if (doc._id === raced && races++ === 0)
						return Promise.reject(Object.assign(new Error('Document update conflict'), { status: 409 }));
					return target.put(doc);
				};
			}
		});
		const outcome = await resolveConflicts({ ...ctx, local: flaky }, [broken, raced, fine]);
		expect(outcome).toEqual({ [broken]: 'failed', [raced]: 'merged', [fine]: 'merged' });
		expect(await conflictsOf(fine)).toEqual([]);
		expect(await conflictsOf(broken)).toHaveLength(1);

		// The sweep tries the failed one again (and looks through everything that arrived).
		expect(await sweepConflicts(ctx)).toEqual({ isDone: true, unsettled: [] });
		expect(await conflictsOf(broken)).toEqual([]);
	});

	it('finds conflicted documents nobody resolved (a tab closed after they arrived) and lists or merges them', async () => {
		const merges = await conflicted(makeDoc('plan'), { reviewDate: '2026-12-14' }, { startDate: '2026-09-21' });
		const needsPerson = await conflicted(makeDoc('plan'), { reviewDate: '2026-12-14' }, { reviewDate: '2027-01-11' });
		expect(await sweepConflicts(ctx)).toEqual({ isDone: true, unsettled: [] });
		expect(await conflictsOf(merges)).toEqual([]);
		expect((await db.decisions.get(needsPerson))?.conflicts.map((c) => c.field)).toEqual(['reviewDate']);
		// and a later sweep reads only what arrived since
		const later = await conflicted(makeDoc('plan'), { iepLink: 'x' }, { startDate: '2026-09-21' });
		await sweepConflicts(ctx);
		expect(await conflictsOf(later)).toEqual([]);
	});

	it('reads a full tablet’s changes a batch at a time, saying when there is more', async () => {
		await local.bulkDocs(Array.from({ length: 500 }, () => makeDoc('behaviour')));
		const late = await conflicted(makeDoc('plan'), { reviewDate: '2026-12-14' }, { startDate: '2026-09-21' });
		expect((await sweepConflicts(ctx)).isDone).toBe(false);
		expect(await conflictsOf(late)).toHaveLength(1);
		expect((await sweepConflicts(ctx)).isDone).toBe(true);
		expect(await conflictsOf(late)).toEqual([]);
	});
});
