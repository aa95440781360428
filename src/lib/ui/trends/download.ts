import { csvData, csvFilename, type FigureTable } from '$lib/domain/trends-tables';
import { downloadBlob } from '$lib/ui/download';

/** The table's numbers as CSV; papaparse is loaded only when someone asks for one. */
export async function downloadCsv(table: FigureTable, filterParts: readonly string[]) {
	const { default: Papa } = await import('papaparse');
	// A byte-order mark so Excel opens the file as UTF-8 (names with accents, "–").
	const text = '\uFEFF' + Papa.unparse(csvData(table));
	downloadBlob(csvFilename(table, filterParts), new Blob([text], { type: 'text/csv;charset=utf-8' }));
}

export function downloadJson(filename: string, data: unknown) {
	downloadBlob(filename, new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
}
