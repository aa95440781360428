/**
 * A lost or handed-back tablet (issue 17.10): retired by the server admin, it sends what it has
 * not sent the next time it connects and then removes every Waymark record; a tablet no one has
 * signed in on online for 30 days keeps its records locked until someone does.
 */
import { expect, test, type Page } from '@playwright/test';
import { makeDoc } from '../support/test-factories';
import { PupilLogsSection } from './pages/logs-pages';
import { DEMO, passTabletLock, putServerDocs, serverDocs, signIn } from './support';

const adminAuth = () => 'Basic ' + Buffer.from(`admin:${process.env.WAYMARK_E2E_ADMIN_PASSWORD}`).toString('base64');

/** The tablet's own id, as it reported itself to the server. */
async function deviceIdOf(page: Page): Promise<string> {
	const id = await page.waitForFunction(
		() =>
			new Promise<string | null>((resolve) => {
				const open = indexedDB.open('waymark');
				open.onsuccess = () => {
					const get = open.result.transaction('meta').objectStore('meta').get('deviceId');
					get.onsuccess = () => resolve((get.result as { value?: string } | undefined)?.value ?? null);
					get.onerror = () => resolve(null);
				};
				open.onerror = () => resolve(null);
			}),
		undefined,
		{ timeout: 20_000 }
	);
	return (await id.jsonValue()) as string;
}

test('a retired tablet sends the record it saved offline, then wipes itself and says why', async ({
	browser,
	baseURL
}) => {
	const marker = `Retire${Date.now().toString(36)}`;
	const pupil = makeDoc('pupil', { givenName: 'Ola', familyName: marker, startDate: '2019-09-02' });
	await putServerDocs(baseURL!, [pupil]);
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, 'teacher1');
	const device = await deviceIdOf(page);
	const logs = new PupilLogsSection(page);
	await logs.open(pupil._id, `Ola ${marker}`);

	await context.setOffline(true);
	await page.getByRole('button', { name: 'Add a parent or carer' }).click();
	const form = page.getByRole('form', { name: 'Add a parent or carer' });
	await form.getByLabel('Name').fill(`Sam ${marker}`);
	await form.getByLabel('Relationship').fill('Aunt');
	await form.getByLabel('Phone', { exact: true }).fill('07700 900321');
	await form.getByRole('button', { name: 'Save contact' }).click();
	await expect(form).toBeHidden();

	// The tablet is reported lost; the admin retires it while it is away.
	const revoke = await fetch(`${baseURL}/couch/_waymark/devices/revoke`, {
		method: 'POST',
		headers: { Authorization: adminAuth(), 'Content-Type': 'application/json' },
		body: JSON.stringify({ device })
	});
	expect(revoke.status).toBe(200);

	await context.setOffline(false);
	await page.waitForURL('**/sign-in?retired=1', { timeout: 60_000 });
	await expect(page.getByRole('status').filter({ hasText: 'An administrator retired this tablet' })).toBeVisible();
	// What it saved offline reached the server before the wipe.
	const contacts = (await serverDocs(baseURL!, 'carerContact')).filter((d) => d.pupilId === pupil._id);
	expect(contacts.map((d) => d.name)).toEqual([`Sam ${marker}`]);
	// Nothing of Waymark's is left on the tablet: the app's database (opened again, empty, by the
	// sign-in page) holds no pupil, contact, outbox entry or identity.
	const left = await page.evaluate(
		() =>
			new Promise<Record<string, number>>((resolve, reject) => {
				const open = indexedDB.open('waymark');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const names = ['pupil', 'carerContact', 'outbox', 'meta'].filter((n) =>
						open.result.objectStoreNames.contains(n)
					);
					if (!names.length) return resolve({});
					const tx = open.result.transaction(names);
					const counts: Record<string, number> = {};
					for (const n of names) {
						const r = tx.objectStore(n).getAllKeys();
						r.onsuccess = () => (counts[n] = r.result.filter((k) => n !== 'meta' || k === 'identity').length);
					}
					tx.oncomplete = () => resolve(counts);
				};
			})
	);
	expect(Object.values(left).every((n) => n === 0)).toBe(true);
	const listed = (await (
		await fetch(`${baseURL}/couch/_waymark/devices`, { headers: { Authorization: adminAuth() } })
	).json()) as { devices: { id: string; wipedAt?: string }[] };
	expect(listed.devices.find((d) => d.id === device)?.wipedAt).toEqual(expect.any(String));
	await context.close();
});

test('a tablet no one has signed in on online for 30 days opens only after an online sign-in', async ({ browser }) => {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, 'teacher2');
	await deviceIdOf(page); // it has been online: the check stored when

	// 31 days later, still offline: the records stay locked.
	await context.setOffline(true);
	await page.clock.setFixedTime(Date.now() + 31 * 24 * 60 * 60 * 1000);
	await page.reload();
	await page.waitForURL('**/sign-in');
	await expect(page.getByRole('status').filter({ hasText: 'its records are locked' })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Sign in to Waymark' })).toBeVisible();
	await page.goto('/pupils');
	await page.waitForURL('**/sign-in');

	// Offline, the sign-in cannot reach the server: still locked.
	await page.getByLabel('User name').fill(DEMO.teacher2.name);
	await page.getByLabel('Password').fill(DEMO.teacher2.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('alert').filter({ hasText: 'Cannot reach the server' })).toBeVisible();

	await context.setOffline(false);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
	await passTabletLock(page);
	await expect(page.getByRole('status').filter({ hasText: 'its records are locked' })).toHaveCount(0);
	await context.close();
});
