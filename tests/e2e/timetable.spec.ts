import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator } from '@playwright/test';
import { validateDocument } from '../../src/lib/domain/kinds';
import { makeDoc } from '../support/test-factories';
import { TodayPage } from './pages/today-page';
import { putServerDocs, serverDocs, signIn } from './support';

async function pickPupil(form: Locator, name: string) {
	await form.getByLabel('Find a pupil').fill(name);
	await form.getByRole('checkbox', { name: new RegExp(name) }).check();
}

test('offline: a weekly timetable with a part-time pupil’s lesson; Today lists the day’s lessons, one opens a new lesson with its subject and group; the pupil page shows their timetable', async ({
	browser,
	baseURL
}) => {
	const marker = `Tt${Date.now().toString(36)}`;
	const ada = makeDoc('pupil', { givenName: 'Ada', familyName: marker });
	const bo = makeDoc('pupil', { givenName: 'Bo', familyName: marker });
	await putServerDocs(baseURL!, [ada, bo]);

	const context = await browser.newContext({ viewport: { width: 1080, height: 810 }, hasTouch: true });
	const page = await context.newPage();
	await signIn(page, 'teacher1');
	await page.goto('/timetable');
	await expect(page.getByRole('heading', { name: 'Timetable', level: 1 })).toBeVisible();
	await context.setOffline(true);

	await page.getByRole('button', { name: 'Add a lesson' }).click();
	let form = page.getByRole('form', { name: 'Add a lesson to the timetable' });
	await form.getByRole('radio', { name: 'Monday' }).check();
	await form.getByLabel('Period (optional)').fill('Period 2');
	await form.getByLabel('Starts').fill('10:50');
	await form.getByLabel('Ends').fill('09:50');
	await form.getByLabel('Group name').fill(`Year 9 group ${marker}`);
	await pickPupil(form, `Ada ${marker}`);
	await pickPupil(form, `Bo ${marker}`);
	await form.getByLabel('Room or site').fill('Room 3');
	await form.getByLabel('From').fill('2026-09-02');
	await form.getByLabel('Until').fill('2026-10-23');
	await form.getByRole('button', { name: 'Save lesson' }).click();
	await expect(form.getByText('The lesson must end after it starts')).toBeVisible();
	await form.getByLabel('Starts').fill('09:50');
	await form.getByLabel('Ends').fill('10:50');
	await form.getByRole('button', { name: 'Save lesson' }).click();
	await expect(form).toBeHidden();

	// Ada is part-time: one more lesson of her own, on Tuesday afternoons at the construction site.
	await page.getByRole('button', { name: 'Add a lesson' }).click();
	form = page.getByRole('form', { name: 'Add a lesson to the timetable' });
	await form.getByRole('radio', { name: 'Tuesday' }).check();
	await form.getByLabel('Starts').fill('13:00');
	await form.getByLabel('Ends').fill('14:30');
	await form.getByRole('radio', { name: 'Other' }).check();
	await form.getByLabel('Other subject').fill('Construction');
	await form.getByLabel('Group name').fill(`Ada ${marker} (part-time)`);
	await pickPupil(form, `Ada ${marker}`);
	await form.getByLabel('Room or site').fill('Site B');
	await form.getByLabel('From').fill('2026-09-02');
	await form.getByLabel('Until').fill('2026-10-23');
	await form.getByRole('button', { name: 'Save lesson' }).click();
	await expect(form).toBeHidden();

	const monday = page.getByRole('list', { name: 'Monday lessons' });
	await expect(monday).toContainText(`Period 2 Maths, Year 9 group ${marker}`);
	await expect(monday).toContainText(`2 pupils: Ada ${marker}, Bo ${marker}`);
	await expect(page.getByRole('list', { name: 'Tuesday lessons' })).toContainText(
		`Construction, Ada ${marker} (part-time) 13:00–14:30 · Site B · teacher1`
	);
	expect(
		(await new AxeBuilder({ page }).analyze()).violations.filter(
			(v) => v.impact === 'serious' || v.impact === 'critical'
		)
	).toEqual([]);

	// Both reach the server, valid.
	await context.setOffline(false);
	const slots = async () =>
		(await serverDocs(baseURL!, 'timetableSlot')).filter((d) => (d.pupilIds as string[]).includes(ada._id));
	await expect.poll(async () => (await slots()).length, { timeout: 30_000 }).toBe(2);
	for (const d of await slots()) expect(validateDocument(d)).toMatchObject({ ok: true });
	const slot = (await slots()).find((d) => d.subject === 'maths')!;
	expect(slot).toMatchObject({ weekday: 1, start: '09:50', end: '10:50', period: 'Period 2', room: 'Room 3' });

	// On Monday 5 October 2026 (the tablet's clock set to it), Today lists Monday's lesson; opening
	// it starts a lesson with its subject and group.
	await page.clock.setSystemTime(new Date('2026-10-05T08:30:00'));
	const todayPage = new TodayPage(page);
	await todayPage.open();
	const item = await todayPage.item('Today’s timetable', `Period 2 Maths, Year 9 group ${marker} — take register`);
	await expect(item).toContainText('09:50–10:50 · Room 3 · teacher1');
	await item.click();
	await expect(page.getByRole('heading', { name: 'Start a lesson', level: 1 })).toBeVisible();
	await expect(page.getByRole('radio', { name: 'Maths' })).toBeChecked();
	await expect(page.getByRole('group', { name: /Group \(2 chosen\)/ })).toBeVisible();
	await page.getByLabel('Topic').fill(`Ratio ${marker}`);
	await page.getByRole('button', { name: 'Start lesson' }).click();
	await expect(page.getByRole('heading', { name: `Maths: Ratio ${marker}`, level: 1 })).toBeVisible();
	await todayPage.open();
	await expect(todayPage.section('Lessons to register and mark')).toContainText(`Ratio ${marker}`);
	await expect(page.getByText(`Period 2 Maths, Year 9 group ${marker}`)).toHaveCount(0);

	// Ada's page shows her timetable.
	await page.goto(`/pupils/${encodeURIComponent(ada._id)}`);
	const hers = page.getByRole('list', { name: `Timetable of Ada ${marker}` });
	await expect(hers).toContainText(`Monday Period 2 Maths, Year 9 group ${marker}`);
	await expect(hers).toContainText(`Tuesday Construction, Ada ${marker} (part-time)`);
	await expect(page.getByText('2 lessons a week this half term')).toBeVisible();
	await context.close();
});
