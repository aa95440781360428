import { expect, test } from '@playwright/test';
import { createOrganisation, createStaff } from '../../server/provision';
import { passTabletLock } from './support';

// Fault-injection scenario (a), in real Chromium with real IndexedDB: 1,000 records written, the
// tab is closed while they are syncing, and after reopening every one reaches the server exactly once.
// Its own organisation, so 1,000 pupils do not crowd the other tests' lists.
test('1,000 records survive the tab closing abruptly mid-sync and all reach the server once', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(240_000);
	const marker = Date.now().toString(36);
	const couchUrl = `${baseURL}/couch`;
	const admin = { name: 'admin', password: process.env.WAYMARK_E2E_ADMIN_PASSWORD! };
	const org = `fault-${marker}`;
	const staff = { name: `crash${marker}`, password: 'crash-test-1', org, role: 'staff' as const };
	await createOrganisation(couchUrl, admin, { slug: org, name: 'Crash Test Provision' });
	await createStaff(couchUrl, admin, staff);

	const serverNames = async () => {
		const res = await fetch(`${couchUrl}/waymark-${org}/_all_docs?include_docs=true&conflicts=true`, {
			headers: { Authorization: 'Basic ' + Buffer.from(`admin:${admin.password}`).toString('base64') }
		});
		const rows = (
			(await res.json()) as {
				rows: { doc: { type?: string; familyName?: string; _rev: string; _conflicts?: string[] } }[];
			}
		).rows;
		return rows.map((r) => r.doc).filter((d) => d.type === 'pupil');
	};

	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto('/sign-in');
	await page.getByLabel('User name').fill(staff.name);
	await page.getByLabel('Password').fill(staff.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
	await passTabletLock(page);
	await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 20_000 });

	// 1,000 pupils from a host-school spreadsheet, written while offline…
	const names = Array.from({ length: 1000 }, (_, i) => `Crash${marker}n${i}`);
	const csv = [
		'Surname,First name,Date of birth,Year group,Host school',
		...names.map((n) => `${n},Kai,03/02/2012,8,Hill Top Academy`)
	].join('\r\n');
	await context.setOffline(true);
	await page.goto('/pupils/import');
	await page
		.getByLabel('Intake file (CSV)')
		.setInputFiles({ name: 'crash.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
	await page.getByRole('button', { name: 'Confirm import of 1000 rows' }).click();
	await expect(page.getByTestId('sync-waiting')).toHaveText(/^\s*1000 waiting\s*$/, { timeout: 120_000 });

	// …then the connection returns, and the tab is closed as soon as the first records have landed.
	await context.setOffline(false);
	await expect.poll(async () => (await serverNames()).length, { timeout: 60_000, intervals: [50] }).toBeGreaterThan(0);
	await page.close({ runBeforeUnload: false }); // no unload handlers, nothing flushed
	const onServerWhenClosed = (await serverNames()).length;

	// The teacher opens Waymark again: no sign-in, no button to press.
	const reopened = await context.newPage();
	const started = Date.now();
	await reopened.goto('/pupils');
	await passTabletLock(reopened);
	await expect.poll(async () => (await serverNames()).length, { timeout: 120_000 }).toBe(1000);
	await expect(reopened.getByTestId('sync-waiting')).toHaveText(/^\s*0 waiting\s*$/, { timeout: 60_000 });

	const docs = await serverNames();
	const lost = names.filter((n) => !docs.some((d) => d.familyName === n)).length;
	const duplicated =
		docs.length -
		new Set(docs.map((d) => d.familyName)).size +
		docs.filter((d) => d._conflicts?.length || !d._rev.startsWith('1-')).length;
	console.info(
		`Fault (a): ${JSON.stringify({ written: 1000, onServerWhenClosed, onServer: docs.length, lost, duplicated, secondsToConvergeAfterReopen: (Date.now() - started) / 1000 })}`
	);
	expect({ lost, duplicated }).toEqual({ lost: 0, duplicated: 0 });
	expect(onServerWhenClosed).toBeLessThan(1000);
	await context.close();
});
