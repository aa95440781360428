import type { GState, jsPDF } from 'jspdf';
import type { autoTable as AutoTable, CellHookData, RowInput, UserOptions } from 'jspdf-autotable';
import { pdfText } from './pdf-text';

/**
 * The one writer every Waymark PDF uses: A4 portrait, the provision's name in a band at the top,
 * text in the embedded Noto Sans (so names and comments print as typed; `pdfText` cleans the
 * rest), tables by jspdf-autotable, "Page n of m" and a confidentiality line at the foot, and a
 * DRAFT watermark on drafts. jsPDF, its table plugin and the font are loaded here with import()
 * only, so they are fetched (or read from the offline cache) the first time someone makes a PDF
 * and never weigh on the app's first load.
 */

export interface PdfKit {
	jsPDF: typeof jsPDF;
	GState: typeof GState;
	autoTable: typeof AutoTable;
	font: { regular: string; bold: string };
}

let kit: Promise<PdfKit> | null = null;

export function loadPdfKit(): Promise<PdfKit> {
	kit ??= Promise.all([import('jspdf'), import('jspdf-autotable'), import('virtual:pdf-font')])
		.then(([pdf, table, font]) => ({
			jsPDF: pdf.jsPDF,
			GState: pdf.GState,
			autoTable: table.autoTable,
			font: { regular: font.regular, bold: font.bold }
		}))
		.catch((err) => {
			kit = null; // let the next tap try again
			throw err;
		});
	return kit;
}

/** The embedded font's family name in jsPDF. */
export const FONT = 'NotoSans';

export const PAGE = { width: 210, height: 297, margin: 16 } as const;
export const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
const TOP_AFTER_BAND = 40;
const BOTTOM = PAGE.height - 20;

type Rgb = [number, number, number];

/** Waymark's ink: the brand teal, a soft tint for headings, near-black text. */
export const INK = {
	brand: [29, 78, 95] as Rgb,
	tint: [232, 240, 242] as Rgb,
	text: [28, 32, 36] as Rgb,
	muted: [92, 100, 108] as Rgb,
	rule: [200, 208, 212] as Rgb,
	watermark: [200, 60, 50] as Rgb
};

export interface Frame {
	provisionName: string;
	/** "Feedback form", "Half-term progress report". */
	title: string;
	/** Shown under the title in the band, e.g. the pupil's name. */
	subtitle: string;
}

/** A finished PDF, named for the person who downloads it. */
export interface PdfFile {
	blob: Blob;
	filename: string;
	pages: number;
}

/** A document described as blocks (evidence pack, subject access copy). */
export type PdfBlock =
	| { kind: 'heading'; text: string }
	| { kind: 'paragraph'; text: string }
	/** `rowColours`: text colour per row (marking notes print in their pen's colour). */
	| { kind: 'table'; head: string[]; rows: string[][]; rowColours?: (Rgb | null)[] }
	/** A picture (a marked page): JPEG base64, its pixel size, and a caption under it. */
	| { kind: 'image'; jpeg: string; width: number; height: number; caption: string };

type TableOptions = Omit<UserOptions, 'startY' | 'margin'> & { body: RowInput[]; rowColours?: (Rgb | null)[] };

function cleanRows(rows: RowInput[] | undefined): RowInput[] | undefined {
	return rows?.map((row) =>
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
}

/** A document being written: the pdf, the next free y, and the page the current part began on. */
export class PdfWriter {
	y = TOP_AFTER_BAND;
	/** Each document in the file, for "Page 1 of 2" and the DRAFT watermark. */
	readonly parts: { first: number; last: number; footer: string; draft: boolean }[] = [];
	#frame: Frame | null = null;

	constructor(
		readonly doc: jsPDF,
		readonly kit: PdfKit
	) {
		// The font lives in each document's own virtual file system.
		doc.addFileToVFS('NotoSans-Regular.ttf', kit.font.regular);
		doc.addFont('NotoSans-Regular.ttf', FONT, 'normal');
		doc.addFileToVFS('NotoSans-Bold.ttf', kit.font.bold);
		doc.addFont('NotoSans-Bold.ttf', FONT, 'bold');
		doc.setFont(FONT, 'normal');
	}

	static async create(): Promise<PdfWriter> {
		const kit = await loadPdfKit();
		const doc = new kit.jsPDF({ unit: 'mm', format: 'a4', orientation: 'portrait', compress: true });
		return new PdfWriter(doc, kit);
	}

	/** Start one document in the file (on a fresh page unless the file is empty). */
	begin(frame: Frame, footer: string, options: { draft?: boolean } = {}): void {
		if (this.parts.length > 0) this.doc.addPage();
		this.#frame = frame;
		const page = this.doc.getNumberOfPages();
		this.parts.push({ first: page, last: page, footer, draft: options.draft ?? false });
		this.#band();
	}

	/** Finish the current document: remember its last page for numbering. */
	end(): void {
		const part = this.parts.at(-1);
		if (part) part.last = this.doc.getNumberOfPages();
	}

	/** Set the font; every drawing step sets its own, since a page break redraws the band. */
	font(style: 'normal' | 'bold', size: number, colour: Rgb | number = INK.text): void {
		this.doc.setFont(FONT, style);
		this.doc.setFontSize(size);
		if (typeof colour === 'number') this.doc.setTextColor(colour);
		else this.doc.setTextColor(...colour);
	}

	/** Lines of `text` as they fit `width` mm in the current font. */
	lines(text: string, width: number): string[] {
		return this.doc.splitTextToSize(pdfText(text), width) as string[];
	}

	#band(): void {
		const { doc } = this;
		const frame = this.#frame!;
		doc.setFillColor(...INK.brand);
		doc.rect(0, 0, PAGE.width, 28, 'F');
		// The title keeps its room on the right; a long provision name or subtitle shortens.
		this.font('bold', 13, 255);
		const title = pdfText(frame.title);
		const titleWidth = doc.getTextWidth(title);
		doc.text(title, PAGE.width - PAGE.margin, 12, { align: 'right' });
		const left = CONTENT_WIDTH - titleWidth - 6;
		this.font('bold', 15, 255);
		doc.text(this.#fit(frame.provisionName, left), PAGE.margin, 12);
		this.font('normal', 10.5, 255);
		doc.text(this.#fit(frame.subtitle, CONTENT_WIDTH), PAGE.margin, 20);
		this.font('normal', 10.5);
		this.y = TOP_AFTER_BAND;
	}

	/** One line no wider than `width`, cut with "…" if it must be. */
	#fit(text: string, width: number): string {
		const clean = pdfText(text).replace(/\s+/g, ' ');
		if (this.doc.getTextWidth(clean) <= width) return clean;
		let cut = clean;
		while (cut.length > 1 && this.doc.getTextWidth(`${cut}…`) > width) cut = cut.slice(0, -1);
		return `${cut.trimEnd()}…`;
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
		this.font('bold', 12, INK.brand);
		const lines = this.lines(text, CONTENT_WIDTH);
		for (const [i, line] of lines.entries()) {
			if (i > 0) this.y += 5.4;
			doc.text(line, PAGE.margin, this.y);
		}
		doc.setDrawColor(...INK.brand);
		doc.setLineWidth(0.4);
		doc.line(PAGE.margin, this.y + 1.8, PAGE.width - PAGE.margin, this.y + 1.8);
		this.font('normal', 10.5);
		this.y += 7;
	}

	/** Text wrapped to the page, running onto as many pages as it needs. */
	paragraph(text: string, size = 10.5): void {
		this.font('normal', size);
		const lines = this.lines(text, CONTENT_WIDTH);
		const lineHeight = size * 0.45;
		for (const line of lines) {
			this.ensure(lineHeight);
			this.font('normal', size); // a new page's band set its own font
			this.doc.text(line, PAGE.margin, this.y);
			this.y += lineHeight;
		}
		this.y += 3;
	}

	/** An autotable below y, sharing the frame's margins, band and font. */
	table(options: TableOptions): void {
		const { rowColours, ...rest } = options;
		this.kit.autoTable(this.doc, {
			theme: 'grid',
			...rest,
			head: cleanRows(rest.head),
			body: cleanRows(rest.body)!,
			startY: this.y,
			margin: { top: TOP_AFTER_BAND, bottom: PAGE.height - BOTTOM, left: PAGE.margin, right: PAGE.margin },
			styles: {
				font: FONT,
				fontSize: 10,
				cellPadding: 2.2,
				textColor: INK.text,
				lineColor: INK.rule,
				lineWidth: 0.2,
				valign: 'top',
				overflow: 'linebreak',
				...rest.styles
			},
			headStyles: { fillColor: INK.brand, textColor: 255, fontStyle: 'bold', ...rest.headStyles },
			didParseCell: (data: CellHookData) => {
				const colour = data.section === 'body' ? rowColours?.[data.row.index] : null;
				if (colour) data.cell.styles.textColor = colour;
				rest.didParseCell?.(data);
			},
			// A table that runs onto a new page gets the band there too.
			willDrawPage: (data) => {
				if (data.pageNumber > 1) this.#band();
			}
		});
		const last = (this.doc as unknown as { lastAutoTable?: { finalY?: number } }).lastAutoTable;
		this.y = (last?.finalY ?? this.y) + 7;
	}

	/** A picture as wide as the text but never taller than half a page, with its caption under it. */
	image(block: { jpeg: string; width: number; height: number; caption: string }): void {
		const maxH = (BOTTOM - TOP_AFTER_BAND) / 2;
		const scale = Math.min(CONTENT_WIDTH / block.width, maxH / block.height);
		const [w, h] = [block.width * scale, block.height * scale];
		this.ensure(h + 8);
		this.doc.addImage(`data:image/jpeg;base64,${block.jpeg}`, 'JPEG', PAGE.margin, this.y, w, h, undefined, 'MEDIUM');
		this.y += h + 2;
		this.paragraph(block.caption, 9);
	}

	/** Draw a document described as blocks. */
	blocks(blocks: readonly PdfBlock[]): void {
		for (const block of blocks) {
			if (block.kind === 'heading') this.heading(block.text);
			else if (block.kind === 'paragraph') this.paragraph(block.text, 10);
			else if (block.kind === 'image') this.image(block);
			else
				this.table({
					head: [block.head],
					body: block.rows,
					rowColours: block.rowColours,
					styles: { fontSize: 9, cellPadding: 1.8 }
				});
		}
	}

	/** Footer on every page: "Confidential" with the document, and "Page n of m" within it. */
	#footers(): void {
		const { doc } = this;
		for (const part of this.parts) {
			const count = part.last - part.first + 1;
			for (let page = part.first; page <= part.last; page++) {
				doc.setPage(page);
				if (part.draft) this.#watermark();
				doc.setDrawColor(...INK.rule);
				doc.setLineWidth(0.2);
				doc.line(PAGE.margin, PAGE.height - 14, PAGE.width - PAGE.margin, PAGE.height - 14);
				this.font('normal', 8.5, INK.muted);
				const pageText = `Page ${page - part.first + 1} of ${count}`;
				const footer = this.#fit(
					`Confidential: pupil information. ${part.footer}`,
					CONTENT_WIDTH - doc.getTextWidth(pageText) - 6
				);
				doc.text(footer, PAGE.margin, PAGE.height - 9);
				doc.text(pageText, PAGE.width - PAGE.margin, PAGE.height - 9, { align: 'right' });
			}
		}
	}

	/** A large, pale, diagonal DRAFT across the page: a draft is never mistaken for the sent copy. */
	#watermark(): void {
		const { doc } = this;
		doc.saveGraphicsState();
		doc.setGState(new this.kit.GState({ opacity: 0.14 }));
		this.font('bold', 110, INK.watermark);
		// Rotated 45° about its start: start so that the word's middle is the page's middle.
		const half = doc.getTextWidth('DRAFT') / 2 / Math.SQRT2;
		doc.text('DRAFT', PAGE.width / 2 - half, PAGE.height / 2 + half, { angle: 45 });
		doc.restoreGraphicsState();
	}

	#close(meta: { title: string; author: string }): void {
		this.#footers();
		this.doc.setProperties({ title: pdfText(meta.title), author: pdfText(meta.author), creator: 'Waymark' });
	}

	finish(meta: { title: string; author: string }): Blob {
		this.#close(meta);
		return this.doc.output('blob');
	}
}
