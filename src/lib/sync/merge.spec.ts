import { describe, expect, it } from 'vitest';
import { applyChoices, commonAncestorRev, conflictKey, mergeRevisions, type Doc } from './merge';

const base: Doc = {
	_id: 'plan:1',
	_rev: '1-a',
	reviewDate: '2026-12-01',
	startDate: '2026-09-01',
	assessmentArrangements: 'Termly',
	updatedAt: '2026-10-01T09:00:00Z',
	updatedBy: 'amy'
};

const edit = (rev: string, at: string, by: string, fields: Record<string, unknown>): Doc => ({
	...base,
	...fields,
	_rev: rev,
	updatedAt: at,
	updatedBy: by
});

describe('merging two offline edits of one record', () => {
	it('keeps both people’s changes when they changed different fields', () => {
		const a = edit('2-b', '2026-10-02T10:00:00Z', 'amy', { reviewDate: '2026-12-15' });
		const b = edit('2-c', '2026-10-02T11:00:00Z', 'ben', { assessmentArrangements: 'Half-termly' });
		const { merged, conflicts } = mergeRevisions(base, [a, b]);
		expect(conflicts).toEqual([]);
		expect(merged).toMatchObject({
			reviewDate: '2026-12-15',
			assessmentArrangements: 'Half-termly',
			startDate: '2026-09-01',
			updatedBy: 'ben'
		});
	});

	it('asks a person when both changed the same field differently, keeping both values', () => {
		const a = edit('2-b', '2026-10-02T10:00:00Z', 'amy', { reviewDate: '2026-12-15' });
		const b = edit('2-c', '2026-10-02T11:00:00Z', 'ben', { reviewDate: '2027-01-10' });
		const result = mergeRevisions(base, [a, b]);
		expect(result.conflicts).toHaveLength(1);
		expect(result.conflicts[0]?.options.map((o) => [o.value, o.updatedBy])).toEqual([
			['2027-01-10', 'ben'],
			['2026-12-15', 'amy']
		]);
		expect(applyChoices(result, { reviewDate: 1 }).reviewDate).toBe('2026-12-15');
	});

	it('needs no decision when both made the same change', () => {
		const a = edit('2-b', '2026-10-02T10:00:00Z', 'amy', { reviewDate: '2026-12-15' });
		const b = edit('2-c', '2026-10-02T11:00:00Z', 'ben', { reviewDate: '2026-12-15' });
		expect(mergeRevisions(base, [a, b]).conflicts).toEqual([]);
	});

	it('keeps a field one side added and treats a removed field as a change', () => {
		const a = edit('2-b', '2026-10-02T10:00:00Z', 'amy', { iepLink: 'https://example.org/iep' });
		const b: Doc = { ...edit('2-c', '2026-10-02T11:00:00Z', 'ben', {}) };
		delete b.assessmentArrangements;
		const { merged, conflicts } = mergeRevisions(base, [a, b]);
		expect(conflicts).toEqual([]);
		expect(merged.iepLink).toBe('https://example.org/iep');
		expect('assessmentArrangements' in merged).toBe(false);
	});

	it('asks a person about every differing field when the common ancestor is gone', () => {
		const a = edit('2-b', '2026-10-02T10:00:00Z', 'amy', { reviewDate: '2026-12-15' });
		const b = edit('2-c', '2026-10-02T11:00:00Z', 'ben', { assessmentArrangements: 'Weekly' });
		expect(mergeRevisions(null, [a, b]).conflicts.map((c) => c.field)).toEqual([
			'assessmentArrangements',
			'reviewDate'
		]);
	});

	it('merges the same way whichever order the revisions arrive in', () => {
		const a = edit('2-b', '2026-10-02T10:00:00Z', 'amy', { reviewDate: '2026-12-15' });
		const b = edit('2-c', '2026-10-02T11:00:00Z', 'ben', { startDate: '2026-09-08' });
		expect(JSON.stringify(mergeRevisions(base, [a, b]).merged)).toBe(
			JSON.stringify(mergeRevisions(base, [b, a]).merged)
		);
	});
});

describe('values that are the same but written differently', () => {
	it('makes no decision for the same nested object with its keys in another order', () => {
		const cycle = { mode: 'weeks', weeks: 3, lessons: 12 };
		const a = edit('2-b', '2026-10-02T10:00:00Z', 'amy', { feedbackCycle: cycle });
		const b = edit('2-c', '2026-10-02T11:00:00Z', 'ben', { feedbackCycle: { lessons: 12, weeks: 3, mode: 'weeks' } });
		expect(mergeRevisions(null, [a, b]).conflicts).toEqual([]);
		expect(mergeRevisions({ ...base, feedbackCycle: { ...cycle, weeks: 2 } }, [a, b]).conflicts).toEqual([]);
	});

	it('never copies CouchDB bookkeeping into the merged record', () => {
		const a = edit('2-b', '2026-10-02T10:00:00Z', 'amy', { _deleted_conflicts: ['2-x'], _local_seq: 4 });
		const b = edit('2-c', '2026-10-02T11:00:00Z', 'ben', { reviewDate: '2027-01-10' });
		const { merged } = mergeRevisions(base, [a, b]);
		expect(Object.keys(merged).filter((k) => k.startsWith('_'))).toEqual(['_id']);
	});
});

describe('which side is newest, when tablets’ clocks and time zones differ', () => {
	it('compares saved-at times as instants, not as text', () => {
		// 10:30 in British Summer Time is 09:30 UTC: earlier than ben's 10:00 UTC.
		const a = edit('2-b', '2026-10-02T10:30:00+01:00', 'amy', { reviewDate: '2026-12-15' });
		const b = edit('2-c', '2026-10-02T10:00:00Z', 'ben', { reviewDate: '2027-01-10' });
		const result = mergeRevisions(base, [a, b]);
		expect(result.conflicts[0]?.options.map((o) => o.updatedBy)).toEqual(['ben', 'amy']);
		expect(result.merged.reviewDate).toBe('2027-01-10');
		expect(result.merged.updatedBy).toBe('ben');
	});

	it('orders by the longer history when the times are equal', () => {
		const a = edit('3-b', '2026-10-02T10:00:00Z', 'amy', { reviewDate: '2026-12-15' });
		const b = edit('2-z', '2026-10-02T10:00:00Z', 'ben', { reviewDate: '2027-01-10' });
		expect(mergeRevisions(base, [b, a]).merged.reviewDate).toBe('2026-12-15');
	});
});

describe('lists merged item by item', () => {
	const objective = (id: string, description: string) => ({
		id,
		area: 'literacy',
		description,
		successCriteria: 'Under 5 errors',
		targetDate: '2026-12-01'
	});
	const planBase: Doc = { ...base, objectives: [objective('o1', 'Read aloud')] };
	const planEdit = (rev: string, at: string, by: string, objectives: unknown[]): Doc => ({
		...planBase,
		objectives,
		_rev: rev,
		updatedAt: at,
		updatedBy: by
	});

	it('keeps an objective each tablet added', () => {
		const a = planEdit('2-b', '2026-10-02T10:00:00Z', 'amy', [objective('o1', 'Read aloud'), objective('o2', 'Spell')]);
		const b = planEdit('2-c', '2026-10-02T11:00:00Z', 'ben', [objective('o1', 'Read aloud'), objective('o3', 'Add')]);
		const { merged, conflicts } = mergeRevisions(planBase, [a, b]);
		expect(conflicts).toEqual([]);
		expect((merged.objectives as { id: string }[]).map((o) => o.id)).toEqual(['o1', 'o3', 'o2']);
	});

	it('keeps one tablet’s change to an objective beside the other’s addition, and a removal', () => {
		const twoBase: Doc = { ...planBase, objectives: [objective('o1', 'Read aloud'), objective('o2', 'Spell')] };
		const a = planEdit('2-b', '2026-10-02T10:00:00Z', 'amy', [objective('o1', 'Read aloud fluently')]);
		const b = planEdit('2-c', '2026-10-02T11:00:00Z', 'ben', [
			objective('o1', 'Read aloud'),
			objective('o2', 'Spell'),
			objective('o3', 'Add')
		]);
		const { merged, conflicts } = mergeRevisions(twoBase, [a, b]);
		expect(conflicts).toEqual([]);
		expect(merged.objectives).toEqual([objective('o1', 'Read aloud fluently'), objective('o3', 'Add')]);
	});

	it('asks only about the one objective both changed, and applies the choice to that item', () => {
		const a = planEdit('2-b', '2026-10-02T10:00:00Z', 'amy', [
			objective('o1', 'Read aloud fluently'),
			objective('o2', 'Spell')
		]);
		const b = planEdit('2-c', '2026-10-02T11:00:00Z', 'ben', [objective('o1', 'Read to the class')]);
		const result = mergeRevisions(planBase, [a, b]);
		expect(result.conflicts.map(conflictKey)).toEqual(['objectives[o1]']);
		expect(result.conflicts[0]?.options.map((o) => (o.value as { description: string }).description)).toEqual([
			'Read to the class',
			'Read aloud fluently'
		]);
		const chosen = applyChoices(result, { 'objectives[o1]': 1 });
		expect(chosen.objectives).toEqual([objective('o1', 'Read aloud fluently'), objective('o2', 'Spell')]);
	});

	it('merges review ratings by objective', () => {
		const rating = (objectiveId: string, r: string) => ({ objectiveId, rating: r });
		const reviewBase: Doc = { ...base, ratings: [rating('o1', 'not-started'), rating('o2', 'not-started')] };
		const a: Doc = { ...reviewBase, _rev: '2-b', ratings: [rating('o1', 'achieved'), rating('o2', 'not-started')] };
		const b: Doc = {
			...reviewBase,
			_rev: '2-c',
			ratings: [rating('o1', 'not-started'), rating('o2', 'working-towards')]
		};
		expect(mergeRevisions(reviewBase, [a, b]).merged.ratings).toEqual([
			rating('o1', 'achieved'),
			rating('o2', 'working-towards')
		]);
	});

	it('merges moderation samples by pupil and piece of work', () => {
		const sample = (workTitle: string, agreed: boolean) => ({ pupilId: 'pupil:1', workTitle, agreed });
		const modBase: Doc = { ...base, samples: [sample('Essay', false)] };
		const a: Doc = { ...modBase, _rev: '2-b', samples: [sample('Essay', true)] };
		const b: Doc = { ...modBase, _rev: '2-c', samples: [sample('Essay', false), sample('Poster', true)] };
		expect(mergeRevisions(modBase, [a, b]).merged.samples).toEqual([sample('Essay', true), sample('Poster', true)]);
	});

	it('takes a register taken in parts on two tablets as both parts, within the group', () => {
		const lessonBase: Doc = { ...base, pupilIds: ['p1', 'p2', 'p3'], present: [] };
		const a: Doc = { ...lessonBase, _rev: '2-b', present: ['p1'] };
		const b: Doc = { ...lessonBase, _rev: '2-c', present: ['p2'], pupilIds: ['p1', 'p2', 'p3', 'p4'] };
		const { merged, conflicts } = mergeRevisions(lessonBase, [a, b]);
		expect(conflicts).toEqual([]);
		expect([...(merged.present as string[])].sort()).toEqual(['p1', 'p2']);
		expect(merged.pupilIds).toEqual(['p1', 'p2', 'p3', 'p4']);
	});

	it('drops from the register a pupil one tablet took out of the group', () => {
		const lessonBase: Doc = { ...base, pupilIds: ['p1', 'p2'], present: ['p1'] };
		const a: Doc = { ...lessonBase, _rev: '2-b', pupilIds: ['p2'], present: [] };
		const b: Doc = { ...lessonBase, _rev: '2-c', present: ['p1', 'p2'] };
		const { merged } = mergeRevisions(lessonBase, [a, b]);
		expect(merged.pupilIds).toEqual(['p2']);
		expect(merged.present).toEqual(['p2']);
	});
});

describe('commonAncestorRev', () => {
	it('finds the newest revision both branches share', () => {
		const a: Doc = { _id: 'x', _rev: '3-c', _revisions: { start: 3, ids: ['c', 'b', 'a'] } };
		const b: Doc = { _id: 'x', _rev: '3-e', _revisions: { start: 3, ids: ['e', 'b', 'a'] } };
		expect(commonAncestorRev([a, b])).toBe('2-b');
	});
	it('gives none for two unrelated roots', () => {
		const a: Doc = { _id: 'x', _rev: '1-a', _revisions: { start: 1, ids: ['a'] } };
		const b: Doc = { _id: 'x', _rev: '1-b', _revisions: { start: 1, ids: ['b'] } };
		expect(commonAncestorRev([a, b])).toBeNull();
	});
});
