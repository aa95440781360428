import { describe, expect, it } from 'vitest';
import type { FeedbackForm } from '$lib/domain/feedback-form';
import type { ProgressReport } from '$lib/domain/progress-report';
import type { Pupil } from '$lib/domain/pupil';
import { makeDoc } from '$tests/test-factories';
import { batchPdf, documentPdf } from './export';

/** Every page's text, as a school's PDF reader would extract it. */
async function pdfPages(blob: Blob): Promise<string[]> {
	const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
	const pdf = await pdfjs.getDocument({
		data: new Uint8Array(await blob.arrayBuffer()),
		isEvalSupported: false,
		standardFontDataUrl: 'node_modules/pdfjs-dist/standard_fonts/'
	}).promise;
	const pages: string[] = [];
	for (let n = 1; n <= pdf.numPages; n++) {
		const content = await (await pdf.getPage(n)).getTextContent();
		pages.push(content.items.map((i) => ('str' in i ? i.str : '')).join(' '));
	}
	return pages;
}

const pupil = makeDoc('pupil', {
	givenName: 'Zoë',
	familyName: 'O’Neil',
	yearGroup: 10,
	hostSchool: 'Hillside High School'
}) as Pupil;
const form = makeDoc('feedbackForm', {
	pupilId: pupil._id,
	periodStart: '2026-09-07',
	periodEnd: '2026-09-27',
	lessonsAttended: 10,
	topics: [
		{ subject: 'maths', topic: 'Equivalent fractions' },
		{ subject: 'english', topic: 'Persuasive letters' },
		{ subject: 'construction', topic: 'Measuring and marking out' }
	],
	exitResults: [{ date: '2026-09-08', subject: 'maths', topic: 'Equivalent fractions', result: '7/10 (70%)' }],
	atl: 2,
	progress: 'working-towards',
	basis: 'ks4-target',
	basisDetail: 'KS4 target: Maths 5, English 4',
	status: 'sent',
	sentAt: '2026-09-28T10:00:00Z',
	sentTo: 'Mrs Shah, SENCo'
}) as FeedbackForm;

describe('feedback form PDF', () => {
	it('prints the provision, pupil, host school, period, ATL with its label, progress and its basis, topics and page numbers', async () => {
		const file = await documentPdf({ kind: 'feedbackForm', doc: form, pupil }, 'Riverside Learning Centre');
		expect(file.filename).toBe('Zoe-O-Neil_feedback-form_2026-09-07_to_2026-09-27.pdf');
		const [text] = await pdfPages(file.blob);
		for (const expected of [
			'Riverside Learning Centre',
			'Zoë O’Neil',
			'Hillside High School',
			'7 Sep 2026 – 27 Sep 2026',
			'2 — Requires Improvement',
			'Working Towards',
			'KS4 target: Maths 5, English 4',
			'Equivalent fractions',
			'Measuring and marking out',
			'7/10 (70%)',
			'Mrs Shah, SENCo',
			'Page 1 of 1'
		]) {
			expect(text).toContain(expected);
		}
	});
});

describe('batch PDF', () => {
	it('puts each pupil’s document on its own pages, numbered within it, and reports progress', async () => {
		const report = makeDoc('progressReport', {
			pupilId: pupil._id,
			workCovered: 'Fractions and ratio.\n'.repeat(120)
		}) as ProgressReport;
		const progress: number[] = [];
		const file = await batchPdf(
			[
				{ kind: 'feedbackForm', doc: form, pupil },
				{ kind: 'progressReport', doc: report, pupil }
			],
			{ provisionName: 'Riverside', groupName: 'Hillside High School', onProgress: (done) => progress.push(done) }
		);
		expect(progress).toEqual([1, 2]);
		const pages = await pdfPages(file.blob);
		expect(pages.length).toBeGreaterThanOrEqual(3);
		expect(pages[0]).toContain('Page 1 of 1');
		expect(pages[1]).toContain('Half-term progress report');
		expect(pages[1]).toMatch(/Page 1 of [2-9]/);
		expect(pages.at(-1)).toContain('Half-term progress report'); // the band repeats on continued pages
		expect(file.filename).toBe('Hillside-High-School_reports_2026-09-02_to_2026-10-23.pdf');
	});
});
