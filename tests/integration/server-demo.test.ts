/**
 * No demo accounts on a real CouchDB (issue 17.12): `npm start` with COUCHDB_URL never creates
 * the demo organisation or its published logins unless WAYMARK_DEMO=1, and warns at start-up
 * when accounts with the published demo passwords exist. `server/main.ts` runs as `npm start`
 * runs it, in front of a second embedded server standing in for the real CouchDB.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createOrganisation, createStaff } from '../../server/provision';
import { DEMO_DB, TEACHER1, startTestServer, type TestServer } from './harness';

let upstream: TestServer;
const dirs: string[] = [];

beforeAll(async () => {
	upstream = await startTestServer({ seedDemo: false });
});
afterAll(async () => {
	await upstream?.close();
	for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Runs `server/main.ts` until it says it is running; returns everything it printed. */
async function npmStart(env: Record<string, string>): Promise<string> {
	const dataDir = mkdtempSync(path.join(tmpdir(), 'waymark-main-'));
	dirs.push(dataDir);
	const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
		env: {
			PATH: process.env.PATH ?? '',
			PORT: '0',
			DATA_DIR: dataDir,
			COUCHDB_URL: upstream.couchUrl,
			COUCHDB_ADMIN_USER: upstream.admin.name,
			COUCHDB_ADMIN_PASSWORD: upstream.admin.password,
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let out = '';
	child.stdout.on('data', (d: Buffer) => (out += d.toString()));
	child.stderr.on('data', (d: Buffer) => (out += d.toString()));
	try {
		const deadline = Date.now() + 60_000;
		while (!/Waymark is running|could not start/.test(out)) {
			if (Date.now() > deadline || child.exitCode !== null) throw new Error(`npm start did not start:\n${out}`);
			await new Promise((r) => setTimeout(r, 100));
		}
		return out;
	} finally {
		const exited = new Promise((r) => child.once('exit', r));
		child.kill('SIGTERM');
		await exited;
	}
}

async function demoExists() {
	const db = await upstream.adminFetch(`/${DEMO_DB}`);
	const user = await upstream.adminFetch(`/_users/org.couchdb.user:${TEACHER1.name}`);
	return { db: db.status === 200, user: user.status === 200 };
}

it('with COUCHDB_URL, no demo organisation and no demo logins are created, and none are advertised', async () => {
	const out = await npmStart({});
	expect(out).toMatch(/Waymark is running/);
	expect(out).not.toMatch(/waymark-demo-1/);
	expect(await demoExists()).toEqual({ db: false, user: false });
});

it('warns at start-up when an account still has a published demo password', async () => {
	await createOrganisation(upstream.couchUrl, upstream.admin, { slug: 'riverside', name: 'Riverside' });
	await createStaff(upstream.couchUrl, upstream.admin, {
		name: TEACHER1.name,
		password: TEACHER1.password,
		org: 'riverside',
		role: 'staff'
	});
	const out = await npmStart({});
	expect(out).toMatch(/WARNING: the account teacher1 still has the demo password published in the README/);
	await createStaff(upstream.couchUrl, upstream.admin, {
		name: TEACHER1.name,
		password: 'a-real-password-now',
		org: 'riverside',
		role: 'staff'
	});
	expect(await npmStart({})).not.toMatch(/WARNING/);
});

it('WAYMARK_DEMO=1 asks for the demo on a real CouchDB explicitly', async () => {
	const out = await npmStart({ WAYMARK_DEMO: '1' });
	expect(out).toMatch(/demo data created/);
	expect((await demoExists()).db).toBe(true);
});
