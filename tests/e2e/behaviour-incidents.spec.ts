import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { validateDocument } from '../../src/lib/domain/kinds';
import { makeDoc } from '../support/test-factories';
import { PupilLogsSection } from './pages/logs-pages';
import { putServerDocs, serverDocs, signIn } from './support';

test('offline: a PRU incident with parents told, physical intervention and a suspension is logged, changed and synced; a positive entry stays a few taps', async ({
	browser,
	baseURL
}) => {
	const marker = `Inc${Date.now().toString(36)}`;
	const pupil = makeDoc('pupil', { givenName: 'Rio', familyName: marker, startDate: '2019-09-02' });
	const mum = makeDoc('carerContact', {
		pupilId: pupil._id,
		name: `Jo ${marker}`,
		relationship: 'Mother',
		phones: [{ number: '07700 900777' }],
		parentalResponsibility: true
	});
	await putServerDocs(baseURL!, [pupil, mum]);
	const name = `Rio ${marker}`;

	const context = await browser.newContext({ viewport: { width: 1080, height: 810 }, hasTouch: true });
	const page = await context.newPage();
	await signIn(page, 'teacher1');
	const logs = new PupilLogsSection(page);
	await logs.open(pupil._id, name);
	await expect(page.getByRole('list', { name: 'Parents and carers' })).toContainText(`Jo ${marker}`, {
		timeout: 20_000
	});
	await context.setOffline(true);

	// A positive entry: three taps and a sentence, no incident details.
	await logs.logBehaviour({ polarity: 'Positive', category: 'Helping others', what: 'Showed a new pupil round.' });

	await page.getByRole('button', { name: 'Log behaviour' }).click();
	const form = page.getByRole('form', { name: `Log behaviour for ${name}` });
	await expect(form.getByRole('note')).toHaveText(
		'Safeguarding concerns do not go in this log. Tell the designated safeguarding lead straight away by the school’s safeguarding route.'
	);
	await form.getByRole('radio', { name: 'Negative' }).check();
	await form.getByRole('radio', { name: 'Physical aggression' }).check();
	await form.getByLabel('What happened').fill(`Pushed another pupil at break ${marker}`);
	await form.getByLabel('Action taken (optional)').fill('Separated; restorative meeting planned.');
	await form.getByLabel('Date').first().fill('2026-10-05');
	await form.getByText(/^More details/).click();
	await form.getByLabel('Time', { exact: true }).fill('10:40');
	await form.getByLabel('Where').fill('Playground');
	await form.getByRole('radio', { name: 'High' }).check();
	await form.getByRole('checkbox', { name: 'Discriminatory / prejudice-related' }).check();
	await form.getByLabel('Other pupils involved').fill('J.K.');
	await form.getByLabel('Staff involved').fill('Mr Evans');
	await form.getByRole('checkbox', { name: 'Parents or carers were informed' }).check();
	await form
		.getByRole('group', { name: 'Who was informed' })
		.getByRole('radio', { name: new RegExp(`Jo ${marker}`) })
		.check();
	await form.getByLabel('Time informed').fill('12:15');
	await form.getByRole('checkbox', { name: 'Physical intervention was used' }).check();
	await form.getByLabel('Injury (optional)').fill('Graze to elbow, first aid given');
	await form.getByRole('checkbox', { name: 'A suspension or exclusion followed' }).check();
	await form.getByRole('radio', { name: 'Suspension (fixed period)' }).check();
	await form.getByLabel('First day').fill('2026-10-09');
	await form.getByLabel('Last day').fill('2026-10-08');
	await form.getByRole('button', { name: 'Save entry' }).click();
	// Both mistakes are named beside their fields; nothing is saved.
	await expect(form.getByText('Who used the physical intervention is required')).toBeVisible();
	await expect(form.getByText('The suspension must end on or after the day it starts')).toBeVisible();
	await form.getByLabel('Used by (staff)').fill('Mr Evans');
	await form.getByLabel('Last day').fill('2026-10-13');
	expect(
		(await new AxeBuilder({ page }).include('form').analyze()).violations.filter(
			(v) => v.impact === 'serious' || v.impact === 'critical'
		)
	).toEqual([]);
	await form.getByRole('button', { name: 'Save entry' }).click();
	await expect(form).toBeHidden();

	const entries = page.getByRole('list', { name: 'Behaviour entries' });
	const incident = entries.getByRole('listitem').filter({ hasText: `Pushed another pupil at break ${marker}` });
	await expect(incident).toContainText('Physical aggression, Discriminatory / prejudice-related');
	await expect(incident).toContainText(`Parents or carers informed: Jo ${marker} (Mother)`);
	await expect(incident).toContainText('Physical intervention: by Mr Evans');
	await expect(incident).toContainText(
		'Suspension: Suspension (fixed period), 9 Oct 2026 to 13 Oct 2026 (3 school days)'
	);

	// Changing it keeps every detail and the earlier version.
	await incident.getByRole('button', { name: 'Change this behaviour entry' }).click();
	const change = page.getByRole('form', { name: `Change a behaviour entry for ${name}` });
	await expect(change.getByLabel('Where')).toHaveValue('Playground');
	await change.getByRole('radio', { name: 'Medium' }).check();
	await change.getByRole('button', { name: 'Save entry' }).click();
	await expect(change).toBeHidden();
	await expect(entries).toContainText('Severity: Medium');
	await expect(entries).toContainText(
		'Suspension: Suspension (fixed period), 9 Oct 2026 to 13 Oct 2026 (3 school days)'
	);

	await context.setOffline(false);
	const current = async () =>
		(await serverDocs(baseURL!, 'behaviour')).filter((d) => d.pupilId === pupil._id && !d.archived);
	await expect.poll(async () => (await current()).length, { timeout: 30_000 }).toBe(2);
	const docs = await current();
	for (const d of docs) expect(validateDocument(d)).toMatchObject({ ok: true });
	const positive = docs.find((d) => d.polarity === 'positive')!;
	expect(Object.keys(positive).filter((k) => ['severity', 'suspension', 'carersInformed', 'time'].includes(k))).toEqual(
		[]
	);
	expect(docs.find((d) => d.polarity === 'negative')).toMatchObject({
		date: '2026-10-05',
		category: 'Physical aggression',
		otherCategories: ['Discriminatory / prejudice-related'],
		time: '10:40',
		location: 'Playground',
		severity: 'medium',
		carersInformed: { contactId: mum._id, name: `Jo ${marker} (Mother)`, time: '12:15' },
		physicalIntervention: { by: 'Mr Evans' },
		injury: 'Graze to elbow, first aid given',
		suspension: { type: 'suspension', startDate: '2026-10-09', endDate: '2026-10-13' }
	});
	await context.close();
});
