import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { addDays, localToday } from '../../src/lib/domain/calendar-days';
import { validateDocument } from '../../src/lib/domain/kinds';
import { makeDoc } from '../support/test-factories';
import { PupilLogsSection, RegisterPage } from './pages/logs-pages';
import { TodayPage } from './pages/today-page';
import { putServerDocs, serverDocs, signIn } from './support';

// A past Monday on which (almost) only this run's pupils, started 2019, are on roll.
const DAY = addDays('2019-09-02', 7 * ((Date.now() + 3) % 26));
const ALL_PRESENT = /^Mark (everyone|the other \d+) present$/;

/** The classroom tablet: 1080×810 landscape, touch. */
async function touchTablet(browser: Browser) {
	const context = await browser.newContext({ viewport: { width: 1080, height: 810 }, hasTouch: true });
	const page = await context.newPage();
	await signIn(page, 'teacher1');
	return { context, page };
}

async function expectNoSeriousAxe(page: Page) {
	const r = await new AxeBuilder({ page }).analyze();
	expect(r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
}

test('offline: DfE codes with a reason, the afternoon asks about the morning’s absentees, and the % counts by code', async ({
	browser,
	baseURL
}) => {
	const marker = `Codes${Date.now().toString(36)}`;
	const [ada, bo, cy] = ['Ada', 'Bo', 'Cy'].map((givenName) =>
		makeDoc('pupil', { givenName, familyName: marker, startDate: '2019-09-02' })
	);
	await putServerDocs(baseURL!, [ada!, bo!, cy!]);
	const name = (p: { givenName: string }) => `${p.givenName} ${marker}`;

	const { context, page } = await touchTablet(browser);
	const register = new RegisterPage(page);
	await register.open(DAY, 'am');
	await expect(register.row(name(cy!))).toBeVisible({ timeout: 20_000 });
	await context.setOffline(true);

	await page.getByRole('button', { name: ALL_PRESENT }).click();
	await expect(register.row(name(ada!)).getByRole('radio', { name: '/ Present' })).toBeChecked();
	// Bo: absent, reason unknown (one tap), then the reason comes in: illness.
	await register.mark(name(bo!), 'N Absent, no reason yet');
	await expect(register.reason(name(bo!))).toBeVisible();
	await register.code(name(bo!), 'I');
	await register.reason(name(bo!)).fill('Sick bug, mum rang at 8:45');
	await register.reason(name(bo!)).press('Tab');
	// Cy: the taxi did not come (Y1): not a possible session, so no absence reason is asked.
	await register.code(name(cy!), 'Y1');
	await expect(register.codeList(name(cy!))).toHaveValue('Y1');
	await expect(register.reason(name(cy!))).toHaveCount(0);
	await expectNoSeriousAxe(page);

	// The afternoon's all present asks about Bo (absent this morning) and leaves him to mark.
	await register.open(DAY, 'pm');
	await page.getByRole('button', { name: ALL_PRESENT }).click();
	const ask = page.getByRole('dialog');
	await expect(ask).toContainText('1 pupil was absent this morning');
	await expect(ask).toContainText(`${name(bo!)} was marked absent this morning`);
	await ask.getByRole('button', { name: 'No, leave them to mark' }).click();
	await expect(register.row(name(cy!)).getByRole('radio', { name: '\\ Present' })).toBeChecked();
	await expect(register.row(name(bo!))).toHaveAccessibleName(new RegExp(`${name(bo!)} · Year \\d+ · not marked`));

	// Cy: the Y1 morning is not counted, the afternoon is: 1 of 1. Bo: 0 of 1.
	const logs = new PupilLogsSection(page);
	await logs.open(cy!._id, name(cy!));
	await expect(page.getByTestId('attendance-all-time')).toHaveText('100% (1 of 1 session)');
	await logs.open(bo!._id, name(bo!));
	await expect(page.getByTestId('attendance-all-time')).toHaveText('0% (0 of 1 session)');

	await context.setOffline(false);
	const ids = new Set([ada!._id, bo!._id, cy!._id]);
	const mine = async () =>
		(await serverDocs(baseURL!)).filter(
			// Other specs' registers of other days mark these pupils too: this day's only.
			(d) => d.type === 'attendance' && d.date === DAY && ids.has(String(d.pupilId))
		);
	await expect.poll(async () => (await mine()).length, { timeout: 30_000 }).toBe(5);
	const docs = await mine();
	for (const d of docs) expect(validateDocument(d)).toMatchObject({ ok: true });
	expect(docs.find((d) => d.pupilId === bo!._id && d.session === 'am')).toMatchObject({
		code: 'I',
		mark: 'authorised-absence',
		reason: 'Sick bug, mum rang at 8:45'
	});
	expect(docs.find((d) => d.pupilId === cy!._id && d.session === 'am')).toMatchObject({ code: 'Y1' });
	expect(docs.find((d) => d.pupilId === cy!._id && d.session === 'pm')).toMatchObject({ code: '\\', mark: 'present' });
	await context.close();
});

test('same-day absence notice: Today shows a host school’s notice until it is marked sent, offline, and it syncs', async ({
	browser,
	baseURL
}) => {
	const today = localToday();
	const marker = `Notice${Date.now().toString(36)}`;
	const hill = `Hill ${marker}`;
	const vale = `Vale ${marker}`;
	const [ann, ben, cat] = [
		['Ann', hill],
		['Ben', hill],
		['Cat', vale]
	].map(([givenName, hostSchool]) =>
		makeDoc('pupil', { givenName, familyName: marker, hostSchool, startDate: '2019-09-02' })
	);
	await putServerDocs(baseURL!, [ann!, ben!, cat!]);
	const name = (p: { givenName: string }) => `${p.givenName} ${marker}`;

	const { context, page } = await touchTablet(browser);
	const register = new RegisterPage(page);
	await register.open(today, 'am');
	await expect(register.row(name(cat!))).toBeVisible({ timeout: 20_000 });
	await context.setOffline(true);
	await register.mark(name(ann!), 'N Absent, no reason yet');
	await register.code(name(ben!), 'M');
	await register.reason(name(ben!)).fill('Dentist until 11');
	await register.reason(name(ben!)).press('Tab');
	await register.mark(name(cat!), '/ Present');

	// Today: Hill's notice (2 absent), none for Vale (everyone in).
	const todayPage = new TodayPage(page);
	await todayPage.open();
	const item = await todayPage.item('Absence notices to host schools', hill);
	await expect(item).toContainText(/(Tell them by|Overdue: due by) 10:00 · 2 pupils absent/);
	await expect(todayPage.section('Absence notices to host schools')).not.toContainText(vale);
	await item.click();

	await expect(page.getByRole('heading', { name: 'Absence notices', level: 1 })).toBeVisible();
	const absent = page.getByRole('list', { name: `Absent today: ${hill}` });
	await expect(absent).toContainText(`${name(ann!)} N No reason yet provided`);
	await expect(absent).toContainText('Reason: Dentist until 11');
	await expect(absent).toContainText(`${name(ben!)} M Leave: medical or dental appointment`);
	await expectNoSeriousAxe(page);
	const form = page.getByRole('form', { name: `Mark the notice to ${hill} as sent` });
	await form.getByRole('radio', { name: 'Emailed' }).check();
	await form.getByLabel('Who was told (optional)').fill('Attendance office');
	await form.getByRole('button', { name: 'Mark as sent' }).click();
	await expect(absent).toHaveCount(0);
	await expect(page.getByRole('list', { name: 'Notices sent' })).toContainText(`${hill}: emailed at`);

	await todayPage.open();
	await expect(page.getByRole('link').filter({ hasText: hill })).toHaveCount(0);

	await context.setOffline(false);
	await expect
		.poll(async () => (await serverDocs(baseURL!)).filter((d) => d.type === 'absenceNotice' && d.hostSchool === hill), {
			timeout: 30_000
		})
		.toEqual([
			expect.objectContaining({
				date: today,
				method: 'email',
				sentTo: 'Attendance office',
				pupilIds: [ann!._id, ben!._id]
			})
		]);
	await context.close();
});
