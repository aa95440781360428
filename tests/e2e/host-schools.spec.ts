import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { validateDocument } from '../../src/lib/domain/kinds';
import { makeDoc } from '../support/test-factories';
import { putServerDocs, serverDocs, signIn } from './support';

test('offline: 3 spellings of a host school merged into one school on the list, its report contact added, and a pupil chooses it', async ({
	browser,
	baseURL
}) => {
	const marker = `Hs${Date.now().toString(36)}`;
	const spellings = [`Hillcrest ${marker} High School`, `hillcrest ${marker} high school`, `Hillcrest ${marker} High`];
	const pupils = spellings.map((hostSchool, i) =>
		makeDoc('pupil', { givenName: ['Ann', 'Ben', 'Cal'][i], familyName: marker, hostSchool })
	);
	const newcomer = makeDoc('pupil', { givenName: 'Dee', familyName: marker, hostSchool: `Elsewhere ${marker}` });
	await putServerDocs(baseURL!, [...pupils, newcomer]);

	const context = await browser.newContext({ viewport: { width: 1080, height: 810 }, hasTouch: true });
	const page = await context.newPage();
	await signIn(page, 'teacher1');
	await page.goto('/host-schools');
	const merge = page.getByRole('form', { name: new RegExp(`^Make one school of .*Hillcrest ${marker}`) });
	await expect(merge).toBeVisible({ timeout: 20_000 });
	await context.setOffline(true);
	await expect(page.getByRole('heading', { name: '3 spellings look like one school' }).first()).toBeVisible();
	expect(
		(await new AxeBuilder({ page }).analyze()).violations.filter(
			(v) => v.impact === 'serious' || v.impact === 'critical'
		)
	).toEqual([]);

	await merge.getByRole('radio', { name: spellings[0], exact: true }).check();
	await merge.getByRole('button', { name: 'Make one school' }).click();
	await expect(merge).toHaveCount(0);

	const list = page.getByRole('list', { name: 'Host schools' });
	await expect(list).toContainText(spellings[0]!);
	await list.getByRole('button', { name: `Edit ${spellings[0]}` }).click();
	const form = page.getByRole('form', { name: `Edit ${spellings[0]}` });
	await form.getByLabel('URN (optional)').fill('12AB');
	await form.getByLabel('Contact 1 name').fill('Ada Shah');
	await form.getByLabel('Contact 1 role').fill('SENCo');
	await form.getByLabel('Contact 1 email').fill('ada@hillcrest.sch.uk');
	await form.getByRole('button', { name: 'Save school' }).click();
	await expect(form.getByText('URN must be the school’s 6 or 7 digit reference number')).toBeVisible();
	await form.getByLabel('URN (optional)').fill('123456');
	await form.getByRole('button', { name: 'Save school' }).click();
	await expect(form).toBeHidden();
	await expect(page.getByRole('list', { name: `Report contacts at ${spellings[0]}` })).toHaveText(
		'Ada Shah (SENCo) <ada@hillcrest.sch.uk>'
	);

	// Dee's school is chosen from the list on her details.
	await page.goto(`/pupils/${encodeURIComponent(newcomer._id)}/edit`);
	// Typed as people do: matched to the school on the list when the field is left.
	await page.getByLabel('Host school').fill(`hillcrest ${marker} high`);
	await page.getByLabel('Host school').press('Tab');
	await expect(page.getByLabel('Host school')).toHaveValue(spellings[0]!);
	await expect(page.getByText('On the list (URN 123456)')).toBeVisible();
	await page.getByRole('button', { name: /^Save/ }).click();
	await expect(page.getByRole('heading', { name: `Dee ${marker}`, level: 1 })).toBeVisible();
	await expect(page.getByText(`Year 9 · KS3 · ${spellings[0]}`)).toBeVisible();

	await context.setOffline(false);
	const ids = new Set([...pupils, newcomer].map((p) => p._id));
	await expect
		.poll(
			async () =>
				(await serverDocs(baseURL!))
					.filter((d) => ids.has(String(d._id)))
					.map((d) => d.hostSchool)
					.sort(),
			{ timeout: 30_000 }
		)
		.toEqual(Array(4).fill(spellings[0]));
	const docs = await serverDocs(baseURL!);
	const listed = docs.find((d) => d.type === 'hostSchool' && d.name === spellings[0]);
	expect(listed).toMatchObject({
		urn: '123456',
		contacts: [{ name: 'Ada Shah', role: 'SENCo', email: 'ada@hillcrest.sch.uk' }]
	});
	for (const d of docs.filter((d) => ids.has(String(d._id)))) {
		expect(validateDocument(d)).toMatchObject({ ok: true });
		expect(d.hostSchoolId).toBe(listed!._id);
	}
	await context.close();
});
