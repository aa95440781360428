/**
 * Sessions end on the server (issue 17.4): a cookie replayed after sign-out is refused, an admin
 * ends every session of a user (lost tablet), a restart does not revive them, and the idle
 * timeout is a setting.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { main } from '../../scripts/admin';
import { DEMO_DB, TEACHER1, TEACHER2, VISITOR, startTestServer, type TestServer } from './harness';

let srv: TestServer;
const saved = { ...process.env };

beforeAll(async () => {
	srv = await startTestServer({ keepDataDir: true });
});
afterAll(async () => {
	process.env = saved;
	await srv?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function read(cookie: string, db = DEMO_DB) {
	return (await srv.anonFetch(`/${db}/_all_docs?limit=1`, { headers: { cookie } })).status;
}

/** The visitor reads their visit's database (the demo visit), not the organisation's. */
async function readVisit(cookie: string) {
	const mine = await srv.anonFetch('/_waymark/visits/mine', { headers: { cookie } });
	if (mine.status !== 200) return mine.status;
	const db = ((await mine.json()) as { visits: { db: string }[] }).visits[0]?.db;
	return db ? read(cookie, db) : 404;
}

it('signing out ends the session: the same cookie replayed afterwards is refused', async () => {
	const cookie = await srv.signIn(TEACHER1.name, TEACHER1.password);
	expect(await read(cookie)).toBe(200);
	const out = await srv.anonFetch('/_session', { method: 'DELETE', headers: { cookie } });
	expect(out.status).toBe(200);
	expect(await read(cookie)).toBe(401);
	const who = (await (await srv.anonFetch('/_session', { headers: { cookie } })).json()) as {
		userCtx: { name: string | null };
	};
	expect(who.userCtx.name).toBeNull();
	// Signing in again (from the next second on) gives a session that works.
	await sleep(1600);
	const again = await srv.signIn(TEACHER1.name, TEACHER1.password);
	expect(await read(again)).toBe(200);
});

it('signing in again straight after signing out works (cookies tell time only to the second)', async () => {
	const cookie = await srv.signIn(VISITOR.name, VISITOR.password);
	await srv.anonFetch('/_session', { method: 'DELETE', headers: { cookie } });
	const again = await srv.signIn(VISITOR.name, VISITOR.password);
	expect(await readVisit(again)).toBe(200);
});

it('a forged cookie naming someone else does not end their sessions', async () => {
	const cookie = await srv.signIn(VISITOR.name, VISITOR.password);
	const forged = Buffer.from(`${VISITOR.name}:${(Math.floor(Date.now() / 1000) + 60).toString(16)}:bad`).toString(
		'base64url'
	);
	await srv.anonFetch('/_session', { method: 'DELETE', headers: { cookie: `AuthSession=${forged}` } });
	expect(await readVisit(cookie)).toBe(200);
});

it('npm run admin -- end-sessions <user> ends every session of that user (a lost tablet), also after a restart', async () => {
	const tabletA = await srv.signIn(TEACHER2.name, TEACHER2.password);
	const tabletB = await srv.signIn(TEACHER2.name, TEACHER2.password);
	const other = await srv.signIn(VISITOR.name, VISITOR.password);
	process.env.WAYMARK_URL = srv.couchUrl;
	process.env.WAYMARK_ADMIN_PASSWORD = srv.admin.password;
	delete process.env.COUCHDB_URL;
	expect(await main(['end-sessions', TEACHER2.name])).toBe(0);
	expect(await read(tabletA)).toBe(401);
	expect(await read(tabletB)).toBe(401);
	expect(await readVisit(other)).toBe(200);
	// Not for anyone but a server admin.
	const refused = await srv.userFetch(VISITOR.name, VISITOR.password, '/_waymark/end-sessions', {
		method: 'POST',
		json: { name: TEACHER1.name }
	});
	expect(refused.status).toBe(403);

	const { dataDir } = srv;
	await srv.close();
	srv = await startTestServer({ dataDir, keepDataDir: true });
	expect(await read(tabletA)).toBe(401);
	expect(await readVisit(other)).toBe(200);
});

it('the idle timeout is a setting: a session unused for longer is refused, one in use is renewed', async () => {
	const short = await startTestServer({ sessionTimeoutSeconds: 3 });
	try {
		const signIn = await fetch(`${short.couchUrl}/_session`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ name: TEACHER1.name, password: TEACHER1.password })
		});
		const cookie = signIn.headers.getSetCookie().find((c) => c.startsWith('AuthSession='))!;
		expect(cookie).toMatch(/Max-Age=3\b/);
		const pair = cookie.split(';')[0]!;
		const ok = await fetch(`${short.couchUrl}/${DEMO_DB}`, { headers: { cookie: pair } });
		expect(ok.status).toBe(200);
		await sleep(4500);
		const idle = await fetch(`${short.couchUrl}/${DEMO_DB}`, { headers: { cookie: pair } });
		expect(idle.status).toBe(401);
	} finally {
		await short.close();
	}
});
