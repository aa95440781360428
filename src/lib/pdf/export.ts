import type { FeedbackForm } from '$lib/domain/feedback-form';
import type { ProgressReport } from '$lib/domain/progress-report';
import { fullName, type Pupil } from '$lib/domain/pupil';
import { documentFilename } from '$lib/domain/report-format';
import { FEEDBACK_TITLE, REPORT_TITLE, writeFeedbackForm, writeProgressReport, type Provision } from './documents';
import { PdfWriter, type PdfFile } from './pdf-kit';

export type { PdfFile } from './pdf-kit';
export type { Provision } from './documents';

/**
 * Making the PDFs (R4.3), all on the tablet: no network is needed once the app is installed.
 * The UI calls these; they load jsPDF on first use.
 */

export type PdfItem =
	| { kind: 'feedbackForm'; doc: FeedbackForm; pupil: Pupil }
	| { kind: 'progressReport'; doc: ProgressReport; pupil: Pupil };

function write(w: PdfWriter, item: PdfItem, provision: Provision): void {
	if (item.kind === 'feedbackForm') writeFeedbackForm(w, item.doc, item.pupil, provision);
	else writeProgressReport(w, item.doc, item.pupil, provision);
}

function titleOf(kind: PdfItem['kind']): string {
	return kind === 'feedbackForm' ? FEEDBACK_TITLE : REPORT_TITLE;
}

/** One pupil's document, named after the pupil, the document and its period. */
export async function documentPdf(item: PdfItem, provision: Provision): Promise<PdfFile> {
	const w = await PdfWriter.create();
	write(w, item, provision);
	const title = titleOf(item.kind);
	const filename = documentFilename({
		who: fullName(item.pupil),
		document: title,
		periodStart: item.doc.periodStart,
		periodEnd: item.doc.periodEnd,
		version: item.doc.version
	});
	return {
		blob: w.finish({ title: `${title}: ${fullName(item.pupil)}`, author: provision.provisionName }),
		filename,
		pages: w.doc.getNumberOfPages()
	};
}

/**
 * A whole group's documents in one file, one pupil after another, each starting on a new page
 * with its own page numbers. `onProgress` is called after each pupil, and the page gets a
 * moment to paint the progress bar in between.
 */
export async function batchPdf(
	items: readonly PdfItem[],
	options: { provision: Provision; groupName: string; onProgress?: (done: number, total: number) => void }
): Promise<PdfFile> {
	if (items.length === 0) throw new Error('There is nothing to put in the PDF.');
	const w = await PdfWriter.create();
	for (const [i, item] of items.entries()) {
		write(w, item, options.provision);
		options.onProgress?.(i + 1, items.length);
		await new Promise((resolve) => setTimeout(resolve, 0));
	}
	const kinds = new Set(items.map((i) => i.kind));
	const document = kinds.size === 1 ? `${titleOf(items[0]!.kind)}s` : 'Reports';
	const starts = items.map((i) => i.doc.periodStart).sort();
	const ends = items.map((i) => i.doc.periodEnd).sort();
	const filename = documentFilename({
		who: options.groupName,
		document,
		periodStart: starts[0]!,
		periodEnd: ends.at(-1)!
	});
	return {
		blob: w.finish({ title: `${document}: ${options.groupName}`, author: options.provision.provisionName }),
		filename,
		pages: w.doc.getNumberOfPages()
	};
}
