import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { serverDocs, signedInTablet } from './support';

/**
 * The messy fixture (byte-order mark, `;` separators, CRLF, odd heading case, good and bad rows),
 * with surnames and UPNs made unique to this run so other specs on the same server are not touched.
 */
function messyCsv(stamp: string, upnDigits: string): { name: string; mimeType: string; buffer: Buffer } {
	const text = readFileSync(new URL('../fixtures/intake/messy.csv', import.meta.url), 'utf8')
		.replace(/Adebayo|Brennan|Çelik/g, (surname) => `${surname}${stamp}`)
		.replace(/T90012345/g, `K${upnDigits}`);
	expect(text.startsWith('\uFEFF')).toBe(true);
	expect(text).toContain('\r\n');
	return { name: `host-school-${stamp}.csv`, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') };
}

const rowOf = (page: Page, n: number) => page.getByTestId(`import-row-${n}`);

test('a messy host-school CSV previews every bad row with its reason, imports the good ones once, and syncs them', async ({
	browser,
	baseURL
}) => {
	const stamp = Date.now().toString(36);
	const upnDigits = String(Date.now()).slice(-8);
	const surnames = ['Adebayo', 'Brennan', 'Çelik'].map((s) => `${s}${stamp}`);
	const file = messyCsv(stamp, upnDigits);
	const { context, page } = await signedInTablet(browser, 'teacher1');

	await page.goto('/office');
	await page.getByRole('link', { name: /Import intake data/ }).click();
	await expect(page.getByRole('heading', { name: 'Import intake data', level: 1 })).toBeVisible();

	const download = page.waitForEvent('download');
	await page.getByRole('link', { name: 'Download the template (CSV)' }).click();
	const template = readFileSync(await (await download).path(), 'utf8');
	expect(template.split('\r\n')[0]).toContain('UPN,Surname,First name,Date of birth,Year group,Host school');

	await page.getByLabel('Intake file (CSV)').setInputFiles(file);
	await expect(page.getByTestId('import-summary')).toHaveText(
		/3 new pupils · 0 updates · 0 rows already up to date · 5 rows rejected/
	);
	await expect(rowOf(page, 2)).toContainText(`Adebayo${stamp}, Tomi`);
	await expect(rowOf(page, 2)).toContainText('New pupil');
	await expect(rowOf(page, 4)).toContainText('Surname is missing');
	await expect(rowOf(page, 5)).toContainText('Year group "Year Ten" is not a year from 1 to 14');
	await expect(rowOf(page, 6)).toContainText('Maths working-at grade: "B" is not a GCSE grade');
	await expect(rowOf(page, 7)).toContainText('Date of birth "31/02/2011" is not a date');
	await expect(rowOf(page, 8)).toContainText('Same pupil as row 2 (same UPN)');
	await expect(rowOf(page, 9)).toContainText(`Çelik${stamp}, Zoë`);
	await expect(page.getByText('Columns not used by Waymark (ignored): Form tutor.')).toBeVisible();

	// Nothing is written before the person confirms.
	expect((await serverDocs(baseURL!, 'pupil')).filter((d) => surnames.includes(String(d.familyName)))).toHaveLength(0);

	const axe = await new AxeBuilder({ page }).analyze();
	expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

	await page.getByRole('button', { name: 'Confirm import of 3 rows' }).click();
	await expect(page.getByTestId('import-result')).toContainText('Added 3 pupils and updated 0.');

	// The pupils and their intake reach the server.
	const imported = async () =>
		(await serverDocs(baseURL!, 'pupil')).filter((d) => surnames.includes(String(d.familyName)));
	await expect.poll(async () => (await imported()).length, { timeout: 15_000 }).toBe(3);
	const ids = new Set((await imported()).map((d) => d._id));
	await expect
		.poll(async () => (await serverDocs(baseURL!, 'intake')).filter((d) => ids.has(d.pupilId)).length, {
			timeout: 15_000
		})
		.toBe(6);
	const adebayo = (await imported()).find((d) => d.familyName === `Adebayo${stamp}`);
	expect(adebayo).toMatchObject({
		upn: `K${upnDigits}6701`,
		yearGroup: 11,
		senStatus: 'sen-support',
		dateOfBirth: '2010-05-03'
	});

	// And appear in the pupil list.
	await page.getByRole('link', { name: 'See pupils' }).click();
	await page.getByLabel('Search by name').fill(`Brennan${stamp}`);
	await expect(page.getByRole('list', { name: 'Pupils' }).getByRole('listitem')).toHaveCount(1);
	await page.getByRole('link', { name: new RegExp(`Brennan${stamp}, Keira`) }).click();
	const maths = page.locator('section', { has: page.getByRole('heading', { name: 'Maths', level: 3 }) }).last();
	await expect(maths).toContainText('Working at');
	await expect(maths).toContainText('Developing'); // written "developing" in the file: stored as the scale spells it

	// Importing the same file again adds no one.
	await page.goto('/pupils');
	await page.getByRole('link', { name: 'Import from CSV' }).click();
	await page.getByLabel('Intake file (CSV)').setInputFiles(file);
	await expect(page.getByTestId('import-summary')).toHaveText(
		/0 new pupils · 0 updates · 3 rows already up to date · 5 rows rejected/
	);
	await expect(rowOf(page, 2)).toContainText('No change');
	await expect(page.getByRole('button', { name: 'Nothing to import' })).toBeDisabled();
	expect(await imported()).toHaveLength(3);
	await context.close();
});

test('visitors cannot import intake data', async ({ browser }) => {
	const { context, page } = await signedInTablet(browser, 'visitor1');
	await page.goto('/pupils/import');
	await expect(page.getByText('Only staff can import')).toBeVisible();
	await expect(page.getByLabel('Intake file (CSV)')).toHaveCount(0);
	await page.goto('/pupils');
	await expect(page.getByRole('heading', { name: 'Pupils', level: 1 })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Import from CSV' })).toHaveCount(0);
	await context.close();
});
