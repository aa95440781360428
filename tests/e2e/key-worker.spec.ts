import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { makeDoc } from '../support/test-factories';
import { TodayPage } from './pages/today-page';
import { putServerDocs, serverDocs, signIn } from './support';

test('a key worker is chosen on the pupil form, shown on the pupil page, and Today switches between my pupils and everyone’s', async ({
	browser,
	baseURL
}) => {
	const marker = `Key${Date.now().toString(36)}`;
	// No plan yet: each is on Today under "Plans and plan reviews due".
	const mine = makeDoc('pupil', { givenName: 'Ana', familyName: marker, keyWorker: 'teacher1' });
	const theirs = makeDoc('pupil', { givenName: 'Ben', familyName: marker, keyWorker: 'teacher2' });
	const newlyMine = makeDoc('pupil', { givenName: 'Cy', familyName: marker });
	await putServerDocs(baseURL!, [mine, theirs, newlyMine]);

	const context = await browser.newContext({ viewport: { width: 1080, height: 810 }, hasTouch: true });
	const page = await context.newPage();
	await signIn(page, 'teacher1');
	await page.goto(`/pupils/${encodeURIComponent(newlyMine._id)}/edit`);
	await context.setOffline(true);
	const keyWorker = page.getByLabel('Key worker');
	await expect(keyWorker).toHaveValue('', { timeout: 20_000 });
	await keyWorker.fill('teacher1');
	await page.getByRole('button', { name: 'Save changes' }).click();
	await expect(page.getByRole('heading', { name: `Cy ${marker}`, level: 1 })).toBeVisible();
	await expect(page.getByText('Key worker', { exact: true })).toBeVisible();
	await expect(page.locator('dd', { hasText: /^teacher1$/ })).toBeVisible();

	const todayPage = new TodayPage(page);
	await todayPage.open();
	const plans = 'Plans and plan reviews due';
	await expect(await todayPage.item(plans, `Ben ${marker}`)).toBeVisible({ timeout: 20_000 });
	await expect(await todayPage.item(plans, `Ana ${marker}`)).toBeVisible();

	await page.getByRole('radio', { name: 'My pupils' }).check();
	await expect(page).toHaveURL(/\?show=mine$/);
	await expect(await todayPage.item(plans, `Ana ${marker}`)).toBeVisible();
	await expect(await todayPage.item(plans, `Cy ${marker}`)).toBeVisible();
	await expect(
		todayPage
			.section(plans)
			.getByRole('link')
			.filter({ hasText: `Ben ${marker}` })
	).toHaveCount(0);
	expect(
		(await new AxeBuilder({ page }).analyze()).violations.filter(
			(v) => v.impact === 'serious' || v.impact === 'critical'
		)
	).toEqual([]);

	await page.getByRole('radio', { name: 'Everyone' }).check();
	await expect(await todayPage.item(plans, `Ben ${marker}`)).toBeVisible();

	await context.setOffline(false);
	await expect
		.poll(async () => (await serverDocs(baseURL!, 'pupil')).find((d) => d._id === newlyMine._id)?.keyWorker, {
			timeout: 30_000
		})
		.toBe('teacher1');
	await context.close();
});
