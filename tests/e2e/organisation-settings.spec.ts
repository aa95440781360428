import { expect, test } from '@playwright/test';
import { serverDocs, signedInTablet } from './support';

test('organisation settings refuse nonsense in plain English and sync a sensible change', async ({
	browser,
	baseURL
}) => {
	const { context, page } = await signedInTablet(browser, 'teacher1');
	await page.goto('/settings');
	await page.getByRole('link', { name: 'Organisation settings' }).click();
	const days = page.getByLabel('Days between parent/carer calls');
	await expect(days).toHaveValue('14');

	await days.fill('2');
	await page.getByRole('button', { name: 'Save settings' }).click();
	await expect(page.getByText('Call interval must be at least 7 days')).toBeVisible();
	expect((await serverDocs(baseURL!, 'settings'))[0]?.parentCallIntervalDays).toBe(14);

	await days.fill('21');
	await page.getByRole('button', { name: 'Save settings' }).click();
	await expect
		.poll(async () => (await serverDocs(baseURL!, 'settings'))[0]?.parentCallIntervalDays, { timeout: 10_000 })
		.toBe(21);

	// put it back for the other specs sharing this server
	await days.fill('14');
	await page.getByRole('button', { name: 'Save settings' }).click();
	await expect
		.poll(async () => (await serverDocs(baseURL!, 'settings'))[0]?.parentCallIntervalDays, { timeout: 10_000 })
		.toBe(14);
	await context.close();
});
