import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { validateDocument } from '../../src/lib/domain/kinds';
import { serverDocs, signedInTablet } from './support';

/** A fixture with its surnames and UPNs made unique to this run (the e2e server is shared). */
function ctf(name: string, stamp: string, upnDigits: string) {
	const text = readFileSync(new URL(`../fixtures/intake/${name}`, import.meta.url), 'utf8')
		.replace(/<Surname>(\w+)<\/Surname>/g, `<Surname>$1${stamp}</Surname>`)
		.replace(/H88440011/g, `H${upnDigits}`);
	return { name: `transfer-${stamp}.xml`, mimeType: 'text/xml', buffer: Buffer.from(text, 'utf8') };
}

test('a Common Transfer File previews each pupil with reasons for what is left out, imports on confirm with attendance and results, and syncs', async ({
	browser,
	baseURL
}) => {
	const stamp = `c${Date.now().toString(36)}`;
	const upnDigits = String(Date.now()).slice(-8);
	const { context, page } = await signedInTablet(browser, 'teacher1');
	await page.goto('/pupils/import');
	const picker = page.getByLabel('Intake file (CSV) or Common Transfer File (XML)');

	// A file cut off part-way and one from an old MIS: a clear message, nothing to confirm.
	await picker.setInputFiles(ctf('ctf-malformed.xml', stamp, upnDigits));
	await expect(page.getByRole('alert').filter({ hasText: 'This file cannot be imported' })).toContainText(
		'This file is not complete, readable XML'
	);
	await expect(page.getByRole('button', { name: /Confirm import/ })).toHaveCount(0);
	await picker.setInputFiles(ctf('ctf-unknown-version.xml', stamp, upnDigits));
	await expect(page.getByRole('alert').filter({ hasText: 'This file cannot be imported' })).toContainText(
		'This Common Transfer File is version 17.0; Waymark reads versions 22 and 23.'
	);

	await picker.setInputFiles(ctf('ctf-good.xml', stamp, upnDigits));
	await expect(page.getByTestId('import-summary')).toHaveText(
		/2 new pupils · 0 updates · 0 rows already up to date · 1 row rejected/
	);
	await expect(page.getByRole('columnheader', { name: 'Pupil' }).first()).toBeVisible();
	await expect(page.getByTestId('import-row-1')).toContainText(`Okonkwo${stamp}, Tobi`);
	await expect(page.getByTestId('import-row-3')).toContainText('Date of birth "2011-02-31" is not a date');
	await expect(page.getByTestId('import-parts-left-out')).toContainText(
		`Okonkwo${stamp}, Tobi: Attendance for 2024 left out: the number of possible sessions is missing or not a number; A KS2 result left out: it has no result`
	);
	const axe = await new AxeBuilder({ page }).analyze();
	expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
	expect((await serverDocs(baseURL!, 'pupil')).filter((d) => String(d.familyName).endsWith(stamp))).toHaveLength(0);

	await page.getByRole('button', { name: 'Confirm import of 2 rows' }).click();
	await expect(page.getByTestId('import-result')).toContainText('Added 2 pupils and updated 0.');
	await expect
		.poll(
			async () => (await serverDocs(baseURL!, 'pupil')).filter((d) => String(d.familyName).endsWith(stamp)).length,
			{
				timeout: 15_000
			}
		)
		.toBe(2);
	const tobi = (await serverDocs(baseURL!, 'pupil')).find((d) => d.familyName === `Okonkwo${stamp}`)!;
	expect(tobi).toMatchObject({
		upn: `H${upnDigits}001A`,
		yearGroup: 9,
		senStatus: 'ehcp',
		hostSchool: 'Hillcrest High School',
		transferRecord: { ctfVersion: '23.0', attendance: [{ year: '2025', sessionsPossible: 324 }] }
	});
	expect(validateDocument(tobi)).toMatchObject({ ok: true });

	// The pupil page shows what the transfer file said.
	await page.goto(`/pupils/${encodeURIComponent(String(tobi._id))}`);
	const card = page
		.locator('section, div', { has: page.getByRole('heading', { name: 'From the Common Transfer File' }) })
		.last();
	await expect(card).toContainText('2025: 81.8% of 324 sessions · 18 authorised · 41 unauthorised absences');
	await expect(card).toContainText('KS2 MAT (SCSC): 104, 2023');
	await context.close();
});
