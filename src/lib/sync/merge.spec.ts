import { describe, expect, it } from 'vitest';
import { applyChoices, commonAncestorRev, mergeRevisions, type Doc } from './merge';

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
