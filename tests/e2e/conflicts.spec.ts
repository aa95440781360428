import { expect, test, type Page } from '@playwright/test';
import { PupilsPage } from './pages/pupils-page';
import { expectWaiting, serverDocs, signedInTablet } from './support';

async function editHostSchool(page: Page, familyName: string, hostSchool: string) {
	const pupils = new PupilsPage(page);
	await page.goto('/pupils');
	await pupils.row(familyName).getByRole('link').click();
	await page.getByRole('link', { name: 'Edit details' }).click();
	await page.getByLabel('Host school').fill(hostSchool);
	await page.getByRole('button', { name: 'Save changes' }).click();
	await page.getByRole('heading', { level: 1, name: new RegExp(familyName) }).waitFor();
}

test('two tablets change the same detail offline: both versions are kept until a person chooses', async ({
	browser,
	baseURL
}) => {
	const a = await signedInTablet(browser, 'teacher1');
	const familyName = `Disputed${Date.now().toString(36)}`;
	const pupils = new PupilsPage(a.page);
	await pupils.open();
	await pupils.add({
		givenName: 'Casey',
		familyName,
		dateOfBirth: '2012-06-01',
		yearGroup: 8,
		hostSchool: 'Original School'
	});
	await expectWaiting(a.page, 0);

	const b = await signedInTablet(browser, 'teacher2');
	await b.page.goto('/pupils');
	await expect(new PupilsPage(b.page).row(familyName)).toHaveCount(1);

	await a.context.setOffline(true);
	await b.context.setOffline(true);
	await editHostSchool(a.page, familyName, 'Chosen by A Academy');
	await editHostSchool(b.page, familyName, 'Chosen by B High');

	await a.context.setOffline(false);
	await expectWaiting(a.page, 0);
	await b.context.setOffline(false);
	await expectWaiting(b.page, 0);

	const pupil = async () => (await serverDocs(baseURL!, 'pupil')).find((d) => d.familyName === familyName)!;
	await b.page.getByTestId('sync-decisions').click();
	await b.page.getByRole('heading', { name: 'Needs a decision', level: 1 }).waitFor();
	const group = b.page.getByRole('group', { name: 'Host school' });
	await expect(group.getByText('Chosen by A Academy')).toBeVisible();
	await expect(group.getByText('Chosen by B High')).toBeVisible();
	await group.getByLabel(/Chosen by A Academy/).check();
	await b.page.getByRole('button', { name: 'Keep my choices' }).click();
	await expect(b.page.getByText('Nothing to decide')).toBeVisible();

	// The merged version and the closing of the other branch arrive separately: wait for both.
	const adminAuth = 'Basic ' + Buffer.from(`admin:${process.env.WAYMARK_E2E_ADMIN_PASSWORD}`).toString('base64');
	const settled = async () => {
		const id = String((await pupil())._id);
		const res = await fetch(`${baseURL}/couch/waymark-demo/${encodeURIComponent(id)}?conflicts=true`, {
			headers: { Authorization: adminAuth }
		});
		const doc = (await res.json()) as { hostSchool: string; _conflicts?: string[] };
		return `${doc.hostSchool}; conflicts: ${doc._conflicts?.length ?? 0}`;
	};
	await expect.poll(settled, { timeout: 10_000 }).toBe('Chosen by A Academy; conflicts: 0');
	await expect(a.page.getByTestId('sync-decisions')).toHaveCount(0, { timeout: 10_000 });
	await a.context.close();
	await b.context.close();
});
