import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { PupilsPage } from './pages/pupils-page';
import { expectWaiting, serverDocs, signedInTablet } from './support';

test('pupils made offline sync to the server and reach a second tablet without a reload', async ({
	browser,
	baseURL
}) => {
	const second = await signedInTablet(browser, 'teacher2');
	const secondList = new PupilsPage(second.page);
	await secondList.open();

	const { context, page } = await signedInTablet(browser, 'teacher1');
	const pupils = new PupilsPage(page);
	await pupils.open();
	await expect(pupils.rows().first()).toBeVisible(); // the demo organisation's pupils have synced
	const before = await pupils.rows().count();
	expect(before).toBeGreaterThanOrEqual(12);

	await context.setOffline(true);
	await page.reload();
	await pupils.page.getByRole('heading', { name: 'Pupils', level: 1 }).waitFor(); // loaded from the service worker
	await expect(pupils.rows()).toHaveCount(before);

	const stamp = Date.now().toString(36);
	const names = ['Offlineone', 'Offlinetwo', 'Offlinethree'].map((n) => `${n}${stamp}`);
	for (const familyName of names) {
		await pupils.open();
		await pupils.add({
			givenName: 'Tess',
			familyName,
			dateOfBirth: '2012-02-03',
			yearGroup: 8,
			hostSchool: 'Hill Top Academy'
		});
	}
	await expectWaiting(page, 3);
	expect((await serverDocs(baseURL!, 'pupil')).filter((d) => names.includes(String(d.familyName)))).toHaveLength(0);

	await context.setOffline(false);
	await expect
		.poll(
			async () => (await serverDocs(baseURL!, 'pupil')).filter((d) => names.includes(String(d.familyName))).length,
			{ timeout: 10_000 }
		)
		.toBe(3);
	await expectWaiting(page, 0);

	for (const familyName of names) await expect(secondList.row(familyName)).toHaveCount(1);
	await second.context.close();
	await context.close();
});

test('the app starts offline after the first sign-in and keeps what was entered', async ({ browser }) => {
	const { context, page } = await signedInTablet(browser, 'teacher1');
	await context.setOffline(true);
	await page.goto('/pupils');
	const pupils = new PupilsPage(page);
	await expect(pupils.rows().first()).toBeVisible();
	await pupils.add({
		givenName: 'Reload',
		familyName: 'Survivor',
		dateOfBirth: '2011-01-01',
		yearGroup: 10,
		hostSchool: 'Castle School'
	});
	await page.reload();
	await expect(page.getByRole('heading', { name: 'Reload Survivor', level: 1 })).toBeVisible();
	await context.close();
});

test('pupil forms explain mistakes in plain English and save nothing', async ({ browser }) => {
	const { context, page } = await signedInTablet(browser, 'teacher1');
	await page.goto('/pupils/new');
	await page.getByLabel('First name').fill('Nameless');
	await page.getByRole('button', { name: 'Save pupil' }).click();
	await expect(page.getByText('Surname is required')).toBeVisible();
	await expect(page.getByText('Host school is required')).toBeVisible();
	await expect(page.getByLabel('Surname')).toHaveAttribute('aria-invalid', 'true');
	await page.goto('/pupils');
	await expect(new PupilsPage(page).row('Nameless')).toHaveCount(0);
	await context.close();
});

test('pupil list and pupil page have no serious accessibility problems', async ({ browser }) => {
	const { context, page } = await signedInTablet(browser, 'teacher1');
	const pupils = new PupilsPage(page);
	await pupils.open();
	await expect(pupils.rows().first()).toBeVisible();
	const listScan = await new AxeBuilder({ page }).analyze();
	expect(listScan.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);

	// A demo pupil with intake data: other tests add pupils that may sort first.
	await pupils.row('Bennett').first().getByRole('link').click();
	await page.getByRole('heading', { name: 'Host-school attainment at intake' }).waitFor();
	await expect(page.getByText('Working at').first()).toBeVisible();
	const pageScan = await new AxeBuilder({ page }).analyze();
	expect(pageScan.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
	await context.close();
});
