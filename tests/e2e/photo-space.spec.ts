import { expect, test } from '@playwright/test';
import { makeDoc } from '../support/test-factories';
import { putServerDocs, signedInTablet } from './support';

// Settings frees the space photos already on the server take; a freed page shows a placeholder
// offline and comes back from the server when opened online.
test('photos already on the server are freed from the tablet, show a placeholder offline and come back online', async ({
	browser,
	baseURL
}) => {
	const marker = Date.now().toString(36);
	const title = `Fractions ${marker}`;
	const pupil = makeDoc('pupil', { givenName: 'Fay', familyName: `Space${marker}` });
	const photo = makeDoc('workPhoto', {
		pupilId: pupil._id,
		workTitle: title,
		width: 400,
		height: 300,
		lessonId: undefined
	});
	const meeting = makeDoc('moderation', {
		samples: [
			{ pupilId: pupil._id, workTitle: title, internalJudgement: 'Secure', moderatedJudgement: 'Secure', agreed: true }
		]
	});
	await putServerDocs(baseURL!, [pupil, photo, meeting]);
	const { context, page } = await signedInTablet(browser, 'teacher1');
	const threadUrl = `/pupils/${encodeURIComponent(pupil._id)}/work/${encodeURIComponent(photo._id)}`;
	await page.goto(threadUrl);
	await expect(page.getByRole('img', { name: `Page 1 of ${title}` })).toBeVisible({ timeout: 20_000 });

	await page.getByRole('link', { name: 'Settings' }).click();
	await expect(page.getByTestId('storage-photos')).toHaveText(/^Photos of work: \d+ pages?, \d+ KB$/);
	await page.getByRole('button', { name: 'Free space used by photos already on the server' }).click();
	await expect(page.getByTestId('storage-freed')).toHaveText(
		/^Freed \d+ KB: \d+ pages? now on the office server only, shown again when opened with a connection\.$/
	);
	await expect(page.getByTestId('storage-photos')).toHaveText('Photos of work: 0 pages');

	// Offline, the thread and the moderation sample say where the page is.
	await context.setOffline(true);
	await page.goto(threadUrl);
	await expect(page.getByText('Photo on the server — connect to see it')).toBeVisible();
	await expect(page.getByRole('img', { name: `Page 1 of ${title}` })).toHaveCount(0);
	// The progress timeline still lists the page, saying where its picture is.
	await page.goto(`/pupils/${encodeURIComponent(pupil._id)}/timeline`);
	await expect(page.getByText(`${title}, page 1 (the picture is on the office server)`)).toBeVisible({
		timeout: 20_000
	});
	await page.goto(`/moderation/${encodeURIComponent(meeting._id)}`);
	await expect(page.getByText('Photo on the server — connect to see it').first()).toBeVisible({ timeout: 20_000 });

	// Back online, the page is fetched when it is shown (and not stored again).
	await context.setOffline(false);
	await expect(page.getByRole('img', { name: `Page 1 of ${title}, as marked` })).toBeVisible({ timeout: 20_000 });
	await page.goto(threadUrl);
	await expect(page.getByRole('img', { name: `Page 1 of ${title}` })).toBeVisible({ timeout: 20_000 });
	await page.getByRole('link', { name: 'Settings' }).click();
	await expect(page.getByTestId('storage-photos')).toHaveText('Photos of work: 0 pages');
	await context.close();
});
