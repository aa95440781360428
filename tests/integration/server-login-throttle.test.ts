/**
 * Sign-in throttling (issue 17.1): passwords cannot be guessed at full speed, per account and
 * per client address, through `POST /_session` and through Basic credentials, on the embedded
 * server and in front of a real CouchDB. Waits are shortened for the test (production: 30 s
 * doubling to 15 minutes); the counting and the answers are the production code's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startServer } from '../../server/app';
import { TEACHER1, TEACHER2, VISITOR, startTestServer, type TestServer } from './harness';

// The address limit is high here so that one file's tests, all from 127.0.0.1, do not hold each
// other up; the address test below uses a server of its own with a low one.
const LIMITS = { baseDelayMs: 1500, maxDelayMs: 6000, minFailureMs: 150, accountFreeTries: 5, addressFreeTries: 100 };
const ADDRESS_LIMIT = 12;

let srv: TestServer;
let logged: string[] = [];

beforeAll(async () => {
	const spy = vi.spyOn(console, 'error').mockImplementation((line: unknown) => void logged.push(String(line)));
	srv = await startTestServer({ quiet: false, loginThrottle: LIMITS });
	void spy;
	vi.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterAll(async () => {
	vi.restoreAllMocks();
	await srv?.close();
});

async function signIn(base: string, name: string, password: string) {
	const r = await fetch(`${base}/_session`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
		body: JSON.stringify({ name, password })
	});
	return {
		status: r.status,
		retryAfter: r.headers.get('retry-after'),
		body: (await r.json()) as Record<string, unknown>
	};
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('POST /_session', () => {
	it('after 5 wrong passwords the account waits, even for the right one; then it works', async () => {
		logged = [];
		const wrong = [];
		for (let i = 0; i < 5; i++) wrong.push(await signIn(srv.couchUrl, TEACHER2.name, `guess-${i}`));
		expect(wrong.map((w) => w.status)).toEqual([401, 401, 401, 401, 401]);
		const unknown = await signIn(srv.couchUrl, 'nobody-here', 'guess');
		// The same answer for an unknown name as for a wrong password.
		expect(unknown.status).toBe(401);
		expect(unknown.body).toEqual(wrong[0]!.body);

		const held = await signIn(srv.couchUrl, TEACHER2.name, TEACHER2.password);
		expect(held.status).toBe(429);
		expect(Number(held.retryAfter)).toBeGreaterThanOrEqual(1);
		expect(held.body.reason).toMatch(/^Too many sign-in attempts did not match\. Wait \d+ seconds?, then try again\.$/);
		expect(logged.join('\n')).toMatch(
			/sign-in failed \(password\) for "teacher2" from 127\.0\.0\.1: 5 for the account/
		);
		expect(logged.join('\n')).not.toMatch(/guess-/);

		// Another account from the same address is not held up by teacher2's wait.
		expect((await signIn(srv.couchUrl, TEACHER1.name, TEACHER1.password)).status).toBe(200);

		await sleep(Number(held.retryAfter) * 1000 + 100);
		expect((await signIn(srv.couchUrl, TEACHER2.name, TEACHER2.password)).status).toBe(200);
	});

	it('each further failure doubles the wait', async () => {
		const name = VISITOR.name;
		for (let i = 0; i < 5; i++) await signIn(srv.couchUrl, name, 'nope');
		const first = await signIn(srv.couchUrl, name, 'nope');
		expect(first.status).toBe(429);
		await sleep(Number(first.retryAfter) * 1000 + 100);
		expect((await signIn(srv.couchUrl, name, 'nope')).status).toBe(401);
		const second = await signIn(srv.couchUrl, name, VISITOR.password);
		expect(second.status).toBe(429);
		expect(Number(second.retryAfter)).toBeGreaterThanOrEqual(2 * Number(first.retryAfter) - 1);
		await sleep(Number(second.retryAfter) * 1000 + 100);
		expect((await signIn(srv.couchUrl, name, VISITOR.password)).status).toBe(200);
	});
});

it('Basic credentials on any request count the same way', async () => {
	const basic = (pw: string) => 'Basic ' + Buffer.from(`${TEACHER1.name}:${pw}`).toString('base64');
	for (let i = 0; i < 5; i++) {
		const r = await fetch(`${srv.couchUrl}/waymark-demo`, { headers: { Authorization: basic(`guess-${i}`) } });
		expect(r.status).toBe(401);
	}
	await sleep(100);
	const held = await fetch(`${srv.couchUrl}/waymark-demo`, { headers: { Authorization: basic(TEACHER1.password) } });
	expect(held.status).toBe(429);
	expect(held.headers.get('retry-after')).toMatch(/^\d+$/);
	await sleep(Number(held.headers.get('retry-after')) * 1000 + 100);
	const ok = await fetch(`${srv.couchUrl}/waymark-demo`, { headers: { Authorization: basic(TEACHER1.password) } });
	expect(ok.status).toBe(200);
});

it('many accounts guessed from one address: the address waits', async () => {
	const other = await startTestServer({
		seedDemo: false,
		loginThrottle: { ...LIMITS, addressFreeTries: ADDRESS_LIMIT }
	});
	try {
		const statuses = [];
		for (let i = 0; i < ADDRESS_LIMIT; i++) statuses.push((await signIn(other.couchUrl, `user${i}`, 'x')).status);
		expect(statuses.every((s) => s === 401)).toBe(true);
		const held = await signIn(other.couchUrl, 'someone-else', 'x');
		expect(held.status).toBe(429);
		expect(held.body.reason).toMatch(/Wait \d+ seconds?/);
	} finally {
		await other.close();
	}
});

it('in front of a real CouchDB (COUCHDB_URL) too', async () => {
	const dataDir = mkdtempSync(path.join(tmpdir(), 'waymark-proxy-'));
	const front = await startServer({
		port: 0,
		dataDir,
		couchdbUrl: srv.couchUrl,
		adminPassword: srv.admin.password,
		seedDemo: false,
		quiet: true,
		loginThrottle: LIMITS
	});
	try {
		const name = 'teacher2';
		for (let i = 0; i < 5; i++) expect((await signIn(front.couchUrl, name, `wrong-${i}`)).status).toBe(401);
		const held = await signIn(front.couchUrl, name, TEACHER2.password);
		expect(held.status).toBe(429);
		await sleep(Number(held.retryAfter) * 1000 + 100);
		const ok = await signIn(front.couchUrl, name, TEACHER2.password);
		expect(ok.status).toBe(200);
		expect(ok.body.name).toBe(name);
	} finally {
		await front.close();
		rmSync(dataDir, { recursive: true, force: true });
	}
});
