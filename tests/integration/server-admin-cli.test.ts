/** scripts/admin.ts against the real server: organisations and accounts, idempotent. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { main } from '../../scripts/admin';
import { startTestServer, type TestServer } from './harness';

let srv: TestServer;
const saved = { ...process.env };

beforeAll(async () => {
	srv = await startTestServer({ seedDemo: false });
	process.env.WAYMARK_URL = srv.couchUrl;
	process.env.WAYMARK_ADMIN_PASSWORD = srv.admin.password;
	delete process.env.COUCHDB_URL;
});
afterAll(async () => {
	process.env = saved;
	await srv?.close();
});

it('create-org, create-user (staff and visitor), list-orgs; running them again changes nothing', async () => {
	for (let round = 0; round < 2; round++) {
		expect(await main(['create-org', 'hillside', 'Hillside', 'Learning', 'Hub'])).toBe(0);
		expect(
			await main(['create-user', 'hillside', 'jsmith', 'staff', '--password', 'hill-pass-1', '--full-name', 'Jo Smith'])
		).toBe(0);
		expect(await main(['create-user', 'hillside', 'sen1', 'visitor', '--password', 'hill-pass-2'])).toBe(0);
	}
	const ddoc = (await (await srv.adminFetch('/waymark-hillside/_design/waymark')).json()) as { organisation: unknown };
	expect(ddoc.organisation).toEqual({ slug: 'hillside', name: 'Hillside Learning Hub' });
	const staff = await srv.userFetch('jsmith', 'hill-pass-1', '/waymark-hillside/_all_docs');
	expect(staff.status).toBe(200);
	// A visitor reads only what is shared for a visit (visits.ts), never the whole organisation.
	const visitor = await srv.userFetch('sen1', 'hill-pass-2', '/waymark-hillside/_all_docs');
	expect([401, 403]).toContain(visitor.status);
	const user = (await (await srv.adminFetch('/_users/org.couchdb.user:jsmith')).json()) as {
		roles: string[];
		password?: string;
	};
	expect(user.roles).toEqual(['hillside:staff']);
	expect(user.password).toBeUndefined(); // hashed by the server
	expect(await main(['list-orgs'])).toBe(0);
});

it('refuses bad input with a plain message', async () => {
	await expect(main(['create-org', 'Bad Slug!', 'X'])).rejects.toThrow(/lower-case/);
	await expect(main(['create-user', 'hillside', 'x', 'headteacher'])).rejects.toThrow(/staff\|dsl\|visitor\|admin/);
	await expect(main(['frobnicate'])).rejects.toThrow(/Unknown command/);
});
