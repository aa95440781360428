import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { addDays, localToday } from '../../src/lib/domain/calendar-days';
import { validateDocument } from '../../src/lib/domain/kinds';
import { makeDoc } from '../support/test-factories';
import { putServerDocs, serverDocs, signIn } from './support';

async function expectNoAxeViolations(page: Page) {
	expect((await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze()).violations).toEqual([]);
}

test('leaders’ monitoring: a pupil’s late red pen, last exit ticket and missing plan, each opening the place to act; an action written offline reaches the server and the trends CSV', async ({
	browser,
	baseURL
}) => {
	const marker = `Mon${Date.now().toString(36)}`;
	const today = localToday();
	const pupil = makeDoc('pupil', { givenName: 'Maya', familyName: marker, startDate: addDays(today, -60) });
	const lesson = makeDoc('lesson', {
		pupilIds: [pupil._id],
		present: [pupil._id],
		date: addDays(today, -2),
		maxScore: 20
	});
	const ticket = makeDoc('exitTicket', {
		pupilId: pupil._id,
		lessonId: lesson._id,
		date: addDays(today, -2),
		topic: `Ratio ${marker}`,
		score: 14.5,
		maxScore: 20,
		outcome: undefined,
		createdBy: 'teacher2'
	});
	const tenDaysAgo = new Date(Date.now() - 10 * 24 * 3600 * 1000).toISOString();
	const note = makeDoc('markingNote', {
		pupilId: pupil._id,
		pen: 'red',
		kind: 'feedback',
		text: 'Show your working for question 3',
		workTitle: `Essay ${marker}`,
		createdAt: tenDaysAgo,
		updatedAt: tenDaysAgo,
		createdBy: 'teacher2'
	});
	await putServerDocs(baseURL!, [pupil, lesson, ticket, note]);

	const context = await browser.newContext({ viewport: { width: 1080, height: 810 }, hasTouch: true });
	const page = await context.newPage();
	await signIn(page, 'teacher1');
	await page.goto('/office');
	await page.getByRole('link', { name: /Monitoring \(leaders\)/ }).click();
	await expect(page.getByRole('heading', { name: 'Monitoring', level: 1 })).toBeVisible();
	const card = page.getByTestId('monitoring-pupil').filter({ hasText: marker });
	await expect(card).toContainText(`14.5/20 · Ratio ${marker}`, { timeout: 20_000 });
	await expect(card).toContainText('(teacher2)');
	await expect(card).toContainText(`Red-pen feedback on “Essay ${marker}” unanswered for 10 days`);
	await expect(card.getByRole('link', { name: 'No personalised plan yet' })).toHaveAttribute(
		'href',
		`/pupils/${encodeURIComponent(pupil._id)}/plan/new`
	);
	await expect(page.getByTestId('monitoring-staff').filter({ hasText: 'teacher2' })).toContainText(`Maya ${marker}`);
	await expectNoAxeViolations(page);

	// Offline: a leader writes what is being done about it; it is listed at once.
	await context.setOffline(true);
	await page.getByText('Add an action').click();
	await page.getByRole('button', { name: 'Save action' }).click();
	await expect(page.getByRole('textbox', { name: /What we are doing about it/ })).toHaveAccessibleDescription(
		/What we are doing about it is required/
	);
	await page.getByRole('combobox', { name: 'About' }).selectOption({ label: `Maya ${marker}` });
	await page.getByRole('combobox', { name: /^Trend/ }).selectOption({ label: 'Attendance' });
	await page.getByRole('combobox', { name: /^Positive or negative/ }).selectOption({ label: 'Negative: address it' });
	await page.getByRole('textbox', { name: /What we are doing about it/ }).fill(`Mentor check-in daily ${marker}`);
	await page.getByRole('button', { name: 'Save action' }).click();
	const actions = page.getByRole('list', { name: 'Actions on trends' });
	await expect(actions).toContainText(
		`Maya ${marker}: Attendance · Negative: address it — Mentor check-in daily ${marker}`
	);
	await expectNoAxeViolations(page);

	// The red-pen line opens the piece of work to follow it up.
	await card.getByRole('link', { name: /Red-pen feedback on/ }).click();
	await expect(
		page.getByRole('list', { name: /Notes on this work/ }).getByText('Show your working for question 3')
	).toBeVisible();

	await context.setOffline(false);
	await expect
		.poll(async () => (await serverDocs(baseURL!, 'trendAction')).find((d) => String(d.action).includes(marker)), {
			timeout: 30_000
		})
		.toMatchObject({ about: 'pupil', pupilId: pupil._id, topic: 'attendance', direction: 'negative' });
	const saved = (await serverDocs(baseURL!, 'trendAction')).find((d) => String(d.action).includes(marker))!;
	expect(validateDocument(saved)).toMatchObject({ ok: true });

	// Printed with the trends: the table behind the CSV holds it.
	await page.goto('/trends');
	await expect(page.getByTestId('figure-actions-on-trends')).toContainText(`Mentor check-in daily ${marker}`, {
		timeout: 20_000
	});
	await context.close();
});
