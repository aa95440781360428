/** The sign-in page with a second factor (issue 17.11): enrol by QR code, recovery codes, code at sign-in. */
import { expect, test } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { createStaff } from '../../server/provision';
import { passTabletLock } from './support';

test('an admin enrols an authenticator app at first sign-in, keeps the recovery codes, then signs in with a code', async ({
	browser,
	baseURL
}) => {
	const head = { name: `head-${Date.now().toString(36)}`, password: 'head-pass-e2e' };
	const admin = { name: 'admin', password: process.env.WAYMARK_E2E_ADMIN_PASSWORD! };
	await createStaff(`${baseURL}/couch`, admin, { org: 'demo', role: 'staff', ...head });
	// Staff in the app and the organisation's admin: the admin role asks for a second factor.
	const auth = 'Basic ' + Buffer.from(`${admin.name}:${admin.password}`).toString('base64');
	const url = `${baseURL}/couch/_users/org.couchdb.user:${head.name}`;
	const user = (await (await fetch(url, { headers: { Authorization: auth } })).json()) as { roles: string[] };
	const put = await fetch(url, {
		method: 'PUT',
		headers: { Authorization: auth, 'Content-Type': 'application/json' },
		body: JSON.stringify({ ...user, roles: [...user.roles, 'demo:admin'] })
	});
	expect(put.status).toBe(201);
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto('/sign-in');
	await page.getByLabel('User name').fill(head.name);
	await page.getByLabel('Password').fill(head.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('alert').filter({ hasText: 'Scan the QR code with the app' })).toBeVisible();
	await expect(page.getByRole('img', { name: 'QR code to add Waymark to an authenticator app' })).toBeVisible();
	const key = (await page.locator('code.key').textContent())!.trim();
	const code = new TOTP({ secret: Secret.fromBase32(key), digits: 6, period: 30 }).generate();

	// A wrong code first: said plainly, nothing else happens.
	await page.getByLabel('Code from your authenticator app').fill(code === '000000' ? '111111' : '000000');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('alert').filter({ hasText: 'That code does not match' })).toBeVisible();
	await page.getByLabel('Code from your authenticator app').fill(code);
	await page.getByRole('button', { name: 'Sign in' }).click();
	// Signed in: the tablet asks for its PIN first, then the codes are shown before going on.
	await expect(page.locator('.shell[data-lock]')).not.toHaveAttribute('data-lock', 'signed-out', { timeout: 20_000 });
	await passTabletLock(page);
	await expect(page.getByRole('heading', { name: 'Your recovery codes' })).toBeVisible();
	const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
	await expect(codes).toHaveCount(10);
	await page.getByRole('button', { name: 'I have written them down' }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
	await context.close();
});
