/**
 * Nobody but a server admin changes who may do what (issue 18.1). pouchdb-security keeps a
 * database's security object in the local document `_local/_security`, and local documents are
 * not passed to validate_doc_update: every door by which a request could write that document
 * (or any other id beginning with "_") is tried here as a visitor and as staff, against the
 * real embedded server. After each attempt the security object must be unchanged and the
 * attacker still unable to replace the validation.
 */
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import MemoryAdapter from 'pouchdb-adapter-memory';
import { securityObject } from '../../server/provision';
import { visitSecurity } from '../../server/visits';
import { openLocal, openRemote, PouchDB } from '../../src/lib/sync/pouch';
import { DEMO_DB, DEMO_ORG, TEACHER1, VISITOR, startTestServer, type TestServer } from './harness';
import { pupilInput } from '../support/test-factories';

PouchDB.plugin(MemoryAdapter);

let srv: TestServer;

/** The demo visitor's visit database: a visitor is a member of that, not of the organisation's. */
let visitDb = '';
const dbOf = (me: Login) => (me === VISITOR ? visitDb : DEMO_DB);

beforeAll(async () => {
	srv = await startTestServer();
	const mine = await srv.userFetch(VISITOR.name, VISITOR.password, '/_waymark/visits/mine');
	visitDb = ((await mine.json()) as { visits: { db: string }[] }).visits[0]!.db;
});
afterAll(async () => {
	await srv?.close();
});

type Login = { name: string; password: string };
const PEOPLE: Array<[string, Login]> = [
	['a visitor', VISITOR],
	['staff', TEACHER1]
];

function hijacked(me: Login) {
	return {
		_id: '_local/_security',
		_rev: '0-1',
		security: {
			admins: { names: [me.name], roles: [] },
			members: { names: [], roles: [] }
		},
		admins: { names: [me.name], roles: [] },
		members: { names: [], roles: [] }
	};
}

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

/** The security object is what the organisation was given, and `me` still cannot replace the validation. */
async function nothingGained(me: Login) {
	const sec = await srv.adminFetch(`/${dbOf(me)}/_security`);
	expect(await sec.json()).toEqual(me === VISITOR ? visitSecurity(VISITOR.name) : securityObject(DEMO_ORG.slug));
	const design = me === VISITOR ? '_design/visit' : '_design/waymark';
	const ddoc = await srv.adminFetch(`/${dbOf(me)}/${design}`);
	const body = (await ddoc.json()) as Record<string, unknown>;
	const replaced = await srv.userFetch(me.name, me.password, `/${dbOf(me)}/${design}`, {
		method: 'PUT',
		json: { ...body, validate_doc_update: 'function(){}' }
	});
	expect([401, 403]).toContain(replaced.status);
	const now = await srv.adminFetch(`/${dbOf(me)}/${design}`);
	expect(((await now.json()) as { _rev: string })._rev).toBe(body._rev);
}

/** Refused: bad request, not signed in, forbidden, or a body this server does not take. */
function refused(status: number, what = '') {
	expect([400, 401, 403, 415], what).toContain(status);
}

/** `_bulk_docs` answers 201 with an error per refused document (CouchDB), or refuses the whole request. */
async function bulkRefused(r: Response) {
	if (r.status !== 201) return refused(r.status);
	const rows = (await r.json()) as Array<{ error?: string }>;
	expect(rows.length).toBeGreaterThan(0);
	for (const row of rows) expect(['forbidden', 'unauthorized']).toContain(row.error);
}

describe.each(PEOPLE)('as %s', (_who, me) => {
	const f = (path: string, init?: Parameters<TestServer['anonFetch']>[1]) =>
		srv.userFetch(me.name, me.password, path, init);

	it('_local/_security cannot be read, written or deleted directly, however the address is spelt', async () => {
		for (const path of [
			`/${dbOf(me)}/_local/_security`,
			`/${dbOf(me)}/_local%2F_security`,
			`/${dbOf(me)}/_local%2f_security`,
			`/${dbOf(me)}/%5Flocal/%5Fsecurity`,
			`/${dbOf(me)}/_local/_security/`,
			`/${dbOf(me)}//_local/_security`
		]) {
			const get = await f(path);
			refused(get.status);
			const put = await f(path, { method: 'PUT', json: hijacked(me) });
			refused(put.status);
			const del = await f(`${path}?rev=0-1`, { method: 'DELETE' });
			refused(del.status);
		}
		await nothingGained(me);
	});

	it('_local/_security cannot be written through _bulk_docs, POST, a body _id, ?id= or multipart', async () => {
		for (const endpoint of ['_bulk_docs', '_BULK_DOCS', '_bulk_docs/']) {
			const bulk = await f(`/${dbOf(me)}/${endpoint}`, { method: 'POST', json: { docs: [hijacked(me)] } });
			refused(bulk.status);
			const replicated = await f(`/${dbOf(me)}/${endpoint}`, {
				method: 'POST',
				json: { docs: [hijacked(me)], new_edits: false }
			});
			refused(replicated.status);
		}
		const post = await f(`/${dbOf(me)}`, { method: 'POST', json: hijacked(me) });
		refused(post.status);
		const bodyId = await f(`/${dbOf(me)}/${encodeURIComponent(`pupil:${ulid()}`)}`, {
			method: 'PUT',
			json: hijacked(me)
		});
		refused(bodyId.status);
		const { _id, ...noId } = hijacked(me);
		void _id;
		const queryId = await f(`/${dbOf(me)}/x?id=_local/_security`, { method: 'PUT', json: noId });
		refused(queryId.status);
		const boundary = 'xyz';
		const multipart = await f(`/${dbOf(me)}/_local/_security`, {
			method: 'PUT',
			headers: { 'Content-Type': `multipart/related; boundary=${boundary}` },
			body: `--${boundary}\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(hijacked(me))}\r\n--${boundary}--\r\n`
		});
		refused(multipart.status);
		await nothingGained(me);
	});

	it('COPY cannot write to or read from an id beginning with "_"', async () => {
		// A valid record that carries the fields of a security object (unknown fields are kept).
		const carrier = pupilDoc({ admins: { names: [me.name], roles: [] }, security: hijacked(me).security });
		const made = await srv.adminFetch(`/${dbOf(me)}/${carrier._id}`, { method: 'PUT', json: carrier });
		expect(made.status).toBe(201);
		for (const dest of ['_local/_security', '_local/_security?rev=0-1', '_local%2F_security', '_design/evil']) {
			const copy = await f(`/${dbOf(me)}/${carrier._id}`, { method: 'COPY', headers: { Destination: dest } });
			refused(copy.status);
		}
		const out = await f(`/${dbOf(me)}/_local%2F_security`, {
			method: 'COPY',
			headers: { Destination: `pupil:${ulid()}` }
		});
		refused(out.status);
		await nothingGained(me);
	});

	it('design documents, _security, _purge, _revs_limit and _compact are for administrators', async () => {
		const design = { _id: '_design/evil', validate_doc_update: 'function(){}' };
		refused((await f(`/${dbOf(me)}/_design/evil`, { method: 'PUT', json: design })).status);
		refused((await f(`/${dbOf(me)}/_design%2Fevil`, { method: 'PUT', json: design })).status);
		await bulkRefused(await f(`/${dbOf(me)}/_bulk_docs`, { method: 'POST', json: { docs: [design] } }));
		await bulkRefused(
			await f(`/${dbOf(me)}/_bulk_docs`, {
				method: 'POST',
				json: { docs: [{ ...design, _rev: '1-a' }], new_edits: false }
			})
		);
		const sec = { admins: { names: [me.name], roles: [] }, members: { names: [], roles: [] } };
		refused((await f(`/${dbOf(me)}/_security`, { method: 'PUT', json: sec })).status);
		refused((await f(`/${dbOf(me)}/_SECURITY`, { method: 'PUT', json: sec })).status);
		refused((await f(`/${dbOf(me)}/_purge`, { method: 'POST', json: { 'pupil:x': ['1-a'] } })).status);
		refused((await f(`/${dbOf(me)}/_revs_limit`, { method: 'PUT', body: '1' })).status);
		refused((await f(`/${dbOf(me)}/_compact`, { method: 'POST', json: {} })).status);
		const gone = await srv.adminFetch(`/${dbOf(me)}/_design/evil`);
		expect(gone.status).toBe(404);
		await nothingGained(me);
	});

	it('local documents other than replication checkpoints are refused; checkpoints work', async () => {
		for (const id of ['_local/notes', '_local/_security2', '_local/abc/def', '_local/']) {
			const r = await f(`/${dbOf(me)}/${id}`, { method: 'PUT', json: { _id: id, x: 1 } });
			refused(r.status);
		}
		const bulk = await f(`/${dbOf(me)}/_bulk_docs`, {
			method: 'POST',
			json: { docs: [{ _id: '_local/notes', x: 1 }] }
		});
		refused(bulk.status);
		// The form PouchDB 9 gives its checkpoints: "_local/" + base64 MD5 with "/" as "." and "+" as "_".
		const checkpoint = '_local/' + (me === VISITOR ? 'Ab3.x_9ZqK8mN2pQr5tUvW' : 'Zz9_y.1AbCdEfGhIjKlMnO') + '==';
		const path = `/${dbOf(me)}/_local/${encodeURIComponent(checkpoint.slice(7))}`;
		const put = await f(path, { method: 'PUT', json: { _id: checkpoint, last_seq: 5, session_id: 's' } });
		expect(put.status).toBe(201);
		const got = await f(path);
		expect(got.status).toBe(200);
		expect(((await got.json()) as { last_seq: number }).last_seq).toBe(5);
	});

	it('attachments cannot be used to write local or design documents', async () => {
		for (const path of [`_local/_security/a.txt`, `_local%2F_security/a.txt`, `_design/waymark/a.txt`]) {
			const r = await f(`/${dbOf(me)}/${path}?rev=0-1`, {
				method: 'PUT',
				headers: { 'Content-Type': 'text/plain' },
				body: 'x'
			});
			refused(r.status);
		}
		await nothingGained(me);
	});
});

it('a visitor cannot attach a file to a record', async () => {
	const doc = pupilDoc();
	const made = await srv.adminFetch(`/${dbOf(VISITOR)}/${doc._id}`, { method: 'PUT', json: doc });
	const { rev } = (await made.json()) as { rev: string };
	const r = await srv.userFetch(VISITOR.name, VISITOR.password, `/${dbOf(VISITOR)}/${doc._id}/note.txt?rev=${rev}`, {
		method: 'PUT',
		headers: { 'Content-Type': 'text/plain' },
		body: 'hello'
	});
	refused(r.status);
});

it('a server admin can still set the security object through _security', async () => {
	const sec = securityObject(DEMO_ORG.slug);
	const r = await srv.adminFetch(`/${DEMO_DB}/_security`, { method: 'PUT', json: sec });
	expect(r.status).toBe(200);
	const back = await srv.adminFetch(`/${DEMO_DB}/_security`);
	expect(await back.json()).toEqual(sec);
});

it("a signed-in user cannot write another account through their own account's address", async () => {
	const mine = `/_users/org.couchdb.user:${VISITOR.name}`;
	const other = await srv.adminFetch(`/_users/org.couchdb.user:${TEACHER1.name}`);
	const otherDoc = (await other.json()) as Record<string, unknown>;
	const byBody = await srv.userFetch(VISITOR.name, VISITOR.password, mine, {
		method: 'PUT',
		json: { ...otherDoc, password: 'taken-over' }
	});
	refused(byBody.status);
	const byQuery = await srv.userFetch(VISITOR.name, VISITOR.password, `${mine}?id=org.couchdb.user:${TEACHER1.name}`, {
		method: 'PUT',
		json: { ...otherDoc, _id: undefined, password: 'taken-over' }
	});
	refused(byQuery.status);
	const stillWorks = await srv.userFetch(TEACHER1.name, TEACHER1.password, `/${DEMO_DB}`);
	expect(stillWorks.status).toBe(200);
});

it.each(PEOPLE)('PouchDB 9 replication as %s still keeps its checkpoint on the server', async (_who, me) => {
	const local = openLocal(`escalation-${me.name}-${Date.now()}`, 'memory');
	const remote = openRemote(`${srv.couchUrl}/${dbOf(me)}`, { auth: { username: me.name, password: me.password } });
	const first = await PouchDB.replicate(remote, local);
	// The visitor's visit holds the three demo pupils shared with it, their intakes and the settings.
	expect(first.docs_read).toBeGreaterThan(me === VISITOR ? 9 : 30);
	// Read again from the checkpoint on both sides: nothing to read. Without the server's copy
	// of the checkpoint PouchDB would start again from the beginning.
	const again = await PouchDB.replicate(remote, local);
	expect(again.docs_read).toBe(0);
	await local.destroy();
});
