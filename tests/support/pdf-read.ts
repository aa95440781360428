/**
 * A PDF read back as a host school's PDF reader extracts it (pdfjs-dist): each page's text, and
 * where each run of text sits, so tests can check that nothing runs off the page.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfTextRun {
	str: string;
	/** Left edge and width in points (1/72 inch) from the page's left side. */
	x: number;
	width: number;
	/** Font size in points (the text matrix's scale). */
	size: number;
	/** Drawn at an angle (the DRAFT watermark). */
	rotated: boolean;
}

export interface PdfPage {
	text: string;
	width: number;
	runs: PdfTextRun[];
}

export async function readPdf(data: Blob | ArrayBuffer | Uint8Array): Promise<PdfPage[]> {
	const bytes =
		data instanceof Uint8Array ? data : new Uint8Array(data instanceof Blob ? await data.arrayBuffer() : data);
	const pdf = await getDocument({
		data: bytes,
		isEvalSupported: false,
		verbosity: 0,
		standardFontDataUrl: 'node_modules/pdfjs-dist/standard_fonts/'
	}).promise;
	const pages: PdfPage[] = [];
	for (let n = 1; n <= pdf.numPages; n++) {
		const page = await pdf.getPage(n);
		const content = await page.getTextContent();
		const runs: PdfTextRun[] = [];
		for (const item of content.items) {
			if (!('str' in item) || !item.str.trim()) continue;
			const [a, b] = item.transform as number[];
			runs.push({
				str: item.str,
				x: item.transform[4] as number,
				width: item.width,
				size: Math.hypot(a!, b!),
				rotated: Math.abs(b!) > 0.01
			});
		}
		pages.push({
			text: content.items.map((i) => ('str' in i ? i.str : '')).join(' '),
			width: page.getViewport({ scale: 1 }).width,
			runs
		});
	}
	return pages;
}

/** Runs of text that start left of the page or end past its right edge (less a small margin). */
export function runsOffThePage(pages: readonly PdfPage[], marginPt = 20): (PdfTextRun & { page: number })[] {
	return pages.flatMap((p, i) =>
		p.runs
			.filter((r) => !r.rotated && (r.x < marginPt || r.x + r.width > p.width - marginPt))
			.map((r) => ({ ...r, page: i + 1 }))
	);
}
