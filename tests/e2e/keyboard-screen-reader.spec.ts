/**
 * Keyboard-only and screen-reader checks (issue 20): where focus goes, what the live regions say,
 * and what a focused control looks like at the tablet's two orientations and at 200% text.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { makeDoc } from '../support/test-factories';
import { LessonPage } from './pages/lesson-page';
import { RegisterPage } from './pages/logs-pages';
import { DEMO, E2E_PIN, putServerDocs, signedInTablet } from './support';

const LANDSCAPE = { width: 1080, height: 810 };
const PORTRAIT = { width: 810, height: 1080 };
const marker = () => Date.now().toString(36);

/** Pupils (and optionally a lesson with all of them present) put on the server, then synced. */
async function seedClass(baseURL: string, count: number) {
	const family = `Keys${marker()}`;
	const pupils = Array.from({ length: count }, (_, i) =>
		makeDoc('pupil', { givenName: `P${String.fromCharCode(65 + i)}`, familyName: family, yearGroup: 9 })
	);
	const ids = pupils.map((p) => p._id);
	const lesson = makeDoc('lesson', { topic: `Ratio ${family}`, pupilIds: ids, present: ids, date: '2026-10-05' });
	await putServerDocs(baseURL, [...pupils, lesson]);
	return { family, names: pupils.map((p) => `${p.givenName} ${family}`), ids, lesson };
}

async function tablet(browser: Browser, viewport = LANDSCAPE) {
	const { context, page } = await signedInTablet(browser, 'teacher1');
	await page.setViewportSize(viewport);
	return { context, page };
}

async function openLesson(page: Page, lesson: { _id: string; topic: string }) {
	await page.goto(`/lessons/${encodeURIComponent(lesson._id)}`);
	await page.getByRole('heading', { name: `Maths: ${lesson.topic}`, level: 1 }).waitFor({ timeout: 20_000 });
}

/** Every text a polite live region or status inside the page's main region takes, in order. */
async function recordPoliteAnnouncements(page: Page) {
	await page.evaluate(() => {
		const said: string[] = [];
		(window as unknown as { __said: string[] }).__said = said;
		const isPolite = (el: Element | null) => !!el?.closest('[aria-live="polite"], [role="status"]');
		new MutationObserver((changes) => {
			for (const change of changes) {
				const target = change.target instanceof Element ? change.target : change.target.parentElement;
				const region = target?.closest('[aria-live="polite"], [role="status"]');
				if (!region || !isPolite(target)) continue;
				const text = region.textContent?.trim() ?? '';
				if (text) said.push(text);
			}
		}).observe(document.getElementById('main')!, { subtree: true, childList: true, characterData: true });
	});
	return () => page.evaluate(() => [...new Set((window as unknown as { __said: string[] }).__said)]);
}

test('the tablet lock takes focus, says what is wrong with a PIN, and gives focus back after unlocking', async ({
	browser
}) => {
	const context = await browser.newContext({ viewport: LANDSCAPE });
	const page = await context.newPage();
	await page.goto('/');
	await page.waitForURL('**/sign-in');
	await page.getByLabel('User name').fill('teacher1');
	await page.getByLabel('Password').fill(DEMO.teacher1.password);
	await page.keyboard.press('Enter');

	// First use: choose a PIN. Focus is in the first box; a mismatch and a short PIN are read out.
	const lock = page.getByTestId('tablet-lock');
	const alert = lock.getByRole('alert');
	await expect(page.getByLabel('New PIN (4 to 8 digits)')).toBeFocused();
	await page.keyboard.type('1234');
	await page.keyboard.press('Tab');
	await page.keyboard.type('1235');
	await page.keyboard.press('Enter');
	await expect(alert).toHaveText('The two PINs are different. Type the same PIN twice.');
	await expect(page.getByLabel('Type the PIN again')).toBeFocused();

	await page.getByLabel('New PIN (4 to 8 digits)').fill('12');
	await page.getByLabel('Type the PIN again').fill('12');
	await page.keyboard.press('Enter');
	await expect(alert).toHaveText(/4 to 8 digits/);
	await expect(page.getByLabel('New PIN (4 to 8 digits)')).toBeFocused();

	await page.getByLabel('New PIN (4 to 8 digits)').fill(E2E_PIN);
	await page.getByLabel('Type the PIN again').fill(E2E_PIN);
	await page.keyboard.press('Enter');
	await expect(lock).toBeHidden();

	// Locking from the header with the keyboard: focus into the lock, a wrong PIN announced
	// (twice running, twice heard), and back on the Lock button once unlocked.
	const lockButton = page.getByRole('button', { name: 'Lock', exact: true });
	await lockButton.focus();
	await page.keyboard.press('Enter');
	await expect(page.getByLabel(/^PIN/)).toBeFocused();
	await page.keyboard.type('9999');
	await page.keyboard.press('Enter');
	await expect(alert).toHaveText('That PIN is not right.');
	await expect(page.getByLabel(/^PIN/)).toBeFocused();
	await page.keyboard.type(E2E_PIN);
	await page.keyboard.press('Enter');
	await expect(lock).toBeHidden();
	await expect(lockButton).toBeFocused();
	await context.close();
});

test('the attendance register says the count once it settles, not once per tap', async ({ browser, baseURL }) => {
	const group = await seedClass(baseURL!, 5);
	const { context, page } = await tablet(browser);
	const register = new RegisterPage(page);
	await register.open('2026-10-12', 'am');
	await expect(register.row(group.names[4]!)).toBeVisible({ timeout: 20_000 });
	const said = await recordPoliteAnnouncements(page);

	// Quick taps, as a teacher goes down the list (click, not check: no wait for each re-render).
	for (const name of group.names)
		await register.row(name).getByRole('radio', { name: '/ Present', exact: true }).click();
	const progress = page.getByTestId('register-progress');
	await expect(register.row(group.names[4]!).getByRole('radio', { name: '/ Present', exact: true })).toBeChecked();
	await page.waitForTimeout(3000);
	const final = (await progress.textContent())!.trim();
	// Once, settled (a slow machine may split five taps into two bursts): never once per tap.
	const spoken = await said();
	expect(spoken.at(-1)).toBe(final);
	expect(spoken.length).toBeLessThanOrEqual(2);
	await context.close();
});

test('the lesson register, worked with the keyboard alone, says the count once it settles', async ({
	browser,
	baseURL
}) => {
	const group = await seedClass(baseURL!, 5);
	const { context, page } = await tablet(browser);
	await openLesson(page, group.lesson);
	const lesson = new LessonPage(page);
	await expect(page.getByText('5 of 5 present')).toBeVisible();
	const said = await recordPoliteAnnouncements(page);

	// Five pupils marked absent with Space, one after another (no ticket yet, so no question).
	for (const name of group.names) {
		await lesson.tile(name).focus();
		await page.keyboard.press('Space');
	}
	await expect(page.getByText('0 of 5 present')).toBeVisible();
	await page.waitForTimeout(3000);
	const counts = (await said()).filter((s) => s.endsWith('present'));
	expect(counts.at(-1)).toBe('0 of 5 present');
	expect(counts.length).toBeLessThanOrEqual(2); // never once per tap
	await context.close();
});

test('arrowing through exit-ticket options saves only the one the teacher stops on', async ({ browser, baseURL }) => {
	const group = await seedClass(baseURL!, 2);
	const { context, page } = await tablet(browser);
	// Count the saves of exit tickets into the tablet's database (Dexie's store is named after the
	// type). A save stamps a new updatedAt; sync writing the server's revision back keeps it.
	await page.addInitScript(() => {
		const stamps = new Set<string>();
		const w = window as unknown as { __ticketWrites: () => number };
		w.__ticketWrites = () => stamps.size;
		for (const method of ['put', 'add'] as const) {
			const original = IDBObjectStore.prototype[method];
			IDBObjectStore.prototype[method] = function (this: IDBObjectStore, ...args: Parameters<typeof original>) {
				const stamp = (args[0] as { updatedAt?: string } | undefined)?.updatedAt;
				if (this.name === 'exitTicket' && stamp) stamps.add(stamp);
				return original.apply(this, args);
			};
		}
	});
	const writes = () => page.evaluate(() => (window as unknown as { __ticketWrites: () => number }).__ticketWrites());
	const lesson = new LessonPage(page);
	await page.goto(`/lessons?day=${group.lesson.date}`);
	await page.getByRole('link', { name: new RegExp(group.lesson.topic) }).click({ timeout: 20_000 });
	const [first, second] = group.names as [string, string];

	await lesson.outcome(first, 'Secure').click();
	await lesson.expectSaved(first);
	expect(await writes()).toBe(1);

	// Secure → Developing → Not yet with the arrow keys, then Tab on: one save, of "Not yet".
	await page.keyboard.press('ArrowRight');
	await page.keyboard.press('ArrowRight');
	await expect(lesson.outcome(first, 'Not yet')).toBeChecked();
	await page.keyboard.press('Tab');
	await expect.poll(writes).toBe(2);
	await page.waitForTimeout(2000);
	expect(await writes()).toBe(2);

	// Arrowing and then pausing saves the option stopped on; Space saves at once.
	await lesson.outcome(second, 'Secure').click();
	await expect.poll(writes).toBe(3);
	await page.keyboard.press('ArrowRight');
	await expect.poll(writes, { timeout: 5000 }).toBe(4);
	await page.keyboard.press('ArrowRight');
	await page.keyboard.press('Space');
	await expect.poll(writes).toBe(5);

	await page.reload();
	await expect(lesson.outcome(first, 'Not yet')).toBeChecked({ timeout: 20_000 });
	await expect(lesson.outcome(second, 'Not yet')).toBeChecked();
	await context.close();
});

test('in portrait, a control reached with Tab is never under the tab bar or the header', async ({
	browser,
	baseURL
}) => {
	const group = await seedClass(baseURL!, 10);
	const { context, page } = await tablet(browser, PORTRAIT);
	await openLesson(page, group.lesson);
	await page.getByRole('heading', { name: 'Exit tickets' }).scrollIntoViewIfNeeded();
	await page.getByRole('group', { name: group.names[0]! }).getByRole('radio').first().focus();
	const hidden: string[] = [];
	for (let i = 0; i < 25; i++) {
		await page.keyboard.press('Tab');
		const where = await page.evaluate(() => {
			const el = document.activeElement as HTMLElement;
			const box = (el.closest('label') ?? el).getBoundingClientRect();
			const nav = document.querySelector('nav[aria-label="Main"]')!.getBoundingClientRect();
			const top = document.querySelector('.top')!.getBoundingClientRect();
			return {
				name: el.getAttribute('aria-label') ?? el.textContent?.trim() ?? el.tagName,
				isCovered: box.bottom > nav.top + 1 || box.top < top.bottom - 1
			};
		});
		if (where.isCovered) hidden.push(where.name);
	}
	expect(hidden).toEqual([]);
	await context.close();
});

test('at 200% text in portrait the register fits the width and the fixed bars leave the screen to the page', async ({
	browser,
	baseURL
}) => {
	const group = await seedClass(baseURL!, 3);
	const { context, page } = await tablet(browser, PORTRAIT);
	const cdp = await context.newCDPSession(page);
	await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32 } });
	const register = new RegisterPage(page);
	await register.open('2026-10-12', 'am');
	await expect(register.row(group.names[2]!)).toBeVisible({ timeout: 20_000 });
	expect(await page.evaluate(() => getComputedStyle(document.body).fontSize)).not.toBe('17px');

	const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	expect(sideways).toBeLessThanOrEqual(0);
	// The last quick code and the full list of codes beside it both stay on screen.
	for (const option of [
		register.row(group.names[2]!).getByRole('radio', { name: 'N Absent, no reason yet' }),
		register.codeList(group.names[2]!)
	]) {
		const box = (await option.boundingBox())!;
		expect(box.x + box.width).toBeLessThanOrEqual(PORTRAIT.width);
	}

	// Share of the screen taken by bars that stay put while the page scrolls.
	const covered = await page.evaluate(() => {
		const fixedHeight = (el: Element | null) => {
			if (!el) return 0;
			const position = getComputedStyle(el).position;
			return position === 'fixed' || position === 'sticky' ? el.getBoundingClientRect().height : 0;
		};
		return (
			(fixedHeight(document.querySelector('.top')) + fixedHeight(document.querySelector('nav[aria-label="Main"]'))) /
			innerHeight
		);
	});
	expect(covered).toBeLessThan(0.2);
	await context.close();
});

test('detail pages are announced by what they show: the lesson, the pupil', async ({ browser, baseURL }) => {
	const group = await seedClass(baseURL!, 1);
	const { context, page } = await tablet(browser);
	await page.goto(`/lessons?day=${group.lesson.date}`);
	await page.getByRole('link', { name: new RegExp(group.lesson.topic) }).click({ timeout: 20_000 });
	await expect(page.locator('#svelte-announcer')).toHaveText(`Maths: ${group.lesson.topic}, 5 Oct 2026 · Waymark`);
	await expect(page).toHaveTitle(`Maths: ${group.lesson.topic}, 5 Oct 2026 · Waymark`);

	await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pupils' }).click();
	await page.getByLabel('Search by name').fill(group.family);
	await page
		.getByRole('list', { name: 'Pupils' })
		.getByRole('link', { name: new RegExp(group.family) })
		.click();
	await expect(page.locator('#svelte-announcer')).toHaveText(`${group.names[0]} · Waymark`);
	await expect(page).toHaveTitle(`${group.names[0]} · Waymark`);
	await context.close();
});

test('the plan, moderation record, report, feedback form and the pages under a pupil name what they show', async ({
	browser,
	baseURL
}) => {
	const group = await seedClass(baseURL!, 1);
	const [pupilId] = group.ids as [string];
	const name = group.names[0]!;
	const plan = makeDoc('plan', { pupilId });
	const meeting = makeDoc('moderation', {
		date: '2026-11-10',
		subject: 'english',
		samples: [
			{
				pupilId,
				workTitle: 'Persuasive letter',
				internalJudgement: 'Developing',
				moderatedJudgement: 'Developing',
				agreed: true
			}
		]
	});
	const report = makeDoc('progressReport', { pupilId });
	const form = makeDoc('feedbackForm', { pupilId });
	await putServerDocs(baseURL!, [plan, meeting, report, form]);
	const { context, page } = await tablet(browser);
	const id = (doc: { _id: string }) => encodeURIComponent(doc._id);
	for (const [path, title] of [
		[`/pupils/${encodeURIComponent(pupilId)}/plan/${id(plan)}`, `Personalised plan: ${name}`],
		[`/moderation/${id(meeting)}`, 'English moderation, 10 Nov 2026'],
		[`/reports/half-term/${id(report)}`, `Half-term report: ${name}`],
		[`/reports/feedback/${id(form)}`, `Feedback form: ${name}`],
		[`/lessons/${id(group.lesson)}/edit`, `Correct lesson: Maths: ${group.lesson.topic}, 5 Oct 2026`],
		[`/pupils/${encodeURIComponent(pupilId)}/edit`, `Edit pupil: ${name}`],
		[`/pupils/${encodeURIComponent(pupilId)}/baseline/new`, `Record a baseline: ${name}`]
	] as const) {
		// Synced documents arrive in any order: open the page again until this one is on the tablet.
		await expect(async () => {
			await page.goto(path);
			await expect(page).toHaveTitle(`${title} · Waymark`, { timeout: 3_000 });
		}).toPass({ timeout: 30_000 });
	}
	await context.close();
});

test('"Re-assess" is spoken with its visible word first (label in name)', async ({ browser, baseURL }) => {
	const group = await seedClass(baseURL!, 1);
	await putServerDocs(baseURL!, [makeDoc('baseline', { pupilId: group.ids[0] })]);
	const { context, page } = await tablet(browser);
	await page.goto(`/pupils/${encodeURIComponent(group.ids[0]!)}`);
	const reassess = page.getByRole('link', { name: 'Re-assess Literacy baseline', exact: true });
	await expect(reassess).toBeVisible({ timeout: 20_000 });
	await expect(reassess).toContainText('Re-assess');
	await context.close();
});
