import { csvData, csvFilename, type FigureTable } from '$lib/domain/trends-tables';
import { downloadBlob, type ExportAudit } from '$lib/ui/download';

/**
 * The table's numbers as CSV; papaparse is loaded only when someone asks for one. `pupilIds`: the
 * pupil the figures are about (a timeline), none for the whole provision's figures (Trends).
 */
export async function downloadCsv(
	table: FigureTable,
	filterParts: readonly string[],
	pupilIds: readonly string[] = []
) {
	const { default: Papa } = await import('papaparse');
	// A byte-order mark so Excel opens the file as UTF-8 (names with accents, "–").
	const text = '\uFEFF' + Papa.unparse(csvData(table));
	await downloadBlob(csvFilename(table, filterParts), new Blob([text], { type: 'text/csv;charset=utf-8' }), {
		kind: 'trends-csv',
		pupilIds,
		summary: table.title
	});
}

export async function downloadJson(filename: string, data: unknown, audit: ExportAudit) {
	await downloadBlob(filename, new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }), audit);
}
