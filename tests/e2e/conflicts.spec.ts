import { expect, test, type Page } from '@playwright/test';
import { PupilsPage } from './pages/pupils-page';
import { expectWaiting, serverDocs, signedInTablet, signIn } from './support';

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

/** The pupil as tablet A's own database holds it (what arrived by sync), read without the app's help. */
function storedOnTablet(page: Page, familyName: string) {
	return page.evaluate(
		(name) =>
			new Promise<{ familyName: string; yearGroup: number } | undefined>((resolve, reject) => {
				const open = indexedDB.open('waymark');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const all = open.result.transaction('pupil').objectStore('pupil').getAll();
					all.onsuccess = () => {
						open.result.close();
						const rows = all.result as { familyName: string; givenName: string; yearGroup: number }[];
						resolve(rows.find((p) => p.givenName === 'Edna' && p.familyName.startsWith(name)));
					};
				};
			}),
		familyName
	);
}

/**
 * Edna on two tablets; A opens her edit form; B saves `changeOnB` and it reaches A while A's form
 * is still open (showing the old copy). Returns A's page, on the open form.
 */
async function formOpenWhileOtherTabletSaves(
	browser: Parameters<typeof signedInTablet>[0],
	changeOnB: (page: Page, familyName: string) => Promise<unknown>,
	isArrived: (stored: { familyName: string; yearGroup: number }) => boolean
) {
	const a = await signedInTablet(browser, 'teacher1');
	const familyName = `Marsh${Date.now().toString(36)}`;
	const pupils = new PupilsPage(a.page);
	await pupils.open();
	await pupils.add({ givenName: 'Edna', familyName, dateOfBirth: '2011-05-06', yearGroup: 9, hostSchool: 'Riverside' });
	await expectWaiting(a.page, 0);
	await a.page.getByRole('link', { name: 'Edit details' }).click();
	await expect(a.page.getByLabel('First name')).toHaveValue('Edna');

	const b = await signedInTablet(browser, 'teacher2');
	await b.page.goto('/pupils');
	await new PupilsPage(b.page).row(familyName).getByRole('link').click();
	await b.page.getByRole('link', { name: 'Edit details' }).click();
	await changeOnB(b.page, familyName);
	await b.page.getByRole('button', { name: 'Save changes' }).click();
	await expectWaiting(b.page, 0);
	await expect.poll(async () => isArrived((await storedOnTablet(a.page, familyName))!), { timeout: 15_000 }).toBe(true);
	await expect(a.page.getByLabel('Year group')).toHaveValue('9'); // A's form still shows what it loaded
	return { a, b, familyName };
}

test('a form open while another tablet’s change arrives saves only what this person changed', async ({
	browser,
	baseURL
}) => {
	const { a, b, familyName } = await formOpenWhileOtherTabletSaves(
		browser,
		(page) => page.getByLabel('Year group').selectOption('10'),
		(stored) => stored.yearGroup === 10
	);
	await a.page.getByLabel('First name').fill('Edwina');
	await a.page.getByRole('button', { name: 'Save changes' }).click();
	await a.page.getByRole('heading', { level: 1, name: `Edwina ${familyName}` }).waitFor();
	await expectWaiting(a.page, 0);

	const onServer = async () => {
		const doc = (await serverDocs(baseURL!, 'pupil')).find((d) => d.familyName === familyName)!;
		return `${String(doc.givenName)}, Year ${String(doc.yearGroup)}`;
	};
	await expect.poll(onServer, { timeout: 10_000 }).toBe('Edwina, Year 10');
	await expect(a.page.getByTestId('sync-decisions')).toHaveCount(0);
	await expect(a.page.getByTestId('sync-clock')).toHaveCount(0); // its clock agrees with the server's
	await b.page.goto('/pupils');
	await expect(new PupilsPage(b.page).row(familyName)).toContainText('Edwina');
	await a.context.close();
	await b.context.close();
});

test('a surname changed on the open form and on another tablet meanwhile goes to Needs a decision', async ({
	browser
}) => {
	const { a, b, familyName } = await formOpenWhileOtherTabletSaves(
		browser,
		(page, name) => page.getByLabel('Surname').fill(`${name}-Jones`),
		(stored) => stored.familyName.endsWith('-Jones')
	);
	await a.page.getByLabel('Surname').fill(`${familyName}-Smith`);
	await a.page.getByRole('button', { name: 'Save changes' }).click();
	await expectWaiting(a.page, 0);

	await a.page.getByTestId('sync-decisions').click();
	await a.page.getByRole('heading', { name: 'Needs a decision', level: 1 }).waitFor();
	const group = a.page.getByRole('group', { name: 'Family name' });
	await expect(group.getByText(`${familyName}-Jones`)).toBeVisible();
	await expect(group.getByText(`${familyName}-Smith`)).toBeVisible();
	await expect(a.page.getByRole('group')).toHaveCount(1);
	await a.context.close();
	await b.context.close();
});

test('a tablet whose clock is a day ahead is told so, since it decides which change is newer', async ({ browser }) => {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.clock.setSystemTime(Date.now() + 86_400_000);
	await signIn(page, 'teacher1');
	await expect(page.getByTestId('sync-clock')).toHaveText(/^This tablet’s clock is 1 day ahead of the server’s\./);
	await context.close();
});
