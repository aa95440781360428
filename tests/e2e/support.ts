import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { createStaff } from '../../server/provision';
import { addDays, localToday } from '../../src/lib/domain/calendar-days';

export const DEMO = {
	teacher1: { name: 'teacher1', password: 'waymark-demo-1' },
	teacher2: { name: 'teacher2', password: 'waymark-demo-2' },
	visitor1: { name: 'visitor1', password: 'waymark-demo-v' },
	dsl1: { name: 'dsl1', password: 'waymark-demo-d' }
} as const;

const adminAuth = () => 'Basic ' + Buffer.from(`admin:${process.env.WAYMARK_E2E_ADMIN_PASSWORD}`).toString('base64');

/** Read the organisation database straight from the server, as the office would. */
export async function serverDocs(baseURL: string, type?: string): Promise<Record<string, unknown>[]> {
	const res = await fetch(`${baseURL}/couch/waymark-demo/_all_docs?include_docs=true`, {
		headers: { Authorization: adminAuth() }
	});
	const body = (await res.json()) as { rows: { doc: Record<string, unknown> }[] };
	return body.rows.map((r) => r.doc).filter((d) => !type || d.type === type);
}

/** A tablet: its own browser context (own IndexedDB and service worker), signed in. */
export async function signedInTablet(
	browser: Browser,
	who: keyof typeof DEMO | Login = 'teacher1'
): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, who);
	return { context, page };
}

export interface Login {
	name: string;
	password: string;
}

export async function signIn(page: Page, who: keyof typeof DEMO | Login) {
	const login = typeof who === 'string' ? DEMO[who] : who;
	await page.goto('/');
	await page.waitForURL('**/sign-in');
	await page.getByLabel('User name').fill(login.name);
	await page.getByLabel('Password').fill(login.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
	await passTabletLock(page);
	// The service worker must control the page before a test goes offline.
	await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 20_000 });
}

/** The PIN every e2e staff member chooses for the shared-tablet lock. */
export const E2E_PIN = '2580';

/** After sign-in the tablet asks for a PIN once (or unlocks with it): answer so the app opens. */
export async function passTabletLock(page: Page) {
	const shell = page.locator('.shell[data-lock]');
	await expect(shell).not.toHaveAttribute('data-lock', 'checking');
	const state = await shell.getAttribute('data-lock');
	if (state === 'needs-pin') {
		await page.getByLabel('New PIN (4 to 8 digits)').fill(E2E_PIN);
		await page.getByLabel('Type the PIN again').fill(E2E_PIN);
		await page.getByRole('button', { name: 'Save PIN' }).click();
	} else if (state === 'locked') {
		await page.getByLabel(/^PIN/).fill(E2E_PIN);
		await page.getByRole('button', { name: 'Unlock' }).click();
	}
	await expect(shell).toHaveAttribute('data-lock', 'open');
}

export async function expectWaiting(page: Page, count: number, timeout = 10_000) {
	await expect(page.getByTestId('sync-waiting')).toHaveText(new RegExp(`^\\s*${count} waiting\\s*$`), { timeout });
}

/** The short word of the sync indicator ("Up to date", "Offline", "Can't reach the office server", …). */
export async function expectSyncPhase(page: Page, phase: string, timeout = 20_000) {
	await expect(page.getByTestId('sync-phase')).toHaveText(phase, { timeout });
}

/** Write documents straight to the server as the office (admin) would, e.g. to seed a scenario. */
export async function putServerDocs(baseURL: string, docs: Record<string, unknown>[]): Promise<void> {
	const res = await fetch(`${baseURL}/couch/waymark-demo/_bulk_docs`, {
		method: 'POST',
		headers: { Authorization: adminAuth(), 'Content-Type': 'application/json' },
		body: JSON.stringify({ docs })
	});
	const results = (await res.json()) as { error?: string; reason?: string; id: string }[];
	const failed = results.filter((r) => r.error);
	if (!res.ok || failed.length) throw new Error(`seeding failed: ${res.status} ${JSON.stringify(failed.slice(0, 3))}`);
}

/**
 * A visitor account of its own for one test, with an open visit sharing these pupils (made as the
 * server admin through Waymark's visits endpoint, server/visits.ts). Its own account, so tests
 * running side by side never see each other's visits.
 */
export async function visitorWithVisit(
	baseURL: string,
	pupilIds: string[],
	groups?: string[],
	name = `visitor-${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`
): Promise<Login & { db: string }> {
	const password = 'visit-pass-1';
	const user = await fetch(`${baseURL}/couch/_users/org.couchdb.user:${name}`, {
		method: 'PUT',
		headers: { Authorization: adminAuth(), 'Content-Type': 'application/json' },
		body: JSON.stringify({ _id: `org.couchdb.user:${name}`, name, type: 'user', roles: ['demo:visitor'], password })
	});
	if (user.status !== 201) throw new Error(`visitor account: HTTP ${user.status} ${await user.text()}`);
	const endsOn = addDays(localToday(), 7);
	const visit = await fetch(`${baseURL}/couch/_waymark/visits`, {
		method: 'POST',
		headers: { Authorization: adminAuth(), 'Content-Type': 'application/json' },
		body: JSON.stringify({ org: 'demo', visitor: name, pupilIds, endsOn, ...(groups ? { groups } : {}) })
	});
	if (visit.status !== 201) throw new Error(`visit: HTTP ${visit.status} ${await visit.text()}`);
	return { name, password, db: ((await visit.json()) as { db: string }).db };
}

/**
 * A first sign-in of an account that must use a second factor (admin or DSL role): enrols it by the
 * key shown beside the QR code, signs in with the app's code and notes the recovery codes.
 */
export async function signInEnrollingSecondFactor(
	browser: Browser,
	login: Login,
	contextOptions: Parameters<Browser['newContext']>[0] = {}
): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext(contextOptions);
	const page = await context.newPage();
	await page.goto('/sign-in');
	await page.getByLabel('User name').fill(login.name);
	await page.getByLabel('Password').fill(login.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('alert').filter({ hasText: 'Scan the QR code with the app' })).toBeVisible();
	const key = (await page.locator('code.key').textContent())!.trim();
	const code = new TOTP({ secret: Secret.fromBase32(key), digits: 6, period: 30 }).generate();
	await page.getByLabel('Code from your authenticator app').fill(code);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.locator('.shell[data-lock]')).not.toHaveAttribute('data-lock', 'signed-out', { timeout: 20_000 });
	await passTabletLock(page);
	await page.getByRole('button', { name: 'I have written them down' }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
	return { context, page };
}

/** A new member of staff who is also the organisation's admin (head of centre, DPO). */
export async function newOrganisationAdmin(baseURL: string, prefix: string): Promise<Login> {
	const login = { name: `${prefix}-${Date.now().toString(36)}`, password: `${prefix}-pass-e2e` };
	const admin = { name: 'admin', password: process.env.WAYMARK_E2E_ADMIN_PASSWORD! };
	await createStaff(`${baseURL}/couch`, admin, { org: 'demo', role: 'admin', ...login });
	return login;
}
