/** The data protection officer's retention page (issue 17.9): the report shows what is due, deletion asks first, names what goes, and leaves a certificate. */
import { expect, test, type Browser } from '@playwright/test';
import { makeDoc } from '../support/test-factories';
import { newOrganisationAdmin, putServerDocs, serverDocs, signInEnrollingSecondFactor } from './support';

test('the DPO sees a record due under the schedule, confirms its deletion by name, and gets a certificate', async ({
	browser,
	baseURL
}) => {
	const suffix = Date.now().toString(36);
	// A pupil who left years ago, born 1990: their file fell due on their 25th birthday in 2015.
	const pupil = makeDoc('pupil', {
		givenName: 'Retained',
		familyName: `Leaver${suffix}`,
		dateOfBirth: '1990-05-04',
		status: 'left',
		endDate: '2006-07-20',
		senStatus: 'none'
	});
	const plan = makeDoc('plan', { pupilId: pupil._id });
	await putServerDocs(baseURL!, [pupil, plan]);

	const { page, context, dpo } = await signInAsNewAdmin(browser, baseURL!);

	await page.goto('/retention');
	const rule = page.getByRole('region', { name: 'Pupil file (educational record)' });
	await expect(rule).toContainText(`Retained Leaver${suffix}`);
	await expect(rule).toContainText('Date of birth 4 May 1990 + 25 years: due for deletion since 4 May 2015.');
	await expect(rule).toContainText('kept until the pupil’s 25th birthday');

	await rule.getByRole('button', { name: /^Delete the \d+ records? due/ }).click();
	const dialog = page.getByRole('dialog');
	await expect(dialog).toContainText(`Retained Leaver${suffix}`);
	await expect(dialog).toContainText('This cannot be undone');
	// Cancel first: nothing goes.
	await dialog.getByRole('button', { name: 'Cancel' }).click();
	expect((await serverDocs(baseURL!, 'plan')).some((d) => d._id === plan._id)).toBe(true);

	await rule.getByRole('button', { name: /^Delete the \d+ records? due/ }).click();
	await page
		.getByRole('dialog')
		.getByRole('button', { name: /^Delete \d+ records?$/ })
		.click();
	await expect(
		page.getByRole('status').filter({ hasText: 'deleted under “Pupil file (educational record)”' })
	).toBeVisible();
	const certificates = page.getByRole('list', { name: 'Deletion certificates, newest first' });
	await expect(certificates.getByRole('listitem').first()).toContainText(
		`by ${dpo.name}, under “Pupil file (educational record)”`
	);
	// The pupil is no longer listed anywhere on the report.
	await expect(page.getByText(`Retained Leaver${suffix}`)).toHaveCount(0);
	const ids = (await serverDocs(baseURL!)).map((d) => d._id);
	expect(ids).not.toContain(plan._id);
	expect(ids).not.toContain(pupil._id);

	const download = page.waitForEvent('download');
	await certificates.getByRole('button', { name: 'Download certificate' }).first().click();
	expect((await download).suggestedFilename()).toMatch(/^deletion-certificate-/);
	await context.close();
});

/** A new member of staff with the organisation's admin role (the DPO), signed in with their second factor. */
async function signInAsNewAdmin(browser: Browser, baseURL: string) {
	const dpo = await newOrganisationAdmin(baseURL, 'dpo');
	return { ...(await signInEnrollingSecondFactor(browser, dpo)), dpo };
}

test('the schedule is changed in organisation settings and the report follows it', async ({ browser, baseURL }) => {
	const suffix = Date.now().toString(36);
	// A leaver's register entry from March 2019: due after 6 years (March 2025), kept under 10.
	const pupil = makeDoc('pupil', {
		givenName: 'Registered',
		familyName: `Leaver${suffix}`,
		dateOfBirth: '2008-05-04',
		status: 'left',
		endDate: '2019-07-20',
		senStatus: 'none'
	});
	const mark = makeDoc('attendance', { pupilId: pupil._id, date: '2019-03-04' });
	await putServerDocs(baseURL!, [pupil, mark]);
	const { page, context } = await signInAsNewAdmin(browser, baseURL!);

	await page.goto('/retention');
	const rule = page.getByRole('region', { name: 'Attendance register entries' });
	await expect(rule).toContainText(`Registered Leaver${suffix}`);

	await page.goto('/settings/organisation');
	const years = page.getByLabel('Attendance register entries: years kept');
	await expect(years).toHaveValue('6');
	// A wrong entry first: told in plain words, nothing saved.
	await years.fill('0');
	await page.getByRole('button', { name: 'Save settings' }).click();
	await expect(page.getByText('Keep records at least 1 year')).toBeVisible();
	await years.fill('10');
	await expect(page.getByText('Date of the entry + 10 years')).toBeVisible();
	await page.getByRole('button', { name: 'Save settings' }).click();
	await expect(page.getByText('Settings saved for everyone in the organisation')).toBeVisible();
	// The server judges by the saved schedule once the settings reach it.
	await expect
		.poll(
			async () => {
				await page.goto('/retention');
				await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
				return page.getByText(`Registered Leaver${suffix}`).count();
			},
			{ timeout: 30_000 }
		)
		.toBe(0);
	expect((await serverDocs(baseURL!, 'attendance')).some((d) => d._id === mark._id)).toBe(true);
	await context.close();
});
