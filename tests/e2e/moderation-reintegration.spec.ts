import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { validateDocument } from '../../src/lib/domain/kinds';
import { makeDoc } from '../support/test-factories';
import { expectWaiting, putServerDocs, serverDocs, signedInTablet } from './support';

/** Today on this machine (the tablet's clock is the same one). */
function today(offsetDays = 0): string {
	const d = new Date();
	d.setDate(d.getDate() + offsetDays);
	return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

async function pdfText(path: string): Promise<string> {
	const pdf = await getDocument({ data: new Uint8Array(await readFile(path)), verbosity: 0 }).promise;
	let text = '';
	for (let i = 1; i <= pdf.numPages; i++) {
		const content = await (await pdf.getPage(i)).getTextContent();
		text += content.items.map((item) => ('str' in item ? item.str : '')).join(' ') + '\n';
	}
	return text;
}

async function expectNoAxeViolations(page: Page) {
	expect((await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze()).violations).toEqual([]);
}

test('a moderation meeting with three samples is recorded, shows its agreement rate and prints as a PDF with the samples', async ({
	browser,
	baseURL
}) => {
	const marker = Date.now().toString(36);
	const names = ['Alpha', 'Beta', 'Gamma'].map((n) => `${n}${marker}`);
	const seeded = names.map((familyName) => makeDoc('pupil', { givenName: 'Mod', familyName, yearGroup: 9 }));
	await putServerDocs(baseURL!, seeded);
	const moderator = `Moderator ${marker}`;

	const { context, page } = await signedInTablet(browser, 'teacher1');
	await page.goto('/office');
	await page.getByRole('link', { name: /^Moderation/ }).click();
	await expect(page.getByRole('heading', { name: 'Moderation', level: 1 })).toBeVisible();
	await expectNoAxeViolations(page);
	await page.getByRole('link', { name: 'Record a meeting' }).first().click();
	const pupilOption = (n: number) => ({ label: `Mod ${names[n]} (Y9)` });
	const sampleGroup = (n: number) => page.getByRole('group', { name: `Sample ${n}`, exact: true });
	await expect(sampleGroup(1).getByLabel('Pupil').locator('option', { hasText: names[2]! })).toHaveCount(1, {
		timeout: 20_000
	});
	// The meeting is recorded, and its PDF made, with no connection.
	await context.setOffline(true);

	// Bad input: field errors beside the fields, nothing saved or queued.
	await page.getByRole('button', { name: 'Save meeting' }).click();
	await expect(page.getByText('Moderator is required')).toBeVisible();
	await expect(page.getByText('Subject is required')).toBeVisible();
	await expect(page.getByText('Piece of work is required')).toBeVisible();
	await expect(page.getByText('Choose the pupil whose work this is')).toBeVisible();
	await expect(page.getByText('Sample 1: say whether the moderator agreed.')).toBeVisible();
	await expectWaiting(page, 0);

	await page.getByLabel('Subject').selectOption({ label: 'English' });
	await page.getByRole('textbox', { name: 'Moderator', exact: true }).fill(moderator);
	await page.getByLabel('Moderator’s school or organisation').fill('Hillside High School');
	const samples = [
		{ work: 'Persuasive letter', ours: 'Developing', theirs: 'Developing', agreed: null },
		{ work: 'Poetry comparison', ours: 'Secure', theirs: 'Developing', agreed: 'Not agreed' },
		{ work: 'Story opening', ours: '4', theirs: '4', agreed: 'Agreed' }
	];
	for (const [i, s] of samples.entries()) {
		const n = i + 1;
		if (i > 0) await page.getByRole('button', { name: 'Add another sample' }).click();
		const group = sampleGroup(n);
		await group.getByLabel('Pupil').selectOption(pupilOption(i));
		await group.getByLabel('Piece of work').fill(s.work);
		await group.getByLabel('Our judgement').fill(s.ours);
		await group.getByLabel('Moderator’s judgement').fill(s.theirs);
		await group.getByLabel('Moderator’s judgement').blur();
		if (s.agreed)
			await group.getByRole('group', { name: 'Agreed?' }).getByRole('radio', { name: s.agreed, exact: true }).check();
	}
	// Typing the same judgement twice answered "agreed" for sample 1.
	await expect(
		sampleGroup(1).getByRole('group', { name: 'Agreed?' }).getByRole('radio', { name: 'Agreed', exact: true })
	).toBeChecked();
	await page.getByLabel('Outcome and agreed standards').fill('Writing judgements accurate; poetry slightly generous.');
	await page.getByLabel('Actions (optional)').fill('Re-moderate poetry next term.');
	await page.getByRole('button', { name: 'Save meeting' }).click();
	await expectWaiting(page, 1);

	await expect(page.getByTestId('meeting-agreement')).toHaveText('2 of 3 samples agreed (67%)');
	await expect(page.getByRole('cell', { name: 'Poetry comparison' })).toBeVisible();

	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Download PDF' }).click()
	]);
	expect(download.suggestedFilename()).toBe(`moderation-english-${today()}.pdf`);
	const text = await pdfText(await download.path());
	for (const expected of [
		'Riverside Learning Centre',
		moderator,
		'Hillside High School',
		...names,
		'Persuasive letter',
		'Poetry comparison',
		'Story opening',
		'Re-moderate poetry next term.',
		'Page 1 of 1'
	]) {
		expect(text).toContain(expected);
	}

	await page.getByRole('link', { name: 'Moderation', exact: true }).first().click();
	await expect(page.getByTestId('agreement-overall')).toContainText(/\d+% agreed overall/);
	await expect(page.getByRole('table', { name: 'Agreement rate by term' }).getByRole('row')).not.toHaveCount(1);
	await expect(
		page.getByRole('list', { name: 'Moderation meetings' }).getByRole('listitem').filter({ hasText: moderator })
	).toContainText('2 of 3 agreed');

	await context.setOffline(false);
	await expect
		.poll(
			async () => {
				const doc = (await serverDocs(baseURL!, 'moderation')).find((d) => d.moderatorName === moderator) as
					{ samples?: { agreed: boolean; pupilId: string }[] } | undefined;
				return doc?.samples?.map((s) => [s.pupilId, s.agreed]);
			},
			{ timeout: 20_000 }
		)
		.toEqual([
			[seeded[0]!._id, true],
			[seeded[1]!._id, false],
			[seeded[2]!._id, true]
		]);
	const onServer = (await serverDocs(baseURL!, 'moderation')).find((d) => d.moderatorName === moderator);
	expect(validateDocument(onServer)).toMatchObject({ ok: true });
	await context.close();
});

test('reintegration is recorded and counted, a long-staying year 8 pupil is flagged, readiness shows its reasons', async ({
	browser,
	baseURL
}) => {
	const marker = Date.now().toString(36);
	const long = makeDoc('pupil', {
		givenName: 'Stay',
		familyName: `Long${marker}`,
		yearGroup: 8,
		startDate: '2025-09-01'
	});
	const back = makeDoc('pupil', {
		givenName: 'Going',
		familyName: `Back${marker}`,
		yearGroup: 10,
		startDate: '2026-09-07'
	});
	const evidence = [
		makeDoc('intake', {
			pupilId: long._id,
			subject: 'maths',
			workingAt: 'Developing',
			ks4Target: '5',
			ks3Target: 'Secure'
		}),
		makeDoc('intake', { pupilId: back._id, subject: 'maths', workingAt: '5', ks4Target: '5' }),
		makeDoc('attendance', { pupilId: back._id, date: today(-1), session: 'am', mark: 'present' }),
		makeDoc('attendance', { pupilId: back._id, date: today(-1), session: 'pm', mark: 'late' }),
		makeDoc('behaviour', {
			pupilId: back._id,
			date: today(-2),
			polarity: 'positive',
			category: 'Effort',
			description: 'Helped a peer'
		})
	];
	await putServerDocs(baseURL!, [long, back, ...evidence]);

	const { context, page } = await signedInTablet(browser, 'teacher1');
	await page.goto('/reintegration');
	const flagged = page
		.getByRole('list', { name: 'Pupils on roll more than 2 terms or within 4 weeks of it' })
		.getByRole('listitem')
		.filter({ hasText: `Long${marker}` });
	// The year group that counts is the one when 2 terms ran out (spring 2026), not today's.
	await expect(flagged).toContainText(/Year \d+ then \(Year 8 now\), on roll since 1 Sep 2025/, { timeout: 20_000 });
	await expect(flagged).toContainText('No reintegration planned');
	await flagged.getByText('Readiness and reasons').click();
	// Judged against where the flight path from intake to the KS3 target says the pupil should be by
	// now, with the target itself beside it (the expected step moves with the real date).
	await expect(flagged.getByTestId('readiness')).toContainText(
		/Maths: working at Developing \(host school at intake\); expected by now \w+ \(from Developing at intake to the KS3 target of Secure by 31 Jul \d{4}\) — [^;]+; against the KS3 target itself: below target\./
	);
	await expectNoAxeViolations(page);
	const thisYear = Number(await page.getByTestId('reintegrated-this-year').textContent());
	const overall = Number(await page.getByTestId('reintegrated-overall').textContent());

	await page.goto(`/pupils/${encodeURIComponent(back._id)}`);
	const section = page
		.locator('section.card')
		.filter({ has: page.getByRole('heading', { name: 'Reintegration', exact: true }) });
	const readiness = section.getByTestId('readiness');
	await expect(readiness).toContainText(
		/Maths: working at 5 \(host school at intake\); expected by now 5 \(from 5 at intake to the KS4 target of 5 by 31 Jul \d{4}\) — on track; against the KS4 target itself: on target\./
	);
	// Two sessions are not evidence of good attendance: the pupil is not called ready on them.
	await expect(readiness).toContainText(
		'Not enough evidence yet: 2 sessions recorded in the last 6 weeks (at least 20 needed).'
	);
	await expect(readiness.getByTestId('working-at-mainstream')).toHaveText('Yes');
	await expect(readiness.getByTestId('ready-for-reintegration')).toHaveText('Not enough evidence yet');
	await expect(readiness).toContainText('English: no attainment or target from the host school yet.');

	await section.getByRole('button', { name: 'Plan reintegration' }).click();
	const form = page.getByRole('form', { name: `Reintegration for Going Back${marker}` });
	await form.getByRole('radio', { name: 'Completed', exact: true }).check();
	await form.getByRole('button', { name: 'Save reintegration' }).click();
	await expect(form.getByText('Name the school the pupil went back to')).toBeVisible();
	await expect(form.getByText('Enter the date the pupil started at the destination school')).toBeVisible();
	await expectWaiting(page, 0);

	await form.getByLabel('Destination school').fill('Hillside High School');
	await form.getByLabel('Date completed').fill(today());
	await form.getByRole('button', { name: 'Save reintegration' }).click();
	await expect(section.getByTestId('reintegration-status')).toContainText('Completed');
	await expect(section.getByTestId('reintegration-status')).toContainText('Hillside High School');

	await page.goto('/reintegration');
	await expect(
		page
			.getByRole('table', { name: 'Reintegration status per pupil' })
			.getByRole('row')
			.filter({ hasText: `Back${marker}` })
	).toContainText('Completed');
	expect(Number(await page.getByTestId('reintegrated-this-year').textContent())).toBeGreaterThanOrEqual(thisYear + 1);
	expect(Number(await page.getByTestId('reintegrated-overall').textContent())).toBeGreaterThanOrEqual(overall + 1);

	await expect
		.poll(async () => (await serverDocs(baseURL!, 'reintegration')).find((d) => d.pupilId === back._id), {
			timeout: 15_000
		})
		.toMatchObject({ status: 'completed', destinationSchool: 'Hillside High School', completedDate: today() });
	expect(
		validateDocument((await serverDocs(baseURL!, 'reintegration')).find((d) => d.pupilId === back._id))
	).toMatchObject({ ok: true });
	await context.close();
});
