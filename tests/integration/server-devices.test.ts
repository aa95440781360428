/** Retiring a tablet (issue 17.10), server side: who may report, list and retire; the CLI. */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { main } from '../../scripts/admin';
import { startTestServer, type TestServer } from './harness';

let srv: TestServer;
const saved = { ...process.env };
const device = 'a1b2c3d4-0000-4000-8000-000000000001';

beforeAll(async () => {
	srv = await startTestServer({ deviceLockDays: 21, keepDataDir: true });
	process.env.WAYMARK_URL = srv.couchUrl;
	process.env.WAYMARK_ADMIN_PASSWORD = srv.admin.password;
	delete process.env.COUCHDB_URL;
});
afterAll(async () => {
	process.env = saved;
	await srv?.close();
	if (srv) rmSync(srv.dataDir, { recursive: true, force: true });
});

const report = (who: 'teacher1' | 'teacher2', route = '/_waymark/device', id = device) =>
	srv.userFetch(who, route, { method: 'POST', json: { device: id, label: 'Test tablet' } });

it('a signed-in tablet reports itself and learns the lock period; it is told when an admin retires it', async () => {
	const first = await report('teacher1');
	expect(first.status).toBe(200);
	expect(await first.json()).toEqual({ revoked: false, lockAfterDays: 21 });
	expect((await srv.anonFetch('/_waymark/device', { method: 'POST', json: { device } })).status).toBe(401);

	// Staff cannot list tablets nor retire one (not even their own).
	expect((await srv.userFetch('teacher2', '/_waymark/devices')).status).toBe(403);
	const byStaff = await srv.userFetch('teacher2', '/_waymark/devices/revoke', { method: 'POST', json: { device } });
	expect(byStaff.status).toBe(403);
	expect(((await (await report('teacher1')).json()) as { revoked: boolean }).revoked).toBe(false);

	const lines: string[] = [];
	const log = console.log;
	console.log = (l: string) => void lines.push(l);
	try {
		expect(await main(['list-devices'])).toBe(0);
		expect(await main(['revoke-device', device])).toBe(0);
		await expect(main(['revoke-device', 'no-such-tablet'])).rejects.toThrow(/No tablet has the id/);
	} finally {
		console.log = log;
	}
	expect(lines[0]).toContain(`${device}  teacher1`);
	expect(lines[0]).toContain('in use');
	expect(lines[1]).toMatch(/Retired tablet .*\(last used by teacher1\).*end-sessions teacher1/);

	expect(await (await report('teacher1')).json()).toEqual({ revoked: true, lockAfterDays: 21 });
	expect((await report('teacher1', '/_waymark/device/wiped')).status).toBe(200);
	const list = (await (await srv.adminFetch('/_waymark/devices')).json()) as {
		devices: { id: string; revokedAt?: string; revokedBy?: string; wipedAt?: string }[];
	};
	expect(list.devices.find((d) => d.id === device)).toMatchObject({ revokedBy: 'admin', wipedAt: expect.any(String) });
	// Another tablet is not affected; a nonsense id is refused.
	expect(await (await report('teacher1', '/_waymark/device', 'b1b2c3d4-0000-4000-8000-000000000002')).json()).toEqual({
		revoked: false,
		lockAfterDays: 21
	});
	expect((await report('teacher1', '/_waymark/device', '../../etc')).status).toBe(400);
});

it('keeps retired tablets across a restart', async () => {
	await srv.close();
	srv = await startTestServer({ dataDir: srv.dataDir, keepDataDir: true, seedDemo: false });
	const r = await srv.userFetch('teacher1', '/_waymark/device', { method: 'POST', json: { device } });
	expect(((await r.json()) as { revoked: boolean }).revoked).toBe(true);
});
