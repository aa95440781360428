import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { validateDocument } from '../../src/lib/domain/kinds';
import { makeDoc } from '../support/test-factories';
import { PupilLogsSection } from './pages/logs-pages';
import { putServerDocs, serverDocs, signIn } from './support';

test('offline: parents and carers on the pupil record, a restriction shown where a contact is picked, and the call form picks one in one tap', async ({
	browser,
	baseURL
}) => {
	const marker = `Carer${Date.now().toString(36)}`;
	const pupil = makeDoc('pupil', { givenName: 'Kai', familyName: marker, startDate: '2019-09-02' });
	const dad = makeDoc('carerContact', {
		pupilId: pupil._id,
		name: `Lee ${marker}`,
		relationship: 'Father',
		phones: [{ number: '07700 900456' }],
		parentalResponsibility: true,
		livesWithPupil: false,
		doNotContact: true,
		restriction: 'Court order: no information about school.'
	});
	await putServerDocs(baseURL!, [pupil, dad]);
	const name = `Kai ${marker}`;

	const context = await browser.newContext({ viewport: { width: 1080, height: 810 }, hasTouch: true });
	const page = await context.newPage();
	await signIn(page, 'teacher1');
	const logs = new PupilLogsSection(page);
	await logs.open(pupil._id, name);
	const contacts = page.getByRole('list', { name: 'Parents and carers' });
	await expect(contacts).toContainText('Restriction: Do not contact. Court order: no information about school.', {
		timeout: 20_000
	});
	await context.setOffline(true);

	// Add Mum.
	await page.getByRole('button', { name: 'Add a parent or carer' }).click();
	const form = page.getByRole('form', { name: 'Add a parent or carer' });
	await form.getByLabel('Name').fill(`Mia ${marker}`);
	await form.getByLabel('Relationship').fill('Mother');
	await form.getByLabel('Phone', { exact: true }).fill('ring me');
	await form.getByRole('button', { name: 'Save contact' }).click();
	await expect(form.getByText('Phone number must be digits')).toBeVisible();
	await form.getByLabel('Phone', { exact: true }).fill('07700 900123');
	await form.getByLabel('Email (optional)').fill('mia@example.org');
	await form.getByRole('radio', { name: 'Text message' }).check();
	await form.getByRole('button', { name: 'Save contact' }).click();
	await expect(form).toBeHidden();
	await expect(contacts).toContainText(`Mia ${marker} · Mother`);
	await expect(contacts.getByRole('link', { name: '07700 900123' })).toHaveAttribute('href', 'tel:07700900123');
	expect(
		(await new AxeBuilder({ page }).analyze()).violations.filter(
			(v) => v.impact === 'serious' || v.impact === 'critical'
		)
	).toEqual([]);

	// The call form: Mum first with her number, Dad shown with his restriction and not pickable.
	await page.getByRole('button', { name: 'Log a call' }).click();
	const call = page.getByRole('form', { name: `Log a call about ${name}` });
	const picker = call.getByRole('group', { name: 'Choose who was contacted' });
	await expect(picker.getByRole('radio', { name: new RegExp(`Lee ${marker}`) })).toBeDisabled();
	await expect(picker).toContainText('Restriction: Do not contact. Court order: no information about school.');
	await expect(picker).toContainText('07700 900123');
	await picker.getByRole('radio', { name: new RegExp(`Mia ${marker}`) }).check();
	await expect(call.getByLabel('Who was contacted')).toHaveCount(0);
	await call.getByRole('radio', { name: 'Spoke to them' }).check();
	await call.getByRole('button', { name: 'Save call' }).click();
	await expect(call).toBeHidden();

	await context.setOffline(false);
	await expect
		.poll(async () => (await serverDocs(baseURL!)).filter((d) => d.pupilId === pupil._id).length, { timeout: 30_000 })
		.toBe(3);
	const docs = (await serverDocs(baseURL!)).filter((d) => d.pupilId === pupil._id);
	for (const d of docs) expect(validateDocument(d)).toMatchObject({ ok: true });
	const mia = docs.find((d) => d.type === 'carerContact' && d.name === `Mia ${marker}`);
	expect(mia).toMatchObject({
		relationship: 'Mother',
		phones: [{ number: '07700 900123' }],
		email: 'mia@example.org',
		parentalResponsibility: true,
		livesWithPupil: true,
		preferredContact: 'text'
	});
	expect(docs.find((d) => d.type === 'parentContact')).toMatchObject({
		contactName: `Mia ${marker}`,
		relationship: 'Mother',
		carerContactId: mia!._id,
		outcome: 'spoke'
	});
	await context.close();
});
