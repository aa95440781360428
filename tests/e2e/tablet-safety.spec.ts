import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { PupilsPage } from './pages/pupils-page';
import { DEMO, E2E_PIN, expectWaiting, passTabletLock, serverDocs, signedInTablet, signIn } from './support';

const marker = () => Date.now().toString(36);
const lockState = (page: Page) => page.locator('.shell[data-lock]');

async function addPupil(page: Page, familyName: string) {
	const pupils = new PupilsPage(page);
	await pupils.open();
	await pupils.add({
		givenName: 'Wipe',
		familyName,
		dateOfBirth: '2012-02-03',
		yearGroup: 8,
		hostSchool: 'Hill Top Academy'
	});
}

test('the tablet locks behind the staff PIN, hides the records, and keeps a half-typed form', async ({ browser }) => {
	const { context, page } = await signedInTablet(browser, 'teacher1');
	await page.goto('/pupils/new');
	await page.getByLabel('First name').fill('Halftyped');

	await page.getByRole('button', { name: 'Lock', exact: true }).click();
	await expect(lockState(page)).toHaveAttribute('data-lock', 'locked');
	await expect(page.getByRole('heading', { name: 'Locked' })).toBeVisible();
	await expect(page.getByLabel('First name')).toBeHidden();
	expect((await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze()).violations).toEqual([]);

	await page.getByLabel(/^PIN/).fill('9999');
	await page.getByRole('button', { name: 'Unlock' }).click();
	// Shown beside the box and said at once (an alert), not left for the reader to find.
	await expect(page.getByText('Error: That PIN is not right.')).toBeVisible();
	await expect(page.getByTestId('tablet-lock').getByRole('alert')).toHaveText('That PIN is not right.');
	await expect(lockState(page)).toHaveAttribute('data-lock', 'locked');

	await page.getByLabel(/^PIN/).fill(E2E_PIN);
	await page.getByRole('button', { name: 'Unlock' }).click();
	await expect(lockState(page)).toHaveAttribute('data-lock', 'open');
	await expect(page.getByLabel('First name')).toHaveValue('Halftyped');
	await context.close();
});

test('the tablet locks by itself after the idle time set in Settings', async ({ browser }) => {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.clock.install();
	await signIn(page, 'teacher2');
	await page.goto('/settings');
	await page.getByLabel('Lock this tablet after').selectOption('2');
	await page.clock.fastForward('01:30');
	await expect(lockState(page)).toHaveAttribute('data-lock', 'open');
	await page.clock.fastForward('00:45');
	await expect(lockState(page)).toHaveAttribute('data-lock', 'locked');
	await passTabletLock(page);
	await context.close();
});

test('wiping refuses to lose unsynced records unless the person accepts the loss, naming how many', async ({
	browser,
	baseURL
}) => {
	const { context, page } = await signedInTablet(browser, 'teacher1');
	const kept = `Kept${marker()}`;
	await context.setOffline(true);
	await addPupil(page, kept);
	await expectWaiting(page, 1);

	await page.goto('/settings');
	await page.getByRole('button', { name: 'Sign out and wipe this tablet' }).click();
	const warning = page.getByTestId('wipe-warning');
	await expect(warning).toContainText('1 record on this tablet has not reached the server.');
	const wipeAnyway = page.getByRole('button', { name: 'Wipe and lose 1 record' });
	await expect(wipeAnyway).toBeDisabled();
	await page.getByRole('button', { name: 'Keep the records' }).click();
	await expect(warning).toBeHidden();

	// Back online the record syncs; with nothing waiting the wipe asks only a plain yes/no.
	await context.setOffline(false);
	await expectWaiting(page, 0);
	await expect.poll(async () => (await serverDocs(baseURL!, 'pupil')).some((d) => d.familyName === kept)).toBe(true);
	await page.getByRole('button', { name: 'Sign out and wipe this tablet' }).click();
	await page.getByRole('dialog').getByRole('button', { name: 'Wipe this tablet' }).click();
	await page.waitForURL('**/sign-in');
	// Nothing of the organisation is left: no replica, and the app's database holds no records.
	const left = await page.evaluate(async () => {
		const names = (await indexedDB.databases()).map((d) => d.name ?? '');
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const open = indexedDB.open('waymark');
			open.onsuccess = () => resolve(open.result);
			open.onerror = () => reject(open.error);
		});
		const stores = ['pupil', 'intake', 'outbox'].filter((s) => db.objectStoreNames.contains(s));
		const counts = await Promise.all(
			stores.map(
				(s) =>
					new Promise<number>((resolve) => {
						const r = db.transaction(s).objectStore(s).count();
						r.onsuccess = () => resolve(r.result);
					})
			)
		);
		db.close();
		return { replicas: names.filter((n) => n.includes('replica')), records: counts.reduce((a, b) => a + b, 0) };
	});
	expect(left).toEqual({ replicas: [], records: 0 });

	// Signing in again brings the records back from the server, and asks for a PIN afresh.
	await page.getByLabel('User name').fill(DEMO.teacher1.name);
	await page.getByLabel('Password').fill(DEMO.teacher1.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(lockState(page)).toHaveAttribute('data-lock', 'needs-pin');
	await passTabletLock(page);
	await new PupilsPage(page).open();
	await expect(new PupilsPage(page).row(kept)).toHaveCount(1);
	await context.close();
});

test('accepting the loss wipes the named number of unsynced records', async ({ browser, baseURL }) => {
	const { context, page } = await signedInTablet(browser, 'teacher2');
	const lost = `Lost${marker()}`;
	await context.setOffline(true);
	await addPupil(page, lost);
	await addPupil(page, `${lost}b`);
	await expectWaiting(page, 2);
	await page.goto('/settings');
	await page.getByRole('button', { name: 'Sign out and wipe this tablet' }).click();
	await page.getByLabel('I understand that 2 records will be lost').check();
	await page.getByRole('button', { name: 'Wipe and lose 2 records' }).click();
	await page.waitForURL('**/sign-in');
	await context.setOffline(false);
	expect((await serverDocs(baseURL!, 'pupil')).filter((d) => String(d.familyName).startsWith(lost))).toHaveLength(0);
	await context.close();
});

test('when the server session ends offline, work is kept, the app asks to sign in to sync, then syncs', async ({
	browser,
	baseURL
}) => {
	const { context, page } = await signedInTablet(browser, 'teacher1');
	const name = `Expired${marker()}`;
	await context.setOffline(true);
	await context.clearCookies(); // the session lapses while the tablet is away
	await addPupil(page, name);
	await expectWaiting(page, 1);

	await context.setOffline(false);
	const renew = page.getByRole('link', { name: 'Sign in to sync' });
	await expect(renew).toBeVisible({ timeout: 15_000 });
	await expectWaiting(page, 1);
	await new PupilsPage(page).open();
	await expect(new PupilsPage(page).row(name)).toHaveCount(1);

	await renew.click();
	await expect(page.getByRole('heading', { name: 'Sign in to sync' })).toBeVisible();
	await expect(page.getByLabel('User name')).toHaveValue(DEMO.teacher1.name);
	await page.getByLabel('Password').fill(DEMO.teacher1.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expectWaiting(page, 0, 15_000);
	await expect.poll(async () => (await serverDocs(baseURL!, 'pupil')).some((d) => d.familyName === name)).toBe(true);
	await context.close();
});

test('settings show the storage used and whether it is kept safe from clearing', async ({ browser }) => {
	const { context, page } = await signedInTablet(browser, 'teacher1');
	await page.goto('/settings');
	await expect(page.getByTestId('storage-usage')).toContainText(/\d+(\.\d)? (KB|MB|GB)/);
	await expect(page.getByTestId('storage-persisted')).toContainText(/^(Yes|No)/);
	expect((await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze()).violations).toEqual([]);
	await context.close();
});
