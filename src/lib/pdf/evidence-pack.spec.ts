import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { makeDoc } from '$tests/test-factories';
import { recordsFor } from '$tests/pupil-timeline-fixture';
import { evidencePackBlocks, subjectAccessBlocks, subjectAccessData } from './evidence-pack';
import { drawPdf } from './pupil-pdf';

const meta = {
	provisionName: 'Riverside Learning Centre',
	ks3Scale: ['Emerging', 'Developing', 'Secure', 'Mastered'],
	printedAt: '2026-11-23T10:00:00Z',
	printedBy: 'teacher1'
};

async function textOf(bytes: ArrayBuffer): Promise<{ pages: number; text: string }> {
	const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, verbosity: 0 }).promise;
	let text = '';
	for (let i = 1; i <= pdf.numPages; i++) {
		const content = await (await pdf.getPage(i)).getTextContent();
		text += content.items.map((item) => ('str' in item ? item.str : '')).join(' ') + '\n';
	}
	return { pages: pdf.numPages, text };
}

describe('evidence pack PDF', () => {
	it('has the timeline tables, a sample of marking in pen colours and everything in date order', async () => {
		const blocks = evidencePackBlocks(recordsFor(), meta);
		const marking = blocks.find((b) => b.kind === 'table' && b.head[1] === 'Pen');
		expect(marking).toMatchObject({
			rows: [
				[expect.any(String), 'Red pen (staff)', 'Feedback', 'Show your working.'],
				[expect.any(String), 'Purple pen (pupil)', 'Response to feedback', 'I added the steps.']
			],
			rowColours: [
				[192, 57, 43],
				[108, 52, 131]
			]
		});

		const doc = await drawPdf(
			{
				provisionName: meta.provisionName,
				title: 'Progress evidence pack',
				subtitle: 'Sam Patel',
				footer: 'Printed by teacher1.'
			},
			blocks
		);
		const { pages, text } = await textOf(doc.output('arraybuffer'));
		expect(text).toContain('Riverside Learning Centre');
		expect(text).toContain('Attainment against target');
		expect(text).toContain('Below target');
		expect(text).toContain('I added the steps.');
		expect(text).toContain('Everything recorded, in date order');
		expect(text).toContain(`Page 1 of ${pages}`);
	});

	it('the subject access copy prints every record and names withdrawn ones', async () => {
		const r = recordsFor();
		r.behaviour.push(makeDoc('behaviour', { pupilId: r.pupil._id, description: 'Withdrawn entry', archived: true }));
		const data = subjectAccessData(r, meta);
		const blocks = subjectAccessBlocks(data);
		expect(blocks.filter((b) => b.kind === 'heading').map((b) => (b as { text: string }).text)).toContain(
			'behaviour (3)'
		);
		const doc = await drawPdf(
			{ provisionName: meta.provisionName, title: 'Subject access copy', subtitle: 'Sam Patel', footer: '' },
			blocks
		);
		const { text } = await textOf(doc.output('arraybuffer'));
		expect(text).toContain('Withdrawn entry');
		expect(text).toContain('archived');
	});
});
