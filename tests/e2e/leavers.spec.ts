import { expect, test } from '@playwright/test';
import { validateDocument } from '../../src/lib/domain/kinds';
import { makeDoc } from '../support/test-factories';
import { putServerDocs, serverDocs, signIn } from './support';

test('offline: a leaver’s destination, date and reason are recorded on the pupil and reach the server', async ({
	browser,
	baseURL
}) => {
	const marker = `Lv${Date.now().toString(36)}`;
	const pupil = makeDoc('pupil', { givenName: 'Rae', familyName: marker, startDate: '2026-09-07' });
	await putServerDocs(baseURL!, [pupil]);
	const context = await browser.newContext({ viewport: { width: 1080, height: 810 }, hasTouch: true });
	const page = await context.newPage();
	await signIn(page, 'teacher1');
	await page.goto(`/pupils/${encodeURIComponent(pupil._id)}/edit`);
	await expect(page.getByRole('combobox', { name: /^Status/ })).toBeVisible({ timeout: 20_000 });
	await context.setOffline(true);
	await expect(page.getByRole('combobox', { name: /^Destination/ })).toHaveCount(0);
	await page.getByRole('combobox', { name: /^Status/ }).selectOption('left');
	await page.getByLabel(/^End date/).fill('2026-11-20');
	await page.getByRole('combobox', { name: /^Destination/ }).selectOption({ label: 'Post-16 education or training' });
	await page.getByLabel('Reason for leaving (optional)').fill('Started a college course early');
	await page.getByRole('button', { name: 'Save changes' }).click();
	await expect(page.getByRole('heading', { name: `Rae ${marker}`, level: 1 })).toBeVisible();
	await expect(page.getByText('Post-16 education or training')).toBeVisible();
	await expect(page.getByText('Started a college course early')).toBeVisible();

	await context.setOffline(false);
	await expect
		.poll(async () => (await serverDocs(baseURL!)).find((d) => d._id === pupil._id)?.destination, { timeout: 30_000 })
		.toBe('post-16');
	const doc = (await serverDocs(baseURL!)).find((d) => d._id === pupil._id)!;
	expect(doc).toMatchObject({ status: 'left', endDate: '2026-11-20', leavingReason: 'Started a college course early' });
	expect(validateDocument(doc)).toMatchObject({ ok: true });
	await context.close();
});
