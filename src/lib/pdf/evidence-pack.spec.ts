import { describe, expect, it, vi } from 'vitest';
import { makeDoc } from '$tests/test-factories';
import { recordsFor } from '$tests/pupil-timeline-fixture';
import { readPdf, runsOffThePage } from '$tests/pdf-read';
import {
	blocksPdf,
	evidencePackBlocks,
	evidencePackPdf,
	subjectAccessBlocks,
	subjectAccessData
} from './evidence-pack';

// Each file builds real PDFs with the embedded font (jsPDF parses it per document): slow on a busy machine.
vi.setConfig({ testTimeout: 30_000 });

const meta = {
	provisionName: 'Riverside Learning Centre',
	ks3Scale: ['Emerging', 'Developing', 'Secure', 'Mastered'],
	printedAt: '2026-11-23T10:00:00Z',
	printedBy: 'teacher1'
};

async function textOf(blob: Blob): Promise<{ pages: number; text: string }> {
	const pages = await readPdf(blob);
	return { pages: pages.length, text: pages.map((p) => p.text).join('\n') };
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

		const { pages, text } = await textOf(await evidencePackPdf(recordsFor(), meta));
		expect(text).toContain('Riverside Learning Centre');
		expect(text).toContain('Attainment against target');
		expect(text).toContain('Below target');
		expect(text).toContain('I added the steps.');
		expect(text).toContain('Everything recorded, in date order');
		expect(text).toContain(`Page 1 of ${pages}`);
	});

	it('prints the EHCP annual review date and whether it is due', () => {
		const r = recordsFor();
		r.pupil = { ...r.pupil, senStatus: 'ehcp', status: 'active', ehcpReviewDate: '2026-12-01' };
		const facts = evidencePackBlocks(r, meta)[0] as { rows: string[][] };
		expect(facts.rows).toContainEqual(['EHCP annual review', 'EHCP annual review due in 8 days (1 Dec 2026)']);
	});

	it('the subject access copy prints every record and names withdrawn ones', async () => {
		const r = recordsFor();
		r.behaviour.push(makeDoc('behaviour', { pupilId: r.pupil._id, description: 'Withdrawn entry', archived: true }));
		const data = subjectAccessData(r, meta);
		const blocks = subjectAccessBlocks(data);
		expect(blocks.filter((b) => b.kind === 'heading').map((b) => (b as { text: string }).text)).toContain(
			'behaviour (3)'
		);
		const { text } = await textOf(
			await blocksPdf(
				{ provisionName: meta.provisionName, title: 'Subject access copy', subtitle: 'Sam Patel' },
				'',
				blocks
			)
		);
		expect(text).toContain('Withdrawn entry');
		expect(text).toContain('archived');
	});

	it('the subject access copy lists who exported, printed or changed the pupil’s records, newest first', async () => {
		const r = recordsFor();
		const lines = [
			makeDoc('auditRecord', {
				pupilIds: [r.pupil._id],
				kind: 'evidence-pack',
				createdBy: 'teacher1',
				createdAt: '2026-10-01T09:00:00.000Z',
				summary: 'Evidence pack for Sam Patel'
			}),
			makeDoc('auditRecord', {
				pupilIds: [r.pupil._id],
				kind: 'sent-document-changed',
				createdBy: 'teacher2',
				createdAt: '2026-10-03T14:00:00.000Z',
				summary: 'feedback form sent 2026-10-02 to Mrs Shah: version 2 made'
			})
		];
		const data = subjectAccessData(r, meta, lines);
		expect(data.audit.map((a) => [a.at, a.by, a.what])).toEqual([
			['2026-10-03T14:00:00.000Z', 'teacher2', 'changed a sent document'],
			['2026-10-01T09:00:00.000Z', 'teacher1', 'exported the evidence pack']
		]);
		const { text } = await textOf(
			await blocksPdf(
				{ provisionName: meta.provisionName, title: 'Subject access copy', subtitle: 'Sam Patel' },
				'',
				subjectAccessBlocks(data)
			)
		);
		expect(text).toContain('Who exported, printed or changed these records (2)');
		expect(text).toContain('exported the evidence pack: Evidence pack for Sam Patel');
		expect(subjectAccessBlocks(subjectAccessData(r, meta)).at(-1)).toEqual({
			kind: 'paragraph',
			text: 'No exports or changes recorded.'
		});
	});

	it('prints dashes, accents and long notes as typed, inside the page (the same writer as the host-school documents)', async () => {
		const r = recordsFor();
		r.pupil = { ...r.pupil, givenName: 'Zoë', familyName: 'Wiśniewska' };
		r.behaviour.push(
			makeDoc('behaviour', {
				pupilId: r.pupil._id,
				date: '2026-10-06',
				description: `Refused the task — then came back to it 🙂. ${'Talked it through calmly with staff. '.repeat(60)}`
			})
		);
		const pages = await readPdf(await evidencePackPdf(r, meta));
		const text = pages.map((p) => p.text).join('\n');
		expect(text).toContain('Zoë Wiśniewska');
		expect(text).toContain('Refused the task — then came back to it [smile].');
		expect(runsOffThePage(pages)).toEqual([]);
	});
});

describe('photographed work in the evidence pack', () => {
	it('prints each sampled page as marked, with a caption naming the work and the pens', async () => {
		const r = recordsFor();
		const photo = makeDoc('workPhoto', { pupilId: r.pupil._id, workTitle: 'Column addition', page: 1 });
		const records = recordsFor({ workPhoto: [photo] });
		// A 1×1 white JPEG stands in for the flattened page the screen makes.
		const jpeg =
			'/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q==';
		const images = new Map([[photo._id, { jpeg, width: 1000, height: 700 }]]);
		const blocks = evidencePackBlocks(records, meta, 3, images);
		expect(blocks).toContainEqual(
			expect.objectContaining({
				kind: 'image',
				caption: 'Column addition, page 1, as marked (red pen: staff; purple pen: pupil)'
			})
		);
		expect(blocks).toContainEqual({ kind: 'paragraph', text: 'Column addition (0 notes, 1 photographed page)' });
		const pdf = await evidencePackPdf(records, meta, images);
		const { text } = await textOf(pdf);
		expect(text).toContain('Column addition, page 1, as marked');
		expect(new TextDecoder('latin1').decode(await pdf.arrayBuffer())).toContain('/Subtype /Image');
	});

	it('says what a picture and its ink are in the printed subject access copy, and keeps them whole in the data', () => {
		const r = recordsFor();
		const photo = makeDoc('workPhoto', { pupilId: r.pupil._id });
		const ink = makeDoc('inkLayer', { pupilId: r.pupil._id, photoId: photo._id });
		const data = subjectAccessData(recordsFor({ workPhoto: [photo], inkLayer: [ink] }), meta);
		expect(data.records.workPhoto).toEqual([photo]);
		const rows = subjectAccessBlocks(data).flatMap((b) => (b.kind === 'table' ? b.rows : []));
		expect(rows).toContainEqual(['image', 'picture, 0 KB (in full in the JSON copy)']);
		expect(rows).toContainEqual(['strokes', '1 pen stroke (in full in the JSON copy)']);
	});
});
