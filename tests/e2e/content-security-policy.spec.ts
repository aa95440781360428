import { expect, test } from '@playwright/test';
import { signedInTablet } from './support';

// The app under its Content-Security-Policy (issue 17.3): signing in, the main screens and the
// charts run without one refusal by the browser, and the policy is the server's header.
test('the main screens run under the Content-Security-Policy without a violation', async ({ browser, baseURL }) => {
	const head = await fetch(`${baseURL}/`);
	expect(head.headers.get('content-security-policy')).toMatch(
		/script-src 'self' 'sha256-[^']+'.*frame-ancestors 'none'/
	);

	const { context, page } = await signedInTablet(browser, 'teacher1');
	await page.addInitScript(() => {
		const w = window as unknown as { cspViolations: string[] };
		w.cspViolations = [];
		document.addEventListener('securitypolicyviolation', (e) =>
			w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`)
		);
	});
	await page.reload();
	for (const [link, heading] of [
		['Pupils', /Pupils/],
		['Trends', /Trends/],
		['Today', /Today|Good (morning|afternoon|evening)/]
	] as const) {
		await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
	}
	const violations = await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
	expect(violations).toEqual([]);
	await context.close();
});
