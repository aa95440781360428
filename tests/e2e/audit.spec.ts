/**
 * The audit (issue 17.8): an export made on a classroom tablet, offline, reaches the head of
 * centre's Audit page by sync; the subject access export lists it; classroom staff cannot open it.
 */
import { expect, test, type Browser } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { makeDoc } from '../support/test-factories';
import {
	expectWaiting,
	newOrganisationAdmin,
	putServerDocs,
	serverDocs,
	signedInTablet,
	signInEnrollingSecondFactor
} from './support';

/** A head of centre: staff in the app and the organisation's admin (who signs in with a code). */
async function headOfCentreTablet(browser: Browser, baseURL: string) {
	const head = await newOrganisationAdmin(baseURL, 'head-audit');
	return { ...(await signInEnrollingSecondFactor(browser, head, { acceptDownloads: true })), head };
}

test('an evidence pack exported offline on a classroom tablet shows on the head of centre’s Audit page and in the subject access export', async ({
	browser,
	baseURL
}) => {
	const pupil = makeDoc('pupil', { givenName: 'Audra', familyName: `Ledger${Date.now().toString(36)}` });
	await putServerDocs(baseURL!, [pupil]);
	const name = `Audra ${pupil.familyName}`;

	// Teacher 1 exports the evidence pack with no connection: the audit line waits on the tablet.
	const teacher = await signedInTablet(browser, 'teacher1');
	await teacher.page.goto(`/pupils/${encodeURIComponent(pupil._id)}/timeline`);
	await expect(teacher.page.getByRole('heading', { level: 1, name: `Progress timeline: ${name}` })).toBeVisible();
	await teacher.context.setOffline(true);
	const pdf = teacher.page.waitForEvent('download');
	await teacher.page.getByRole('button', { name: 'Evidence pack (PDF)' }).click();
	await pdf;
	await expectWaiting(teacher.page, 1);
	// Classroom staff have no Audit page.
	await teacher.page.goto('/office');
	await expect(teacher.page.getByRole('link', { name: /^Audit/ })).toHaveCount(0);
	await teacher.page.goto('/audit');
	await expect(
		teacher.page.getByText('Only the head of centre (the organisation’s admin) can read the audit.')
	).toBeVisible();
	await expect(teacher.page.getByTestId('audit-lines')).toHaveCount(0);
	await teacher.context.setOffline(false);
	await expectWaiting(teacher.page, 0, 30_000);
	const lines = (await serverDocs(baseURL!, 'auditRecord')).filter((d) => (d.pupilIds as string[]).includes(pupil._id));
	expect(lines).toMatchObject([{ kind: 'evidence-pack', createdBy: 'teacher1' }]);
	await teacher.context.close();

	// The head of centre reads it on the Audit page, newest first, filtered by the pupil.
	const { context, page, head } = await headOfCentreTablet(browser, baseURL!);
	await page.goto('/office');
	await page.getByRole('link', { name: /^Audit/ }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Audit' })).toBeVisible();
	// The pupil reaches this tablet with its first sync.
	await expect(page.getByLabel('Pupil').locator('option', { hasText: name })).toHaveCount(1, { timeout: 30_000 });
	await page.getByLabel('Pupil').selectOption({ label: name });
	await expect(page.getByTestId('audit-lines').getByRole('listitem').first()).toContainText(
		`teacher1 exported the evidence pack for ${name}`,
		{ timeout: 30_000 }
	);
	// The server's sign-ins: the head's own, just now.
	await expect(page.getByTestId('sign-in-lines').getByRole('row').nth(1)).toContainText(head.name);
	await expect(page.getByTestId('sign-in-lines').getByRole('row').nth(1)).toContainText('Signed in');

	// The subject access export for the pupil lists who exported their records.
	await page.goto(`/pupils/${encodeURIComponent(pupil._id)}/timeline`);
	const json = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Export all records (JSON)' }).click();
	const sar = JSON.parse(await readFile(await (await json).path(), 'utf8')) as {
		audit: { by: string; what: string; summary: string }[];
	};
	expect(sar.audit).toContainEqual(
		expect.objectContaining({
			by: 'teacher1',
			what: 'exported the evidence pack',
			summary: expect.stringContaining(name)
		})
	);
	// …and that export is itself audited.
	await page.goto('/audit');
	await page.getByLabel('What').selectOption({ label: 'Subject access export' });
	await expect(page.getByTestId('audit-lines').getByRole('listitem').first()).toContainText(
		`${head.name} exported the subject access copy for ${name}`
	);
	await context.close();
});
