import { expect, test } from '@playwright/test';
import { addDays, localToday } from '../../src/lib/domain/calendar-days';
import { schoolYearStart } from '../../src/lib/domain/pupil';
import { makeDoc } from '../support/test-factories';
import { PupilPlans } from './pages/pupil-plans';
import { TodayPage } from './pages/today-page';
import { putServerDocs, signedInTablet } from './support';

const today = localToday();

test('year-group rollover: a preview that changes nothing until confirmed, leavers need a destination', async ({
	browser,
	baseURL
}) => {
	const marker = Date.now().toString(36);
	// Year groups entered for last school year: due to move up this September.
	const lastYear = schoolYearStart(today) - 1;
	const mover = makeDoc('pupil', {
		givenName: 'Mo',
		familyName: `Mover${marker}`,
		yearGroup: 8,
		yearGroupSchoolYear: lastYear
	});
	const leaver = makeDoc('pupil', {
		givenName: 'Lee',
		familyName: `Leaver${marker}`,
		yearGroup: 11,
		yearGroupSchoolYear: lastYear
	});
	await putServerDocs(baseURL!, [mover, leaver]);
	const { context, page } = await signedInTablet(browser, 'teacher1');

	await page.goto('/office');
	await page.getByRole('link', { name: /Year-group rollover/ }).click();
	const moving = page.getByRole('list', { name: 'Pupils moving up' });
	await expect(moving.getByText(`Mo Mover${marker}: Year 8 → Year 9`)).toBeVisible({ timeout: 20_000 });
	await expect(page.getByTestId('rollover-summary')).toHaveText(
		/^\d+ pupils? moves? up for \d{4}-\d{2}; \d+ in Year 11 will be marked as leavers — choose each one's destination\.$/
	);
	await expect(page.getByLabel(`Destination for Lee Leaver${marker} (Year 11)`)).toBeVisible();

	// Going back changes nothing.
	await page.getByRole('link', { name: 'Go back without changes' }).click();
	await page.goto(`/pupils/${encodeURIComponent(mover._id)}`);
	await expect(page.getByText(/^Year 8 · KS3/)).toBeVisible({ timeout: 20_000 });

	await page.goto('/pupils/rollover');
	await expect(moving.getByText(`Mo Mover${marker}: Year 8 → Year 9`)).toBeVisible({ timeout: 20_000 });
	await page.getByRole('button', { name: 'Confirm rollover' }).click();
	await expect(page.getByRole('alert').filter({ hasText: 'Choose a destination for' })).toContainText(
		`Lee Leaver${marker}`
	);
	// Every leaver listed needs a destination (earlier runs' pupils may be listed too).
	const selects = page.getByRole('list', { name: 'Pupils leaving' }).getByRole('combobox');
	for (let i = 0; i < (await selects.count()); i++) await selects.nth(i).selectOption('post-16');
	await page.getByRole('button', { name: 'Confirm rollover' }).click();
	await expect(
		page.getByRole('status').filter({ hasText: /^Done: \d+ moved up, \d+ marked as leavers\.$/ })
	).toBeVisible();

	await page.goto(`/pupils/${encodeURIComponent(mover._id)}`);
	await expect(page.getByText(/^Year 9 · KS3/)).toBeVisible({ timeout: 20_000 });
	await page.goto(`/pupils/${encodeURIComponent(leaver._id)}`);
	await expect(page.getByText('Post-16 education or training')).toBeVisible({ timeout: 20_000 });
	await context.close();
});

test('EHCP annual review: overdue on Today, changed on the pupil page', async ({ browser, baseURL }) => {
	const marker = Date.now().toString(36);
	const pupil = makeDoc('pupil', {
		givenName: 'Eve',
		familyName: `Review${marker}`,
		senStatus: 'ehcp',
		ehcpReviewDate: addDays(today, -3)
	});
	await putServerDocs(baseURL!, [pupil]);
	const { context, page } = await signedInTablet(browser, 'teacher1');
	const todayPage = new TodayPage(page);
	await todayPage.open();
	// (The pupil also has no plan yet: that is its own item.)
	const item = (await todayPage.item('Plans and plan reviews due', `Eve Review${marker}`)).filter({
		hasText: 'EHCP annual review'
	});
	await expect(item).toContainText('EHCP annual review overdue by 3 days', { timeout: 20_000 });

	await page.goto(`/pupils/${encodeURIComponent(pupil._id)}`);
	const review = page.getByTestId('ehcp-review');
	await expect(review).toContainText('EHCP annual review overdue by 3 days', { timeout: 20_000 });
	await review.getByRole('button', { name: 'Change review date' }).click();
	await page
		.getByRole('form', { name: 'EHCP annual review date' })
		.getByLabel('EHCP annual review date')
		.fill(addDays(today, 40));
	await page.getByRole('button', { name: 'Save review date' }).click();
	await expect(review).toContainText('EHCP annual review due in 40 days');
	await context.close();
});

test('the numeracy baseline does not ask for a reading age, and a Year 10 pathway works towards GCSE', async ({
	browser,
	baseURL
}) => {
	const marker = Date.now().toString(36);
	const pupil = makeDoc('pupil', { givenName: 'Nia', familyName: `Number${marker}`, yearGroup: 10 });
	await putServerDocs(baseURL!, [pupil]);
	const { context, page } = await signedInTablet(browser, 'teacher1');
	const plans = new PupilPlans(page, pupil._id, `Nia Number${marker}`);
	await plans.open();
	await plans.recordBaseline('Numeracy', async () => {
		await expect(page.getByLabel('Reading age: years')).toHaveCount(0);
		await page.getByLabel('Instrument').fill('Maths baseline');
		await page.getByLabel('Standardised score').fill('78');
		await page.getByRole('button', { name: 'Suggest next steps' }).click();
		const pathway = page.getByLabel('Learning pathway: what to work on next');
		await expect(pathway).toHaveValue(/GCSE Maths Foundation tier/);
		await expect(pathway).not.toHaveValue(/objects and pictures/);
	});
	await context.close();
});
