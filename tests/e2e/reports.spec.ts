import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { addDays, localToday } from '../../src/lib/domain/calendar-days';
import { reportHalfTerm } from '../../src/lib/domain/half-term';
import { DEFAULT_HALF_TERMS } from '../../src/lib/domain/settings';
import { makeDoc } from '../support/test-factories';
import { RegisterPage } from './pages/logs-pages';
import { pdfPages, ReportsPage } from './pages/reports-page';
import { putServerDocs, serverDocs, signedInTablet } from './support';

const today = localToday();

test('a feedback form drafted offline lists only lessons attended, prints ATL and progress to the PDF, and stays as sent when edited', async ({
	browser,
	baseURL
}) => {
	const marker = Date.now().toString(36);
	const pupil = makeDoc('pupil', {
		givenName: 'Rhea',
		familyName: `Form${marker}`,
		yearGroup: 9,
		hostSchool: `Hillside ${marker}`,
		startDate: addDays(today, -25)
	});
	const name = `Rhea Form${marker}`;
	// Twelve lessons in the pupil's first three weeks; the register shows them absent from two.
	const lessons = Array.from({ length: 12 }, (_, i) => {
		const isMissed = i === 2 || i === 7;
		return makeDoc('lesson', {
			date: addDays(today, -24 + i),
			subject: ['maths', 'english', 'science'][i % 3],
			topic: isMissed ? `Missed ${marker} ${i}` : `Attended ${marker} ${i}`,
			pupilIds: [pupil._id],
			present: isMissed ? [] : [pupil._id]
		});
	});
	const ticket = makeDoc('exitTicket', {
		pupilId: pupil._id,
		lessonId: lessons[0]!._id,
		date: lessons[0]!.date,
		subject: 'maths',
		topic: `Attended ${marker} 0`,
		outcome: undefined,
		score: 8,
		maxScore: 10
	});
	// Registers for four sessions in the period: present, late, absent, present.
	const marks = (['present', 'late', 'unauthorised-absence', 'present'] as const).map((mark, i) =>
		makeDoc('attendance', { pupilId: pupil._id, date: addDays(today, -20 + i), session: 'am', mark })
	);
	await putServerDocs(baseURL!, [pupil, ...lessons, ticket, ...marks]);

	const { context, page } = await signedInTablet(browser, 'teacher1');
	const reports = new ReportsPage(page);
	await reports.open();
	await expect(reports.dueItem(name)).toContainText('Due', { timeout: 20_000 });

	await context.setOffline(true);
	await reports
		.dueItem(name)
		.getByRole('link', { name: `Draft form for ${name}` })
		.click();
	await expect(page.getByRole('heading', { name: `Feedback form: ${name}`, level: 1 })).toBeVisible();
	await expect(page.getByTestId('lessons-attended')).toHaveText('10');
	const topics = page.getByTestId('topics');
	await expect(topics).toContainText(`Attended ${marker} 0`);
	await expect(topics).not.toContainText('Missed');
	await expect(page.getByText('8/10 (80%)')).toBeVisible();
	await expect(page.getByTestId('basis')).toHaveText('National Curriculum expectations (KS3) for Year 9');
	await expect(page.getByTestId('form-attendance')).toHaveText('75% (3 of 4 sessions)');
	await page.getByLabel('Your name as the school knows you').fill('Ms A. Khan');
	await page.getByLabel('Your role').fill('Maths teacher');

	const axe = await new AxeBuilder({ page }).analyze();
	expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

	// Saving without a judgement says what is missing beside it.
	await page.getByRole('button', { name: 'Save draft' }).click();
	await expect(page.getByText('Choose the ATL grade (1 to 4)')).toBeVisible();
	await reports.chooseAtl('3 Good');
	await reports.chooseProgress('Meeting');
	await page.getByRole('button', { name: 'Save draft' }).click();
	await expect(page).toHaveURL(/\/reports\/feedback\/feedbackForm/);
	await expect(page.getByText('Draft, not sent')).toBeVisible();

	const download = await reports.download(() => page.getByRole('button', { name: 'Download PDF' }).click());
	expect(download.suggestedFilename()).toMatch(
		new RegExp(`^Rhea-Form${marker}_feedback-form_\\d{4}-\\d{2}-\\d{2}_to_\\d{4}-\\d{2}-\\d{2}\\.pdf$`)
	);
	const [text] = await pdfPages(await download.path());
	for (const expected of [
		name,
		`Hillside ${marker}`,
		'3 — Good',
		'Meeting',
		`Attended ${marker} 0`,
		'75% (3 of 4 sessions)',
		'Ms A. Khan, Maths teacher',
		'Page 1 of 1'
	])
		expect(text).toContain(expected);
	expect(text).not.toContain('Missed');

	await page.getByLabel(`Sent to (name and role at Hillside ${marker})`).fill('Mrs Shah, SENCo');
	await page.getByRole('button', { name: 'Mark as sent' }).click();
	await expect(page.getByText(/Sent \d+ \w+ \d{4} to Mrs Shah, SENCo/).first()).toBeVisible();
	await expect(page.getByRole('radio', { name: '4 Exceptional' })).toBeDisabled();
	const sentUrl = page.url();

	await page.getByRole('button', { name: 'Edit as a new version' }).click();
	await reports.chooseAtl('4 Exceptional');
	await page.getByRole('button', { name: 'Save as new version' }).click();
	await expect(page).not.toHaveURL(sentUrl);
	await expect(page.getByText('Version 2', { exact: true }).first()).toBeVisible();
	await expect(page.getByRole('radio', { name: '4 Exceptional' })).toBeChecked();
	// The sent version is still there, as the school received it.
	await page.getByRole('link', { name: 'Version 1' }).click();
	await expect(page.getByRole('radio', { name: '3 Good' })).toBeChecked();
	await expect(page.getByText(/Sent \d+ \w+ \d{4} to Mrs Shah, SENCo/).first()).toBeVisible();

	await context.setOffline(false);
	await expect
		.poll(
			async () =>
				(await serverDocs(baseURL!, 'feedbackForm'))
					.filter((d) => d.pupilId === pupil._id)
					.map((d) => `${d.version ?? 1}:${d.status}:${d.atl}`)
					.sort(),
			{ timeout: 15_000 }
		)
		.toEqual(['1:sent:3', '2:draft:4']);
	await context.close();
});

test('a batch PDF for a host school of 8 pupils is made offline with a progress bar, sent forms only unless drafts are chosen', async ({
	browser,
	baseURL
}) => {
	const marker = Date.now().toString(36);
	const school = `Batch School ${marker}`;
	const pupils = Array.from({ length: 8 }, (_, i) =>
		makeDoc('pupil', {
			givenName: `Pupil${i + 1}`,
			familyName: `Batch${marker}`,
			hostSchool: school,
			startDate: addDays(today, -10)
		})
	);
	const forms = pupils.map((p, i) =>
		makeDoc('feedbackForm', {
			pupilId: p._id,
			periodStart: addDays(today, -9),
			periodEnd: today,
			atl: (i % 4) + 1,
			progress: 'meeting',
			// Two of the eight are still drafts: a batch for the school leaves them out by default.
			...(i < 6 ? { status: 'sent', sentAt: new Date().toISOString(), sentTo: school } : { status: 'draft' })
		})
	);
	await putServerDocs(baseURL!, [...pupils, ...forms]);

	const { context, page } = await signedInTablet(browser, 'teacher1');
	const reports = new ReportsPage(page);
	await reports.open();
	const hubScan = await new AxeBuilder({ page }).analyze();
	expect(hubScan.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
	await page.getByLabel('Group').selectOption({ label: `Host school: ${school}` }, { timeout: 20_000 });
	await expect(page.getByTestId('batch-count')).toContainText(
		'6 of 8 pupils have a sent feedback form. 2 drafts are not included.',
		{ timeout: 20_000 }
	);

	await context.setOffline(true);
	const sentOnly = await reports.download(() => page.getByTestId('batch-pdf').click());
	const sentPages = await pdfPages(await sentOnly.path());
	expect(sentPages).toHaveLength(6);
	expect(sentPages.some((t) => t.includes('DRAFT'))).toBe(false);
	expect(sentPages.join(' ')).not.toContain(`Pupil7 Batch${marker}`);

	await page.getByLabel('Include drafts (printed with a DRAFT watermark)').check();
	await expect(page.getByTestId('batch-count')).toContainText(
		'8 of 8 pupils have a feedback form. 2 are drafts and will print with a DRAFT watermark.'
	);
	const download = await reports.download(async () => {
		await page.getByTestId('batch-pdf').click();
		await expect(page.getByRole('progressbar', { name: 'Making the batch PDF' })).toBeVisible();
	});
	await expect(page.getByRole('progressbar', { name: 'Making the batch PDF' })).toHaveAttribute(
		'aria-valuetext',
		'8 of 8'
	);
	expect(download.suggestedFilename()).toMatch(new RegExp(`^Batch-School-${marker}_feedback-forms_`));
	const pages = await pdfPages(await download.path());
	expect(pages).toHaveLength(8);
	for (const [i, p] of pupils.entries()) {
		expect(pages[i]).toContain(`${p.givenName} ${p.familyName}`);
		// The drafts carry the watermark; the sent forms do not.
		expect(pages[i]!.includes('DRAFT')).toBe(i >= 6);
	}
	expect(pages.every((t) => t.includes('Page 1 of 1'))).toBe(true);
	await context.close();
});

test('a half-term report is pre-filled from attended lessons and the registers, edited and exported offline', async ({
	browser,
	baseURL
}) => {
	const marker = Date.now().toString(36);
	// The half term the app reports on today, from the organisation's (default) calendar.
	const term = reportHalfTerm(today, DEFAULT_HALF_TERMS)!;
	const pupil = makeDoc('pupil', {
		givenName: 'Sol',
		familyName: `Term${marker}`,
		yearGroup: 11,
		hostSchool: `Oakfield ${marker}`,
		startDate: term.start
	});
	const lesson = (day: number, topic: string, isPresent: boolean) =>
		makeDoc('lesson', {
			date: addDays(term.start, day),
			subject: 'english',
			topic,
			pupilIds: [pupil._id],
			present: isPresent ? [pupil._id] : []
		});
	const marks = ['present', 'late', 'off-site', 'unauthorised-absence'].map((mark, i) =>
		makeDoc('attendance', { pupilId: pupil._id, date: addDays(term.start, 1 + i), session: 'am', mark })
	);
	await putServerDocs(baseURL!, [
		pupil,
		lesson(1, `Poetry ${marker}`, true),
		lesson(2, `Skipped ${marker}`, false),
		...marks
	]);

	const { context, page } = await signedInTablet(browser, 'teacher1');
	await page.goto(`/pupils/${encodeURIComponent(pupil._id)}`);
	await context.setOffline(true);
	await page.getByRole('link', { name: 'Write half-term report' }).click({ timeout: 20_000 });
	const work = page.getByLabel('Work covered');
	await expect(work).toHaveValue(new RegExp(`Poetry ${marker}`));
	await expect(work).not.toHaveValue(/Skipped/);
	await expect(page.getByLabel('Attendance for the half term')).toHaveValue('75');

	await page.getByLabel('Academic progress').fill(`Reads more fluently ${marker}.`);
	await page.getByLabel('Vocational progress').fill('');
	await page.getByRole('button', { name: 'Save draft' }).click();
	await expect(page.getByText('Vocational progress is required')).toBeVisible();
	await page.getByLabel('Vocational progress').fill('Work experience booked.');
	await page.getByRole('button', { name: 'Save draft' }).click();
	await expect(page).toHaveURL(/\/reports\/half-term\/progressReport/);

	const download = await new ReportsPage(page).download(() =>
		page.getByRole('button', { name: 'Download PDF' }).click()
	);
	expect(download.suggestedFilename()).toBe(
		`Sol-Term${marker}_half-term-progress-report_${term.start}_to_${term.end}.pdf`
	);
	const text = (await pdfPages(await download.path())).join(' ');
	for (const expected of [
		'Half-term progress report',
		`Sol Term${marker}`,
		`Oakfield ${marker}`,
		term.name,
		'75%',
		`Poetry ${marker}`,
		`Reads more fluently ${marker}.`
	])
		expect(text).toContain(expected);
	expect(text).not.toContain('Skipped');
	await context.close();
});

test('a saved half-term draft shows the registers taken since it was drafted and refreshes from them, keeping the teacher’s text', async ({
	browser,
	baseURL
}) => {
	const marker = Date.now().toString(36);
	const term = reportHalfTerm(today, DEFAULT_HALF_TERMS)!;
	const pupil = makeDoc('pupil', {
		givenName: 'Ava',
		familyName: `Refresh${marker}`,
		yearGroup: 8,
		startDate: term.start
	});
	const lesson = makeDoc('lesson', {
		date: addDays(term.start, 1),
		subject: 'maths',
		topic: `Ratio ${marker}`,
		pupilIds: [pupil._id],
		present: [pupil._id]
	});
	await putServerDocs(baseURL!, [pupil, lesson]);

	const { context, page } = await signedInTablet(browser, 'teacher1');
	await page.goto(`/pupils/${encodeURIComponent(pupil._id)}`);
	await page.getByRole('link', { name: 'Write half-term report' }).click({ timeout: 20_000 });
	await expect(page.getByLabel('Attendance for the half term')).toHaveValue('');
	const emotional = page.getByLabel('Emotional progress');
	await expect(emotional).toHaveValue(/No registers have been recorded for Ava this half term\./);
	await emotional.fill(`Settled well ${marker}.\n${await emotional.inputValue()}`);
	await page.getByRole('button', { name: 'Save draft' }).click();
	await expect(page).toHaveURL(/\/reports\/half-term\/progressReport/);
	await expect(page.getByTestId('record-changes')).toHaveCount(0);

	// Registers taken after the draft was saved (on another tablet), arriving by sync.
	const marks = (['present', 'late', 'unauthorised-absence', 'present'] as const).map((mark, i) =>
		makeDoc('attendance', { pupilId: pupil._id, date: addDays(term.start, 1 + i), session: 'am', mark })
	);
	await putServerDocs(baseURL!, marks);
	const changes = page.getByTestId('record-changes');
	// The teacher opens the draft again once the registers have reached this tablet.
	await expect(async () => {
		await page.reload();
		await expect(changes).toContainText('Attendance: Not recorded → 75% (3 of 4 sessions)', { timeout: 5_000 });
	}).toPass({ timeout: 45_000 });
	await expect(changes).toContainText('Now: Ava’s attendance this half term was 75% (3 of 4 sessions).');

	await page.getByRole('button', { name: 'Refresh from records' }).click();
	await expect(page.getByLabel('Attendance for the half term')).toHaveValue('75');
	await expect(emotional).toHaveValue(
		`Settled well ${marker}.\nAva’s attendance this half term was 75% (3 of 4 sessions).`
	);
	await expect(changes).toHaveCount(0);
	await page.getByRole('button', { name: 'Save changes' }).click();
	await expect(page.getByText('Half-term report saved')).toBeVisible();

	const download = await new ReportsPage(page).download(() =>
		page.getByRole('button', { name: 'Download PDF' }).click()
	);
	const text = (await pdfPages(await download.path())).join(' ');
	expect(text).toContain('75%');
	expect(text).toContain(`Settled well ${marker}.`);
	expect(text).not.toContain('Not recorded');
	await context.close();
});

/** The latest weekday on or before `day`: a register is taken on a school day. */
function schoolDayOnOrBefore(day: string): string {
	let d = day;
	while ([0, 6].includes(new Date(`${d}T12:00:00`).getDay())) d = addDays(d, -1);
	return d;
}

test('a half-term draft opened after a register was taken on this tablet says what changed, and refreshing keeps the teacher’s words', async ({
	browser,
	baseURL
}) => {
	const marker = Date.now().toString(36);
	const term = reportHalfTerm(today, DEFAULT_HALF_TERMS)!;
	const registerDay = schoolDayOnOrBefore(today < term.end ? today : term.end);
	const pupil = makeDoc('pupil', {
		givenName: 'Ola',
		familyName: `Reopen${marker}`,
		yearGroup: 8,
		startDate: term.start
	});
	await putServerDocs(baseURL!, [pupil]);

	const { context, page } = await signedInTablet(browser, 'teacher1');
	await page.goto(`/pupils/${encodeURIComponent(pupil._id)}`);
	await page.getByRole('link', { name: 'Write half-term report' }).click({ timeout: 20_000 });
	await expect(page.getByLabel('Attendance for the half term')).toHaveValue('');
	const emotional = page.getByLabel('Emotional progress');
	await emotional.fill(`Much calmer since October ${marker}.\n${await emotional.inputValue()}`);
	await page.getByRole('button', { name: 'Save draft' }).click();
	await expect(page).toHaveURL(/\/reports\/half-term\/progressReport/);
	const reportUrl = page.url();
	await expect(page.getByTestId('record-changes')).toHaveCount(0);

	// The teacher takes the morning register on this tablet, then opens the draft again.
	const register = new RegisterPage(page);
	await register.open(registerDay, 'am');
	await register.mark(`Ola Reopen${marker}`, '/ Present');
	await expect(register.row(`Ola Reopen${marker}`).getByRole('radio', { name: '/ Present' })).toBeChecked();
	await page.goto(reportUrl);
	const changes = page.getByTestId('record-changes');
	await expect(changes).toContainText('Attendance: Not recorded → 100% (1 of 1 session)', { timeout: 20_000 });
	await expect(changes).toContainText('Now: Ola’s attendance this half term was 100% (1 of 1 session).');

	await page.getByRole('button', { name: 'Refresh from records' }).click();
	await expect(page.getByLabel('Attendance for the half term')).toHaveValue('100');
	await expect(emotional).toHaveValue(new RegExp(`^Much calmer since October ${marker}\\.\\n`));
	await expect(emotional).toHaveValue(/Ola’s attendance this half term was 100% \(1 of 1 session\)\./);
	await expect(changes).toHaveCount(0);
	await page.getByRole('button', { name: 'Save changes' }).click();
	await expect(page.getByText('Half-term report saved')).toBeVisible();
	await page.reload();
	await expect(page.getByLabel('Attendance for the half term')).toHaveValue('100', { timeout: 20_000 });
	await expect(emotional).toHaveValue(new RegExp(`^Much calmer since October ${marker}\\.`));
	await expect(page.getByTestId('record-changes')).toHaveCount(0);
	await context.close();
});

test('a feedback-form draft opened after new registers and exit tickets says what changed, and refreshing keeps the grades and comment', async ({
	browser,
	baseURL
}) => {
	const marker = Date.now().toString(36);
	const registerDay = schoolDayOnOrBefore(today);
	const from = addDays(registerDay, -10);
	const pupil = makeDoc('pupil', {
		givenName: 'Tam',
		familyName: `Drift${marker}`,
		yearGroup: 9,
		startDate: addDays(from, -30)
	});
	const name = `Tam Drift${marker}`;
	const lesson = (day: number, topic: string) =>
		makeDoc('lesson', {
			date: addDays(from, day),
			subject: 'maths',
			topic,
			pupilIds: [pupil._id],
			present: [pupil._id]
		});
	const first = lesson(1, `Fractions ${marker}`);
	await putServerDocs(baseURL!, [pupil, first]);

	const { context, page } = await signedInTablet(browser, 'teacher1');
	const reports = new ReportsPage(page);
	await page.goto(`/pupils/${encodeURIComponent(pupil._id)}`);
	await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible({ timeout: 20_000 });
	await page.goto(`/reports/feedback/new?pupil=${encodeURIComponent(pupil._id)}`);
	await page.getByRole('textbox', { name: 'To', exact: true }).fill(registerDay);
	await page.getByRole('textbox', { name: 'From', exact: true }).fill(from);
	await expect(page.getByTestId('lessons-attended')).toHaveText('1');
	await expect(page.getByTestId('form-attendance')).toHaveText('No sessions recorded');
	await reports.chooseAtl('3 Good');
	await reports.chooseProgress('Meeting');
	await page.getByLabel('Comment for the school (optional)').fill(`Asks for help now ${marker}`);
	await page.getByRole('button', { name: 'Save draft' }).click();
	await expect(page).toHaveURL(/\/reports\/feedback\/feedbackForm/);
	const formUrl = page.url();
	await expect(page.getByTestId('record-changes')).toHaveCount(0);

	// A register taken here, and a lesson with an exit ticket recorded on another tablet.
	const second = lesson(3, `Ratio ${marker}`);
	const ticket = makeDoc('exitTicket', {
		pupilId: pupil._id,
		lessonId: second._id,
		date: second.date,
		subject: 'maths',
		topic: second.topic,
		outcome: 'secure'
	});
	await putServerDocs(baseURL!, [second, ticket]);
	const register = new RegisterPage(page);
	await register.open(registerDay, 'am');
	await register.mark(name, '/ Present');
	await expect(register.row(name).getByRole('radio', { name: '/ Present' })).toBeChecked();

	await page.goto(formUrl);
	const changes = page.getByTestId('record-changes');
	await expect(changes).toContainText('Attendance: No sessions recorded → 100% (1 of 1 session)', {
		timeout: 20_000
	});
	await expect(changes).toContainText('Lessons attended: 1 → 2', { timeout: 20_000 });
	await expect(changes).toContainText(`Now: Maths: Ratio ${marker}`);
	await expect(changes.getByText(`Maths: Ratio ${marker} · Secure`)).toBeVisible();

	await page.getByRole('button', { name: 'Refresh from records' }).click();
	await expect(changes).toHaveCount(0);
	await expect(page.getByTestId('lessons-attended')).toHaveText('2');
	await expect(page.getByTestId('form-attendance')).toHaveText('100% (1 of 1 session)');
	await expect(page.getByLabel('Comment for the school (optional)')).toHaveValue(`Asks for help now ${marker}`);
	await expect(page.getByRole('radio', { name: '3 Good' })).toBeChecked();
	await page.getByRole('button', { name: 'Save changes' }).click();
	await expect(page.getByText('Feedback form saved')).toBeVisible();
	await page.reload();
	await expect(page.getByTestId('form-attendance')).toHaveText('100% (1 of 1 session)', { timeout: 20_000 });
	await expect(page.getByTestId('record-changes')).toHaveCount(0);
	await context.close();
});
