import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { addDays } from '../../src/lib/domain/calendar-days';
import { validateDocument } from '../../src/lib/domain/kinds';
import { makeDoc } from '../support/test-factories';
import { PupilLogsSection, RegisterPage } from './pages/logs-pages';
import { putServerDocs, serverDocs, signedInTablet } from './support';

// A past Monday on which (almost) only this run's pupils, started 2019, are on roll.
const DAY = addDays('2019-09-02', 7 * (Date.now() % 26));
const ALL_PRESENT = /^Mark (everyone|the other \d+) present$/;
const GIVEN = ['Ada', 'Bo', 'Cy', 'Di', 'Ed', 'Flo', 'Gus', 'Hal', 'Ivy', 'Jo'];

test('offline: the AM register for 10 pupils with 2 exceptions, a no-answer call, behaviour and host work all reach the server and match the contract', async ({
	browser,
	baseURL
}) => {
	const marker = `Logs${Date.now().toString(36)}`;
	const pupils = GIVEN.map((givenName) => makeDoc('pupil', { givenName, familyName: marker, startDate: '2019-09-02' }));
	const ids = new Set(pupils.map((p) => p._id));
	await putServerDocs(baseURL!, pupils);
	const name = (i: number) => `${GIVEN[i]} ${marker}`;

	const { context, page } = await signedInTablet(browser, 'teacher1');
	const register = new RegisterPage(page);
	await register.open(DAY, 'am');
	await expect(register.row(name(9))).toBeVisible({ timeout: 20_000 }); // synced down
	await context.setOffline(true);

	// All present in one tap, then the exceptions.
	await page.getByRole('button', { name: ALL_PRESENT }).click();
	for (let i = 0; i < 10; i++)
		await expect(register.row(name(i)).getByRole('radio', { name: '/ Present' })).toBeChecked();
	await register.mark(name(1), 'L Late');
	await register.code(name(2), 'O');
	await expect(register.codeList(name(2))).toHaveValue('O');
	expect(
		await new AxeBuilder({ page })
			.analyze()
			.then((r) => r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'))
	).toEqual([]);

	// The afternoon: all present asks about the pupil absent this morning; they are in, so they
	// are at 1 of 2 sessions.
	await register.open(DAY, 'pm');
	await page.getByRole('button', { name: ALL_PRESENT }).click();
	await page.getByRole('dialog').getByRole('button', { name: 'Yes, mark present too' }).click();
	await expect(register.row(name(2)).getByRole('radio', { name: '\\ Present' })).toBeChecked();

	const logs = new PupilLogsSection(page);
	await logs.open(pupils[2]!._id, name(2));
	await expect(page.getByTestId('attendance-all-time')).toHaveText('50% (1 of 2 sessions)');

	// A no-answer call is logged but leaves the pupil due.
	await logs.logCall({ who: 'Ms Cy', outcome: 'No answer' });
	await expect(page.getByTestId('call-status')).toContainText('Overdue');
	await expect(page.getByTestId('call-status')).toContainText('Last tried today: no answer');
	await logs.logBehaviour({
		polarity: 'Negative',
		category: 'Refusal',
		what: 'Would not start the task.',
		action: 'Talked it through at break.'
	});
	await expect(page.getByRole('list', { name: 'Behaviour entries' })).toContainText('Would not start the task.');
	await logs.recordHostWork({ subject: 'english', work: `Essay ${marker}`, received: '2019-11-01', due: '2019-11-20' });
	const work = page.getByRole('article', { name: 'English work' });
	await expect(work).toContainText('Overdue');

	// Back online: everything reaches the server, valid under the contract.
	await context.setOffline(false);
	const mine = async () => (await serverDocs(baseURL!)).filter((d) => ids.has(String(d.pupilId)));
	await expect.poll(async () => (await mine()).length, { timeout: 30_000 }).toBe(23);
	const docs = await mine();
	for (const d of docs) expect(validateDocument(d)).toMatchObject({ ok: true });
	const am = docs.filter((d) => d.type === 'attendance' && d.session === 'am');
	expect(am.map((d) => d.mark).sort()).toEqual([...Array(8).fill('present'), 'late', 'unauthorised-absence'].sort());
	expect(docs.find((d) => d.type === 'parentContact')).toMatchObject({ outcome: 'no-answer', contactName: 'Ms Cy' });
	expect(docs.find((d) => d.type === 'behaviour')).toMatchObject({ polarity: 'negative', category: 'Refusal' });
	expect(docs.find((d) => d.type === 'hostWork')).toMatchObject({
		subject: 'english',
		status: 'set',
		dueDate: '2019-11-20'
	});
	await context.close();
});

test('host work returned is no longer overdue, and a call with nobody named is refused in plain English', async ({
	browser,
	baseURL
}) => {
	const marker = `Hw${Date.now().toString(36)}`;
	const pupil = makeDoc('pupil', { givenName: 'Hana', familyName: marker, startDate: '2019-09-02' });
	const work = makeDoc('hostWork', {
		pupilId: pupil._id,
		subject: 'maths',
		description: `Fractions ${marker}`,
		receivedDate: '2019-10-01',
		dueDate: '2019-10-15',
		status: 'in-progress'
	});
	await putServerDocs(baseURL!, [pupil, work]);

	const { context, page } = await signedInTablet(browser, 'teacher1');
	await page.goto(`/host-work?pupil=${encodeURIComponent(pupil._id)}`);
	const item = page.getByRole('article', { name: `Hana ${marker}: Maths work` });
	await expect(item).toContainText('Overdue', { timeout: 20_000 });
	await item.getByRole('radio', { name: 'Returned to school' }).check();
	await expect(page.getByRole('heading', { name: 'Returned to school (1)' })).toBeVisible();
	await expect(item).not.toContainText('Overdue');
	await expect(item).toContainText(/Returned \d{4}-\d{2}-\d{2}/);

	await page.goto(`/calls?pupil=${encodeURIComponent(pupil._id)}`);
	const form = page.getByRole('form', { name: `Log a call about Hana ${marker}` });
	await form.getByRole('radio', { name: 'Spoke to them' }).check();
	await form.getByRole('button', { name: 'Save call' }).click();
	await expect(form.getByText('Who was contacted is required')).toBeVisible();
	await expect
		.poll(async () => (await serverDocs(baseURL!, 'hostWork')).find((d) => d._id === work._id)?.status, {
			timeout: 15_000
		})
		.toBe('returned');
	expect((await serverDocs(baseURL!, 'parentContact')).filter((d) => d.pupilId === pupil._id)).toHaveLength(0);
	await context.close();
});
