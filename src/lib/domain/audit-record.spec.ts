import { describe, expect, it } from 'vitest';
import { makeDoc } from '$tests/test-factories';
import { auditLine, matchesAuditFilter, newestFirst } from './audit-record';

const PUPIL_A = 'pupil:01JD8Z3Q5W3M9X4K2T6B7C8D9A';
const PUPIL_B = 'pupil:01JD8Z3Q5W3M9X4K2T6B7C8D9B';

describe('the audit line a head of centre reads', () => {
	it('names the person, what they did and the pupil', () => {
		const line = makeDoc('auditRecord', { kind: 'evidence-pack', createdBy: 'teacher1' });
		expect(auditLine(line, ['Ava Smith'])).toBe('teacher1 exported the evidence pack for Ava Smith');
	});

	it('lists up to three pupils, then counts them', () => {
		const batch = makeDoc('auditRecord', { kind: 'batch-pdf', createdBy: 'head' });
		expect(auditLine(batch, ['Ava Smith', 'Ben Jones'])).toBe(
			'head printed a batch of documents for Ava Smith and Ben Jones'
		);
		expect(auditLine(batch, ['A', 'B', 'C'])).toBe('head printed a batch of documents for A, B and C');
		expect(auditLine(batch, ['A', 'B', 'C', 'D'])).toBe('head printed a batch of documents for 4 pupils');
	});

	it('says no pupil for whole-provision figures', () => {
		const csv = makeDoc('auditRecord', { kind: 'trends-csv', createdBy: 'teacher2', pupilIds: [] });
		expect(auditLine(csv, [])).toBe('teacher2 downloaded a Trends table (CSV)');
	});
});

describe('the Audit page filter and order', () => {
	const pack = makeDoc('auditRecord', { pupilIds: [PUPIL_A], kind: 'evidence-pack', createdBy: 'teacher1' });
	const batch = makeDoc('auditRecord', { pupilIds: [PUPIL_A, PUPIL_B], kind: 'batch-pdf', createdBy: 'head' });

	it('keeps a line only when every condition given holds', () => {
		expect(matchesAuditFilter(pack, {})).toBe(true);
		expect(matchesAuditFilter(batch, { pupilId: PUPIL_B })).toBe(true);
		expect(matchesAuditFilter(pack, { pupilId: PUPIL_B })).toBe(false);
		expect(matchesAuditFilter(batch, { pupilId: PUPIL_A, kind: 'evidence-pack' })).toBe(false);
		expect(matchesAuditFilter(pack, { pupilId: PUPIL_A, kind: 'evidence-pack', person: 'teacher1' })).toBe(true);
		expect(matchesAuditFilter(pack, { person: 'head' })).toBe(false);
	});

	it('puts the newest first, and lines of the same moment in a fixed order', () => {
		const older = makeDoc('auditRecord', { createdAt: '2026-10-01T09:00:00.000Z' });
		const newer = makeDoc('auditRecord', { createdAt: '2026-10-02T09:00:00.000Z' });
		const twin = { ...newer, _id: 'auditRecord:01JD8Z3Q5W3M9X4K2T6B7C8D9Z' };
		newer._id = 'auditRecord:01JD8Z3Q5W3M9X4K2T6B7C8D9A';
		expect([older, newer].sort(newestFirst)).toEqual([newer, older]);
		expect([newer, twin].sort(newestFirst)).toEqual([twin, newer]);
		expect([twin, newer].sort(newestFirst)).toEqual([twin, newer]);
	});
});
