import type { jsPDF } from 'jspdf';
import type { autoTable as AutoTable, RowInput, UserOptions } from 'jspdf-autotable';
import { pdfText } from './pdf-text';

/**
 * The page frame every Waymark document shares: A4 portrait, the provision's name in a band at
 * the top, tables by jspdf-autotable, page numbers and a confidentiality line at the foot.
 * jsPDF is loaded here with import() only, so it is fetched (or read from the offline cache)
 * the first time someone makes a PDF and never weighs on the app's first load.
 */

export interface PdfKit {
	jsPDF: typeof jsPDF;
	autoTable: typeof AutoTable;
}

let kit: Promise<PdfKit> | null = null;

export function loadPdfKit(): Promise<PdfKit> {
	kit ??= Promise.all([import('jspdf'), import('jspdf-autotable')])
		.then(([pdf, table]) => ({ jsPDF: pdf.jsPDF, autoTable: table.autoTable }))
		.catch((err) => {
			kit = null; // let the next tap try again
			throw err;
		});
	return kit;
}

export const PAGE = { width: 210, height: 297, margin: 16 } as const;
export const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
const TOP_AFTER_BAND = 40;
const BOTTOM = PAGE.height - 20;

/** Waymark's ink: the brand teal, a soft tint for headings, near-black text. */
export const INK = {
	brand: [29, 78, 95] as [number, number, number],
	tint: [232, 240, 242] as [number, number, number],
	text: [28, 32, 36] as [number, number, number],
	muted: [92, 100, 108] as [number, number, number],
	rule: [200, 208, 212] as [number, number, number]
};

export interface Frame {
	provisionName: string;
	/** "Feedback form", "Half-term progress report". */
	title: string;
	/** Shown under the title in the band, e.g. the pupil's name. */
	subtitle: string;
}

/** A document being written: the pdf, the next free y, and the page the current pupil began on. */
export class PdfWriter {
	y = TOP_AFTER_BAND;
	/** [firstPage, lastPage, footer] of each document in the file, for "Page 1 of 2". */
	readonly parts: { first: number; last: number; footer: string }[] = [];
	#frame: Frame | null = null;

	constructor(
		readonly doc: jsPDF,
		readonly kit: PdfKit
	) {}

	static async create(): Promise<PdfWriter> {
		const kit = await loadPdfKit();
		const doc = new kit.jsPDF({ unit: 'mm', format: 'a4', orientation: 'portrait', compress: true });
		return new PdfWriter(doc, kit);
	}

	/** Start one pupil's document (on a fresh page unless the file is empty). */
	begin(frame: Frame, footer: string): void {
		if (this.parts.length > 0) this.doc.addPage();
		this.#frame = frame;
		const page = this.doc.getNumberOfPages();
		this.parts.push({ first: page, last: page, footer });
		this.#band();
	}

	/** Finish the current document: remember its last page for numbering. */
	end(): void {
		const part = this.parts.at(-1);
		if (part) part.last = this.doc.getNumberOfPages();
	}

	#band(): void {
		const { doc } = this;
		const frame = this.#frame!;
		doc.setFillColor(...INK.brand);
		doc.rect(0, 0, PAGE.width, 28, 'F');
		doc.setTextColor(255, 255, 255);
		doc.setFont('helvetica', 'bold');
		doc.setFontSize(15);
		doc.text(pdfText(frame.provisionName), PAGE.margin, 12);
		doc.setFont('helvetica', 'normal');
		doc.setFontSize(10.5);
		doc.text(pdfText(frame.subtitle), PAGE.margin, 20);
		doc.setFont('helvetica', 'bold');
		doc.setFontSize(13);
		doc.text(pdfText(frame.title), PAGE.width - PAGE.margin, 12, { align: 'right' });
		doc.setTextColor(...INK.text);
		this.y = TOP_AFTER_BAND;
	}

	#newPage(): void {
		this.doc.addPage();
		this.#band();
	}

	/** Room for `height` mm below y, or a new page. */
	ensure(height: number): void {
		if (this.y + height > BOTTOM) this.#newPage();
	}

	heading(text: string): void {
		this.ensure(14);
		const { doc } = this;
		doc.setFont('helvetica', 'bold');
		doc.setFontSize(12);
		doc.setTextColor(...INK.brand);
		doc.text(pdfText(text), PAGE.margin, this.y);
		doc.setDrawColor(...INK.brand);
		doc.setLineWidth(0.4);
		doc.line(PAGE.margin, this.y + 1.8, PAGE.width - PAGE.margin, this.y + 1.8);
		doc.setTextColor(...INK.text);
		this.y += 7;
	}

	paragraph(text: string, size = 10.5): void {
		const { doc } = this;
		doc.setFont('helvetica', 'normal');
		doc.setFontSize(size);
		const lines = doc.splitTextToSize(pdfText(text), CONTENT_WIDTH) as string[];
		const lineHeight = size * 0.45;
		for (const line of lines) {
			this.ensure(lineHeight);
			doc.text(line, PAGE.margin, this.y);
			this.y += lineHeight;
		}
		this.y += 3;
	}

	/** An autotable below y, sharing the frame's margins, band and fonts. */
	table(options: Omit<UserOptions, 'startY' | 'margin'> & { body: RowInput[] }): void {
		const clean = (rows: RowInput[] | undefined) =>
			rows?.map((row) =>
				Array.isArray(row)
					? row.map((cell) =>
							typeof cell === 'string'
								? pdfText(cell)
								: cell && typeof cell === 'object' && 'content' in cell && typeof cell.content === 'string'
									? { ...cell, content: pdfText(cell.content) }
									: cell
						)
					: row
			);
		this.kit.autoTable(this.doc, {
			theme: 'grid',
			...options,
			head: clean(options.head),
			body: clean(options.body)!,
			startY: this.y,
			margin: { top: TOP_AFTER_BAND, bottom: PAGE.height - BOTTOM, left: PAGE.margin, right: PAGE.margin },
			styles: {
				font: 'helvetica',
				fontSize: 10,
				cellPadding: 2.2,
				textColor: INK.text,
				lineColor: INK.rule,
				lineWidth: 0.2,
				valign: 'top',
				...options.styles
			},
			headStyles: { fillColor: INK.brand, textColor: 255, fontStyle: 'bold', ...options.headStyles },
			// A table that runs onto a new page gets the band there too.
			willDrawPage: (data) => {
				if (data.pageNumber > 1) this.#band();
			}
		});
		const last = (this.doc as unknown as { lastAutoTable?: { finalY?: number } }).lastAutoTable;
		this.y = (last?.finalY ?? this.y) + 7;
	}

	/** Footer on every page: "Confidential" with the document, and "Page n of m" within it. */
	#footers(): void {
		const { doc } = this;
		for (const part of this.parts) {
			const count = part.last - part.first + 1;
			for (let page = part.first; page <= part.last; page++) {
				doc.setPage(page);
				doc.setDrawColor(...INK.rule);
				doc.setLineWidth(0.2);
				doc.line(PAGE.margin, PAGE.height - 14, PAGE.width - PAGE.margin, PAGE.height - 14);
				doc.setFont('helvetica', 'normal');
				doc.setFontSize(8.5);
				doc.setTextColor(...INK.muted);
				doc.text(pdfText(`Confidential: pupil information. ${part.footer}`), PAGE.margin, PAGE.height - 9);
				doc.text(`Page ${page - part.first + 1} of ${count}`, PAGE.width - PAGE.margin, PAGE.height - 9, {
					align: 'right'
				});
			}
		}
	}

	finish(meta: { title: string; author: string }): Blob {
		this.#footers();
		this.doc.setProperties({ title: pdfText(meta.title), author: pdfText(meta.author), creator: 'Waymark' });
		return this.doc.output('blob');
	}

	/** For tests in Node: the bytes of the finished file. */
	finishBytes(meta: { title: string; author: string }): ArrayBuffer {
		this.#footers();
		this.doc.setProperties({ title: pdfText(meta.title), author: pdfText(meta.author), creator: 'Waymark' });
		return this.doc.output('arraybuffer');
	}
}
