/**
 * Password hashing on the embedded server (issue 17.2): new and changed passwords are stored as
 * PBKDF2-HMAC-SHA256 with at least 600,000 iterations, old hashes are upgraded at the next
 * sign-in, and nobody but a server admin reads a hash.
 */
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createStaff } from '../../server/provision';
import { passwordMatches } from '../../server/password-hash';
import { TEACHER1, startTestServer, type TestServer } from './harness';

let srv: TestServer;

beforeAll(async () => {
	srv = await startTestServer();
});
afterAll(async () => {
	await srv?.close();
});

type Doc = Record<string, unknown>;

async function account(name: string): Promise<Doc> {
	return (await (await srv.adminFetch(`/_users/org.couchdb.user:${name}`)).json()) as Doc;
}

async function signInStatus(name: string, password: string) {
	const r = await srv.anonFetch('/_session', { method: 'POST', json: { name, password } });
	return r.status;
}

it('a new password is stored as PBKDF2-SHA256 with 600,000 iterations, and signs in', async () => {
	await createStaff(srv.couchUrl, srv.admin, { name: 'newhire', password: 'first-pass-1', org: 'demo', role: 'staff' });
	const doc = await account('newhire');
	expect(doc).toMatchObject({ password_scheme: 'pbkdf2', pbkdf2_prf: 'sha256' });
	expect(Number(doc.iterations)).toBeGreaterThanOrEqual(600_000);
	expect(doc.derived_key).toMatch(/^[0-9a-f]{64}$/);
	expect(doc.password).toBeUndefined();
	// The form CouchDB 3 verifies: recompute it independently.
	const key = pbkdf2Sync('first-pass-1', doc.salt as string, Number(doc.iterations), 32, 'sha256').toString('hex');
	expect(key).toBe(doc.derived_key);
	expect(await signInStatus('newhire', 'first-pass-1')).toBe(200);
	expect(await signInStatus('newhire', 'first-pass-2')).toBe(401);
});

it('the demo accounts and the server admin are hashed the same way', async () => {
	const doc = await account(TEACHER1.name);
	expect(doc.pbkdf2_prf).toBe('sha256');
	expect(Number(doc.iterations)).toBeGreaterThanOrEqual(600_000);
	const config = JSON.parse(readFileSync(path.join(srv.dataDir, 'config.json'), 'utf8')) as {
		admins: Record<string, string>;
	};
	const adminHash = config.admins.admin ?? '';
	expect(adminHash).toMatch(/^-pbkdf2-[0-9a-f]{64},[0-9a-f]+,(\d+)$/);
	expect(Number(/,(\d+)$/.exec(adminHash)![1])).toBeGreaterThanOrEqual(600_000);
});

it('an old PBKDF2-SHA1 hash (10 iterations) still signs in, and is upgraded by that sign-in', async () => {
	await createStaff(srv.couchUrl, srv.admin, { name: 'oldtimer', password: 'placeholder', org: 'demo', role: 'staff' });
	const current = await account('oldtimer');
	const salt = randomBytes(16).toString('hex');
	const legacy: Doc = {
		...current,
		password_scheme: 'pbkdf2',
		iterations: 10,
		salt,
		derived_key: pbkdf2Sync('old-pass-1', salt, 10, 20, 'sha1').toString('hex')
	};
	delete legacy.pbkdf2_prf;
	const put = await srv.adminFetch('/_users/org.couchdb.user:oldtimer', { method: 'PUT', json: legacy });
	expect(put.status).toBe(201);
	expect(await signInStatus('oldtimer', 'old-pass-1')).toBe(200);
	const deadline = Date.now() + 10_000;
	let doc = await account('oldtimer');
	while (doc.pbkdf2_prf !== 'sha256' && Date.now() < deadline) {
		await new Promise((r) => setTimeout(r, 100));
		doc = await account('oldtimer');
	}
	expect(doc.pbkdf2_prf).toBe('sha256');
	expect(Number(doc.iterations)).toBeGreaterThanOrEqual(600_000);
	expect(passwordMatches(doc, 'old-pass-1')).toBe(true);
	expect(await signInStatus('oldtimer', 'old-pass-1')).toBe(200);
	expect(await signInStatus('oldtimer', 'placeholder')).toBe(401);
});

it('a user reading their own account does not get the hash, the salt or how it was made', async () => {
	const r = await srv.userFetch(TEACHER1.name, TEACHER1.password, `/_users/org.couchdb.user:${TEACHER1.name}`);
	expect(r.status).toBe(200);
	const doc = (await r.json()) as Doc;
	expect(doc.name).toBe(TEACHER1.name);
	expect(doc.roles).toEqual(['demo:staff']);
	for (const field of ['derived_key', 'salt', 'iterations', 'password_scheme', 'pbkdf2_prf', 'password_sha']) {
		expect(doc[field], field).toBeUndefined();
	}
	const revs = await srv.userFetch(
		TEACHER1.name,
		TEACHER1.password,
		`/_users/org.couchdb.user:${TEACHER1.name}?open_revs=all`
	);
	expect(await revs.text()).not.toMatch(/derived_key|"salt"/);
});
