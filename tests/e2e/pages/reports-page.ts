import { expect, type Download, type Page } from '@playwright/test';

/** The Reports hub and the feedback form screens, as a teacher uses them. */
export class ReportsPage {
	constructor(readonly page: Page) {}

	async open() {
		await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
		await this.page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
	}

	dueItem(name: string) {
		return this.page.getByTestId('forms-due').getByRole('listitem').filter({ hasText: name });
	}

	async chooseAtl(label: string) {
		await this.page
			.getByRole('group', { name: 'Attitude to learning (ATL)' })
			.getByRole('radio', { name: label, exact: true })
			.check();
	}

	async chooseProgress(label: string) {
		await this.page
			.getByRole('group', { name: 'Progress', exact: true })
			.getByRole('radio', { name: label, exact: true })
			.check();
	}

	/** Click something that downloads a file and return the download. */
	async download(click: () => Promise<void>): Promise<Download> {
		const pending = this.page.waitForEvent('download');
		await click();
		const download = await pending;
		expect(await download.failure()).toBeNull();
		return download;
	}
}

/** The text of each page of a PDF, as a school's PDF reader extracts it. */
export async function pdfPages(path: string): Promise<string[]> {
	const { readFile } = await import('node:fs/promises');
	const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
	const pdf = await pdfjs.getDocument({
		data: new Uint8Array(await readFile(path)),
		isEvalSupported: false,
		standardFontDataUrl: 'node_modules/pdfjs-dist/standard_fonts/'
	}).promise;
	const pages: string[] = [];
	for (let n = 1; n <= pdf.numPages; n++) {
		const content = await (await pdf.getPage(n)).getTextContent();
		pages.push(content.items.map((i) => ('str' in i ? i.str : '')).join(' '));
	}
	return pages;
}
