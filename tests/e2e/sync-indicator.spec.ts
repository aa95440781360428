import { expect, test, type Page } from '@playwright/test';
import { OwnServer } from './own-server';
import { PupilsPage } from './pages/pupils-page';
import { expectSyncPhase, expectWaiting, passTabletLock, signedInTablet } from './support';

// The sync indicator must never be wrong (issue 20, item 5): with the office server stopped or
// the tablet offline it must not say "Up to date" next to a record waiting.

/**
 * Every text the indicator's phase shows in this document from the first paint on, and every
 * sentence its live region gives screen readers.
 */
async function recordPhases(page: Page) {
	await page.addInitScript(() => {
		const seen: string[] = [];
		const spoken: string[] = [];
		Object.assign(window, { __syncPhases: seen, __syncSpoken: spoken });
		const latest = (list: string[], testId: string) => {
			const text = document.querySelector(`[data-testid="${testId}"]`)?.textContent?.trim();
			if (text && list.at(-1) !== text) list.push(text);
		};
		new MutationObserver(() => {
			latest(seen, 'sync-phase');
			latest(spoken, 'sync-announcement');
		}).observe(document, { subtree: true, childList: true, characterData: true });
	});
}
const phasesSeen = (page: Page) => page.evaluate(() => (window as unknown as { __syncPhases: string[] }).__syncPhases);
const spokenSoFar = (page: Page) => page.evaluate(() => (window as unknown as { __syncSpoken: string[] }).__syncSpoken);

async function addPupil(page: Page, familyName: string) {
	const pupils = new PupilsPage(page);
	await pupils.open();
	await pupils.add({ givenName: 'Safe', familyName, dateOfBirth: '2012-06-01', yearGroup: 8, hostSchool: 'Hill' });
}

test('office server stopped: says it cannot reach it and what is safe, through a reload, and up to date only once it is back', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const server = await OwnServer.start();
	try {
		const org = `reach-${Date.now().toString(36)}`;
		const staff = await server.addStaff(org);
		const context = await browser.newContext();
		const page = await context.newPage();
		await recordPhases(page);
		await page.goto(`${server.url}/sign-in`);
		await page.getByLabel('User name').fill(staff.name);
		await page.getByLabel('Password').fill(staff.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
		await passTabletLock(page);
		await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 20_000 });
		await expectSyncPhase(page, 'Up to date');
		await expectWaiting(page, 0);

		// The server process dies; the tablet still has its network.
		await server.kill();
		await expectSyncPhase(page, "Can't reach the office server");
		await expect(page.getByTestId('sync-detail')).toHaveText(
			"Anything you record is kept on this tablet and will send when it's back."
		);
		const family = `Unreached${Date.now().toString(36)}`;
		await addPupil(page, family);
		await expectWaiting(page, 1);
		await expectSyncPhase(page, "Can't reach the office server");
		await expect(page.getByTestId('sync-detail')).toHaveText(
			"1 record is safe on this tablet and will send when it's back."
		);

		// Reopened while the server is still down (the service worker serves the app).
		await page.reload();
		await passTabletLock(page);
		await expectSyncPhase(page, "Can't reach the office server");
		await expectWaiting(page, 1);
		await expect(page.getByTestId('sync-detail')).toHaveText(
			"1 record is safe on this tablet and will send when it's back."
		);
		// Through several retries (4 s apart at most) it never claims to be up to date.
		await page.waitForTimeout(9_000);
		await expectSyncPhase(page, "Can't reach the office server");
		expect(await phasesSeen(page)).not.toContain('Up to date');
		await expect(page.getByTestId('sync-error')).toHaveCount(0); // one message, not two that disagree

		await server.restart();
		await expectSyncPhase(page, 'Up to date', 30_000);
		await expectWaiting(page, 0);
		await expect(page.getByTestId('sync-detail')).toHaveCount(0);
		expect((await server.docs(org, 'pupil')).map((d) => d.familyName)).toEqual([family]);
		await context.close();
	} finally {
		await server.stop();
	}
});

test('reloaded while offline: says Offline from the first paint, with what is safe, and catches up online', async ({
	browser
}) => {
	const { context, page } = await signedInTablet(browser, 'teacher1');
	await expectSyncPhase(page, 'Up to date');
	await context.setOffline(true);
	await expectSyncPhase(page, 'Offline');
	await expect(page.getByTestId('sync-detail')).toHaveCount(0);
	const family = `Offline${Date.now().toString(36)}`;
	await addPupil(page, family);
	await expectWaiting(page, 1);
	await expect(page.getByTestId('sync-detail')).toHaveText(
		"1 record is safe on this tablet and will send when you're back online."
	);

	await recordPhases(page);
	await page.reload();
	await passTabletLock(page);
	await expectSyncPhase(page, 'Offline');
	await expectWaiting(page, 1);
	await page.waitForTimeout(5_000);
	expect(await phasesSeen(page)).toEqual(['Offline']);
	expect(await spokenSoFar(page)).toEqual([]); // nothing read out on opening

	await context.setOffline(false);
	await expectSyncPhase(page, 'Up to date', 30_000);
	await expectWaiting(page, 0);
	// Screen readers hear the settled state once, and never "up to date" beside a waiting record.
	await expect.poll(() => spokenSoFar(page)).toContain('Up to date.');
	await page.waitForTimeout(2_000);
	const spoken = await spokenSoFar(page);
	expect(spoken.at(-1)).toBe('Up to date.');
	expect(spoken.length).toBeLessThanOrEqual(2);
	expect(spoken.filter((s) => s.includes('Up to date') && s.includes('waiting'))).toEqual([]);
	await context.close();
});
