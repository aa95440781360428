import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { makeDoc } from '../support/test-factories';
import { putServerDocs, signIn } from './support';

test('one search box on Today finds pupils, lesson topics, marking and logs offline, grouped, and opens them from the keyboard', async ({
	browser,
	baseURL
}) => {
	const word = `Quasar${Date.now().toString(36)}`;
	const pupil = makeDoc('pupil', { givenName: 'Ivo', familyName: word });
	const lesson = makeDoc('lesson', { topic: `Light years and ${word}`, pupilIds: [pupil._id], present: [pupil._id] });
	const note = makeDoc('markingNote', {
		pupilId: pupil._id,
		pen: 'red',
		kind: 'feedback',
		workTitle: 'Space essay',
		text: `Explain what a ${word} gives off`
	});
	const log = makeDoc('behaviour', { pupilId: pupil._id, description: `Presented the ${word} model to the class` });
	await putServerDocs(baseURL!, [pupil, lesson, note, log]);

	const context = await browser.newContext({ viewport: { width: 1080, height: 810 }, hasTouch: true });
	const page = await context.newPage();
	await signIn(page, 'teacher1');
	await expect(page.getByRole('heading', { name: 'Today', level: 1 })).toBeVisible();
	// The records have reached the tablet: from here on it works offline.
	await page.goto(`/search?q=${word}`);
	await expect(page.getByTestId('search-summary')).toHaveText(`4 found for “${word}”`, { timeout: 20_000 });
	await page.goto('/');
	await context.setOffline(true);

	const box = page.getByRole('searchbox', { name: 'Search pupils, lessons, marking and logs' });
	await box.fill(word.toLowerCase());
	await box.press('Enter');
	await expect(page).toHaveURL(new RegExp(`/search\\?q=${word.toLowerCase()}$`));
	await expect(page.getByTestId('search-summary')).toHaveText(`4 found for “${word.toLowerCase()}”`);
	const groups = page.getByRole('heading', { level: 2 });
	await expect(groups).toHaveText(['Pupils (1)', 'Lessons (1)', 'Marking (1)', 'Logs (1)']);
	await expect(page.getByRole('list', { name: 'Marking' })).toContainText(`Ivo ${word}: Space essay`);
	await expect(page.getByRole('list', { name: 'Logs' })).toContainText(`Presented the ${word} model`);
	const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
	expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

	// Keyboard: from the box, Tab reaches the button and then the first result; Enter opens it.
	await page.getByRole('searchbox').focus();
	await page.keyboard.press('Tab');
	await expect(page.getByRole('button', { name: 'Search' })).toBeFocused();
	await page.keyboard.press('Tab');
	await expect(page.getByRole('link', { name: new RegExp(`Ivo ${word}`) }).first()).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { name: `Ivo ${word}`, level: 1 })).toBeVisible();

	// Too little typed, or nothing found: said plainly.
	await page.goto('/search?q=zzzz-nothing-here');
	await expect(page.getByTestId('search-summary')).toHaveText('Nothing found for “zzzz-nothing-here”');
	await context.close();
});
