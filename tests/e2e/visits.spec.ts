import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser } from '@playwright/test';
import { makeDoc } from '../support/test-factories';
import { putServerDocs, signedInTablet, signInEnrollingSecondFactor } from './support';

const HEAD = { name: 'head1', password: 'waymark-demo-h' };

/** The head of centre's account asks for a second factor (admin role): enrol at first sign-in. */
const signInAsHead = (browser: Browser) =>
	signInEnrollingSecondFactor(browser, HEAD, { viewport: { width: 1080, height: 810 } });

const adminAuth = () => 'Basic ' + Buffer.from(`admin:${process.env.WAYMARK_E2E_ADMIN_PASSWORD}`).toString('base64');

test('the head of centre shares one pupil with a visitor; the visitor sees that pupil only, and nothing once the visit ends', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(180_000);
	const marker = Date.now().toString(36);
	const shared = makeDoc('pupil', { givenName: 'Sharon', familyName: `Shown${marker}`, yearGroup: 9 });
	const hidden = makeDoc('pupil', { givenName: 'Harvey', familyName: `Hidden${marker}`, yearGroup: 9 });
	await putServerDocs(baseURL!, [shared, hidden]);
	// A visitor account of this test's own (the server admin makes visitor accounts).
	const visitor = { name: `moderator-${marker}`, password: 'moderator-pass-1' };
	const made = await fetch(`${baseURL}/couch/_users/org.couchdb.user:${visitor.name}`, {
		method: 'PUT',
		headers: { Authorization: adminAuth(), 'Content-Type': 'application/json' },
		body: JSON.stringify({ name: visitor.name, type: 'user', roles: ['demo:visitor'], password: visitor.password })
	});
	expect(made.status).toBe(201);

	// Classroom staff are not offered visits.
	const teacher = await signedInTablet(browser, 'teacher1');
	await teacher.page.goto('/settings');
	await expect(teacher.page.getByRole('link', { name: 'Visits' })).toHaveCount(0);
	await teacher.page.goto('/settings/visits');
	await expect(
		teacher.page.getByText('Only the head of centre (an organisation admin) arranges visits.')
	).toBeVisible();
	await teacher.context.close();

	const head = await signInAsHead(browser);
	await head.page.goto('/settings');
	await head.page.getByRole('link', { name: 'Visits' }).click();
	await expect(head.page.getByRole('heading', { name: 'Visits', level: 1 })).toBeVisible();
	// Nothing chosen: a plain message.
	await head.page.getByRole('button', { name: 'Arrange the visit' }).click();
	await expect(head.page.getByRole('main').getByRole('alert')).toHaveText('Type the visitor’s user name.');
	await head.page.getByLabel('Visitor’s user name').fill(visitor.name);
	await head.page.getByLabel('Find a pupil').fill(`Shown${marker}`);
	await head.page.getByRole('checkbox', { name: new RegExp(`Sharon Shown${marker}`) }).check({ timeout: 20_000 });
	// The default: work, progress and reports; never contacts or behaviour detail unless chosen.
	await expect(head.page.getByRole('checkbox', { name: 'Work samples and marking' })).toBeChecked();
	await expect(head.page.getByRole('checkbox', { name: 'Contacts with home' })).not.toBeChecked();
	await expect(head.page.getByRole('checkbox', { name: 'Behaviour detail' })).not.toBeChecked();
	const axe = await new AxeBuilder({ page: head.page }).include('main').analyze();
	expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
	await head.page.getByRole('button', { name: 'Arrange the visit' }).click();
	const open = head.page
		.getByRole('list', { name: 'Open visits' })
		.getByRole('listitem')
		.filter({ hasText: visitor.name });
	await expect(open).toContainText(`Sharon Shown${marker}`);

	const guest = await signedInTablet(browser, visitor);
	await guest.page.goto('/pupils');
	await expect(guest.page.getByRole('link', { name: new RegExp(`Shown${marker}, Sharon`) })).toBeVisible({
		timeout: 30_000
	});
	await expect(guest.page.getByText(`Hidden${marker}`)).toHaveCount(0);
	// The demo's own pupils are not shared with this visitor either.
	await expect(guest.page.getByText('Reece Edwards')).toHaveCount(0);

	// The head of centre ends the visit: at its next start the visitor's tablet removes the records.
	await open.getByRole('button', { name: 'End the visit now' }).click();
	await expect(head.page.getByText('No visit is open.').or(open)).toBeVisible();
	await expect(open).toHaveCount(0);
	await guest.page.reload();
	await guest.page.waitForURL('**/sign-in?visitEnded=*', { timeout: 30_000 });
	await expect(guest.page.getByTestId('visit-ended')).toHaveText(
		/^This visit ended on \d{1,2} [A-Z][a-z]{2} \d{4}; the records shared for it have been removed from this tablet\.$/
	);
	await guest.page.goto('/pupils');
	await guest.page.waitForURL('**/sign-in');
	await guest.context.close();
	await head.context.close();
});
