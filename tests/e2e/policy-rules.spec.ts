import { expect, test } from '@playwright/test';
import { addDays, localToday } from '../../src/lib/domain/calendar-days';
import { reportHalfTerm } from '../../src/lib/domain/half-term';
import { reportsDue } from '../../src/lib/domain/report-due';
import { DEFAULT_HALF_TERMS, DEFAULT_SETTINGS } from '../../src/lib/domain/settings';
import { makeDoc } from '../support/test-factories';
import { pdfPages, ReportsPage } from './pages/reports-page';
import { TodayPage } from './pages/today-page';
import { putServerDocs, signedInTablet } from './support';

const today = localToday();

test('50 of 69 sessions reads 72% on the pupil page, in the report editor and in the PDF header and body', async ({
	browser,
	baseURL
}) => {
	const marker = Date.now().toString(36);
	const term = reportHalfTerm(today, DEFAULT_SETTINGS.halfTerms)!;
	const pupil = makeDoc('pupil', {
		givenName: 'Ada',
		familyName: `Sessions${marker}`,
		yearGroup: 10,
		hostSchool: `Hillcrest ${marker}`,
		startDate: term.start
	});
	// 69 sessions on 35 days of the half term, 50 of them attended (present or late).
	const marks = Array.from({ length: 69 }, (_, i) =>
		makeDoc('attendance', {
			pupilId: pupil._id,
			date: addDays(term.start, Math.floor(i / 2)),
			session: i % 2 === 0 ? 'am' : 'pm',
			mark: i < 40 ? 'present' : i < 50 ? 'late' : 'unauthorised-absence'
		})
	);
	await putServerDocs(baseURL!, [pupil, ...marks]);

	const { context, page } = await signedInTablet(browser, 'teacher1');
	await page.goto(`/pupils/${encodeURIComponent(pupil._id)}`);
	await expect(page.getByTestId('attendance-all-time')).toHaveText('72% (50 of 69 sessions)', { timeout: 20_000 });

	await page.getByRole('link', { name: 'Write half-term report' }).click();
	await expect(page.getByLabel('Attendance for the half term')).toHaveValue('72');
	await expect(page.getByLabel('Emotional progress')).toHaveValue(
		/Ada’s attendance this half term was 72% \(50 of 69 sessions\)\./
	);
	await page.getByRole('button', { name: 'Save draft' }).click();
	await expect(page).toHaveURL(/\/reports\/half-term\/progressReport/);

	const download = await new ReportsPage(page).download(() =>
		page.getByRole('button', { name: 'Download PDF' }).click()
	);
	const text = (await pdfPages(await download.path())).join(' ');
	expect(text).toMatch(/Attendance\s+72%/);
	expect(text).toContain('72% (50 of 69 sessions)');
	expect(text).not.toContain('73%');
	await context.close();
});

test('a draft does not clear "due", an unreported period is listed, and half-term reports are due until sent', async ({
	browser,
	baseURL
}) => {
	const marker = Date.now().toString(36);
	const pupil = makeDoc('pupil', { givenName: 'Cy', familyName: `Cadence${marker}`, startDate: '2018-09-03' });
	const name = `Cy Cadence${marker}`;
	const sent = (periodStart: string, periodEnd: string) =>
		makeDoc('feedbackForm', {
			pupilId: pupil._id,
			periodStart,
			periodEnd,
			status: 'sent',
			sentAt: `${periodEnd}T15:00:00.000Z`,
			sentTo: 'Head of Year'
		});
	// Sent forms to 21 Sep and from 8 Oct 2018: the fortnight between was never reported. The form
	// after them is only drafted, three days ago.
	const draft = makeDoc('feedbackForm', {
		pupilId: pupil._id,
		periodStart: '2018-10-27',
		periodEnd: today,
		lessonsAttended: 0,
		topics: [],
		status: 'draft',
		createdAt: new Date(Date.now() - 3 * 86_400_000).toISOString()
	});
	await putServerDocs(baseURL!, [pupil, sent('2018-09-03', '2018-09-21'), sent('2018-10-08', '2018-10-26'), draft]);

	const { context, page } = await signedInTablet(browser, 'teacher1');
	const todayPage = new TodayPage(page);
	await todayPage.open();
	const item = await todayPage.item('Feedback forms due', name);
	await expect(item).toContainText('Overdue', { timeout: 20_000 });
	await expect(item).toContainText('0 lessons attended, fewer than 10');
	await expect(item).toContainText('drafted, not sent (3 days)');
	await expect(item).toContainText('not reported: 22 Sep 2018 – 7 Oct 2018');

	// "Each pupil has a personalised plan": this pupil has none yet.
	await expect(await todayPage.item('Plans and plan reviews due', name)).toContainText('No personalised plan yet');

	const expected = reportsDue({ pupil, reports: [], halfTerms: DEFAULT_HALF_TERMS, today });
	if (expected.length) {
		const report = await todayPage.item('Half-term reports due', name);
		const first = expected[0]!;
		await expect(report.first()).toContainText(`${first.halfTerm.name} report ${first.status}`);
	}

	await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
	const due = page.getByTestId('forms-due').getByRole('listitem').filter({ hasText: name });
	await expect(due).toContainText('drafted, not sent (3 days)');
	await expect(due).toContainText('not reported: 22 Sep 2018 – 7 Oct 2018');
	await expect(due.getByRole('link', { name: `Open draft for ${name}` })).toHaveAttribute(
		'href',
		`/reports/feedback/${encodeURIComponent(draft._id)}`
	);
	if (expected.length)
		await expect(page.getByTestId('reports-due').getByRole('listitem').filter({ hasText: name }).first()).toContainText(
			expected[0]!.halfTerm.name
		);
	await context.close();
});

test('Today asks for exit tickets in a Maths lesson, not in a PE or construction lesson', async ({
	browser,
	baseURL
}) => {
	const marker = Date.now().toString(36);
	const pupil = makeDoc('pupil', { givenName: 'Ed', familyName: `Exit${marker}`, startDate: '2026-09-07' });
	// Registered (the pupil present) and no exit ticket marked in any of the three.
	const lesson = (subject: string) =>
		makeDoc('lesson', {
			date: today,
			subject,
			topic: `Topic ${marker}`,
			teacher: 'teacher1',
			pupilIds: [pupil._id],
			present: [pupil._id]
		});
	await putServerDocs(baseURL!, [pupil, lesson('maths'), lesson('pe'), lesson('construction')]);

	const { context, page } = await signedInTablet(browser, 'teacher1');
	const todayPage = new TodayPage(page);
	await todayPage.open();
	const lessons = await todayPage.item('Lessons to register and mark', `Topic ${marker}`);
	await expect(lessons.first()).toContainText('1 exit ticket to mark', { timeout: 20_000 });
	await expect(lessons).toHaveCount(1);
	await expect(lessons).toContainText(`Maths: Topic ${marker}`);
	await context.close();
});
