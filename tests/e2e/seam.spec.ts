import { expect, test } from '@playwright/test';
import { PupilsPage } from './pages/pupils-page';
import { expectWaiting, passTabletLock, signedInTablet } from './support';

// Issue 18, items 13 and 14, in real Chromium with the real IndexedDB adapter.

const adminAuth = () => 'Basic ' + Buffer.from(`admin:${process.env.WAYMARK_E2E_ADMIN_PASSWORD}`).toString('base64');

/** Every leaf (deleted ones too) of each server pupil whose surname starts with the marker. */
async function serverBranches(baseURL: string, marker: string) {
	const res = await fetch(`${baseURL}/couch/waymark-demo/_all_docs?include_docs=true&conflicts=true`, {
		headers: { Authorization: adminAuth() }
	});
	const docs = ((await res.json()) as { rows: { doc: { _id: string; familyName?: string } }[] }).rows
		.map((r) => r.doc)
		.filter((d) => d.familyName?.startsWith(marker));
	const leaves = await Promise.all(
		docs.map(async (d) => {
			const r = await fetch(`${baseURL}/couch/waymark-demo/${encodeURIComponent(d._id)}?open_revs=all`, {
				headers: { Authorization: adminAuth(), Accept: 'application/json' }
			});
			return ((await r.json()) as unknown[]).length;
		})
	);
	return { onServer: docs.length, branched: leaves.filter((n) => n > 1).length };
}

test('reloading straight after each of 5 offline saves leaves no branch and nothing waiting once online', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(180_000);
	const marker = `Reload${Date.now().toString(36)}`;
	const { context, page } = await signedInTablet(browser);
	const pupils = new PupilsPage(page);
	await context.setOffline(true);
	for (let i = 0; i < 5; i++) {
		await pupils.open();
		await pupils.add({
			givenName: 'Rel',
			familyName: `${marker}${i}`,
			dateOfBirth: '2012-03-04',
			yearGroup: 8,
			hostSchool: 'Hill School'
		});
		await page.reload(); // straight after the save, while the bridge may be copying it
		await passTabletLock(page);
	}
	await expectWaiting(page, 5, 20_000);
	await context.setOffline(false);
	await expectWaiting(page, 0, 60_000);
	await expect.poll(async () => (await serverBranches(baseURL!, marker)).onServer, { timeout: 30_000 }).toBe(5);
	expect(await serverBranches(baseURL!, marker)).toEqual({ onServer: 5, branched: 0 });
	await context.close();
});

test('after the browser clears its storage with records waiting, the app names what was lost and since when', async ({
	browser
}) => {
	const marker = `Cleared${Date.now().toString(36)}`;
	const { context, page } = await signedInTablet(browser);
	const pupils = new PupilsPage(page);
	await context.setOffline(true);
	for (const name of ['Ada', 'Bo']) {
		await pupils.open();
		await pupils.add({
			givenName: name,
			familyName: marker,
			dateOfBirth: '2012-03-04',
			yearGroup: 8,
			hostSchool: 'Hill School'
		});
	}
	await expectWaiting(page, 2);
	// Storage pressure or "clear site data": every IndexedDB database of the app goes.
	await page.evaluate(async () => {
		const dbs = await indexedDB.databases();
		for (const { name } of dbs) if (name) indexedDB.deleteDatabase(name);
	});
	// The app reloads itself when its database is deleted under it; either reload will do.
	await page.reload().catch(() => page.waitForLoadState('load'));
	const banner = page.getByRole('alert').filter({ hasText: 'storage was cleared' });
	await expect(banner).toContainText('This tablet’s storage was cleared before 2 records saved since');
	await expect(banner).toContainText(`Ada ${marker} (pupil); Bo ${marker} (pupil)`);
	await expect(banner).toContainText('Please enter them again.');
	await banner.getByRole('button', { name: 'I have read this' }).click();
	await expect(banner).toHaveCount(0);
	await page.reload();
	await expect(page.getByText('storage was cleared')).toHaveCount(0);
	await context.close();
});

test('a record the server refuses is listed with the server’s reason on Set aside, and sent once the rule is gone', async ({
	browser,
	baseURL
}) => {
	const marker = `Refuse${Date.now().toString(36)}`;
	const ruleUrl = `${baseURL}/couch/waymark-demo/_design/e2e-refusal-${marker}`;
	const headers = { Authorization: adminAuth(), 'Content-Type': 'application/json', Accept: 'application/json' };
	// A server rule this app does not know: surnames starting with the marker are refused.
	const validate = `function (d) { if (d.familyName && d.familyName.indexOf('${marker}') === 0) { throw ({ forbidden: 'This surname is not accepted by the server.' }); } }`;
	const put = await fetch(ruleUrl, { method: 'PUT', headers, body: JSON.stringify({ validate_doc_update: validate }) });
	expect(put.status).toBe(201);
	const { rev } = (await put.json()) as { rev: string };

	const { context, page } = await signedInTablet(browser);
	const pupils = new PupilsPage(page);
	await pupils.open();
	await pupils.add({
		givenName: 'Ref',
		familyName: `${marker}Used`,
		dateOfBirth: '2012-03-04',
		yearGroup: 8,
		hostSchool: 'Hill School'
	});
	await page.goto('/set-aside');
	const refused = page.getByRole('region', { name: 'Refused by the server' });
	const entry = refused.getByRole('listitem').filter({ hasText: `Ref ${marker}Used (pupil)` });
	await expect(entry).toContainText('This surname is not accepted by the server.', { timeout: 20_000 });
	await expectWaiting(page, 1);

	// The rule is withdrawn and the app reopened: the record goes through and leaves the list.
	expect((await fetch(`${ruleUrl}?rev=${rev}`, { method: 'DELETE', headers })).status).toBe(200);
	await page.reload();
	await passTabletLock(page);
	await expectWaiting(page, 0, 30_000);
	await expect(refused).toHaveCount(0);
	await context.close();
});
