/**
 * The one way Waymark hands a file to the browser's downloads: PDFs, CSVs, JSON exports. Works
 * offline: the file is made on the tablet and never leaves it. The object URL is revoked a minute
 * later, long after the browser has started the download.
 */
export function downloadBlob(filename: string, blob: Blob): void {
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
