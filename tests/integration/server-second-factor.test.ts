/** A second factor at sign-in (issue 17.11): TOTP for admin/DSL roles, in both modes. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../scripts/admin';
import { startServer, type RunningServer } from '../../server/app';
import { createStaff } from '../../server/provision';
import { DEMO_DB, TEACHER1, TEACHER2, startTestServer, type TestServer } from './harness';

let srv: TestServer;
const HEAD = { name: 'head1', password: 'head-pass-1' };

beforeAll(async () => {
	srv = await startTestServer();
	await createStaff(srv.couchUrl, srv.admin, { org: 'demo', role: 'admin', ...HEAD });
});
afterAll(async () => {
	await srv?.close();
});

const post = (base: string, body: object) =>
	fetch(`${base}/_session`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
		body: JSON.stringify(body)
	});

const codeAt = (secret: string, offsetSteps = 0) =>
	new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({
		timestamp: Date.now() + offsetSteps * 30_000
	});

async function enrol(base: string, who: { name: string; password: string }) {
	const first = await post(base, who);
	expect(first.status).toBe(401);
	const prompt = (await first.json()) as { error: string; reason: string; secret: string; uri: string; qr: string };
	expect(prompt.error).toBe('second_factor_enrol');
	expect(prompt.reason).toMatch(/Scan the QR code/);
	expect(prompt.uri).toMatch(new RegExp(`^otpauth://totp/Waymark:${who.name}\\?`));
	expect(prompt.qr).toMatch(/^data:image\/png;base64,/);
	const enrolled = await post(base, { ...who, code: codeAt(prompt.secret) });
	expect(enrolled.status).toBe(200);
	expect(enrolled.headers.getSetCookie().some((c) => c.startsWith('AuthSession='))).toBe(true);
	const recovery = enrolled.headers.get('x-waymark-recovery-codes')!.split(',');
	return { secret: prompt.secret, recovery };
}

describe('embedded server', () => {
	let secret = '';
	let recovery: string[] = [];

	it('an admin-role account must enrol by QR code before it signs in; the first code enrols and signs in', async () => {
		({ secret, recovery } = await enrol(srv.couchUrl, HEAD));
		expect(recovery).toHaveLength(10);
		expect(new Set(recovery).size).toBe(10);
	});

	it('refuses the enrolled admin without a code (not counted as a failure), accepts a valid code once, refuses it replayed', async () => {
		for (let i = 0; i < 7; i++) {
			const r = await post(srv.couchUrl, HEAD);
			expect(r.status).toBe(401);
			expect(r.headers.getSetCookie()).toEqual([]);
			expect(await r.json()).toMatchObject({ error: 'second_factor_required', reason: /6-digit code/ });
		}
		const valid = [-1, 0, 1].map((n) => codeAt(secret, n));
		const wrong = await post(srv.couchUrl, { ...HEAD, code: valid.includes('000000') ? '111111' : '000000' });
		expect(wrong.status).toBe(401);
		expect(await wrong.json()).toMatchObject({ error: 'second_factor_wrong' });
		// The enrolment used this step's code: the next step's (clock drift allowance) is new.
		const code = codeAt(secret, 1);
		const ok = await post(srv.couchUrl, { ...HEAD, code });
		expect(ok.status).toBe(200);
		expect(((await ok.json()) as { roles: string[] }).roles).toContain('demo:admin');
		const replay = await post(srv.couchUrl, { ...HEAD, code });
		expect(replay.status).toBe(401);
		expect(await replay.json()).toMatchObject({ error: 'second_factor_used', reason: /used already/ });
		// The enrolment's own code cannot be used again either.
		expect((await post(srv.couchUrl, { ...HEAD, code: codeAt(secret) })).status).toBe(401);
	});

	it('a recovery code signs in once', async () => {
		const first = await post(srv.couchUrl, { ...HEAD, code: recovery[3] });
		expect(first.status).toBe(200);
		const again = await post(srv.couchUrl, { ...HEAD, code: recovery[3] });
		expect(again.status).toBe(401);
		expect(await again.json()).toMatchObject({ error: 'second_factor_wrong' });
	});

	it('Basic credentials of an enrolled account are refused everywhere (they would skip the code)', async () => {
		const r = await srv.userFetch(HEAD.name, HEAD.password, `/${DEMO_DB}/_all_docs`);
		expect(r.status).toBe(401);
		expect(await r.json()).toMatchObject({ reason: /authenticator app/ });
		// Classroom staff are not asked by default.
		expect((await srv.userFetch('teacher1', `/${DEMO_DB}/_all_docs`)).status).toBe(200);
		expect((await post(srv.couchUrl, TEACHER1)).status).toBe(200);
	});

	it('the organisation can require it for classroom staff: only its admin or a server admin can say so', async () => {
		const body = { org: 'demo', staff: true };
		const asTeacher = await srv.userFetch('teacher1', '/_waymark/second-factor/require', {
			method: 'POST',
			json: body
		});
		expect(asTeacher.status).toBe(403);
		// The head signs in with a code and changes the setting with the session cookie.
		const signedIn = await post(srv.couchUrl, { ...HEAD, code: recovery[0] });
		const cookie = signedIn.headers.getSetCookie()[0]!.split(';')[0]!;
		const byHead = await fetch(`${srv.couchUrl}/_waymark/second-factor/require`, {
			method: 'POST',
			headers: { cookie, 'Content-Type': 'application/json' },
			body: JSON.stringify(body)
		});
		expect(byHead.status).toBe(200);
		const teacher = await post(srv.couchUrl, TEACHER1);
		expect(teacher.status).toBe(401);
		expect(await teacher.json()).toMatchObject({ error: 'second_factor_enrol' });
		expect((await srv.userFetch('teacher1', `/${DEMO_DB}/_all_docs`)).status).toBe(401);
		// A server admin resets a lost phone; the account enrols again.
		const saved = { ...process.env };
		process.env.WAYMARK_URL = srv.couchUrl;
		process.env.WAYMARK_ADMIN_PASSWORD = srv.admin.password;
		delete process.env.COUCHDB_URL;
		try {
			expect(await main(['reset-2fa', HEAD.name])).toBe(0);
			expect(await main(['require-2fa', 'demo', 'off'])).toBe(0);
		} finally {
			process.env = saved;
		}
		expect((await post(srv.couchUrl, TEACHER1)).status).toBe(200);
		expect(await (await post(srv.couchUrl, HEAD)).json()).toMatchObject({ error: 'second_factor_enrol' });
	});
});

describe('in front of a real CouchDB (proxy mode)', () => {
	let front: RunningServer;
	let dataDir: string;
	beforeAll(async () => {
		dataDir = mkdtempSync(path.join(tmpdir(), 'waymark-2fa-proxy-'));
		front = await startServer({
			port: 0,
			dataDir,
			couchdbUrl: srv.couchUrl,
			adminPassword: srv.admin.password,
			seedDemo: false,
			quiet: true
		});
	});
	afterAll(async () => {
		await front?.close();
		rmSync(dataDir, { recursive: true, force: true });
	});

	it('Waymark’s server asks for the code at _session and the CouchDB behind it signs in', async () => {
		const auth = 'Basic ' + Buffer.from(`${front.admin.name}:${front.admin.password}`).toString('base64');
		const set = await fetch(`${front.couchUrl}/_waymark/second-factor/require`, {
			method: 'POST',
			headers: { Authorization: auth, 'Content-Type': 'application/json' },
			body: JSON.stringify({ org: 'demo', staff: true })
		});
		expect(set.status).toBe(200);
		const { secret } = await enrol(front.couchUrl, TEACHER2);
		expect((await post(front.couchUrl, TEACHER2)).status).toBe(401);
		const ok = await post(front.couchUrl, { ...TEACHER2, code: codeAt(secret, 1) });
		expect(ok.status).toBe(200);
		const cookie = ok.headers.getSetCookie()[0]!.split(';')[0]!;
		const docs = await fetch(`${front.couchUrl}/${DEMO_DB}/_all_docs?limit=1`, { headers: { cookie } });
		expect(docs.status).toBe(200);
		const basic = 'Basic ' + Buffer.from(`${TEACHER2.name}:${TEACHER2.password}`).toString('base64');
		expect((await fetch(`${front.couchUrl}/${DEMO_DB}/_all_docs`, { headers: { Authorization: basic } })).status).toBe(
			401
		);
	});
});
