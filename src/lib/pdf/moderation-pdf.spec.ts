import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import type { Moderation } from '$lib/domain/moderation';
import { makeDoc } from '$tests/test-factories';
import { moderationPdfDocument, moderationRecordContent, pdfText } from './moderation-pdf';

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

async function pdfTextOf(bytes: ArrayBuffer): Promise<{ pages: number; text: string }> {
	const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, verbosity: 0 }).promise;
	let text = '';
	for (let i = 1; i <= pdf.numPages; i++) {
		const page = await pdf.getPage(i);
		const content = await page.getTextContent();
		text += content.items.map((item) => ('str' in item ? item.str : '')).join(' ') + '\n';
	}
	return { pages: pdf.numPages, text };
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
		const { doc } = await moderationPdfDocument(input);
		const size = doc.internal.pageSize;
		expect([Math.round(size.getWidth()), Math.round(size.getHeight())]).toEqual([210, 297]);
		const { pages, text } = await pdfTextOf(doc.output('arraybuffer'));
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
		const { doc } = await moderationPdfDocument({ ...input, meeting: many });
		const { pages, text } = await pdfTextOf(doc.output('arraybuffer'));
		expect(pages).toBeGreaterThan(1);
		expect(text).toContain(`Page ${pages} of ${pages}`);
		expect(text).toContain('Piece 60');
	});

	it('prints typographic punctuation in a form the PDF fonts have', () => {
		expect(pdfText('Moderator’s view — “fine”…')).toBe(`Moderator's view - "fine"...`);
	});
});
