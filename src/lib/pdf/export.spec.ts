import { describe, expect, it, vi } from 'vitest';
import type { FeedbackForm } from '$lib/domain/feedback-form';
import type { ProgressReport } from '$lib/domain/progress-report';
import type { Pupil } from '$lib/domain/pupil';
import { makeDoc } from '$tests/test-factories';
import { readPdf, runsOffThePage } from '$tests/pdf-read';
import { batchPdf, documentPdf } from './export';

// Each file builds real PDFs with the embedded font (jsPDF parses it per document): slow on a busy machine.
vi.setConfig({ testTimeout: 30_000 });

async function pdfPages(blob: Blob): Promise<string[]> {
	return (await readPdf(blob)).map((p) => p.text);
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
	sentTo: 'Mrs Shah, SENCo',
	attendance: '92% (23 of 25 sessions)',
	authorName: 'Ms A. Khan',
	authorRole: 'Maths and English teacher'
}) as FeedbackForm;
const riverside = {
	provisionName: 'Riverside Learning Centre',
	contactDetails: '12 Mill Lane, Riverside RV1 2AB\n01632 960123 · office@riverside.example'
};

describe('feedback form PDF', () => {
	it('prints the provision, pupil, host school, period, ATL with its label, progress and its basis, topics and page numbers', async () => {
		const file = await documentPdf({ kind: 'feedbackForm', doc: form, pupil }, riverside);
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

	it('says who wrote it, the pupil’s attendance for the period and how to reach the provision', async () => {
		const file = await documentPdf({ kind: 'feedbackForm', doc: form, pupil }, riverside);
		const [text] = await pdfPages(file.blob);
		for (const expected of [
			'Attendance',
			'92% (23 of 25 sessions)',
			'Written by',
			'Ms A. Khan, Maths and English teacher',
			'12 Mill Lane, Riverside RV1 2AB',
			'01632 960123 · office@riverside.example'
		]) {
			expect(text).toContain(expected);
		}
	});
});

describe('drafts', () => {
	it('a draft prints with a DRAFT watermark across every page; a sent form has none', async () => {
		const draft = await documentPdf(
			{ kind: 'feedbackForm', doc: { ...form, status: 'draft', comment: 'Long. '.repeat(1500) }, pupil },
			{ provisionName: 'Riverside' }
		);
		const pages = await readPdf(draft.blob);
		expect(pages.length).toBeGreaterThan(1);
		for (const page of pages) expect(page.runs.filter((r) => r.str === 'DRAFT' && r.rotated)).toHaveLength(1);
		const sent = await readPdf(
			(await documentPdf({ kind: 'feedbackForm', doc: form, pupil }, { provisionName: 'Riverside' })).blob
		);
		expect(sent[0]!.text).not.toContain('DRAFT');
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
			{
				provision: { provisionName: 'Riverside' },
				groupName: 'Hillside High School',
				onProgress: (done) => progress.push(done)
			}
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

describe('long fields', () => {
	const sentence = 'Jordan persevered with long division today and explained each step to a partner. ';
	const longComment = sentence.repeat(Math.ceil(9900 / sentence.length)).slice(0, 9900);

	it('a 9,900-character comment wraps inside the page, in body type, across as many pages as it needs', async () => {
		const file = await documentPdf(
			{ kind: 'feedbackForm', doc: { ...form, comment: longComment }, pupil },
			{ provisionName: 'Riverside Learning Centre' }
		);
		const pages = await readPdf(file.blob);
		expect(pages.length).toBeGreaterThanOrEqual(2);
		expect(runsOffThePage(pages)).toEqual([]);
		for (const page of pages.slice(1)) {
			const body = page.runs.filter((r) => r.str.includes('persevered'));
			expect(body.length).toBeGreaterThan(0);
			// 10.5 pt body text, not the band's 13 pt bold.
			expect(new Set(body.map((r) => Math.round(r.size * 10) / 10))).toEqual(new Set([10.5]));
		}
		expect(pages.at(-1)!.text).toContain(`Page ${pages.length} of ${pages.length}`);
	});

	it('long words, topics, a long provision name and report sections stay inside the page', async () => {
		const word = 'Supercalifragilisticexpialidocious'.repeat(6);
		const report = makeDoc('progressReport', {
			pupilId: pupil._id,
			workCovered: `${word} ${'Fractions, ratio and proportion. '.repeat(300)}`,
			academicProgress: 'Steady. '.repeat(800)
		}) as ProgressReport;
		const file = await batchPdf(
			[
				{
					kind: 'feedbackForm',
					doc: {
						...form,
						topics: [{ subject: 'maths', topic: `${word} and more` }],
						basisDetail: 'KS4 target: '.repeat(20)
					},
					pupil: { ...pupil, hostSchool: 'The Very Long Name of a Host Academy Trust Secondary School '.repeat(3) }
				},
				{ kind: 'progressReport', doc: report, pupil }
			],
			{ provision: { provisionName: 'Riverside Learning Centre and Outreach Service '.repeat(3) }, groupName: 'All' }
		);
		const pages = await readPdf(file.blob);
		expect(pages.length).toBeGreaterThan(3);
		expect(runsOffThePage(pages)).toEqual([]);
	});

	it('prints names and comments as typed, accents, dashes and all, and emoji as words', async () => {
		const file = await documentPdf(
			{
				kind: 'feedbackForm',
				doc: { ...form, comment: 'Łukasz persevered 💪 — brilliant “effort” in Дмитрий’s group.' },
				pupil: { ...pupil, givenName: 'Łukasz', familyName: 'Dąbrowski-Nguyễn' }
			},
			{ provisionName: 'Riverside Learning Centre' }
		);
		const [text] = await pdfPages(file.blob);
		expect(text).toContain('Łukasz Dąbrowski-Nguyễn');
		expect(text).toContain('Łukasz persevered [flexed biceps] — brilliant “effort” in Дмитрий’s group.');
		expect(text).not.toContain('?');
	});
});
