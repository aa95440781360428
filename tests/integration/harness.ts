/**
 * Starts the real Waymark server (embedded CouchDB-protocol API + SPA) on a free loopback port
 * with a fresh temporary data folder. Each integration test file starts its own.
 *
 *   const srv = await startTestServer();          // demo organisation seeded
 *   const r = await srv.userFetch('teacher1', 'waymark-demo-1', '/waymark-demo/_all_docs');
 *   await srv.close();                             // stops and deletes the data folder
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { startServer, type RunningServer, type ServerOptions } from '../../server/app';
import { DEMO_LOGINS, DEMO_ORG } from '../../server/seed-demo';

export { DEMO_LOGINS, DEMO_ORG };
export const DEMO_DB = `waymark-${DEMO_ORG.slug}`;
export const TEACHER1 = DEMO_LOGINS[0];
export const TEACHER2 = DEMO_LOGINS[1];
export const VISITOR = DEMO_LOGINS[2];

export interface TestServer extends RunningServer {
	dataDir: string;
	/** fetch `couchUrl + path` as the server admin (Basic auth). JSON bodies: pass `json`. */
	adminFetch(path: string, init?: TestInit): Promise<Response>;
	/**
	 * fetch `couchUrl + path` as a CouchDB user (Basic auth): `userFetch(name, password, path, init)`,
	 * or for a demo login `userFetch('teacher2', path, init)`.
	 */
	userFetch: UserFetch;
	/** The demo logins by name: teacher1, teacher2 (staff), visitor1 (read only). */
	demoUsers: Record<string, { name: string; password: string; role: string }>;
	/** fetch `couchUrl + path` with no credentials. */
	anonFetch(path: string, init?: TestInit): Promise<Response>;
	/** Signs in with `POST /couch/_session` and returns the `AuthSession=…` cookie pair. */
	signIn(name: string, password: string): Promise<string>;
	/** A CouchDB URL with the user's credentials in it (for PouchDB in node). */
	couchUrlFor(name: string, password: string): string;
}

export type TestInit = RequestInit & { json?: unknown };

export interface UserFetch {
	(name: string, password: string, path: string, init?: TestInit): Promise<Response>;
	(demoName: string, path: string, init?: TestInit): Promise<Response>;
}

export interface TestServerOptions extends Partial<ServerOptions> {
	/** Keep the data folder after close (e.g. to restart on it). Default false. */
	keepDataDir?: boolean;
}

function withBody(init: TestInit = {}, auth?: string): RequestInit {
	const { json, headers, ...rest } = init;
	const h = new Headers(headers);
	if (!h.has('Accept')) h.set('Accept', 'application/json');
	if (auth) h.set('Authorization', auth);
	if (json !== undefined) {
		h.set('Content-Type', 'application/json');
		return { ...rest, headers: h, body: JSON.stringify(json) };
	}
	return { ...rest, headers: h };
}

const basic = (name: string, password: string) => 'Basic ' + Buffer.from(`${name}:${password}`).toString('base64');

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
	const { keepDataDir, ...serverOpts } = opts;
	const dataDir = serverOpts.dataDir ?? mkdtempSync(path.join(tmpdir(), 'waymark-test-'));
	const server = await startServer({
		port: 0,
		host: '127.0.0.1',
		seedDemo: true,
		quiet: true,
		adminPassword: 'test-admin-password',
		...serverOpts,
		dataDir
	});
	const demoUsers = Object.fromEntries(DEMO_LOGINS.map((l) => [l.name, { ...l }]));
	const couch = (p: string) => server.couchUrl + (p.startsWith('/') ? p : '/' + p);
	return {
		...server,
		dataDir,
		adminFetch: (p, init) => fetch(couch(p), withBody(init, basic(server.admin.name, server.admin.password))),
		userFetch: (name: string, a: string, b?: string | TestInit, c?: TestInit) => {
			if (typeof b === 'string') return fetch(couch(b), withBody(c, basic(name, a)));
			const login = demoUsers[name];
			if (!login) throw new Error(`userFetch: "${name}" is not a demo login; pass its password`);
			return fetch(couch(a), withBody(b, basic(name, login.password)));
		},
		demoUsers,
		anonFetch: (p, init) => fetch(couch(p), withBody(init)),
		async signIn(name, password) {
			const r = await fetch(couch('/_session'), withBody({ method: 'POST', json: { name, password } }));
			if (r.status !== 200) throw new Error(`sign-in as ${name}: HTTP ${r.status} ${await r.text()}`);
			const cookie = r.headers.getSetCookie().find((c) => c.startsWith('AuthSession='));
			if (!cookie) throw new Error('no AuthSession cookie');
			return cookie.split(';')[0]!;
		},
		couchUrlFor(name, password) {
			const u = new URL(server.couchUrl);
			u.username = encodeURIComponent(name);
			u.password = encodeURIComponent(password);
			return u.toString().replace(/\/$/, '');
		},
		async close() {
			await server.close();
			if (!keepDataDir && !serverOpts.dataDir) rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

/** The TOTP secret each account enrolled with, per server: a later sign-in answers with a code from it. */
const enrolled = new Map<string, string>();

/**
 * Signs an account that needs a second factor (admin, safeguarding lead) in over `_session`:
 * the first sign-in enrols (the server answers with a secret), each sign-in then sends a code.
 * Returns the session cookie (`AuthSession=…`).
 */
export async function signInWithSecondFactor(
	couchUrl: string,
	login: { name: string; password: string }
): Promise<string> {
	const post = (body: object) =>
		fetch(`${couchUrl}/_session`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
			body: JSON.stringify(body)
		});
	const key = `${couchUrl} ${login.name}`;
	const prompt = (await (await post(login)).json()) as { secret?: string };
	if (prompt.secret) enrolled.set(key, prompt.secret);
	const secret = enrolled.get(key);
	if (!secret) throw new Error(`${login.name} was not asked to enrol a second factor, and has no code here`);
	const code = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate();
	const signedIn = await post({ ...login, code });
	if (signedIn.status !== 200) throw new Error(`${login.name} could not sign in with a code: ${signedIn.status}`);
	return signedIn.headers
		.getSetCookie()
		.find((c) => c.startsWith('AuthSession='))!
		.split(';')[0]!;
}
