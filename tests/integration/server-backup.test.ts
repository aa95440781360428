/**
 * Backups of the embedded server (issue 17.5): back up while tablets sync, wipe the data folder,
 * restore, and the tablets carry on with nothing lost and nothing twice; a changed or damaged
 * file is refused; the nightly backup rotates and the admin sees how many and how old.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../scripts/admin';
import type { PupilInput } from '../../src/lib/domain/pupil';
import * as pupils from '../../src/lib/store/pupils';
import { DEMO_DB, DEMO_LOGINS, startTestServer, type TestServer } from './harness';
import { TestTablet, waitFor } from './sync-tablet';

const pupil = (familyName: string): PupilInput => ({
	givenName: 'Backup',
	familyName,
	dateOfBirth: '2012-05-06',
	yearGroup: 8,
	hostSchool: 'Hill School',
	startDate: '2026-09-01',
	senStatus: 'none',
	status: 'active'
});

const work = mkdtempSync(path.join(tmpdir(), 'waymark-backup-test-'));
const saved = { ...process.env };
const tablets: TestTablet[] = [];
let server: TestServer;

function useServer(s: TestServer) {
	server = s;
	process.env.WAYMARK_URL = s.couchUrl;
	process.env.WAYMARK_ADMIN_PASSWORD = s.admin.password;
	process.env.DATA_DIR = s.dataDir;
}

beforeAll(() => {
	delete process.env.COUCHDB_URL;
});
afterAll(async () => {
	for (const t of tablets) await t.stop();
	await new Promise((r) => setTimeout(r, 300));
	await server?.close();
	process.env = saved;
	rmSync(work, { recursive: true, force: true });
});

async function serverIds(kind: string): Promise<string[]> {
	const r = (await (await server.adminFetch(`/${DEMO_DB}/_all_docs?include_docs=true`)).json()) as {
		rows: { id: string; doc: { type?: string; familyName?: string } }[];
	};
	return r.rows.filter((row) => row.doc.type === kind).map((row) => row.id);
}

describe('back up, wipe, restore: the tablets carry on', () => {
	it('keeps every record, account and security object, and a tablet syncs after with nothing lost or twice', async () => {
		const dataDir = path.join(work, 'data');
		useServer(await startTestServer({ dataDir, keepDataDir: true }));
		const port = server.port;
		const dbUrl = `${server.couchUrl}/${DEMO_DB}`;
		const [t1, t2] = DEMO_LOGINS;
		const a = new TestTablet(dbUrl, { name: t1.name, password: t1.password }, 'backupA');
		const b = new TestTablet(dbUrl, { name: t2.name, password: t2.password }, 'backupB');
		tablets.push(a, b);
		await a.start();
		a.use();
		const before = await pupils.create(pupil('Before'));
		if (!before.ok) throw new Error(before.message);
		const edited = await pupils.update(before.record._id, { hostSchool: 'Valley School' });
		if (!edited.ok) throw new Error(edited.message);
		const onServer = await waitFor('the edit on the server', async () => {
			const r = await server.adminFetch(`/${DEMO_DB}/${before.record._id}`);
			const d = r.ok ? ((await r.json()) as { _rev: string; hostSchool: string }) : null;
			return d?.hostSchool === 'Valley School' ? d : null;
		});
		// Tablet B writes offline: not in the backup, must arrive after the restore.
		b.use();
		const offline = await pupils.create(pupil('Offline'));
		if (!offline.ok) throw new Error(offline.message);
		const pupilsBefore = (await serverIds('pupil')).length;
		// What only the server holds: a safeguarding note (taken off the tablet once received).
		const note = { _id: 'safeguardingNote:backup-check', type: 'safeguardingNote', text: 'kept' };
		expect((await server.adminFetch(`/safeguarding-demo/${note._id}`, { method: 'PUT', json: note })).status).toBe(201);

		const file = path.join(work, 'nightly.backup.gz');
		expect(await main(['backup', file])).toBe(0);
		expect(existsSync(file + '.sha256')).toBe(true);
		// The file is gzip (starts 1f 8b) with the checksum in its first line.
		const bytes = readFileSync(file);
		expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
		expect(gunzipSync(bytes).toString('utf8').split('\n')[0]).toMatch(/"sha256":"[0-9a-f]{64}"/);

		// The office PC's disk dies: server gone, data folder gone.
		await a.stop();
		await server.close();
		rmSync(dataDir, { recursive: true, force: true });

		expect(await main(['restore', file])).toBe(0);
		useServer(await startTestServer({ dataDir, keepDataDir: true, port, seedDemo: false }));

		// Accounts (with their passwords), the organisation and who may read it came back.
		expect((await server.userFetch(t1.name, t1.password, `/${DEMO_DB}/_all_docs`)).status).toBe(200);
		expect((await server.anonFetch(`/${DEMO_DB}/_all_docs`)).status).toBe(401);
		const security = (await (await server.adminFetch(`/${DEMO_DB}/_security`)).json()) as {
			members: { roles: string[] };
		};
		expect(security.members.roles).toContain('demo:staff');
		// The safeguarding database came back with its note and is still the lead's alone.
		expect((await server.adminFetch(`/safeguarding-demo/${note._id}`)).status).toBe(200);
		expect(
			(await server.userFetch(t1.name, t1.password, `/safeguarding-demo/${note._id}`)).status
		).toBeGreaterThanOrEqual(401);
		const sgSecurity = (await (await server.adminFetch(`/safeguarding-demo/_security`)).json()) as {
			members: { roles: string[] };
		};
		expect(sgSecurity.members.roles).toEqual(['demo:dsl']);
		// The same revision, not a copy of the content under a new one.
		const restored = (await (await server.adminFetch(`/${DEMO_DB}/${before.record._id}`)).json()) as {
			_rev: string;
		};
		expect(restored._rev).toBe(onServer._rev);

		// Both tablets sync again: A's new record, B's offline one arrive; nothing twice anywhere.
		await a.start();
		await b.start();
		a.use();
		const after = await pupils.create(pupil('After'));
		if (!after.ok) throw new Error(after.message);
		await waitFor('both new records on the server', async () => {
			const ids = await serverIds('pupil');
			return ids.includes(after.record._id) && ids.includes(offline.record._id);
		});
		await waitFor('tablet A to receive B’s offline record', () => a.db.records('pupil').get(offline.record._id));
		await waitFor('tablet B to empty its outbox', async () => (await b.db.outbox.count()) === 0);
		const ids = await serverIds('pupil');
		expect(ids.length).toBe(pupilsBefore + 2);
		expect(new Set(ids).size).toBe(ids.length);
		const onA = await a.db.records('pupil').toArray();
		expect(onA.filter((p) => (p as { familyName?: string }).familyName === 'Before')).toHaveLength(1);
		const conflicts = (await (await server.adminFetch(`/${DEMO_DB}/${before.record._id}?conflicts=true`)).json()) as {
			_conflicts?: string[];
		};
		expect(conflicts._conflicts).toBeUndefined();
	});

	it('refuses a changed or damaged backup, and a restore onto a data folder in use, with a clear message', async () => {
		const file = path.join(work, 'nightly.backup.gz');
		// Someone edits a record inside the backup and compresses it again (keeping the checksum line).
		const text = gunzipSync(readFileSync(file)).toString('utf8');
		const tampered = path.join(work, 'tampered.backup.gz');
		writeFileSync(tampered, gzipSync(Buffer.from(text.replace('Valley School', 'Evil School'), 'utf8')));
		const message = /has been changed or damaged since it was made.*Nothing was restored/;
		const emptyDir = path.join(work, 'empty');
		process.env.DATA_DIR = emptyDir;
		await expect(main(['restore', tampered])).rejects.toThrow(message);
		await expect(main(['restore', tampered])).rejects.toThrow(/checksum inside it/);
		// A byte flipped in the stored file: the .sha256 beside it no longer matches.
		const flipped = path.join(work, 'flipped.backup.gz');
		const bytes = readFileSync(file);
		bytes[bytes.length - 20] = bytes[bytes.length - 20]! ^ 0xff;
		writeFileSync(flipped, bytes);
		writeFileSync(flipped + '.sha256', readFileSync(file + '.sha256'));
		await expect(main(['restore', flipped])).rejects.toThrow(message);
		// Not a backup at all.
		const junk = path.join(work, 'junk.backup.gz');
		writeFileSync(junk, 'hello');
		await expect(main(['restore', junk])).rejects.toThrow(/not a Waymark backup or is damaged/);
		expect(existsSync(path.join(emptyDir, 'dbs'))).toBe(false);
		// The live server's data folder is never restored over.
		process.env.DATA_DIR = server.dataDir;
		await expect(main(['restore', file])).rejects.toThrow(/already holds databases.*empty data folder/);
	});
});

describe('the nightly backup', () => {
	it('makes a backup soon after a start with none recent, keeps the newest N, and shows count and age to the server admin only', async () => {
		const dir = path.join(work, 'rotating');
		const s = await startTestServer({ backups: { dir, keep: 2, at: '02:00', catchUpDelayMs: 50 } });
		try {
			await waitFor('the catch-up backup', () => s.backups!.status().count === 1);
			// Names are to the second: one a second here, as the nightly timer would one a night.
			for (let i = 0; i < 2; i++) {
				await new Promise((r) => setTimeout(r, 1100));
				await s.backups!.runNow();
			}
			const status = (await (await s.adminFetch('/_waymark/status')).json()) as {
				backups: { count: number; keep: number; newest: { ageHours: number; file: string }; nextRunAt: string };
			};
			expect(status.backups.count).toBe(2);
			expect(status.backups.keep).toBe(2);
			expect(status.backups.newest.ageHours).toBeLessThan(0.1);
			expect(status.backups.newest.file).toMatch(/^waymark-\d{8}-\d{6}\.backup\.gz$/);
			expect(new Date(status.backups.nextRunAt).getHours()).toBe(2);
			expect((await s.userFetch('teacher1', '/_waymark/status')).status).toBe(403);
			expect((await s.anonFetch('/_waymark/status')).status).toBe(401);
			process.env.WAYMARK_URL = s.couchUrl;
			process.env.WAYMARK_ADMIN_PASSWORD = s.admin.password;
			const lines: string[] = [];
			const log = console.log;
			console.log = (l: string) => void lines.push(l);
			try {
				expect(await main(['status'])).toBe(0);
			} finally {
				console.log = log;
			}
			expect(lines.join('\n')).toMatch(/: 2 \(the newest 2 are kept\)[\s\S]*hours old/);
		} finally {
			await s.close();
		}
	});
});
