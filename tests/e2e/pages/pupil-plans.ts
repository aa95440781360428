import { expect, type Page } from '@playwright/test';

export interface ObjectiveEntry {
	area: string;
	description: string;
	successCriteria: string;
}

/** The pupil page's baseline-and-plan section and the forms it links to, as staff use them. */
export class PupilPlans {
	constructor(
		readonly page: Page,
		readonly pupilId: string,
		readonly name: string
	) {}

	async open() {
		await this.page.goto(`/pupils/${encodeURIComponent(this.pupilId)}`);
		await this.page.getByRole('heading', { name: this.name, level: 1 }).waitFor({ timeout: 15_000 });
		await this.section().waitFor();
	}

	section() {
		return this.page.locator('section[data-section="PupilPlans"]');
	}

	domainCard(title: 'Literacy' | 'Numeracy' | 'Emotional well-being') {
		return this.section()
			.locator('section.card')
			.filter({ has: this.page.getByRole('heading', { name: title, level: 4, exact: true }) });
	}

	async recordBaseline(domain: 'Literacy' | 'Numeracy' | 'Emotional well-being', fill: () => Promise<void>) {
		await this.section()
			.getByRole('link', { name: `Record ${domain} baseline` })
			.click();
		await this.page.getByRole('heading', { name: 'Record a baseline', level: 1 }).waitFor();
		await expect(this.page.getByLabel('Domain')).toHaveValue(
			domain === 'Emotional well-being' ? 'wellbeing' : domain.toLowerCase()
		);
		await fill();
		await this.page.getByRole('button', { name: 'Save baseline' }).click();
	}

	async fillObjective(index: number, o: ObjectiveEntry) {
		const group = this.page.getByRole('group', { name: `Objective ${index + 1}` });
		await group.getByLabel('Area').selectOption({ label: o.area });
		await group.getByLabel('What the pupil will achieve').fill(o.description);
		await group.getByLabel('Success criteria').fill(o.successCriteria);
	}
}
