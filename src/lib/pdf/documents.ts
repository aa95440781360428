import { groupTopicsBySubject } from '$lib/domain/feedback-draft';
import {
	ATL_GRADES,
	ATL_LABELS,
	BASIS_LABELS,
	PROGRESS_LABELS,
	atlText,
	type FeedbackForm
} from '$lib/domain/feedback-form';
import { formatAttendance } from '$lib/domain/attendance-percent';
import type { ProgressReport } from '$lib/domain/progress-report';
import { fullName, keyStageOf, type Pupil } from '$lib/domain/pupil';
import { formatDay } from '$lib/domain/calendar-days';
import { periodText } from '$lib/domain/report-format';
import { subjectLabel } from '$lib/domain/lesson';
import { INK, PAGE, type PdfWriter } from './pdf-kit';
import { pdfText } from './pdf-text';

/** What is printed for each pupil: the two documents of R4.1 and R4.2. */

/** Who the documents come from: organisation settings. */
export interface Provision {
	provisionName: string;
	/** Address, phone, email (free text, several lines). */
	contactDetails?: string;
}

/** "Ms A. Khan, Maths teacher"; the user name when the writer gave no name (older forms). */
export function authorLine(doc: { authorName?: string; authorRole?: string; createdBy: string }): string {
	const name = doc.authorName?.trim() || doc.createdBy;
	return doc.authorRole?.trim() ? `${name}, ${doc.authorRole.trim()}` : name;
}

/** Where the school can reply: the provision and its contact details, at the end of a document. */
function contactBlock(w: PdfWriter, provision: Provision, writer: string): void {
	w.heading('Contact');
	const details = provision.contactDetails?.trim();
	w.paragraph([`Written by ${writer}, ${provision.provisionName}.`, details ?? ''].filter(Boolean).join('\n'));
}

export const FEEDBACK_TITLE = 'Feedback form';
export const REPORT_TITLE = 'Half-term progress report';

function statusLine(doc: { status: 'draft' | 'sent'; sentAt?: string; sentTo?: string; version?: number }): string {
	const version = (doc.version ?? 1) > 1 ? ` (version ${doc.version})` : '';
	if (doc.status === 'sent' && doc.sentAt)
		return `Sent ${formatDay(doc.sentAt.slice(0, 10))}${doc.sentTo ? ` to ${doc.sentTo}` : ''}${version}`;
	return `Draft${version}`;
}

function detailsTable(w: PdfWriter, rows: [string, string][]): void {
	// Two label/value pairs per row keep the header block compact.
	const body: string[][] = [];
	for (let i = 0; i < rows.length; i += 2)
		body.push([rows[i]![0], rows[i]![1], rows[i + 1]?.[0] ?? '', rows[i + 1]?.[1] ?? '']);
	w.table({
		theme: 'plain',
		body,
		styles: { fontSize: 10, lineWidth: 0, cellPadding: { top: 1.2, bottom: 1.2, left: 0, right: 2 } },
		columnStyles: {
			0: { fontStyle: 'bold', textColor: INK.muted, cellWidth: 33 },
			1: { cellWidth: 56 },
			2: { fontStyle: 'bold', textColor: INK.muted, cellWidth: 28 },
			3: { cellWidth: 61 }
		}
	});
}

/** A boxed judgement: a label on the left, the big value, and a line of explanation. */
function judgementBox(w: PdfWriter, x: number, width: number, label: string, value: string, note: string): number {
	const { doc } = w;
	w.font('normal', 8.5);
	const noteLines = w.lines(note, width - 8);
	const height = 20 + noteLines.length * 3.9;
	doc.setFillColor(...INK.tint);
	doc.setDrawColor(...INK.rule);
	doc.roundedRect(x, w.y, width, height, 2, 2, 'FD');
	w.font('normal', 9, INK.muted);
	doc.text(pdfText(label.toUpperCase()), x + 4, w.y + 6);
	w.font('bold', 15, INK.brand);
	doc.text(pdfText(value), x + 4, w.y + 14);
	w.font('normal', 8.5);
	doc.text(noteLines, x + 4, w.y + 20);
	return height;
}

export function writeFeedbackForm(w: PdfWriter, form: FeedbackForm, pupil: Pupil, provision: Provision): void {
	const { provisionName } = provision;
	const name = fullName(pupil);
	const period = periodText(form.periodStart, form.periodEnd);
	w.begin(
		{ provisionName, title: FEEDBACK_TITLE, subtitle: `${name} · ${period}` },
		`${name}, feedback form, ${period}.`,
		{ draft: form.status !== 'sent' }
	);
	detailsTable(w, [
		['Pupil', name],
		['Host school', pupil.hostSchool],
		['Year group', `Year ${pupil.yearGroup} (${keyStageOf(pupil.yearGroup)})`],
		['Period', period],
		['Lessons attended', String(form.lessonsAttended)],
		['Attendance', form.attendance ?? 'Not recorded on this form'],
		['Written by', authorLine(form)],
		['Status', statusLine(form)]
	]);

	w.ensure(34);
	const gap = 6;
	const half = (PAGE.width - 2 * PAGE.margin - gap) / 2;
	const scale = ATL_GRADES.map((g) => `${g} ${ATL_LABELS[g]}`).join(' · ');
	const basis = form.basisDetail ?? BASIS_LABELS[form.basis];
	const h1 = judgementBox(w, PAGE.margin, half, 'Attitude to learning', atlText(form.atl), `Scale: ${scale}`);
	const h2 = judgementBox(
		w,
		PAGE.margin + half + gap,
		half,
		'Progress',
		PROGRESS_LABELS[form.progress],
		`Judged against: ${basis}`
	);
	w.y += Math.max(h1, h2) + 8;

	w.heading('Topics learnt');
	const groups = groupTopicsBySubject(form.topics);
	if (groups.length) {
		w.table({
			head: [['Subject', 'Topics (lessons attended only)']],
			body: groups.map((g) => [g.label, g.topics.map((t) => `• ${t}`).join('\n')]),
			columnStyles: { 0: { cellWidth: 38, fontStyle: 'bold' } }
		});
	} else w.paragraph('No lessons attended in this period.');

	if (form.exitResults?.length) {
		w.heading('Exit tickets');
		w.table({
			head: [['Date', 'Subject', 'Topic', 'Result']],
			body: form.exitResults.map((r) => [formatDay(r.date), subjectLabel(r.subject), r.topic, r.result]),
			columnStyles: { 0: { cellWidth: 28 }, 1: { cellWidth: 30 }, 3: { cellWidth: 32 } },
			alternateRowStyles: { fillColor: [247, 249, 250] }
		});
	}

	if (form.comment?.trim()) {
		w.heading('Comment');
		w.paragraph(form.comment.trim());
	}
	contactBlock(w, provision, authorLine(form));
	w.end();
}

export function writeProgressReport(w: PdfWriter, report: ProgressReport, pupil: Pupil, provision: Provision): void {
	const { provisionName } = provision;
	const name = fullName(pupil);
	const period = periodText(report.periodStart, report.periodEnd);
	w.begin(
		{ provisionName, title: REPORT_TITLE, subtitle: `${name} · ${report.halfTerm}` },
		`${name}, half-term report, ${report.halfTerm}.`,
		{ draft: report.status !== 'sent' }
	);
	detailsTable(w, [
		['Pupil', name],
		['Host school', pupil.hostSchool],
		['Year group', `Year ${pupil.yearGroup} (${keyStageOf(pupil.yearGroup)})`],
		['Half term', report.halfTerm],
		['Period', period],
		['Attendance', formatAttendance(report.attendancePercent)],
		['Status', statusLine(report)]
	]);
	const sections: [string, string][] = [
		['Work covered', report.workCovered],
		['Attitude and engagement', report.attitudeEngagement],
		['Academic progress', report.academicProgress],
		['Emotional progress', report.emotionalProgress],
		['Vocational progress', report.vocationalProgress]
	];
	for (const [title, text] of sections) {
		w.table({ head: [[title]], body: [[text.trim()]], styles: { fontSize: 10.5, cellPadding: 3 } });
	}
	contactBlock(w, provision, authorLine(report));
	w.end();
}
