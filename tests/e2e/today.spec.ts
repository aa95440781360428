import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { localToday } from '../../src/lib/domain/calendar-days';
import { isSchoolDay } from '../../src/lib/domain/register';
import { DEFAULT_HALF_TERMS } from '../../src/lib/domain/settings';
import { makeDoc } from '../support/test-factories';
import { TodayPage } from './pages/today-page';
import { putServerDocs, signedInTablet } from './support';

test('Today lists what is due, each item opens the place to do it, and items go as they are done', async ({
	browser,
	baseURL
}) => {
	const today = localToday();
	const marker = `Today${Date.now().toString(36)}`;
	// Started long ago, so this pupil's call, form and review are the most overdue on the server.
	const pupil = makeDoc('pupil', { givenName: 'Tia', familyName: marker, startDate: '2018-09-03' });
	const name = `Tia ${marker}`;
	const lesson = makeDoc('lesson', {
		date: today,
		subject: 'maths',
		topic: `Ratio ${marker}`,
		teacher: 'teacher1',
		pupilIds: [pupil._id],
		present: []
	});
	const work = makeDoc('hostWork', {
		pupilId: pupil._id,
		subject: 'science',
		description: `Cells ${marker}`,
		receivedDate: '2018-09-10',
		dueDate: '2018-10-01',
		status: 'set'
	});
	const plan = makeDoc('plan', { pupilId: pupil._id, startDate: '2018-09-10', reviewDate: '2018-12-03' });
	await putServerDocs(baseURL!, [pupil, lesson, work, plan]);

	const { context, page } = await signedInTablet(browser, 'teacher1');
	const todayPage = new TodayPage(page);
	await todayPage.open();
	await expect(todayPage.section('Parent and carer calls due').getByRole('link').first()).toBeVisible({
		timeout: 20_000
	});
	const axe = await new AxeBuilder({ page }).analyze();
	expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);

	// Each item opens the place to do it.
	const lessonItem = await todayPage.item('Lessons to register and mark', `Ratio ${marker}`);
	await expect(lessonItem).toContainText('Register not taken', { timeout: 20_000 });
	await lessonItem.click();
	await expect(page.getByRole('heading', { name: `Maths: Ratio ${marker}`, level: 1 })).toBeVisible();

	await todayPage.open();
	await (await todayPage.item('Feedback forms due', name)).click();
	await expect(page.getByRole('heading', { name: `Feedback form: ${name}`, level: 1 })).toBeVisible();

	await todayPage.open();
	await (await todayPage.item('Plans and plan reviews due', name)).click();
	await expect(page.getByRole('heading', { name: 'Review the plan', level: 1 })).toBeVisible();
	await expect(page).toHaveURL(new RegExp(`/plan/${encodeURIComponent(plan._id)}/review$`));

	if (isSchoolDay(today, DEFAULT_HALF_TERMS)) {
		await todayPage.open();
		await (await todayPage.item('Attendance not yet taken', 'Morning register')).click();
		await expect(page.getByRole('heading', { name: 'Attendance register', level: 1 })).toBeVisible();
		await expect(page.getByRole('textbox', { name: 'Date', exact: true })).toHaveValue(today);
		await expect(page.getByRole('radio', { name: 'Morning (AM)' })).toBeChecked();
	}

	// A call made from Today's link takes the pupil off the list.
	await todayPage.open();
	const callItem = await todayPage.item('Parent and carer calls due', name);
	await expect(callItem).toContainText('Overdue');
	await callItem.click();
	const form = page.getByRole('form', { name: `Log a call about ${name}` });
	await form.getByLabel('Who was contacted').fill('Mr Tia');
	await form.getByRole('radio', { name: 'Spoke to them' }).check();
	await form.getByLabel('What was discussed').fill('Ratio work finished; more confident in maths.');
	await form.getByRole('button', { name: 'Save call' }).click();
	await expect(form).toBeHidden();

	// Host work returned from Today's link leaves the list too.
	await todayPage.open();
	const workItem = await todayPage.item('Host-school work due', name);
	await expect(workItem).toContainText(`Cells ${marker}`);
	await workItem.click();
	await page
		.getByRole('article', { name: `${name}: Science work` })
		.getByRole('radio', { name: 'Returned to school' })
		.check();
	await expect(page.getByRole('heading', { name: 'Returned to school (1)' })).toBeVisible();

	await todayPage.open();
	await expect(todayPage.section('Feedback forms due').getByRole('link').first()).toBeVisible();
	for (const title of ['Parent and carer calls due', 'Host-school work due']) {
		const more = page.getByRole('button', { name: new RegExp(`^Show all \\d+: ${title}$`) });
		if (await more.count()) await more.click();
		await expect(
			page.getByRole('list', { name: title, exact: true }).getByRole('link').filter({ hasText: name })
		).toHaveCount(0);
	}
	await context.close();
});
