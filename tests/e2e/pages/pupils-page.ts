import type { Page } from '@playwright/test';

/** The pupil list and the add-a-pupil form, as a teacher uses them. */
export class PupilsPage {
	constructor(readonly page: Page) {}

	async open() {
		await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pupils' }).click();
		await this.page.getByRole('heading', { name: 'Pupils', level: 1 }).waitFor();
	}

	rows() {
		return this.page.getByRole('list', { name: 'Pupils' }).getByRole('listitem');
	}

	row(familyName: string) {
		return this.rows().filter({ hasText: familyName });
	}

	async add(p: { givenName: string; familyName: string; dateOfBirth: string; yearGroup: number; hostSchool: string }) {
		await this.page.getByRole('link', { name: 'Add a pupil' }).click();
		await this.page.getByLabel('First name').fill(p.givenName);
		await this.page.getByLabel('Surname').fill(p.familyName);
		await this.page.getByLabel('Date of birth').fill(p.dateOfBirth);
		await this.page.getByLabel('Year group').selectOption(String(p.yearGroup));
		await this.page.getByLabel('Host school').fill(p.hostSchool);
		await this.page.getByRole('button', { name: 'Save pupil' }).click();
		await this.page.getByRole('heading', { name: `${p.givenName} ${p.familyName}`, level: 1 }).waitFor();
	}
}
