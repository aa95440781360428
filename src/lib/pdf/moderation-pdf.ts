/**
 * R5.2: the record of an external moderation meeting that can be shown to inspectors. A4, the
 * provision's name on every page, page numbers, the samples as a table. jsPDF and its table plugin
 * are loaded only when someone exports (dynamic import), so they never weigh on the first load.
 */
import type { Moderation } from '$lib/domain/moderation';
import { agreementOf } from '$lib/domain/moderation-rules';
import { subjectLabel } from '$lib/domain/lesson';
import { formatDay } from '$lib/domain/calendar-days';

export interface ModerationPdfInput {
	meeting: Moderation;
	provisionName: string;
	/** Pupil id → name as shown on the record ("Unknown pupil" when not on this tablet). */
	pupilName: (pupilId: string) => string;
	/** When the copy was printed (ISO); defaults to now. */
	printedAt?: string;
}

/**
 * The built-in PDF fonts cover Latin-1 only: typographic quotes and dashes become their plain
 * forms so they print, rather than as stray symbols.
 */
export function pdfText(text: string): string {
	return text
		.replace(/[\u2018\u2019\u201B\u2032]/g, "'")
		.replace(/[\u201C\u201D\u2033]/g, '"')
		.replace(/[\u2013\u2014\u2212]/g, '-')
		.replace(/\u2026/g, '...')
		.replace(/[^\n\u0020-\u007E\u00A0-\u00FF]/g, '?');
}

/** What the record says, separate from drawing it, so it can be checked without a PDF reader. */
export function moderationRecordContent(input: ModerationPdfInput) {
	const { meeting } = input;
	const agreement = agreementOf(meeting.samples);
	return {
		title: `External moderation: ${subjectLabel(meeting.subject)}`,
		facts: [
			['Date of meeting', formatDay(meeting.date)],
			['Subject', subjectLabel(meeting.subject)],
			['Moderator', meeting.moderatorName],
			['School or organisation', meeting.moderatorOrganisation],
			['Agreement', `${agreement.agreed} of ${agreement.total} samples agreed (${agreement.percent ?? 0}%)`],
			['Recorded by', `${meeting.createdBy} on ${formatDay(meeting.createdAt.slice(0, 10))}`]
		] as [string, string][],
		sampleHead: ['#', 'Pupil', 'Piece of work', 'Internal judgement', 'Moderated judgement', 'Agreed?'],
		sampleRows: meeting.samples.map((s, i) => [
			String(i + 1),
			input.pupilName(s.pupilId),
			s.workTitle,
			s.internalJudgement,
			s.moderatedJudgement,
			s.agreed ? 'Yes' : 'No'
		]),
		outcome: meeting.outcome,
		actions: meeting.actions?.trim() || 'None recorded.',
		fileName: `moderation-${meeting.subject}-${meeting.date}.pdf`
	};
}

const MARGIN = 18;

export async function moderationPdfDocument(input: ModerationPdfInput) {
	const [{ jsPDF }, { autoTable }] = await Promise.all([import('jspdf'), import('jspdf-autotable')]);
	const content = moderationRecordContent(input);
	const doc = new jsPDF({ unit: 'mm', format: 'a4' });
	const width = doc.internal.pageSize.getWidth();
	const height = doc.internal.pageSize.getHeight();
	const textWidth = width - MARGIN * 2;
	doc.setProperties({ title: pdfText(`${content.title} - ${input.provisionName}`), creator: 'Waymark' });

	let y = MARGIN + 8;
	doc.setFont('helvetica', 'bold').setFontSize(16).text(pdfText(content.title), MARGIN, y);
	y += 4;

	autoTable(doc, {
		startY: y,
		margin: { left: MARGIN, right: MARGIN, top: MARGIN + 6, bottom: MARGIN },
		theme: 'plain',
		styles: { fontSize: 10, cellPadding: 1.2 },
		columnStyles: { 0: { fontStyle: 'bold', cellWidth: 48 } },
		body: content.facts.map(([k, v]) => [pdfText(k), pdfText(v)])
	});
	y = getLastY(doc) + 6;

	doc.setFont('helvetica', 'bold').setFontSize(12).text('Samples of work looked at', MARGIN, y);
	autoTable(doc, {
		startY: y + 2,
		margin: { left: MARGIN, right: MARGIN, top: MARGIN + 6, bottom: MARGIN },
		head: [content.sampleHead],
		body: content.sampleRows.map((row) => row.map(pdfText)),
		styles: { fontSize: 9, cellPadding: 1.6, overflow: 'linebreak' },
		headStyles: { fillColor: [29, 78, 95] },
		columnStyles: { 0: { cellWidth: 8 }, 5: { cellWidth: 18 } }
	});
	y = getLastY(doc) + 8;

	for (const [heading, body] of [
		['Outcome and agreed standards', content.outcome],
		['Actions', content.actions]
	] as const) {
		const lines = doc
			.setFont('helvetica', 'normal')
			.setFontSize(10)
			.splitTextToSize(pdfText(body), textWidth) as string[];
		if (y + 8 + lines.length * 5 > height - MARGIN) {
			doc.addPage();
			y = MARGIN + 8;
		}
		doc.setFont('helvetica', 'bold').setFontSize(12).text(heading, MARGIN, y);
		y += 6;
		for (const line of lines) {
			if (y > height - MARGIN) {
				doc.addPage();
				y = MARGIN + 8;
			}
			doc.setFont('helvetica', 'normal').setFontSize(10).text(line, MARGIN, y);
			y += 5;
		}
		y += 4;
	}

	// Header and footer on every page, once the page count is known.
	const pages = doc.getNumberOfPages();
	const printed = formatDay((input.printedAt ?? new Date().toISOString()).slice(0, 10));
	for (let page = 1; page <= pages; page++) {
		doc.setPage(page);
		doc.setFont('helvetica', 'normal').setFontSize(9).setTextColor(80);
		doc.text(pdfText(input.provisionName), MARGIN, MARGIN - 6);
		doc.text('Moderation record', width - MARGIN, MARGIN - 6, { align: 'right' });
		doc.text(`Printed ${printed}`, MARGIN, height - 8);
		doc.text(`Page ${page} of ${pages}`, width - MARGIN, height - 8, { align: 'right' });
		doc.setTextColor(0);
	}
	return { doc, fileName: content.fileName };
}

function getLastY(doc: unknown): number {
	return (doc as { lastAutoTable?: { finalY: number } }).lastAutoTable?.finalY ?? MARGIN;
}

/** Make the record and hand it to the browser as a download. */
export async function downloadModerationPdf(input: ModerationPdfInput): Promise<void> {
	const { doc, fileName } = await moderationPdfDocument(input);
	doc.save(fileName);
}
