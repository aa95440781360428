import { expect, test } from '@playwright/test';
import { addDays, localToday } from '../../src/lib/domain/calendar-days';
import { reportHalfTerm } from '../../src/lib/domain/half-term';
import { DEFAULT_SETTINGS } from '../../src/lib/domain/settings';
import { makeDoc } from '../support/test-factories';
import { pdfPages, ReportsPage } from './pages/reports-page';
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
		/Attendance this half term: 72% \(50 of 69 sessions\)\./
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
