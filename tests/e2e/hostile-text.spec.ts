import { expect, test } from '@playwright/test';
import { makeDoc } from '../support/test-factories';
import { PupilsPage } from './pages/pupils-page';
import { putServerDocs, signedInTablet } from './support';

test('text from the server shows as text, and a document that breaks the rules is set aside with its reason', async ({
	browser,
	baseURL
}) => {
	const marker = Date.now().toString(36);
	const hostile = makeDoc('pupil', {
		givenName: `<img src=x onerror="window.__pwned=1">`,
		familyName: `Hostile${marker}`
	});
	// Passes the server's structural check (text is there) but not the app's rules.
	const broken = makeDoc('pupil', { givenName: `<b>Broken${marker}</b>`, familyName: '   ' });
	await putServerDocs(baseURL!, [hostile, broken]);

	const { context, page } = await signedInTablet(browser, 'teacher1');
	const pupils = new PupilsPage(page);
	await pupils.open();
	await expect(pupils.row(`Hostile${marker}`)).toContainText('<img src=x onerror="window.__pwned=1">');
	expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
	await expect(pupils.rows().filter({ hasText: `Broken${marker}` })).toHaveCount(0);

	await page.getByTestId('sync-quarantined').click();
	const entry = page
		.getByRole('list', { name: 'Records set aside' })
		.getByRole('listitem')
		.filter({ hasText: broken._id });
	await expect(entry).toContainText('Surname is required');
	await context.close();
});
