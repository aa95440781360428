/**
 * The set-up the photo benchmark and the marked-page screenshot share: an organisation with one
 * teacher and one pupil on a bench server, and a tablet-sized page signed in past the PIN.
 */
import type { Browser } from '@playwright/test';
import { createOrganisation, createStaff } from '../server/provision';
import { makeDoc } from '../tests/support/test-factories';
import { ADMIN, type BenchServer } from './setup';

export interface PhotoTabletOptions {
	org: { slug: string; name: string };
	login: { name: string; password: string; fullName: string };
	pin: string;
	pupil: { givenName: string; familyName: string };
}

export async function photoTablet(server: BenchServer, browser: Browser, o: PhotoTabletOptions) {
	await createOrganisation(server.couchUrl, ADMIN, o.org);
	await createStaff(server.couchUrl, ADMIN, { ...o.login, org: o.org.slug, role: 'staff' });
	const pupil = makeDoc('pupil', o.pupil);
	await fetch(`${server.couchUrl}/waymark-${o.org.slug}/${encodeURIComponent(pupil._id)}`, {
		method: 'PUT',
		headers: {
			'Content-Type': 'application/json',
			Authorization: 'Basic ' + Buffer.from(`${ADMIN.name}:${ADMIN.password}`).toString('base64')
		},
		body: JSON.stringify(pupil)
	});
	const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1080, height: 810 } });
	// tsx keeps function names with a helper the page does not have; give the page a harmless one.
	await context.addInitScript('window.__name = (f) => f');
	const page = await context.newPage();
	await page.goto('/sign-in');
	await page.getByLabel('User name').fill(o.login.name);
	await page.getByLabel('Password').fill(o.login.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
	const lock = page.getByTestId('tablet-lock');
	await lock.waitFor({ timeout: 10_000 }).catch(() => undefined);
	if (await lock.isVisible().catch(() => false)) {
		await lock.getByLabel('New PIN (4 to 8 digits)').fill(o.pin);
		await lock.getByLabel('Type the PIN again').fill(o.pin);
		await lock.getByRole('button', { name: 'Save PIN' }).click();
		await lock.waitFor({ state: 'hidden' });
	}
	return { context, page, pupil };
}
