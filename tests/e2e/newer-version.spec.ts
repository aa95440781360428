import { expect, test, type Page } from '@playwright/test';
import { makeDoc } from '../support/test-factories';
import { expectWaiting, putServerDocs, serverDocs, signedInTablet } from './support';

// Issue 18 item 11: a record saved by a newer version of Waymark is read only in every editor,
// with the reason on screen, and this tablet never writes its older version over it.

const NOTICE = 'Updated on a newer version of Waymark — update this tablet to edit it.';

async function expectReadOnly(page: Page, path: string, save: string) {
	await page.goto(path);
	await expect(page.getByText(NOTICE)).toBeVisible({ timeout: 30_000 });
	await expect(page.getByRole('button', { name: save })).toBeDisabled();
}

test('a plan and a lesson saved by a newer Waymark open read only, say why, and are never saved over', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(120_000);
	const familyName = `Newer${Date.now().toString(36)}`;
	const pupil = makeDoc('pupil', { givenName: 'Nia', familyName, yearGroup: 8 });
	const plan = { ...makeDoc('plan', { pupilId: pupil._id }), schemaVersion: 2, goalBank: 'from a newer app' };
	const lesson = {
		...makeDoc('lesson', { pupilIds: [pupil._id], present: [pupil._id], topic: familyName }),
		schemaVersion: 2
	};
	await putServerDocs(baseURL!, [pupil, plan, lesson]);

	const { context, page } = await signedInTablet(browser);
	const pupilPath = `/pupils/${encodeURIComponent(pupil._id)}`;
	await expectReadOnly(page, `${pupilPath}/plan/${encodeURIComponent(plan._id)}/edit`, 'Save changes');
	await expectReadOnly(page, `/lessons/${encodeURIComponent(lesson._id)}/edit`, 'Save corrections');

	// The pupil (this version's record) stays editable: the notice is about the newer record only.
	await page.goto(`${pupilPath}/edit`);
	await expect(page.getByRole('button', { name: 'Save changes' })).toBeEnabled();
	await expect(page.getByText(NOTICE)).toHaveCount(0);

	await expectWaiting(page, 0);
	const onServer = (await serverDocs(baseURL!)).filter((d) => d._id === plan._id || d._id === lesson._id);
	expect(onServer.map((d) => d.schemaVersion)).toEqual([2, 2]);
	expect(onServer.every((d) => String(d._rev).startsWith('1-'))).toBe(true);
	await context.close();
});
