import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { makeDoc } from '../support/test-factories';
import { LessonPage } from './pages/lesson-page';
import { PupilsPage } from './pages/pupils-page';
import { passTabletLock, putServerDocs, serverDocs, signIn, visitorWithVisit } from './support';

// Each test here makes its own tablet and pupils, so they may share out between the workers
// (the axe sweep alone takes minutes).
test.describe.configure({ mode: 'parallel' });

/**
 * A register's or exit tickets' tally as shown ("4 of 4 present"), not its settled announcement
 * for screen readers, which can carry the same words in a visually hidden live region.
 */
const tally = (page: Page, text: string) =>
	page.getByText(text, { exact: true }).and(page.locator(':not(.visually-hidden)'));

/** The tablet the issue was found on: 1080×810, touch. */
async function touchTablet(browser: Browser, viewport = { width: 1080, height: 810 }) {
	const context = await browser.newContext({ viewport, hasTouch: true });
	const page = await context.newPage();
	await signIn(page, 'teacher1');
	return { context, page };
}

async function seedGroup(baseURL: string, marker: string, given: string[]) {
	const family = `Trust${marker}`;
	const docs = given.map((givenName) => makeDoc('pupil', { givenName, familyName: family, yearGroup: 9 }));
	await putServerDocs(baseURL, docs);
	return { family, names: given.map((g) => `${g} ${family}`) };
}

async function startLesson(page: Page, baseURL: string, marker: string) {
	const group = await seedGroup(baseURL, marker, ['Freya', 'Ben', 'Cara', 'Dev']);
	const lesson = new LessonPage(page);
	const pupilsPage = new PupilsPage(page);
	await pupilsPage.open();
	await expect(pupilsPage.row(group.family)).toHaveCount(4); // synced
	await lesson.openList();
	const topic = `Ratio ${marker}`;
	await lesson.fillNew({ topic });
	// The last group of the subject comes back (another test's): start from nobody.
	const clear = page.getByRole('button', { name: 'Clear', exact: true });
	if (await clear.isEnabled()) await clear.click();
	await page.getByLabel('Find a pupil').fill(group.family);
	await page.getByRole('button', { name: 'Choose all shown' }).click();
	await page.getByRole('button', { name: 'Start lesson' }).click();
	await expect(page.getByRole('heading', { name: `Maths: ${topic}`, level: 1 })).toBeVisible();
	for (const name of group.names) await lesson.tile(name).click();
	await expect(tally(page, '4 of 4 present')).toBeVisible();
	return { lesson, names: group.names };
}

test('marking absent a pupil with an exit ticket asks first, keeps the ticket and brings it back', async ({
	browser,
	baseURL
}) => {
	const marker = Date.now().toString(36);
	const { context, page } = await touchTablet(browser);
	const { lesson, names } = await startLesson(page, baseURL!, marker);
	const [freya, ...others] = names as [string, ...string[]];
	await lesson.outcome(freya, 'Secure').click();
	for (const name of others) await lesson.outcome(name, 'Developing').click();
	await expect(tally(page, '4 of 4 marked')).toBeVisible();

	const dialog = page.getByRole('dialog');
	await lesson.tile(freya).click();
	await expect(dialog.getByRole('heading')).toHaveText(`${freya} has an exit ticket (Secure). Mark absent anyway?`);
	await expect(dialog).toContainText(`The ticket is kept and comes back if ${freya} is marked present again.`);
	await dialog.getByRole('button', { name: 'Keep present' }).click();
	await expect(lesson.tile(freya)).toHaveAttribute('aria-pressed', 'true');
	await expect(tally(page, '4 of 4 marked')).toBeVisible();

	await lesson.tile(freya).click();
	await dialog.getByRole('button', { name: 'Mark absent' }).click();
	await expect(tally(page, '3 of 4 present')).toBeVisible();
	await expect(tally(page, '3 of 3 marked')).toBeVisible();

	await lesson.tile(freya).click(); // present again: no question, the ticket comes back
	await expect(tally(page, '4 of 4 marked')).toBeVisible();
	await expect(lesson.outcome(freya, 'Secure')).toBeChecked();
	await context.close();
});

test('Undo on the toast puts back exactly what a quick tap replaced, and that is what is stored', async ({
	browser,
	baseURL
}) => {
	const marker = Date.now().toString(36);
	const { context, page } = await touchTablet(browser);
	const { lesson, names } = await startLesson(page, baseURL!, marker);
	const [freya, ben, cara] = names as [string, string, string];
	const undo = page.getByTestId('toast').getByRole('button', { name: 'Undo' });

	// An outcome changed by mistake: Undo brings back the one it replaced.
	await lesson.outcome(ben, 'Developing').click();
	await lesson.expectSaved(ben);
	await lesson.outcome(ben, 'Not yet').click();
	await expect(lesson.outcome(ben, 'Not yet')).toBeChecked();
	await undo.click();
	await expect(lesson.outcome(ben, 'Developing')).toBeChecked();

	// A first mark: Undo leaves the pupil unmarked.
	await lesson.outcome(cara, 'Secure').click();
	await lesson.expectSaved(cara);
	await undo.click();
	await expect(lesson.ticketRow(cara)).toContainText('Not marked');

	// A register tile (no ticket, so no question): Undo marks them present again.
	await lesson.tile(freya).click();
	await expect(tally(page, '3 of 4 present')).toBeVisible();
	await undo.click();
	await expect(tally(page, '4 of 4 present')).toBeVisible();

	await context.setOffline(true);
	await page.reload(); // what is shown now comes from the tablet's store alone
	await passTabletLock(page);
	await expect(tally(page, '4 of 4 present')).toBeVisible();
	await expect(lesson.outcome(ben, 'Developing')).toBeChecked();
	await expect(lesson.ticketRow(cara)).toContainText('Not marked');
	await expect(tally(page, '1 of 4 marked')).toBeVisible();
	await context.close();
});

test('a save the store refuses never leaves the form stuck, and says why in plain words', async ({ browser }) => {
	const { context, page } = await touchTablet(browser);
	await page.goto('/pupils/new');
	await page.getByLabel('First name').fill('Quota');
	await page.getByLabel('Surname').fill('Full');
	await page.getByLabel('Date of birth').fill('2012-05-06');
	await page.getByLabel('Year group').selectOption('9');
	await page.getByLabel('Host school').fill('Riverside Academy');
	// The tablet is out of space: every IndexedDB write now fails the way browsers report it.
	await page.evaluate(() => {
		IDBObjectStore.prototype.put = function () {
			throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
		};
	});
	const save = page.getByRole('button', { name: 'Save pupil' });
	await save.click();
	await expect(page.getByTestId('toast')).toContainText(
		'Not saved: this tablet has run out of storage space. Free some space (Settings › Storage), then save again.'
	);
	await expect(save).toBeEnabled();
	await expect(page).toHaveURL(/\/pupils\/new$/);
	await context.close();
});

test('a form sent with mistakes moves focus to the first field to fix', async ({ browser }) => {
	const { context, page } = await touchTablet(browser);
	await page.goto('/lessons/new');
	await page.getByRole('button', { name: 'Start lesson' }).click();
	await expect(page.getByLabel('Topic')).toBeFocused();
	await expect(page.getByLabel('Topic')).toBeInViewport();

	// A long form: the first field to fix is far above the button, and is scrolled to.
	await page.goto('/moderation/new');
	await page.getByLabel('Date of meeting').fill('');
	await page.getByRole('button', { name: 'Save meeting' }).click();
	await expect(page.getByLabel('Date of meeting')).toBeFocused();
	await expect(page.getByLabel('Date of meeting')).toBeInViewport();
	await context.close();
});

test('a toast never covers an input or button on the screen, and can be dismissed', async ({ browser, baseURL }) => {
	const marker = Date.now().toString(36);
	const { context, page } = await touchTablet(browser);
	const { lesson, names } = await startLesson(page, baseURL!, marker);
	await lesson.outcome(names[1]!, 'Secure').click();
	const toast = page.getByTestId('toast');
	await expect(toast).toBeVisible();
	const box = (await toast.boundingBox())!;
	const covered = await page.evaluate((t) => {
		const hit = [...document.querySelectorAll('main input, main button, main select, main textarea, main a')].filter(
			(el) => {
				const r = el.getBoundingClientRect();
				if (r.width === 0 || r.bottom <= 0 || r.top >= innerHeight) return false;
				return r.left < t.x + t.width && r.right > t.x && r.top < t.y + t.height && r.bottom > t.y;
			}
		);
		return hit.map((el) => el.outerHTML.slice(0, 80));
	}, box);
	expect(covered).toEqual([]);
	await toast.getByRole('button', { name: 'Dismiss message' }).click();
	await expect(toast).toHaveCount(0);
	await context.close();
});

test('a behaviour entry logged against the wrong child is changed and withdrawn, the earlier version kept as history', async ({
	browser,
	baseURL
}) => {
	const marker = Date.now().toString(36);
	const group = await seedGroup(baseURL!, marker, ['Lola', 'Max']);
	const { context, page } = await touchTablet(browser);
	const pupilsPage = new PupilsPage(page);
	await pupilsPage.open();
	await expect(pupilsPage.row(group.family)).toHaveCount(2);
	await pupilsPage.row(group.family).filter({ hasText: 'Lola' }).getByRole('link').first().click();
	await page.getByRole('button', { name: 'Log behaviour' }).click();
	const form = page.getByRole('form', { name: /Log behaviour/ });
	await form.getByRole('radio', { name: 'Negative' }).check();
	await form.getByRole('radio', { name: 'Other' }).check();
	await form.getByLabel('Other category').fill('Disruption');
	await form.getByLabel('What happened').fill(`Threw a chair ${marker}`);
	await form.getByRole('button', { name: 'Save entry' }).click();
	const entries = page.getByRole('list', { name: 'Behaviour entries' });
	await expect(entries).toContainText(`Threw a chair ${marker}`);

	await entries.getByRole('button', { name: 'Change this behaviour entry' }).click();
	const change = page.getByRole('form', { name: /Change a behaviour entry/ });
	await change.getByLabel('What happened').fill(`Shouted in class ${marker}`);
	await change.getByRole('button', { name: 'Save entry' }).click();
	await expect(entries).toContainText(`Shouted in class ${marker}`);
	await expect(entries).not.toContainText(`Threw a chair ${marker}`);
	await entries.getByText(/^Changed by teacher1 on /).click();
	await expect(entries.getByRole('list', { name: 'Earlier versions, newest first' })).toContainText(
		`Recorded by teacher1 on`
	);
	await expect(entries.getByRole('list', { name: 'Earlier versions, newest first' })).toContainText(
		`Threw a chair ${marker}`
	);

	await entries.getByRole('button', { name: 'Withdraw this behaviour entry' }).click();
	await page.getByRole('dialog').getByRole('button', { name: 'Withdraw' }).click();
	await expect(page.getByText('No behaviour entries yet.')).toBeVisible();

	// Both versions reach the server, withdrawn: out of the counts, still in the subject access export.
	await expect
		.poll(
			async () =>
				(await serverDocs(baseURL!, 'behaviour'))
					.filter((d) => String(d.description).endsWith(marker))
					.map((d) => `${String(d.description)}|${String(d.archived)}|${d.supersedes ? 'corrects' : 'first'}`)
					.sort(),
			{ timeout: 15_000 }
		)
		.toEqual([`Shouted in class ${marker}|true|corrects`, `Threw a chair ${marker}|true|first`]);
	await context.close();
});

test('a parent call logged with the wrong note is changed and withdrawn, the earlier version kept as history', async ({
	browser,
	baseURL
}) => {
	const marker = Date.now().toString(36);
	const pupil = makeDoc('pupil', { givenName: 'Noor', familyName: `Call${marker}`, yearGroup: 9 });
	const call = makeDoc('parentContact', { pupilId: pupil._id, discussed: `Asked about trips ${marker}` });
	await putServerDocs(baseURL!, [pupil, call]);
	const { context, page } = await touchTablet(browser);
	await page.goto(`/pupils/${encodeURIComponent(pupil._id)}`);
	const calls = page.getByRole('list', { name: 'Calls logged' });
	await expect(calls).toContainText(`Asked about trips ${marker}`, { timeout: 20_000 });

	await calls.getByRole('button', { name: 'Change this call' }).click();
	const change = page.getByRole('form', { name: /Change a call/ });
	await change.getByLabel('What was discussed').fill(`Agreed a reduced timetable ${marker}`);
	await change.getByRole('button', { name: 'Save call' }).click();
	await expect(calls).toContainText(`Agreed a reduced timetable ${marker}`);
	await expect(calls).not.toContainText(`Asked about trips ${marker}`);
	await calls.getByText(/^Changed by teacher1 on /).click();
	await expect(calls.getByRole('list', { name: 'Earlier versions, newest first' })).toContainText(
		`Asked about trips ${marker}`
	);

	await calls.getByRole('button', { name: 'Withdraw this call' }).click();
	await page.getByRole('dialog').getByRole('button', { name: 'Withdraw' }).click();
	await expect(page.getByRole('list', { name: 'Calls logged' })).toHaveCount(0);
	await expect
		.poll(
			async () =>
				(await serverDocs(baseURL!, 'parentContact'))
					.filter((d) => String(d.discussed).endsWith(marker))
					.map((d) => `${String(d.discussed)}|${String(d.archived)}`)
					.sort(),
			{ timeout: 15_000 }
		)
		.toEqual([`Agreed a reduced timetable ${marker}|true`, `Asked about trips ${marker}|true`]);
	await context.close();
});

test('the storage line reads as a sentence: “3.2 MB of 10.0 GB available”', async ({ browser }) => {
	const { context, page } = await touchTablet(browser);
	await page.goto('/settings');
	await expect(page.getByTestId('storage-usage')).toHaveText(
		/^\s*\d+(\.\d)? (bytes|KB|MB|GB) of \d+(\.\d)? (KB|MB|GB|TB) available\s*$/
	);
	await context.close();
});

test('impossible dates are refused in plain words, beside the right boxes', async ({ browser }) => {
	const { context, page } = await touchTablet(browser);
	await page.goto('/pupils/new');
	await expect(page.getByRole('group', { name: /Year group|SEN/ })).toHaveCount(0); // menus, not groups
	await page.getByLabel('First name').fill('Future');
	await page.getByLabel('Surname').fill('Child');
	await page.getByLabel('Date of birth').fill('2030-01-01');
	await page.getByLabel('Host school').fill('Riverside Academy');
	await page.getByRole('button', { name: 'Save pupil' }).click();
	await expect(page.getByLabel('Date of birth')).toHaveAccessibleDescription(
		/Date of birth cannot be in the future: check the year/
	);
	await expect(page.getByLabel('Year group')).toHaveAccessibleDescription(
		/Choose the year group, from Year 5 to Year 13/
	);
	await expect(page.getByLabel('Date of birth')).toBeFocused();
	await expect(page.getByText(/YYYY-MM-DD|whole number from 1 to 14/)).toHaveCount(0);
	await context.close();
});

test('a visitor who types a write address gets the read-only notice, never a form that spins', async ({
	browser,
	baseURL
}) => {
	const marker = Date.now().toString(36);
	const pupil = makeDoc('pupil', { givenName: 'Visit', familyName: `Seen${marker}`, yearGroup: 9 });
	await putServerDocs(baseURL!, [pupil]);
	const context = await browser.newContext({ viewport: { width: 1080, height: 810 }, hasTouch: true });
	const page = await context.newPage();
	await signIn(page, await visitorWithVisit(baseURL!, [pupil._id]));
	for (const path of ['/pupils/new', `/pupils/${encodeURIComponent(pupil._id)}/edit`]) {
		await page.goto(path);
		await expect(page.getByText('Read only', { exact: true })).toBeVisible();
		await expect(page.getByRole('button', { name: /Save/ })).toHaveCount(0);
	}
	await context.close();
});

test('a message about a PIN goes once the PIN is corrected', async ({ browser }) => {
	const { context, page } = await touchTablet(browser);
	await page.goto('/settings');
	const newPin = page.getByLabel('New PIN (4 to 8 digits)');
	await newPin.fill('12');
	await page.getByLabel('Type the new PIN again').fill('12');
	await page.getByRole('button', { name: 'Change PIN' }).click();
	await expect(newPin).toHaveAttribute('aria-invalid', 'true');
	await newPin.fill('2468');
	await expect(newPin).not.toHaveAttribute('aria-invalid', 'true');
	await context.close();
});

test('the feedback form’s period subtitle follows its dates', async ({ browser, baseURL }) => {
	const { context, page } = await touchTablet(browser);

	const pupil = makeDoc('pupil', { givenName: 'Period', familyName: `Form${Date.now().toString(36)}`, yearGroup: 9 });
	await putServerDocs(baseURL!, [pupil]);
	const pupilsPage = new PupilsPage(page);
	await pupilsPage.open();
	await expect(pupilsPage.row(pupil.familyName)).toHaveCount(1);
	await page.goto(`/reports/feedback/new?pupil=${encodeURIComponent(pupil._id)}`);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Feedback form');
	await page.getByRole('textbox', { name: 'To', exact: true }).fill('2026-10-30');
	await page.getByRole('textbox', { name: 'From', exact: true }).fill('2026-10-05');
	await expect(page.getByText('Drafted from the registers · 5 Oct 2026 – 30 Oct 2026')).toBeVisible();
	await context.close();
});

/**
 * Controls a finger cannot reliably hit: a visible link, button, choice, menu or summary whose box
 * (a choice's label when the input itself is hidden) is under 44 × 44 px.
 */
async function smallTargets(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const small: string[] = [];
		const controls = document.querySelectorAll<HTMLElement>(
			'a[href], button, select, summary, input:not([type="hidden"]), textarea'
		);
		for (const el of controls) {
			if (el.closest('[hidden], [inert], .visually-hidden')) continue;
			let box = el.getBoundingClientRect();
			// A choice is tapped through its label, which is then the target.
			const isChoice = el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox');
			const label = el.closest('label') ?? (el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`) : null);
			if (isChoice && label) box = label.getBoundingClientRect();
			else if (box.width <= 1 || box.height <= 1) continue; // visually hidden, not a target
			if (box.width === 0 && box.height === 0) continue; // not rendered here
			if (Math.round(box.width) < 44 || Math.round(box.height) < 44)
				small.push(
					`${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}" ${Math.round(box.width)}×${Math.round(box.height)}`
				);
		}
		return small;
	});
}

/** WCAG contrast of each element's text against its own (or nearest painted) background, and no fading. */
async function lowContrast(page: Page, selector: string): Promise<string[]> {
	return page.locator(selector).evaluateAll((elements) => {
		const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
		const lum = ([r, g, b]: number[]) => {
			const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
			return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
		};
		const background = (el: Element | null): number[] => {
			for (let e = el; e; e = e.parentElement) {
				const c = rgb(getComputedStyle(e).backgroundColor);
				if (c.length >= 3 && (c[3] ?? 1) > 0) return c;
			}
			return [255, 255, 255];
		};
		const out: string[] = [];
		for (const el of elements) {
			const style = getComputedStyle(el);
			const fg = lum(rgb(style.color));
			const bg = lum(background(el));
			const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
			if (ratio < 4.5 || style.opacity !== '1') out.push(`${el.textContent?.trim()} ${ratio.toFixed(2)}:1`);
		}
		return out;
	});
}

test('the lesson, registers, reports, trends and a sent feedback form pass axe (contrast included) with 44 px targets, in portrait and landscape, for staff and visitors', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(480_000); // sixteen full-page scans on a shared two-core machine
	const marker = Date.now().toString(36);
	const { context, page } = await touchTablet(browser);
	const { lesson, names } = await startLesson(page, baseURL!, marker);
	await lesson.outcome(names[0]!, 'Secure').click();
	const lessonPath = new URL(page.url()).pathname;
	// A feedback form already sent to the host school: locked, its choices shown as chosen.
	const pupilId = (await serverDocs(baseURL!, 'pupil')).find(
		(d) => d.familyName === `Trust${marker}` && d.givenName === 'Freya'
	)!._id as string;
	const sent = makeDoc('feedbackForm', {
		pupilId,
		status: 'sent',
		sentAt: new Date().toISOString(),
		sentTo: 'Riverside Academy',
		comment: 'Worked steadily.'
	});
	// A plan whose EHCP and IEP are links in a sentence.
	const plan = makeDoc('plan', {
		pupilId,
		ehcpLink: 'https://example.org/ehcp/freya',
		iepLink: 'https://example.org/iep/freya'
	});
	await putServerDocs(baseURL!, [sent, plan]);
	const sentPath = `/reports/feedback/${encodeURIComponent(sent._id)}`;
	const visitorContext = await browser.newContext({ viewport: { width: 1080, height: 810 }, hasTouch: true });
	const visitor = await visitorContext.newPage();
	// A visitor sees what is shared for their visit: Freya's work, progress and reports (not lessons).
	await signIn(visitor, await visitorWithVisit(baseURL!, [pupilId]));
	const small: string[] = [];
	// Each screen is opened once and turned, as a tablet is: landscape, then portrait.
	const scan = async (p: Page, path: string, ready: RegExp, withAxe = true) => {
		await p.setViewportSize({ width: 1080, height: 810 });
		await expect
			.poll(
				async () => {
					await p.goto(path);
					return p.getByRole('heading', { level: 1 }).textContent({ timeout: 10_000 });
				},
				{ timeout: 30_000 }
			) // a visitor's tablet may still be syncing the shared records
			.toMatch(ready);
		for (const viewport of [
			{ width: 1080, height: 810 },
			{ width: 810, height: 1080 }
		]) {
			await p.setViewportSize(viewport);
			// Laid out again at the new size before anything is measured.
			await p.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
			if (withAxe) {
				const result = await new AxeBuilder({ page: p }).analyze();
				expect.soft(result.violations.map((v) => `${path} ${viewport.width}: ${v.id}: ${v.nodes.length}`)).toEqual([]);
			}
			small.push(...(await smallTargets(p)).map((t) => `${path} ${viewport.width}: ${t}`));
		}
	};
	await scan(page, lessonPath, /Ratio/);
	await scan(page, '/attendance', /Attendance register/);
	await scan(page, '/reports', /Reports/);
	await scan(page, '/trends', /Trends/);
	await scan(page, sentPath, /Feedback form/);
	// Targets only (axe covers these pages in their own tests): the pupil page's many links, Today.
	await scan(page, `/pupils/${encodeURIComponent(pupilId)}`, /Freya/, false);
	await scan(page, '/', /Today/, false);
	await scan(page, `/pupils/${encodeURIComponent(pupilId)}/plan/${encodeURIComponent(plan._id)}`, /plan/i, false);
	// axe skips disabled controls: the sent form's locked choices are measured here instead.
	expect.soft(await lowContrast(page, 'form fieldset[disabled] label')).toEqual([]);
	// A visitor's tablet may still be receiving the shared records: scan() waits for the heading.
	await scan(visitor, sentPath, /Feedback form/);
	expect.soft(await lowContrast(visitor, 'form fieldset[disabled] label')).toEqual([]);
	await page.goto('/trends');
	await expect(page.getByRole('button', { name: 'Clear filters' })).toHaveCSS('opacity', '1');
	await scan(visitor, '/attendance', /Attendance register/);
	expect.soft(small).toEqual([]);
	await visitorContext.close();
	await context.close();
});
