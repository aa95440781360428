import { expect, test } from '@playwright/test';
import { addDays, isoWeekday, localToday } from '../../src/lib/domain/calendar-days';
import { batchTitle, groupByBatch } from '../../src/lib/domain/feedback-batch';
import { feedbackDue } from '../../src/lib/domain/feedback-cycle';
import { DEFAULT_HALF_TERMS, DEFAULT_SETTINGS } from '../../src/lib/domain/settings';
import { makeDoc } from '../support/test-factories';
import { OwnServer } from './own-server';
import { ReportsPage } from './pages/reports-page';
import { TodayPage } from './pages/today-page';
import { passTabletLock } from './support';

// Its own server: switching the organisation to batches must not change the due lists other
// specs on the shared server check.
test('forms in batches by host school: the setting, the grouped due lists on Reports and Today, and the school’s batch PDF', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const today = localToday();
	// Hillcrest's first batch day: the Friday on or before 100 days ago. One pupil joined on the
	// Monday after it, one on the Wednesday: their own dates differ, their school's batch day is one.
	let firstBatch = addDays(today, -100);
	while (isoWeekday(firstBatch) !== 5) firstBatch = addDays(firstBatch, -1);
	const hillcrest = makeDoc('hostSchool', { name: 'Hillcrest Academy', contacts: [] });
	const pupil = (givenName: string, startDate: string, school: { name: string; id?: string }) =>
		makeDoc('pupil', {
			givenName,
			familyName: 'Batch',
			startDate,
			hostSchool: school.name,
			...(school.id ? { hostSchoolId: school.id } : {})
		});
	const ann = pupil('Ann', addDays(firstBatch, 3), { name: 'Hillcrest Academy', id: hillcrest._id });
	const ben = pupil('Ben', addDays(firstBatch, 5), { name: 'Hillcrest Academy', id: hillcrest._id });
	const cy = pupil('Cy', addDays(firstBatch, 3), { name: 'Elsewhere High' });
	const draftFor = (p: typeof ann) =>
		makeDoc('feedbackForm', { pupilId: p._id, periodStart: p.startDate, periodEnd: today, status: 'draft' });

	// What the rule says the screen must show (the rule itself is checked by hand in feedback-batch.spec.ts).
	const dueOf = (p: typeof ann, batched: boolean) => ({
		...feedbackDue({
			startDate: p.startDate,
			forms: [],
			attendedDates: [],
			cycle: DEFAULT_SETTINGS.feedbackCycle,
			halfTerms: DEFAULT_HALF_TERMS,
			today,
			batch: batched ? { weekday: 5, firstDay: firstBatch } : null
		}),
		hostSchool: p.hostSchool
	});
	const { groups } = groupByBatch([dueOf(ann, true), dueOf(ben, true), dueOf(cy, false)]);
	expect(groups).toHaveLength(1);
	expect(dueOf(ann, false).dueDate).not.toBe(dueOf(ben, false).dueDate);
	const title = batchTitle(groups[0]!);

	const server = await OwnServer.start();
	try {
		const org = `batch-${Date.now().toString(36)}`;
		const staff = await server.addStaff(org);
		await server.put(org, [hillcrest, ann, ben, cy, draftFor(ann), draftFor(ben)]);
		const context = await browser.newContext();
		const page = await context.newPage();
		await page.goto(`${server.url}/sign-in`);
		await page.getByLabel('User name').fill(staff.name);
		await page.getByLabel('Password').fill(staff.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
		await passTabletLock(page);

		// Per pupil (the default): each pupil is listed on their own.
		const reports = new ReportsPage(page);
		await reports.open();
		await expect(reports.dueItem('Ann Batch')).toBeVisible({ timeout: 30_000 });
		await expect(reports.dueItem('Ben Batch')).toBeVisible();
		await expect(page.getByText(title)).toHaveCount(0);

		// The organisation chooses batches: Hillcrest on Fridays from its first batch day.
		await page.goto(`${server.url}/settings/organisation`);
		await passTabletLock(page);
		await page.getByLabel('Feedback forms fall due').selectOption('school');
		await expect(page.getByLabel('Hillcrest Academy: batch day')).toHaveValue('5');
		await page.getByLabel('Hillcrest Academy: first batch day').fill(firstBatch);
		await page.getByRole('button', { name: 'Save settings' }).click();
		await expect(page.getByText('Settings saved for everyone in the organisation')).toBeVisible();
		await expect
			.poll(async () => (await server.docs(org, 'settings'))[0]?.feedbackBatches, { timeout: 15_000 })
			.toMatchObject({ bySchool: true, schools: [{ hostSchoolId: hillcrest._id, weekday: 5, firstDay: firstBatch }] });

		// Reports: Hillcrest's forms under one heading with the batch day; Cy (school not on the list) alone.
		await reports.open();
		const batch = page.getByTestId('forms-due-batch');
		await expect(page.getByRole('heading', { name: title })).toBeVisible({ timeout: 30_000 });
		await expect(batch.getByRole('listitem')).toHaveCount(2);
		await expect(batch).toContainText('Ann Batch');
		await expect(batch).toContainText('Ben Batch');
		await expect(reports.dueItem('Cy Batch')).toBeVisible();
		await expect(reports.dueItem('Ann Batch')).toHaveCount(0);

		// The school's batch PDF in one go: chosen from the batch, both forms in one file.
		await page.getByRole('button', { name: 'Batch PDF for Hillcrest Academy' }).click();
		await expect(page.getByLabel('Group')).toHaveValue('school:Hillcrest Academy');
		await page.getByTestId('batch-include-drafts').check();
		await expect(page.getByTestId('batch-count')).toContainText('2 of 2 pupils have a feedback form');
		await reports.download(() => page.getByTestId('batch-pdf').click());
		await expect(page.getByTestId('batch-result')).toContainText('2 documents');

		// Today: one item for the batch, naming its pupils; Cy on his own.
		const todayPage = new TodayPage(page);
		await todayPage.open();
		const item = await todayPage.item('Feedback forms due', title);
		await expect(item).toContainText('Ann Batch, Ben Batch');
		await expect(item).toContainText('2 drafted, not sent');
		await expect(await todayPage.item('Feedback forms due', 'Cy Batch')).toBeVisible();
		await context.close();
	} finally {
		await server.stop();
	}
});
