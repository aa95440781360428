import type { AuditRecord } from '$lib/domain/audit-record';
/**
 * R6.1: the printable evidence pack for SEN team visits and work scrutiny (the pupil's timeline
 * tables, a sample of marking threads in their pen colours, and everything in date order), and
 * the subject access copy of every record held (R7.4: children's data, on request).
 * The blocks are built by pure functions, so tests check what the documents say.
 */
import { NOTE_KIND_LABELS, PEN_LABELS } from '$lib/domain/marking-note';
import {
	markingSample,
	subjectAccessExport,
	timelineEvents,
	timelineTables,
	type PupilRecords,
	type SubjectAccessExport
} from '$lib/domain/pupil-timeline';
import { fullName, keyStageOf, SEN_LABELS } from '$lib/domain/pupil';
import type { FigureTable } from '$lib/domain/trends-tables';
import { dayOfInstant, formatDay, localToday } from '$lib/domain/calendar-days';
import { ehcpReview } from '$lib/domain/ehcp-review';
import { PdfWriter, type Frame, type PdfBlock } from './pdf-kit';

const PEN_INK: Record<'red' | 'purple', [number, number, number]> = { red: [192, 57, 43], purple: [108, 52, 131] };

/** A marked page drawn with its ink, ready for the PDF (made by the screen: it needs a canvas). */
export interface PageImage {
	jpeg: string;
	width: number;
	height: number;
}

export interface EvidenceMeta {
	provisionName: string;
	ks3Scale: readonly string[];
	/** When it was printed (ISO date and time). */
	printedAt: string;
	printedBy: string;
}

const cellText = (c: FigureTable['rows'][number][number]) => (c === null ? '—' : String(c));

function tableBlocks(table: FigureTable, emptyText: string): PdfBlock[] {
	return [
		{ kind: 'heading', text: table.title },
		table.rows.length
			? { kind: 'table', head: table.columns, rows: table.rows.map((r) => r.map(cellText)) }
			: { kind: 'paragraph', text: emptyText }
	];
}

function pupilFacts(r: PupilRecords, today: string): PdfBlock {
	const p = r.pupil;
	const review = ehcpReview(p, today);
	return {
		kind: 'table',
		head: ['Pupil', 'Details'],
		rows: [
			['Name', fullName(p)],
			['Date of birth', p.dateOfBirth],
			['Year group', `Year ${p.yearGroup} (${keyStageOf(p.yearGroup)})`],
			['Host school', p.hostSchool],
			['Started', p.startDate],
			['SEN status', SEN_LABELS[p.senStatus]],
			...(p.ehcpSummary ? [['EHCP', p.ehcpSummary]] : []),
			...(review ? [['EHCP annual review', review.text]] : []),
			...(p.iepSummary ? [['IEP', p.iepSummary]] : [])
		]
	};
}

export function evidencePackBlocks(
	r: PupilRecords,
	meta: EvidenceMeta,
	threadCount = 3,
	pageImages: ReadonlyMap<string, PageImage> = new Map()
): PdfBlock[] {
	const blocks: PdfBlock[] = [pupilFacts(r, localToday(new Date(meta.printedAt)))];
	for (const table of timelineTables(r, meta.ks3Scale)) blocks.push(...tableBlocks(table, 'None recorded.'));

	blocks.push({ kind: 'heading', text: 'Sample of marking (red pen: staff; purple pen: pupil)' });
	const threads = markingSample(r, threadCount);
	if (!threads.length) blocks.push({ kind: 'paragraph', text: 'No marking notes recorded.' });
	for (const thread of threads) {
		const pages = thread.pages.length
			? `, ${thread.pages.length} photographed page${thread.pages.length === 1 ? '' : 's'}`
			: '';
		blocks.push({
			kind: 'paragraph',
			text: `${thread.workTitle} (${thread.notes.length} note${thread.notes.length === 1 ? '' : 's'}${pages})`
		});
		for (const page of thread.pages) {
			const image = pageImages.get(page._id);
			if (image)
				blocks.push({
					kind: 'image',
					...image,
					caption: `${thread.workTitle}, page ${page.page}, as marked (red pen: staff; purple pen: pupil)`
				});
		}
		if (thread.notes.length)
			blocks.push({
				kind: 'table',
				head: ['Date', 'Pen', 'Kind', 'Note'],
				rows: thread.notes.map((n) => [dayOfInstant(n.createdAt), PEN_LABELS[n.pen], NOTE_KIND_LABELS[n.kind], n.text]),
				rowColours: thread.notes.map((n) => PEN_INK[n.pen])
			});
	}

	const events = timelineEvents(r);
	blocks.push({ kind: 'heading', text: 'Everything recorded, in date order' });
	blocks.push(
		events.length
			? { kind: 'table', head: ['Date', 'Record', 'Detail'], rows: events.map((e) => [e.date, e.kind, e.text]) }
			: { kind: 'paragraph', text: 'Nothing recorded yet.' }
	);
	return blocks;
}

/** A finished file from blocks, on the same writer as every other document. */
export async function blocksPdf(frame: Frame, footer: string, blocks: readonly PdfBlock[]): Promise<Blob> {
	const w = await PdfWriter.create();
	w.begin(frame, footer);
	w.blocks(blocks);
	w.end();
	return w.finish({ title: `${frame.title}: ${frame.subtitle}`, author: frame.provisionName });
}

export async function evidencePackPdf(
	r: PupilRecords,
	meta: EvidenceMeta,
	pageImages: ReadonlyMap<string, PageImage> = new Map()
): Promise<Blob> {
	return blocksPdf(
		{
			provisionName: meta.provisionName,
			title: 'Progress evidence pack',
			subtitle: `${fullName(r.pupil)} · Year ${r.pupil.yearGroup} · printed ${formatDay(meta.printedAt.slice(0, 10))}`
		},
		`Printed by ${meta.printedBy}.`,
		evidencePackBlocks(r, meta, 3, pageImages)
	);
}

/** Pictures and ink are held in full in the JSON copy; the printed copy says what they are. */
const showField = (key: string, value: unknown): string => {
	if ((key === 'image' || key === 'thumbnail') && typeof value === 'string')
		return `picture, ${Math.round((value.length * 3) / 4 / 1024)} KB (in full in the JSON copy)`;
	if (key === 'strokes' && Array.isArray(value))
		return `${value.length} pen stroke${value.length === 1 ? '' : 's'} (in full in the JSON copy)`;
	return show(value);
};

const show = (value: unknown): string =>
	value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);

/** Every record as a field/value table: nothing held is left out of the printed copy. */
export function subjectAccessBlocks(data: SubjectAccessExport): PdfBlock[] {
	const record = (doc: Record<string, unknown>): PdfBlock => ({
		kind: 'table',
		head: ['Field', 'Value'],
		rows: Object.entries(doc)
			.filter(([k]) => k !== '_rev')
			.map(([k, v]) => [k, showField(k, v)])
	});
	const blocks: PdfBlock[] = [
		{ kind: 'paragraph', text: `${data.about} Exported ${data.exportedAt} by ${data.exportedBy}.` },
		{ kind: 'heading', text: 'Pupil record' },
		record(data.pupil)
	];
	for (const [type, rows] of Object.entries(data.records) as [string, Record<string, unknown>[]][]) {
		if (!rows.length) continue;
		blocks.push({ kind: 'heading', text: `${type} (${rows.length})` });
		for (const row of rows) blocks.push(record(row));
	}
	for (const [name, rows] of [
		['lessons', data.lessons],
		['moderation', data.moderation]
	] as const) {
		if (!rows.length) continue;
		blocks.push({ kind: 'heading', text: `${name} (${rows.length}, this pupil's part only)` });
		for (const row of rows) blocks.push(record(row));
	}
	blocks.push({ kind: 'heading', text: `Who exported, printed or changed these records (${data.audit.length})` });
	if (data.audit.length === 0) blocks.push({ kind: 'paragraph', text: 'No exports or changes recorded.' });
	else
		blocks.push({
			kind: 'table',
			head: ['When', 'Who', 'What'],
			rows: data.audit.map((a) => [a.at, a.by, `${a.what}: ${a.summary}`])
		});
	return blocks;
}

export function subjectAccessData(
	r: PupilRecords,
	meta: Pick<EvidenceMeta, 'provisionName' | 'printedAt' | 'printedBy'>,
	audit: readonly AuditRecord[] = []
): SubjectAccessExport {
	return subjectAccessExport(r, {
		exportedAt: meta.printedAt,
		exportedBy: meta.printedBy,
		provisionName: meta.provisionName,
		audit
	});
}

export async function subjectAccessPdf(data: SubjectAccessExport, provisionName: string): Promise<Blob> {
	return blocksPdf(
		{
			provisionName,
			title: 'Subject access copy',
			subtitle: `${fullName(data.pupil)} · exported ${formatDay(data.exportedAt.slice(0, 10))}`
		},
		`Exported by ${data.exportedBy}.`,
		subjectAccessBlocks(data)
	);
}
