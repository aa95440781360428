import { describe, expect, it, vi } from 'vitest';
import type { Moderation } from '$lib/domain/moderation';
import { makeDoc } from '$tests/test-factories';
import { readPdf, runsOffThePage } from '$tests/pdf-read';
import { moderationPdf, moderationRecordContent } from './moderation-pdf';

// Each file builds real PDFs with the embedded font (jsPDF parses it per document): slow on a busy machine.
vi.setConfig({ testTimeout: 30_000 });

const A = 'pupil:01JD8Z3Q5W3M9X4K2T6B7C8D9A';
const B = 'pupil:01JD8Z3Q5W3M9X4K2T6B7C8D9B';
const meeting: Moderation = makeDoc('moderation', {
	date: '2026-11-10',
	subject: 'english',
	moderatorName: 'Aisha Shah',
	moderatorOrganisation: 'Hillside High School',
	samples: [
		{
			pupilId: A,
			workTitle: 'Persuasive letter',
			internalJudgement: 'Developing',
			moderatedJudgement: 'Developing',
			agreed: true
		},
		{
			pupilId: B,
			workTitle: 'Poetry comparison',
			internalJudgement: 'Secure',
			moderatedJudgement: 'Developing',
			agreed: false
		}
	],
	outcome: 'Marking of writing is accurate; poetry judgements slightly generous.',
	actions: 'Re-moderate poetry next term.'
});
const names: Record<string, string> = { [A]: 'Sam Patel', [B]: 'Jo Reed' };
const input = {
	meeting,
	provisionName: 'Riverside Learning Centre',
	pupilName: (id: string) => names[id] ?? 'Unknown pupil',
	printedAt: '2026-11-23T10:00:00Z'
};

async function pdfTextOf(blob: Blob): Promise<{ pages: number; text: string }> {
	const pages = await readPdf(blob);
	return { pages: pages.length, text: pages.map((p) => p.text).join('\n') };
}

describe('moderation record PDF', () => {
	it('lists every sample with both judgements and whether they agreed', () => {
		const content = moderationRecordContent(input);
		expect(content.sampleRows).toEqual([
			['1', 'Sam Patel', 'Persuasive letter', 'Developing', 'Developing', 'Yes'],
			['2', 'Jo Reed', 'Poetry comparison', 'Secure', 'Developing', 'No']
		]);
		expect(content.facts).toContainEqual(['Agreement', '1 of 2 samples agreed (50%)']);
		expect(content.fileName).toBe('moderation-english-2026-11-10.pdf');
	});

	it('is an A4 PDF with the provision name, the samples and page numbers', async () => {
		const file = await moderationPdf(input);
		expect(file.filename).toBe('moderation-english-2026-11-10.pdf');
		const read = await readPdf(file.blob);
		expect(Math.round(read[0]!.width)).toBe(595); // A4: 210 mm in points
		const { pages, text } = await pdfTextOf(file.blob);
		expect(pages).toBe(1);
		for (const expected of [
			'Riverside Learning Centre',
			'Aisha Shah',
			'Hillside High School',
			'Sam Patel',
			'Poetry comparison',
			'Re-moderate poetry next term.',
			'Page 1 of 1'
		]) {
			expect(text).toContain(expected);
		}
	});

	it('runs onto more pages when there are many samples, numbering each', async () => {
		const many = {
			...meeting,
			samples: Array.from({ length: 60 }, (_, i) => ({ ...meeting.samples[0]!, workTitle: `Piece ${i + 1}` }))
		};
		const { blob } = await moderationPdf({ ...input, meeting: many });
		const { pages, text } = await pdfTextOf(blob);
		expect(pages).toBeGreaterThan(1);
		expect(text).toContain(`Page ${pages} of ${pages}`);
		expect(text).toContain('Piece 60');
	});

	it('prints typographic punctuation as typed and wraps a long outcome inside the page', async () => {
		const outcome = `Moderator’s view — “fine”… ${'Judgements of writing were accurate and well evidenced. '.repeat(80)}`;
		const { blob } = await moderationPdf({ ...input, meeting: { ...meeting, outcome } });
		const pages = await readPdf(blob);
		expect(pages.map((p) => p.text).join(' ')).toContain('Moderator’s view — “fine”…');
		expect(runsOffThePage(pages)).toEqual([]);
	});
});
