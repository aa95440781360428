import { recordExport, type ExportAudit } from '$lib/store/audit';

export type { ExportAudit } from '$lib/store/audit';

/**
 * The one way Waymark hands a file to the browser's downloads: PDFs, CSVs, JSON exports. Works
 * offline: the file is made on the tablet and never leaves it. The object URL is revoked a minute
 * later, long after the browser has started the download.
 *
 * Every file is audited here, so no export can skip it: the audit line (what, about which pupils,
 * who, when, which tablet) is saved BEFORE the file is handed over, and a file whose line could
 * not be saved is not handed over (the error says why).
 */
export async function downloadBlob(filename: string, blob: Blob, audit: ExportAudit): Promise<void> {
	const saved = await recordExport(audit, filename);
	if (saved && !saved.ok) throw new Error(`the export could not be recorded in the audit (${saved.message})`);
	const url = URL.createObjectURL(blob);
	const link = document.createElement('a');
	link.href = url;
	link.download = filename;
	link.rel = 'noopener';
	document.body.append(link);
	link.click();
	link.remove();
	setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
