import { expect, type Locator, type Page } from '@playwright/test';

/**
 * The lesson screens as a teacher uses them. `tap()` counts every tap made through it, so a
 * test can hold the "whole group marked in a few taps" promise to a number.
 */
export class LessonPage {
	taps = 0;

	constructor(readonly page: Page) {}

	async tap(target: Locator) {
		this.taps++;
		await target.click();
	}

	async openList() {
		await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Lessons' }).click();
		await this.page.getByRole('heading', { name: 'Lessons', level: 1 }).waitFor();
	}

	/** Fill the start-a-lesson form; `group` is typed in the pupil search and all shown are chosen. */
	async fillNew(l: { topic: string; subject?: 'Maths' | 'English' | 'Science'; group?: string; maxScore?: string }) {
		await this.page.getByRole('link', { name: 'Start a lesson' }).click();
		await this.page.getByRole('heading', { name: 'Start a lesson', level: 1 }).waitFor();
		await this.page.getByLabel('Topic').fill(l.topic);
		if (l.subject)
			await this.page.getByRole('group', { name: 'Subject' }).getByRole('radio', { name: l.subject }).check();
		if (l.maxScore !== undefined) {
			await this.page.getByRole('radio', { name: 'Score out of a maximum' }).check();
			await this.page.getByLabel('Maximum score').fill(l.maxScore);
		}
		if (l.group) {
			// The teacher's last group of the subject comes back (another test's, on the same server):
			// start from nobody. Once the group is touched, a late one no longer replaces it.
			const clear = this.page.getByRole('button', { name: 'Clear', exact: true });
			if (await clear.isEnabled()) await clear.click();
			await this.page.getByLabel('Find a pupil').fill(l.group);
			await this.page.getByRole('button', { name: 'Choose all shown' }).click();
		}
	}

	async start(l: Parameters<LessonPage['fillNew']>[0] & { subject?: 'Maths' | 'English' | 'Science' }) {
		await this.fillNew(l);
		await this.page.getByRole('button', { name: 'Start lesson' }).click();
		await this.page.getByRole('heading', { name: `${l.subject ?? 'Maths'}: ${l.topic}`, level: 1 }).waitFor();
	}

	tile(name: string) {
		return this.page.getByRole('list', { name: 'Register' }).getByRole('button', { name: new RegExp(`^${name}\\b`) });
	}

	ticketRows() {
		return this.page.getByRole('list', { name: 'Exit tickets' }).getByTestId('ticket-row');
	}

	ticketRow(name: string) {
		return this.ticketRows().filter({ has: this.page.getByRole('group', { name }) });
	}

	outcome(name: string, outcome: 'Secure' | 'Developing' | 'Not yet') {
		return this.page.getByRole('group', { name }).getByRole('radio', { name: outcome });
	}

	async expectSaved(name: string) {
		await expect(this.ticketRow(name).getByText('✓ Saved')).toBeVisible();
	}
}
