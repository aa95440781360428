import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { makeDoc } from '../support/test-factories';
import { putServerDocs, serverDocs, signedInTablet } from './support';

test('assessments are recorded on the pupil page and listed after the baseline, with the change since it', async ({
	browser,
	baseURL
}) => {
	const familyName = `Assess${Date.now().toString(36)}`;
	const pupil = makeDoc('pupil', { givenName: 'Rowan', familyName, yearGroup: 8 });
	const baseline = makeDoc('baseline', {
		pupilId: pupil._id,
		domain: 'literacy',
		date: '2026-09-08',
		instrument: 'NGRT form A',
		standardisedScore: 86,
		readingAgeMonths: 112
	});
	await putServerDocs(baseURL!, [pupil, baseline]);

	const { context, page } = await signedInTablet(browser, 'teacher1');
	await page.goto(`/pupils/${encodeURIComponent(pupil._id)}`);
	const section = page.locator('section', { has: page.getByRole('heading', { name: 'Assessments', level: 2 }) });
	const points = section.getByRole('list', { name: 'Assessments over time, baseline first' }).getByRole('listitem');
	await expect(points.first()).toContainText('Literacy: NGRT form A');
	await expect(points.first()).toContainText('Baseline');

	// Mistakes are explained beside the fields and nothing is saved.
	await section.getByRole('button', { name: 'Record an assessment' }).click();
	await section.getByRole('button', { name: 'Save assessment' }).click();
	await expect(section.getByText('Name of the assessment is required')).toBeVisible();
	await expect(section.getByText('Record a result: a score, standardised score, reading age or grade')).toBeVisible();

	await section.getByLabel('Name of the assessment').fill('NGRT form B');
	await section.getByRole('textbox', { name: 'Date', exact: true }).fill('2026-10-01');
	await section.getByLabel('Standardised score').fill('91');
	const readingAge = section.getByRole('group', { name: 'Reading age' });
	await readingAge.getByLabel('Years').fill('9');
	await readingAge.getByLabel('Months').fill('10');
	await section.getByRole('button', { name: 'Save assessment' }).click();
	await expect(points).toHaveCount(2);
	await expect(points.nth(1)).toContainText('English: NGRT form B');
	await expect(points.nth(1)).toContainText('Standardised score 91 · reading age 9 years 10 months');
	await expect(points.nth(1)).toContainText('Since baseline: standardised score +5, reading age +6 months');

	// A teacher assessment's grade must be on the pupil's scale (year 8: the KS3 scale).
	await section.getByRole('button', { name: 'Record an assessment' }).click();
	await section.getByRole('radio', { name: 'Teacher assessment' }).check();
	await section.getByLabel('Subject').selectOption('maths');
	await section.getByLabel('Name of the assessment').fill('Autumn 1 teacher assessment');
	await section.getByRole('textbox', { name: 'Date', exact: true }).fill('2026-10-10');
	await section.getByLabel('Working at').fill('5');
	await section.getByRole('button', { name: 'Save assessment' }).click();
	await expect(section.getByText('"5" is not on the KS3 working-at scale')).toBeVisible();
	await section.getByLabel('Working at').fill('secure');
	await section.getByRole('button', { name: 'Save assessment' }).click();
	await expect(points).toHaveCount(3);
	await expect(points.nth(2)).toContainText('Maths: Autumn 1 teacher assessment');
	await expect(points.nth(2)).toContainText('Teacher assessment');

	const axe = await new AxeBuilder({ page }).include('section:has(#assessments-heading)').analyze();
	expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

	await expect
		.poll(
			async () =>
				(await serverDocs(baseURL!, 'assessment'))
					.filter((d) => d.pupilId === pupil._id)
					.map((d) => d.name)
					.sort(),
			{ timeout: 15_000 }
		)
		.toEqual(['Autumn 1 teacher assessment', 'NGRT form B']);
	await context.close();
});

test('emotional well-being is re-measured on the pupil page and compared with its baseline', async ({
	browser,
	baseURL
}) => {
	const familyName = `Wellbeing${Date.now().toString(36)}`;
	const pupil = makeDoc('pupil', { givenName: 'Sol', familyName, yearGroup: 8 });
	const baseline = makeDoc('baseline', {
		pupilId: pupil._id,
		domain: 'wellbeing',
		date: '2026-09-08',
		instrument: 'Boxall profile',
		rawScore: 20,
		maxScore: 40,
		standardisedScore: undefined,
		readingAgeMonths: undefined
	});
	await putServerDocs(baseURL!, [pupil, baseline]);

	const { context, page } = await signedInTablet(browser, 'teacher1');
	await page.goto(`/pupils/${encodeURIComponent(pupil._id)}`);
	const section = page.locator('section', { has: page.getByRole('heading', { name: 'Assessments', level: 2 }) });
	const points = section.getByRole('list', { name: 'Assessments over time, baseline first' }).getByRole('listitem');
	await expect(points.first()).toContainText('Baseline');

	await section.getByRole('button', { name: 'Record an assessment' }).click();
	await section.getByLabel('Subject').selectOption('wellbeing');
	await section.getByLabel('Name of the assessment').fill('Boxall profile');
	await section.getByRole('textbox', { name: 'Date', exact: true }).fill('2026-11-20');
	await section.getByLabel('Score', { exact: true }).fill('26');
	await section.getByLabel('Out of').fill('40');
	await section.getByRole('button', { name: 'Save assessment' }).click();
	await expect(points).toHaveCount(2);
	await expect(points.nth(1)).toContainText('Emotional well-being: Boxall profile');
	await expect(points.nth(1)).toContainText('Since baseline: score +15 percentage points');
	await context.close();
});
