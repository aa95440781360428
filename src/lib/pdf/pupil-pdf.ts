/**
 * Drawing for the pupil evidence documents (evidence pack, subject access copy): a list of blocks
 * (headings, paragraphs, tables) laid out on A4 with the provision's name and the pupil on every
 * page, and page numbers. jsPDF and its table plugin are loaded with import() only when someone
 * asks for a PDF, so they never weigh on the app's first load.
 */
import type { jsPDF } from 'jspdf';

export type PdfBlock =
	| { kind: 'heading'; text: string }
	| { kind: 'paragraph'; text: string }
	/** `rowColours`: text colour per row (marking notes print in their pen's colour). */
	| { kind: 'table'; head: string[]; rows: string[][]; rowColours?: ([number, number, number] | null)[] }
	/** A picture (a marked page): JPEG base64, its pixel size, and a caption under it. */
	| { kind: 'image'; jpeg: string; width: number; height: number; caption: string };

export interface PdfFrame {
	provisionName: string;
	title: string;
	subtitle: string;
	footer: string;
}

const PAGE = { width: 210, height: 297, margin: 15 };
const TOP = 34;
const BOTTOM = PAGE.height - 18;
const BRAND: [number, number, number] = [29, 78, 95];

/** Helvetica draws Windows-1252 only: typographic marks become plain ones, the rest "?". */
export function printable(text: string): string {
	return text
		.replace(/[\u2018\u2019]/g, "'")
		.replace(/[\u201C\u201D]/g, '"')
		.replace(/[\u2013\u2014\u2212]/g, '-')
		.replace(/\u2026/g, '...')
		.normalize('NFC')
		.replace(/[^\n\u0020-\u007E\u00A0-\u00FF]/g, (ch) => ch.normalize('NFKD').replace(/[^\u0020-\u007E]/g, '') || '?');
}

export async function drawPdf(frame: PdfFrame, blocks: readonly PdfBlock[]): Promise<jsPDF> {
	const [{ jsPDF }, { autoTable }] = await Promise.all([import('jspdf'), import('jspdf-autotable')]);
	const doc = new jsPDF({ unit: 'mm', format: 'a4', compress: true });
	let y = TOP;

	const band = () => {
		doc.setFillColor(...BRAND);
		doc.rect(0, 0, PAGE.width, 24, 'F');
		doc.setTextColor(255, 255, 255);
		doc.setFont('helvetica', 'bold');
		doc.setFontSize(13);
		doc.text(printable(frame.provisionName), PAGE.margin, 10);
		doc.text(printable(frame.title), PAGE.width - PAGE.margin, 10, { align: 'right' });
		doc.setFont('helvetica', 'normal');
		doc.setFontSize(10);
		doc.text(printable(frame.subtitle), PAGE.margin, 18);
		doc.setTextColor(28, 32, 36);
		y = TOP;
	};
	const ensure = (h: number) => {
		if (y + h > BOTTOM) {
			doc.addPage();
			band();
		}
	};
	band();

	for (const block of blocks) {
		if (block.kind === 'heading') {
			ensure(16);
			doc.setFont('helvetica', 'bold');
			doc.setFontSize(12);
			doc.setTextColor(...BRAND);
			doc.text(printable(block.text), PAGE.margin, y);
			doc.setDrawColor(...BRAND);
			doc.setLineWidth(0.4);
			doc.line(PAGE.margin, y + 1.8, PAGE.width - PAGE.margin, y + 1.8);
			doc.setTextColor(28, 32, 36);
			y += 7;
		} else if (block.kind === 'image') {
			// As wide as the text, but never taller than half a page, so a caption and context fit beside it.
			const maxW = PAGE.width - 2 * PAGE.margin;
			const maxH = (BOTTOM - TOP) / 2;
			const scale = Math.min(maxW / block.width, maxH / block.height);
			const [w, h] = [block.width * scale, block.height * scale];
			ensure(h + 8);
			doc.addImage(`data:image/jpeg;base64,${block.jpeg}`, 'JPEG', PAGE.margin, y, w, h, undefined, 'MEDIUM');
			y += h + 4;
			doc.setFont('helvetica', 'normal');
			doc.setFontSize(9);
			doc.text(printable(block.caption), PAGE.margin, y);
			y += 6;
		} else if (block.kind === 'paragraph') {
			doc.setFont('helvetica', 'normal');
			doc.setFontSize(10);
			for (const line of doc.splitTextToSize(printable(block.text), PAGE.width - 2 * PAGE.margin) as string[]) {
				ensure(5);
				doc.text(line, PAGE.margin, y);
				y += 4.5;
			}
			y += 3;
		} else {
			autoTable(doc, {
				theme: 'grid',
				head: [block.head.map(printable)],
				body: block.rows.map((r) => r.map(printable)),
				startY: y,
				margin: { top: TOP, bottom: PAGE.height - BOTTOM, left: PAGE.margin, right: PAGE.margin },
				styles: {
					font: 'helvetica',
					fontSize: 9,
					cellPadding: 1.8,
					textColor: [28, 32, 36],
					lineColor: [200, 208, 212],
					lineWidth: 0.2,
					valign: 'top'
				},
				headStyles: { fillColor: BRAND, textColor: 255, fontStyle: 'bold' },
				didParseCell: (data) => {
					const colour = data.section === 'body' ? block.rowColours?.[data.row.index] : null;
					if (colour) data.cell.styles.textColor = colour;
				},
				willDrawPage: (data) => {
					if (data.pageNumber > 1) band();
				}
			});
			y = ((doc as unknown as { lastAutoTable?: { finalY?: number } }).lastAutoTable?.finalY ?? y) + 7;
		}
	}

	const pages = doc.getNumberOfPages();
	for (let page = 1; page <= pages; page++) {
		doc.setPage(page);
		doc.setFont('helvetica', 'normal');
		doc.setFontSize(8.5);
		doc.setTextColor(92, 100, 108);
		doc.text(printable(`Confidential: pupil information. ${frame.footer}`), PAGE.margin, PAGE.height - 9);
		doc.text(`Page ${page} of ${pages}`, PAGE.width - PAGE.margin, PAGE.height - 9, { align: 'right' });
	}
	doc.setProperties({
		title: printable(`${frame.title}: ${frame.subtitle}`),
		author: printable(frame.provisionName),
		creator: 'Waymark'
	});
	return doc;
}
