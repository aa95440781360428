import type { Page } from '@playwright/test';

/** The Today home screen: sections of things due, each item a link to where to do it. */
export class TodayPage {
	constructor(readonly page: Page) {}

	async open() {
		await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Today' }).click();
		await this.page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
	}

	section(title: string) {
		return this.page.getByRole('list', { name: title, exact: true });
	}

	/** The item naming `text` in a section, with the rest of the section shown first. */
	async item(title: string, text: string | RegExp) {
		const more = this.page.getByRole('button', { name: new RegExp(`^Show all \\d+ ?: ${title}$`) });
		await this.section(title).waitFor();
		if (await more.count()) await more.click();
		return this.section(title).getByRole('link').filter({ hasText: text });
	}
}
