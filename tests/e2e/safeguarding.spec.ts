import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser } from '@playwright/test';
import { makeDoc } from '../support/test-factories';
import { DEMO, putServerDocs, serverDocs, signedInTablet, signInEnrollingSecondFactor } from './support';

/** The safeguarding lead's account asks for a second factor: enrol at first sign-in, keep the codes. */
const signInAsLead = (browser: Browser) => signInEnrollingSecondFactor(browser, DEMO.dsl1);

const adminAuth = () => 'Basic ' + Buffer.from(`admin:${process.env.WAYMARK_E2E_ADMIN_PASSWORD}`).toString('base64');

test('offline: a teacher records a safeguarding concern; online it goes to the lead only and leaves the tablet', async ({
	browser,
	baseURL
}) => {
	const marker = Date.now().toString(36);
	const pupil = makeDoc('pupil', { givenName: 'Shola', familyName: `Safe${marker}` });
	await putServerDocs(baseURL!, [pupil]);
	const { context, page } = await signedInTablet(browser, 'teacher1');
	await page.setViewportSize({ width: 1080, height: 810 });
	await page.goto(`/pupils/${encodeURIComponent(pupil._id)}`);
	await expect(page.getByRole('heading', { name: `Shola Safe${marker}` })).toBeVisible({ timeout: 20_000 });
	await context.setOffline(true);

	await page.getByRole('link', { name: 'Safeguarding concern' }).click();
	await expect(page).toHaveTitle('Record a safeguarding concern · Waymark');
	// Nothing chosen yet: the form says what is missing, in plain words.
	await page.getByRole('button', { name: 'Send to the safeguarding lead' }).click();
	await expect(page.getByText('Choose what kind of concern this is')).toBeVisible();
	await page.getByLabel('What kind of concern').selectOption({ label: 'A disclosure by the pupil' });
	const account = `At lunch Shola said she is scared to go home because of shouting (${marker}).`;
	await page.getByLabel('What happened').fill(account);
	await page.getByLabel('What you did (optional)').fill('Listened and told her I would pass it on today.');
	const axe = await new AxeBuilder({ page }).include('main').analyze();
	expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
	await page.getByRole('button', { name: 'Send to the safeguarding lead' }).click();
	await page.waitForURL('**/safeguarding');
	await expect(page.getByTestId('concerns-waiting')).toHaveText(
		'1 concern is on this tablet, waiting to reach the office server.'
	);
	// Never an organisation record: not in the outbox the sync indicator counts.
	await expect(page.getByTestId('sync-waiting')).toHaveText('0 waiting');
	await page.reload();
	await expect(page.getByTestId('concerns-waiting')).toHaveText(
		'1 concern is on this tablet, waiting to reach the office server.'
	);

	await context.setOffline(false);
	await expect(page.getByTestId('concerns-waiting')).toHaveText('No concerns waiting on this tablet.', {
		timeout: 90_000
	});
	// The teacher who wrote it cannot read it back, here or on the server.
	await expect(page.getByText(account)).toHaveCount(0);
	await expect(page.getByRole('heading', { name: 'Concerns received' })).toHaveCount(0);
	const asTeacher = await page.evaluate(() =>
		fetch('/couch/safeguarding-demo/_all_docs?include_docs=true', { credentials: 'include' }).then((r) => r.status)
	);
	expect([401, 403]).toContain(asTeacher);
	// It reached the restricted database, and not the organisation database every tablet replicates.
	const restricted = (await (
		await fetch(`${baseURL}/couch/safeguarding-demo/_all_docs?include_docs=true`, {
			headers: { Authorization: adminAuth() }
		})
	).json()) as { rows: { doc: { account?: string } }[] };
	expect(restricted.rows.filter((r) => r.doc.account === account)).toHaveLength(1);
	expect((await serverDocs(baseURL!)).filter((d) => d.account === account)).toHaveLength(0);
	await context.close();

	const lead = await signInAsLead(browser);
	await lead.page.goto('/safeguarding');
	const concern = lead.page.getByRole('article', { name: `Concern about Shola Safe${marker}` });
	await expect(concern).toContainText(account, { timeout: 20_000 });
	await expect(concern).toContainText('A disclosure by the pupil');
	await expect(concern).toContainText('recorded by teacher1');
	await lead.context.close();
});
