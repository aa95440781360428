/**
 * The audit (issue 17.8) against the real server: every sign-in and failed sign-in is recorded by
 * the server, in both modes, where only the organisation's admins (and server admins) can read it
 * and nobody but the server can write; the tablets' audit lines in the organisation database are
 * append-only for staff.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../server/app';
import { createStaff } from '../../server/provision';
import { SERVER_AUDIT_DB, orgAuditDbName, signInAudit } from '../../server/sign-in-audit';
import { makeDoc } from '../support/test-factories';
import {
	DEMO_DB,
	TEACHER1,
	TEACHER2,
	VISITOR,
	signInWithSecondFactor,
	startTestServer,
	type TestServer
} from './harness';

let srv: TestServer;
const HEAD = { name: 'head-audit', password: 'head-pass-audit' };
const ORG_AUDIT = orgAuditDbName('demo');

beforeAll(async () => {
	srv = await startTestServer();
	// The head of centre: staff in the app and the organisation's admin.
	await createStaff(srv.couchUrl, srv.admin, { org: 'demo', role: 'staff', ...HEAD });
	const user = await (await srv.adminFetch(`/_users/org.couchdb.user:${HEAD.name}`)).json();
	await srv.adminFetch(`/_users/org.couchdb.user:${HEAD.name}`, {
		method: 'PUT',
		json: { ...user, roles: [...user.roles, 'demo:admin'] }
	});
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

interface Line {
	_id: string;
	name: string;
	outcome: string;
	how: string;
	address: string;
	at: string;
}

async function linesIn(db: string, base = srv): Promise<Line[]> {
	const r = await base.adminFetch(`/${db}/_all_docs?include_docs=true&startkey="signIn:"&endkey="signIn:\ufff0"`);
	if (r.status === 404) return [];
	expect(r.status).toBe(200);
	return ((await r.json()) as { rows: { doc: Line }[] }).rows.map((row) => row.doc);
}

/** Signs the head in with a second factor (the admin role asks for one) and returns the cookie. */
function headCookie(): Promise<string> {
	return signInWithSecondFactor(srv.couchUrl, HEAD);
}

describe('sign-ins on the embedded server', () => {
	it('records a sign-in and a failed one with the name, outcome, address and time, in the organisation’s audit', async () => {
		const before = new Date().toISOString();
		expect((await post(srv.couchUrl, { name: TEACHER2.name, password: 'not-the-password' })).status).toBe(401);
		expect((await post(srv.couchUrl, TEACHER2)).status).toBe(200);
		await srv.signIns.settled();
		const lines = (await linesIn(ORG_AUDIT)).filter((l) => l.name === TEACHER2.name && l.at >= before);
		expect(lines.map((l) => [l.outcome, l.how, l.address])).toEqual([
			['failed', 'password', '127.0.0.1'],
			['signed-in', 'password', '127.0.0.1']
		]);
		expect(lines[0]!.at <= lines[1]!.at).toBe(true);
		// No password is ever written down.
		expect(JSON.stringify(lines)).not.toContain('not-the-password');
	});

	it('records wrong Basic credentials as a failed sign-in', async () => {
		const r = await srv.userFetch(TEACHER1.name, 'wrong-basic', `/${DEMO_DB}`);
		expect(r.status).toBe(401);
		await srv.signIns.settled();
		expect((await linesIn(ORG_AUDIT)).some((l) => l.name === TEACHER1.name && l.how === 'basic')).toBe(true);
	});

	it('puts a name no organisation knows in the server-wide audit only, never in an organisation’s', async () => {
		expect((await post(srv.couchUrl, { name: 'nobody-at-all', password: 'guess' })).status).toBe(401);
		await srv.signIns.settled();
		expect((await linesIn(SERVER_AUDIT_DB)).map((l) => [l.name, l.outcome])).toContainEqual([
			'nobody-at-all',
			'failed'
		]);
		expect((await linesIn(ORG_AUDIT)).some((l) => l.name === 'nobody-at-all')).toBe(false);
		// No database per made-up name or organisation.
		const dbs = (await (await srv.adminFetch('/_all_dbs')).json()) as string[];
		expect(dbs.filter((d) => d.startsWith('audit')).sort()).toEqual([SERVER_AUDIT_DB, ORG_AUDIT].sort());
	});

	it('stores at most the day’s budget of lines for unknown names', async () => {
		const audit = signInAudit({
			couchUrl: () => srv.couchUrl,
			admin: () => srv.admin,
			rolesOf: () => Promise.resolve([]),
			unknownPerDay: 2
		});
		for (let i = 0; i < 5; i++)
			audit.record({ name: `made-up-${i}`, outcome: 'failed', how: 'password', address: '203.0.113.9' });
		await audit.settled();
		const stored = (await linesIn(SERVER_AUDIT_DB)).filter((l) => l.name.startsWith('made-up-'));
		expect(stored.map((l) => l.name).sort()).toEqual(['made-up-0', 'made-up-1']);
	});
});

describe('who can read and write the audit', () => {
	it('classroom staff and visitors cannot read the organisation’s audit or the server’s', async () => {
		for (const user of [TEACHER1.name, VISITOR.name]) {
			for (const db of [ORG_AUDIT, SERVER_AUDIT_DB]) {
				const r = await srv.userFetch(user, `/${db}/_all_docs`);
				expect([401, 403], `${user} reading ${db}`).toContain(r.status);
			}
		}
		const cookie = await srv.signIn(TEACHER1.name, TEACHER1.password);
		const r = await fetch(`${srv.couchUrl}/${ORG_AUDIT}/_all_docs`, { headers: { cookie } });
		expect([401, 403]).toContain(r.status);
	});

	it('the head of centre reads the organisation’s audit, but cannot add, change or delete a line, nor read the server’s', async () => {
		const cookie = await headCookie();
		await srv.signIns.settled();
		const h = { cookie, 'Content-Type': 'application/json', Accept: 'application/json' };
		const list = await fetch(`${srv.couchUrl}/${ORG_AUDIT}/_all_docs?include_docs=true&descending=true`, {
			headers: h
		});
		expect(list.status).toBe(200);
		const rows = ((await list.json()) as { rows: { doc: Line & { _rev: string } }[] }).rows.filter((r) =>
			r.doc._id.startsWith('signIn:')
		);
		// Their own sign-in is there, newest first.
		expect(rows[0]!.doc).toMatchObject({ name: HEAD.name, outcome: 'signed-in' });
		const line = rows[0]!.doc;
		const change = await fetch(`${srv.couchUrl}/${ORG_AUDIT}/${encodeURIComponent(line._id)}`, {
			method: 'PUT',
			headers: h,
			body: JSON.stringify({ ...line, outcome: 'signed-in' })
		});
		expect(change.status).toBe(403);
		const del = await fetch(`${srv.couchUrl}/${ORG_AUDIT}/${encodeURIComponent(line._id)}?rev=${line._rev}`, {
			method: 'DELETE',
			headers: h
		});
		expect(del.status).toBe(403);
		const add = await fetch(`${srv.couchUrl}/${ORG_AUDIT}/signIn:forged`, {
			method: 'PUT',
			headers: h,
			body: JSON.stringify({ type: 'signIn', name: 'someone', outcome: 'failed' })
		});
		expect(add.status).toBe(403);
		expect([401, 403]).toContain((await fetch(`${srv.couchUrl}/${SERVER_AUDIT_DB}/_all_docs`, { headers: h })).status);
		// The line is as the server wrote it.
		const again = await srv.adminFetch(`/${ORG_AUDIT}/${encodeURIComponent(line._id)}`);
		expect(await again.json()).toMatchObject({ outcome: line.outcome, _rev: line._rev });
	});

	it('a member of staff can add an audit record to the organisation’s records but not change or delete it', async () => {
		const doc = makeDoc('auditRecord', { createdBy: TEACHER1.name, updatedBy: TEACHER1.name });
		const created = await srv.userFetch(TEACHER1.name, `/${DEMO_DB}/${encodeURIComponent(doc._id)}`, {
			method: 'PUT',
			json: doc
		});
		expect(created.status).toBe(201);
		const { rev } = (await created.json()) as { rev: string };
		const changed = await srv.userFetch(TEACHER1.name, `/${DEMO_DB}/${encodeURIComponent(doc._id)}`, {
			method: 'PUT',
			json: { ...doc, _rev: rev, summary: 'nothing to see here', updatedBy: TEACHER1.name }
		});
		expect(changed.status).toBe(403);
		expect(((await changed.json()) as { reason: string }).reason).toMatch(/Audit records are never changed or deleted/);
		const archived = await srv.userFetch(TEACHER1.name, `/${DEMO_DB}/${encodeURIComponent(doc._id)}`, {
			method: 'PUT',
			json: { ...doc, _rev: rev, archived: true }
		});
		expect(archived.status).toBe(403);
		const deleted = await srv.userFetch(TEACHER1.name, `/${DEMO_DB}/${encodeURIComponent(doc._id)}?rev=${rev}`, {
			method: 'DELETE'
		});
		expect(deleted.status).toBe(403);
		const stored = await srv.adminFetch(`/${DEMO_DB}/${encodeURIComponent(doc._id)}`);
		expect(await stored.json()).toMatchObject({ _rev: rev, summary: doc.summary });
	});
});

it('in front of a real CouchDB (COUCHDB_URL) the server records sign-ins in the same place', async () => {
	const dataDir = mkdtempSync(path.join(tmpdir(), 'waymark-proxy-audit-'));
	const front = await startServer({
		port: 0,
		dataDir,
		couchdbUrl: srv.couchUrl,
		adminPassword: srv.admin.password,
		seedDemo: false,
		quiet: true
	});
	try {
		const before = new Date().toISOString();
		expect((await post(front.couchUrl, { name: TEACHER1.name, password: 'wrong-through-proxy' })).status).toBe(401);
		expect((await post(front.couchUrl, TEACHER1)).status).toBe(200);
		await front.signIns.settled();
		await srv.signIns.settled();
		// The store here is itself a Waymark server, which records too: each sign-in is there twice,
		// once from the front (the Waymark server in front of CouchDB) and once from the store.
		const lines = (await linesIn(ORG_AUDIT)).filter((l) => l.name === TEACHER1.name && l.at >= before);
		expect(lines.filter((l) => l.outcome === 'failed')).toHaveLength(2);
		expect(lines.filter((l) => l.outcome === 'signed-in')).toHaveLength(2);
	} finally {
		await front.close();
		rmSync(dataDir, { recursive: true, force: true });
	}
});
