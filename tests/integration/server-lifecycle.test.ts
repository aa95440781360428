/**
 * Start-up, restart on the same data folder, sign-in cookies under /couch, and serving the SPA.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../server/app';
import { DEMO_DB, TEACHER1, TEACHER2, startTestServer, type TestServer } from './harness';

const dirs: string[] = [];
function tempDir(prefix: string) {
	const d = mkdtempSync(path.join(tmpdir(), prefix));
	dirs.push(d);
	return d;
}
afterAll(() => {
	for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function count(srv: TestServer) {
	const r = await srv.adminFetch(`/${DEMO_DB}/_all_docs`);
	return ((await r.json()) as { total_rows: number }).total_rows;
}

describe('first and second start on the same data folder', () => {
	it('creates an admin with a generated password once, seeds once, keeps sessions across a restart', async () => {
		const dataDir = tempDir('waymark-restart-');
		const first = await startTestServer({ dataDir, adminPassword: undefined });
		expect(first.seeded).toBe(true);
		const passwordFile = path.join(dataDir, 'admin-password.txt');
		const password = readFileSync(passwordFile, 'utf8').trim();
		expect(password.length).toBeGreaterThanOrEqual(12);
		expect(first.admin.password).toBe(password);
		expect(statSync(passwordFile).mode & 0o777).toBe(0o600);
		// No admin party: the anonymous user is nobody.
		const anon = (await (await first.anonFetch('/_session')).json()) as { userCtx: { roles: string[] } };
		expect(anon.userCtx.roles).toEqual([]);
		// The plain password is not kept in the CouchDB config.
		expect(readFileSync(path.join(dataDir, 'config.json'), 'utf8')).not.toContain(password);
		const docs = await count(first);
		const cookie = await first.signIn(TEACHER1.name, TEACHER1.password);
		await first.close();

		const second = await startTestServer({ dataDir, adminPassword: undefined });
		try {
			expect(second.seeded).toBe(false);
			expect(second.admin.password).toBe(password);
			expect(readFileSync(passwordFile, 'utf8').trim()).toBe(password);
			expect(await count(second)).toBe(docs);
			// The cookie-signing secret is kept: a tablet stays signed in when the server restarts.
			const r = await fetch(`${second.couchUrl}/_session`, { headers: { cookie } });
			expect(((await r.json()) as { userCtx: { name: string } }).userCtx.name).toBe(TEACHER1.name);
		} finally {
			await second.close();
		}
	});
});

describe('sign-in under /couch', () => {
	let srv: TestServer;
	beforeAll(async () => {
		srv = await startTestServer();
	});
	afterAll(async () => {
		await srv?.close();
	});

	it('POST /couch/_session sets a long-lived cookie for path / that then opens the database', async () => {
		const r = await fetch(`${srv.couchUrl}/_session`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
			body: JSON.stringify({ name: TEACHER1.name, password: TEACHER1.password })
		});
		expect(r.status).toBe(200);
		expect(await r.json()).toMatchObject({ ok: true, name: TEACHER1.name, roles: ['demo:staff'] });
		const setCookie = r.headers.getSetCookie().find((c) => c.startsWith('AuthSession='))!;
		expect(setCookie).toMatch(/Path=\//);
		expect(setCookie).toMatch(/HttpOnly/i);
		expect(setCookie).toMatch(/Max-Age=2592000/);
		expect(setCookie).toMatch(/SameSite=Lax/);
		const cookie = setCookie.split(';')[0]!;
		const db = await fetch(`${srv.couchUrl}/${DEMO_DB}/_all_docs?limit=1`, { headers: { cookie } });
		expect(db.status).toBe(200);
		// Each authenticated request refreshes the cookie, also long-lived.
		const refreshed = db.headers.getSetCookie().find((c) => c.startsWith('AuthSession='));
		if (refreshed) expect(refreshed).toMatch(/Max-Age=2592000/);
		const wrong = await fetch(`${srv.couchUrl}/_session`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ name: TEACHER1.name, password: 'nope' })
		});
		expect(wrong.status).toBe(401);
		const out = await fetch(`${srv.couchUrl}/_session`, { method: 'DELETE', headers: { cookie } });
		expect(out.status).toBe(200);
		expect(out.headers.getSetCookie().join()).toMatch(/AuthSession=;/);
	});

	it('a session lasts 30 days: a cookie signed 29 days ago works, one signed 31 days ago does not', async () => {
		// teacher2: teacher1 signed out above, which ends the sessions issued before (sessions test).
		// Made exactly as pouchdb-auth makes them (CouchDB's scheme): base64url("name:HEXTIME:" + HMAC-SHA1).
		const { secret } = JSON.parse(readFileSync(path.join(srv.dataDir, 'config.json'), 'utf8')).couch_httpd_auth;
		const user = (await (await srv.adminFetch(`/_users/org.couchdb.user:${TEACHER2.name}`)).json()) as { salt: string };
		const cookieAt = (secondsAgo: number) => {
			const stamp = (Math.round(Date.now() / 1000) - secondsAgo).toString(16).toUpperCase();
			const data = `${TEACHER2.name}:${stamp}`;
			const mac = createHmac('sha1', secret + user.salt)
				.update(data)
				.digest();
			return 'AuthSession=' + Buffer.concat([Buffer.from(data + ':'), mac]).toString('base64url');
		};
		const day = 24 * 3600;
		const fresh = await fetch(`${srv.couchUrl}/${DEMO_DB}`, { headers: { cookie: cookieAt(29 * day) } });
		expect(fresh.status).toBe(200);
		const stale = await fetch(`${srv.couchUrl}/${DEMO_DB}`, { headers: { cookie: cookieAt(31 * day) } });
		expect(stale.status).toBe(401);
	});
});

describe('the app on the same origin', () => {
	let srv: TestServer;
	let buildDir: string;
	beforeAll(async () => {
		buildDir = tempDir('waymark-build-');
		writeFileSync(path.join(buildDir, 'index.html'), '<!doctype html><title>Waymark</title><div id="app"></div>');
		writeFileSync(path.join(buildDir, 'sw.js'), 'self.addEventListener("install", () => {});');
		writeFileSync(path.join(buildDir, 'manifest.webmanifest'), '{"name":"Waymark"}');
		mkdirSync(path.join(buildDir, '_app', 'immutable', 'chunks'), { recursive: true });
		writeFileSync(path.join(buildDir, '_app', 'immutable', 'chunks', 'app.abc123.js'), 'export {}');
		srv = await startTestServer({ buildDir, seedDemo: false });
	});
	afterAll(async () => {
		await srv?.close();
	});

	it('serves index.html for app routes such as /pupils/123, never cached', async () => {
		for (const p of ['/', '/pupils/123', '/sign-in?next=%2Fpupils']) {
			const r = await fetch(srv.url + p);
			expect(r.status, p).toBe(200);
			expect(r.headers.get('content-type')).toMatch(/text\/html/);
			expect(r.headers.get('cache-control')).toBe('no-cache');
			expect(await r.text()).toContain('<title>Waymark</title>');
		}
	});

	it('sw.js and the manifest are revalidated; /_app/immutable is cached for a year', async () => {
		expect((await fetch(`${srv.url}/sw.js`)).headers.get('cache-control')).toBe('no-cache');
		expect((await fetch(`${srv.url}/manifest.webmanifest`)).headers.get('cache-control')).toBe('no-cache');
		const chunk = await fetch(`${srv.url}/_app/immutable/chunks/app.abc123.js`);
		expect(chunk.status).toBe(200);
		expect(chunk.headers.get('cache-control')).toMatch(/max-age=31536000.*immutable/);
	});

	it('a missing asset is a 404, not the app shell; /couch is the API', async () => {
		expect((await fetch(`${srv.url}/_app/immutable/chunks/gone.js`)).status).toBe(404);
		expect((await fetch(`${srv.url}/favicon-missing.png`)).status).toBe(404);
		const welcome = (await (await fetch(`${srv.url}/couch/`)).json()) as Record<string, unknown>;
		expect(welcome['express-pouchdb']).toBe('Welcome!');
		expect((await fetch(`${srv.url}/couch/nope`)).status).toBe(404);
	});
});

describe('COUCHDB_URL: /couch proxies to another CouchDB server', () => {
	it('provisions through it, signs in through the proxy with a cookie, and reads', async () => {
		// The "real CouchDB" here is a second embedded server; the Waymark server proxies to it.
		const upstream = await startTestServer({ seedDemo: false });
		process.env.COUCHDB_ADMIN_USER = upstream.admin.name;
		process.env.COUCHDB_ADMIN_PASSWORD = upstream.admin.password;
		let front: Awaited<ReturnType<typeof startServer>> | undefined;
		try {
			front = await startServer({
				port: 0,
				dataDir: tempDir('waymark-proxy-'),
				couchdbUrl: upstream.couchUrl,
				seedDemo: true,
				quiet: true
			});
			expect(front.mode).toBe('proxy');
			expect(front.seeded).toBe(true);
			const signIn = await fetch(`${front.couchUrl}/_session`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ name: TEACHER1.name, password: TEACHER1.password })
			});
			expect(signIn.status).toBe(200);
			const cookie = signIn.headers
				.getSetCookie()
				.find((c) => c.startsWith('AuthSession='))!
				.split(';')[0]!;
			const rows = await fetch(`${front.couchUrl}/${DEMO_DB}/_all_docs`, { headers: { cookie } });
			expect(rows.status).toBe(200);
			expect(((await rows.json()) as { total_rows: number }).total_rows).toBeGreaterThanOrEqual(36);
			const anon = await fetch(`${front.couchUrl}/${DEMO_DB}/_all_docs`);
			expect(anon.status).toBe(401);
		} finally {
			delete process.env.COUCHDB_ADMIN_USER;
			delete process.env.COUCHDB_ADMIN_PASSWORD;
			await front?.close();
			await upstream.close();
		}
	});
});

describe('start-up errors', () => {
	it('a port that is in use is reported (EADDRINUSE), not ignored', async () => {
		const srv = await startTestServer({ seedDemo: false });
		try {
			await expect(
				startServer({ port: srv.port, dataDir: tempDir('waymark-port-'), quiet: true })
			).rejects.toMatchObject({
				code: 'EADDRINUSE'
			});
		} finally {
			await srv.close();
		}
	});
});
