/**
 * Who may read and write an organisation's database, and what server-side validation
 * (`_design/waymark` validate_doc_update) refuses, against the real embedded server.
 */
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, createStaff } from '../../server/provision';
import { DEMO_DB, DEMO_ORG, TEACHER1, TEACHER2, VISITOR, startTestServer, type TestServer } from './harness';
import { pupilInput } from '../support/test-factories';

let srv: TestServer;

beforeAll(async () => {
	srv = await startTestServer();
});
afterAll(async () => {
	await srv?.close();
});

function pupilDoc(extra: Record<string, unknown> = {}) {
	const now = new Date().toISOString();
	return {
		_id: `pupil:${ulid()}`,
		type: 'pupil',
		schemaVersion: 1,
		createdAt: now,
		updatedAt: now,
		createdBy: 'teacher1',
		updatedBy: 'teacher1',
		...pupilInput({ givenName: 'Test', familyName: 'Pupil' }),
		...extra
	};
}

async function put(as: { name: string; password: string }, doc: Record<string, unknown>) {
	return srv.userFetch(as.name, as.password, `/${DEMO_DB}/${encodeURIComponent(String(doc._id))}`, {
		method: 'PUT',
		json: doc
	});
}

async function allDocs(as: { name: string; password: string }) {
	const r = await srv.userFetch(as.name, as.password, `/${DEMO_DB}/_all_docs?include_docs=true`);
	expect(r.status).toBe(200);
	return ((await r.json()) as { rows: Array<{ id: string; doc: Record<string, unknown> }> }).rows;
}

describe('the demo organisation', () => {
	it('is seeded with 12 pupils over years 7–11 and 24 intake records', async () => {
		const rows = await allDocs(TEACHER1);
		const pupils = rows.filter((r) => r.doc.type === 'pupil');
		const intakes = rows.filter((r) => r.doc.type === 'intake');
		expect(pupils).toHaveLength(12);
		expect(intakes).toHaveLength(24);
		expect(new Set(pupils.map((p) => p.doc.yearGroup))).toEqual(new Set([7, 8, 9, 10, 11]));
		for (const p of pupils) {
			const subjects = intakes.filter((i) => i.doc.pupilId === p.id).map((i) => i.doc.subject);
			expect(subjects.sort()).toEqual(['english', 'maths']);
		}
	});

	it('has the organisation name in its design doc and is closed to non-members', async () => {
		const ddoc = await srv.userFetch(TEACHER1.name, TEACHER1.password, `/${DEMO_DB}/_design/waymark`);
		expect(ddoc.status).toBe(200);
		expect(((await ddoc.json()) as { organisation: unknown }).organisation).toEqual({
			slug: DEMO_ORG.slug,
			name: DEMO_ORG.name
		});
		const sec = await srv.adminFetch(`/${DEMO_DB}/_security`);
		expect(await sec.json()).toEqual({
			admins: { names: [], roles: ['demo:admin'] },
			members: { names: [], roles: ['demo:staff'] }
		});
	});
});

describe('reading', () => {
	it('anonymous: 401 on the database, its documents and its changes', async () => {
		for (const path of [
			`/${DEMO_DB}`,
			`/${DEMO_DB}/_all_docs`,
			`/${DEMO_DB}/_changes`,
			`/${DEMO_DB}/_design/waymark`
		]) {
			const r = await srv.anonFetch(path);
			expect(r.status, path).toBe(401);
		}
	});

	it('staff can read; visitors cannot (they read only what is shared for their visit)', async () => {
		expect((await allDocs(TEACHER2)).length).toBeGreaterThanOrEqual(36);
		const r = await srv.userFetch(VISITOR.name, VISITOR.password, `/${DEMO_DB}/_all_docs`);
		expect([401, 403]).toContain(r.status);
	});

	it("staff of another organisation cannot read this one's", async () => {
		await createOrganisation(srv.couchUrl, srv.admin, { slug: 'northside', name: 'Northside Pupil Referral Unit' });
		await createStaff(srv.couchUrl, srv.admin, {
			name: 'nteacher',
			password: 'north-pass',
			org: 'northside',
			role: 'staff'
		});
		const r = await srv.userFetch('nteacher', 'north-pass', `/${DEMO_DB}/_all_docs`);
		expect([401, 403]).toContain(r.status);
		const own = await srv.userFetch('nteacher', 'north-pass', '/waymark-northside/_all_docs');
		expect(own.status).toBe(200);
		const back = await srv.userFetch(TEACHER1.name, TEACHER1.password, '/waymark-northside/_all_docs');
		expect([401, 403]).toContain(back.status);
	});

	it('users cannot read other accounts or the users database; nobody signs themselves up', async () => {
		const other = await srv.userFetch(TEACHER1.name, TEACHER1.password, `/_users/org.couchdb.user:${TEACHER2.name}`);
		expect(other.status).toBe(403);
		const all = await srv.userFetch(TEACHER1.name, TEACHER1.password, '/_users/_all_docs');
		expect(all.status).toBe(403);
		const anon = await srv.anonFetch(`/_users/org.couchdb.user:${TEACHER1.name}`);
		expect(anon.status).toBe(401);
		const own = await srv.userFetch(TEACHER1.name, TEACHER1.password, `/_users/org.couchdb.user:${TEACHER1.name}`);
		expect(own.status).toBe(200);
		const signUp = await srv.anonFetch('/_users/org.couchdb.user:mallory', {
			method: 'PUT',
			json: { _id: 'org.couchdb.user:mallory', name: 'mallory', type: 'user', roles: [], password: 'mallory1' }
		});
		expect(signUp.status).toBe(401);
	});
});

describe('writing', () => {
	it('staff can create and update a valid pupil, and archive it', async () => {
		const doc = pupilDoc();
		const r = await put(TEACHER1, doc);
		expect(r.status).toBe(201);
		const { rev } = (await r.json()) as { rev: string };
		const upd = await put(TEACHER2, { ...doc, _rev: rev, yearGroup: 10, updatedBy: 'teacher2', archived: true });
		expect(upd.status).toBe(201);
	});

	it('every write by a visitor is refused', async () => {
		const r = await put(VISITOR, pupilDoc());
		expect([401, 403]).toContain(r.status);
		const doc = pupilDoc();
		const bulk = await srv.userFetch(VISITOR.name, VISITOR.password, `/${DEMO_DB}/_bulk_docs`, {
			method: 'POST',
			json: { docs: [doc] }
		});
		// CouchDB 3 refuses a non-member's request; the embedded server refuses each document.
		if (bulk.status === 201)
			expect(['forbidden', 'unauthorized']).toContain(((await bulk.json()) as Array<{ error?: string }>)[0]?.error);
		else expect([401, 403]).toContain(bulk.status);
		expect((await srv.adminFetch(`/${DEMO_DB}/${doc._id}`)).status).toBe(404);
	});

	it('anonymous writes are refused', async () => {
		const doc = pupilDoc();
		const r = await srv.anonFetch(`/${DEMO_DB}/${doc._id}`, { method: 'PUT', json: doc });
		expect(r.status).toBe(401);
	});

	const cases: Array<[string, Record<string, unknown>, RegExp]> = [
		['an unknown type', { ...pupilDoc(), type: 'gossip', _id: `gossip:${ulid()}` }, /Unknown record type "gossip"/],
		['no type', { ...pupilDoc(), type: undefined }, /no "type"/],
		['an id that is not <type>:<ULID>', { ...pupilDoc(), _id: 'pupil:42' }, /ULID/],
		['an id of another type', { ...pupilDoc(), _id: `intake:${ulid()}` }, /must be "pupil:"/],
		['a bad enumerated value', pupilDoc({ senStatus: 'maybe' }), /senStatus must be one of: none, sen-support, ehcp/],
		['a missing required field', { ...pupilDoc(), hostSchool: undefined }, /hostSchool is required/],
		['a year group out of range', pupilDoc({ yearGroup: 42 }), /yearGroup must be at most 14/],
		['a wrong JSON type', pupilDoc({ yearGroup: '9' }), /yearGroup must be a whole number/],
		['schemaVersion 2', pupilDoc({ schemaVersion: 2 }), /schemaVersion must be 1/],
		['no createdBy', { ...pupilDoc(), createdBy: undefined }, /createdBy/],
		['a bad timestamp', pupilDoc({ updatedAt: 'yesterday' }), /updatedAt must be an ISO 8601/],
		['a bad date', pupilDoc({ dateOfBirth: 'last Tuesday' }), /dateOfBirth/]
	];
	for (const [what, doc, reason] of cases) {
		it(`refuses ${what} with 403 and a reason`, async () => {
			const r = await put(TEACHER1, doc);
			expect(r.status).toBe(403);
			const body = (await r.json()) as { error: string; reason: string };
			expect(body.error).toBe('forbidden');
			expect(body.reason).toMatch(reason);
		});
	}

	it('refuses an intake with a bad subject, and accepts a good one', async () => {
		const rows = await allDocs(TEACHER1);
		const intake = rows.find((r) => r.doc.type === 'intake')!.doc;
		const { _rev, ...rest } = intake;
		void _rev;
		const bad = await put(TEACHER1, { ...rest, _id: `intake:${ulid()}`, subject: 'science' });
		expect(bad.status).toBe(403);
		expect(((await bad.json()) as { reason: string }).reason).toMatch(/subject must be one of: maths, english/);
		const good = await put(TEACHER1, { ...rest, _id: `intake:${ulid()}`, examBoard: 'OCR' });
		expect(good.status).toBe(201);
	});

	it('refuses deletion by staff ("archived, never deleted"), in PUT, DELETE and _bulk_docs', async () => {
		const doc = pupilDoc();
		const r = await put(TEACHER1, doc);
		const { rev } = (await r.json()) as { rev: string };
		const del = await srv.userFetch(TEACHER1.name, TEACHER1.password, `/${DEMO_DB}/${doc._id}?rev=${rev}`, {
			method: 'DELETE'
		});
		expect(del.status).toBe(403);
		expect(((await del.json()) as { reason: string }).reason).toMatch(/archived/);
		const bulk = await srv.userFetch(TEACHER1.name, TEACHER1.password, `/${DEMO_DB}/_bulk_docs`, {
			method: 'POST',
			json: { docs: [{ _id: doc._id, _rev: rev, _deleted: true }] }
		});
		expect(((await bulk.json()) as Array<{ error?: string }>)[0]?.error).toBe('forbidden');
		const still = await srv.userFetch(TEACHER1.name, TEACHER1.password, `/${DEMO_DB}/${doc._id}`);
		expect(still.status).toBe(200);
	});

	it('staff cannot change the design document or the security object', async () => {
		const ddoc = await srv.userFetch(TEACHER1.name, TEACHER1.password, `/${DEMO_DB}/_design/waymark`);
		const body = (await ddoc.json()) as Record<string, unknown>;
		const r = await srv.userFetch(TEACHER1.name, TEACHER1.password, `/${DEMO_DB}/_design/waymark`, {
			method: 'PUT',
			json: { ...body, validate_doc_update: 'function(){}' }
		});
		expect([401, 403]).toContain(r.status);
		const sec = await srv.userFetch(TEACHER1.name, TEACHER1.password, `/${DEMO_DB}/_security`, {
			method: 'PUT',
			json: { members: { names: [], roles: [] } }
		});
		expect([401, 403]).toContain(sec.status);
	});

	it('a staff member cannot give themselves more roles', async () => {
		const me = await srv.userFetch(TEACHER1.name, TEACHER1.password, `/_users/org.couchdb.user:${TEACHER1.name}`);
		if (me.status !== 200) return; // reading one's own user doc may be refused: fine
		const doc = (await me.json()) as Record<string, unknown>;
		const r = await srv.userFetch(TEACHER1.name, TEACHER1.password, `/_users/org.couchdb.user:${TEACHER1.name}`, {
			method: 'PUT',
			json: { ...doc, roles: ['demo:staff', 'demo:admin', '_admin'] }
		});
		expect([401, 403]).toContain(r.status);
	});

	it('server admins are not held to the contract (repairs; tests of quarantine)', async () => {
		const r = await srv.adminFetch(`/${DEMO_DB}/${encodeURIComponent(`pupil:${ulid()}`)}`, {
			method: 'PUT',
			json: { type: 'pupil', yearGroup: 99 }
		});
		expect(r.status).toBe(201);
	});
});
