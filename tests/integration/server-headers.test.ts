/**
 * Security headers on the app and the API (issue 17.3). The built page's policy comes from the
 * build (SvelteKit's kit.csp writes it into index.html with the hash of its bootstrap script);
 * here a small build stands in for it. That the real app still loads, signs in and works offline
 * under the policy is the e2e suite's job (tests/e2e/foundation.spec.ts).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DB, TEACHER1, startTestServer, type TestServer } from './harness';

const BOOTSTRAP = '\n\t\t\t\t{ __sveltekit_x = { base: "" }; }\n\t\t\t';
const HASH = 'sha256-' + createHash('sha256').update(BOOTSTRAP).digest('base64');
const META =
	`default-src 'self'; connect-src 'self'; img-src 'self' data: blob:; object-src 'none'; ` +
	`script-src 'self' '${HASH}'; style-src 'self' 'unsafe-inline'; base-uri 'self'`;

let srv: TestServer;
let buildDir: string;

beforeAll(async () => {
	buildDir = mkdtempSync(path.join(tmpdir(), 'waymark-build-'));
	mkdirSync(path.join(buildDir, '_app'));
	writeFileSync(
		path.join(buildDir, 'index.html'),
		`<!doctype html><html><head><meta http-equiv="content-security-policy" content="${META}"></head>` +
			`<body><div id="app"><script>${BOOTSTRAP}</script></div></body></html>`
	);
	writeFileSync(path.join(buildDir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
	srv = await startTestServer({ buildDir });
});
afterAll(async () => {
	await srv?.close();
	rmSync(buildDir, { recursive: true, force: true });
});

function common(r: Response) {
	expect(r.headers.get('x-content-type-options')).toBe('nosniff');
	expect(r.headers.get('referrer-policy')).toBe('no-referrer');
	expect(r.headers.get('permissions-policy')).toMatch(/(^|, )camera=\(self\)/);
	expect(r.headers.get('permissions-policy')).toMatch(/microphone=\(\)/);
	expect(r.headers.get('x-powered-by')).toBeNull();
	expect(r.headers.get('strict-transport-security')).toBeNull();
}

describe('the app', () => {
	it('pages: the build’s policy (only the hashed bootstrap script inline), and no framing', async () => {
		for (const p of ['/', '/pupils/abc', '/index.html']) {
			const r = await fetch(srv.url + p);
			expect(r.status, p).toBe(200);
			common(r);
			const csp = r.headers.get('content-security-policy')!;
			const directives = Object.fromEntries(
				csp.split(';').map((d) => {
					const [k, ...v] = d.trim().split(/\s+/);
					return [k, v.join(' ')];
				})
			);
			expect(directives['script-src']).toBe(`'self' '${HASH}'`);
			expect(directives['connect-src']).toBe("'self'");
			expect(directives['object-src']).toBe("'none'");
			expect(directives['frame-ancestors']).toBe("'none'");
			expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
		}
	});

	it('assets and the service worker carry the headers too', async () => {
		const r = await fetch(srv.url + '/sw.js');
		expect(r.status).toBe(200);
		common(r);
		expect(r.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
	});
});

describe('the API', () => {
	it('JSON answers: no page may be made of them, and express-pouchdb does not announce itself', async () => {
		for (const r of [
			await srv.anonFetch('/'),
			await srv.userFetch(TEACHER1.name, TEACHER1.password, `/${DEMO_DB}/_all_docs?limit=1`),
			await srv.anonFetch(`/${DEMO_DB}`)
		]) {
			common(r);
			expect(r.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
		}
	});
});

it('HSTS only over TLS (here: from a TLS-terminating proxy on this machine)', async () => {
	const r = await fetch(srv.url + '/', { headers: { 'X-Forwarded-Proto': 'https' } });
	expect(r.headers.get('strict-transport-security')).toMatch(/^max-age=\d{7,}/);
	const plain = await fetch(srv.url + '/');
	expect(plain.headers.get('strict-transport-security')).toBeNull();
});
