/**
 * R5.2: the record of an external moderation meeting that can be shown to inspectors, on the
 * writer every Waymark PDF shares (A4, the provision's band, page numbers, the embedded font).
 */
import type { Moderation } from '$lib/domain/moderation';
import { agreementOf } from '$lib/domain/moderation-rules';
import { subjectLabel } from '$lib/domain/lesson';
import { dayOfInstant, formatDay } from '$lib/domain/calendar-days';
import { INK, PdfWriter, type PdfFile } from './pdf-kit';

export interface ModerationPdfInput {
	meeting: Moderation;
	provisionName: string;
	/** Pupil id → name as shown on the record ("Unknown pupil" when not on this tablet). */
	pupilName: (pupilId: string) => string;
	/** When the copy was printed (ISO); defaults to now. */
	printedAt?: string;
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
			['Recorded by', `${meeting.createdBy} on ${formatDay(dayOfInstant(meeting.createdAt))}`]
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

/** The record on the same writer as every other document; returns the file and its page count. */
export async function moderationPdf(input: ModerationPdfInput): Promise<PdfFile> {
	const content = moderationRecordContent(input);
	const printed = formatDay((input.printedAt ?? new Date().toISOString()).slice(0, 10));
	const w = await PdfWriter.create();
	w.begin(
		{
			provisionName: input.provisionName,
			title: 'Moderation record',
			subtitle: `${subjectLabel(input.meeting.subject)} · ${formatDay(input.meeting.date)}`
		},
		`Moderation record, printed ${printed}.`
	);
	w.heading(content.title);
	w.table({
		theme: 'plain',
		body: content.facts,
		styles: { fontSize: 10, lineWidth: 0, cellPadding: { top: 1.2, bottom: 1.2, left: 0, right: 2 } },
		columnStyles: { 0: { fontStyle: 'bold', textColor: INK.muted, cellWidth: 48 } }
	});
	w.heading('Samples of work looked at');
	w.table({
		head: [content.sampleHead],
		body: content.sampleRows,
		styles: { fontSize: 9, cellPadding: 1.6 },
		columnStyles: { 0: { cellWidth: 8 }, 5: { cellWidth: 18 } }
	});
	w.heading('Outcome and agreed standards');
	w.paragraph(content.outcome);
	w.heading('Actions');
	w.paragraph(content.actions);
	w.end();
	return {
		blob: w.finish({ title: `${content.title} - ${input.provisionName}`, author: input.provisionName }),
		filename: content.fileName,
		pages: w.doc.getNumberOfPages()
	};
}
