import { expect, test } from '@playwright/test';

// Sign-in throttling as a person meets it (issue 17.1): after five attempts that do not match,
// the sign-in screen says how long to wait, in words. A name of its own, so no other spec's
// account is held up (the server counts per account).
test('after five attempts that do not match, the sign-in screen says how long to wait', async ({ page }) => {
	await page.goto('/');
	await page.waitForURL('**/sign-in');
	const name = `nobody-${Date.now()}`;
	await page.getByLabel('User name').fill(name);
	for (let i = 0; i < 5; i++) {
		await page.getByLabel('Password').fill(`guess-${i}`);
		const answer = page.waitForResponse((r) => r.url().endsWith('/couch/_session') && r.request().method() === 'POST');
		await page.getByRole('button', { name: 'Sign in' }).click();
		expect((await answer).status()).toBe(401);
		await expect(page.locator('form').getByRole('alert')).toHaveText('That user name and password do not match.');
	}
	await page.getByLabel('Password').fill('guess-5');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.locator('form').getByRole('alert')).toHaveText(
		/^Too many sign-in attempts did not match\. Wait (30|29|28) seconds, then try again\.$/
	);
	await expect(page).toHaveURL(/\/sign-in/);
});
