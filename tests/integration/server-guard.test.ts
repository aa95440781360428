/**
 * The embedded server survives hostile and unusual requests (platform-notes.md, DANGER list):
 * each gets a CouchDB-style error and the server keeps answering normal requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DB, TEACHER1, startTestServer, type TestServer } from './harness';
import { pupilInput } from '../support/test-factories';

let srv: TestServer;

beforeAll(async () => {
	srv = await startTestServer();
});
afterAll(async () => {
	await srv?.close();
});

/** A normal read that must still work after every hostile request. */
async function stillServing() {
	const r = await srv.userFetch(TEACHER1.name, TEACHER1.password, `/${DEMO_DB}/_all_docs?limit=1`, {
		signal: AbortSignal.timeout(5000)
	});
	expect(r.status).toBe(200);
	const root = await srv.anonFetch('/', { signal: AbortSignal.timeout(5000) });
	expect(root.status).toBe(200);
}

async function json(r: Response) {
	return (await r.json()) as { error?: string; reason?: string };
}

describe('hostile requests get an error and the server keeps running', () => {
	it('POST _changes?filter=_selector (PouchDB replicate({selector}))', async () => {
		const r = await srv.userFetch(
			TEACHER1.name,
			TEACHER1.password,
			`/${DEMO_DB}/_changes?filter=_selector&style=all_docs`,
			{
				method: 'POST',
				json: { selector: { type: 'pupil' } }
			}
		);
		expect(r.status).toBe(400);
		expect(await json(r)).toMatchObject({ error: 'bad_request' });
		await stillServing();
	});

	it('GET _changes?filter=missing/doc', async () => {
		const r = await srv.userFetch(TEACHER1.name, TEACHER1.password, `/${DEMO_DB}/_changes?filter=missing/doc`);
		expect(r.status).toBe(400);
		expect((await json(r)).reason).toMatch(/filter/);
		await stillServing();
	});

	it('a filter in the POST body, a selector or view in the query', async () => {
		for (const [path, body] of [
			[`/${DEMO_DB}/_changes`, { filter: 'x/y' }],
			[`/${DEMO_DB}/_changes`, { selector: { type: 'pupil' } }],
			[`/${DEMO_DB}/_changes?selector=${encodeURIComponent('{"type":"pupil"}')}`, undefined],
			[`/${DEMO_DB}/_changes?filter=_view&view=a/b`, undefined]
		] as const) {
			const r = await srv.userFetch(TEACHER1.name, TEACHER1.password, path, body ? { method: 'POST', json: body } : {});
			expect(r.status, path).toBe(400);
		}
		await stillServing();
	});

	it('anonymous PUT /couch/newdb', async () => {
		const r = await srv.anonFetch('/newdb', { method: 'PUT' });
		expect(r.status).toBe(401);
		expect(await json(r)).toMatchObject({ error: 'unauthorized' });
		await stillServing();
		const gone = await srv.adminFetch('/newdb');
		expect(gone.status).toBe(404);
	});

	it('a staff member cannot create or delete databases', async () => {
		const put = await srv.userFetch(TEACHER1.name, TEACHER1.password, '/another', { method: 'PUT' });
		expect(put.status).toBe(403);
		const del = await srv.userFetch(TEACHER1.name, TEACHER1.password, `/${DEMO_DB}`, { method: 'DELETE' });
		expect(del.status).toBe(403);
		await stillServing();
	});

	it('anonymous DELETE /couch/waymark-demo, then normal reads of that database', async () => {
		const r = await srv.anonFetch(`/${DEMO_DB}`, { method: 'DELETE' });
		expect(r.status).toBe(401);
		await stillServing();
		const again = await srv.anonFetch(`/${DEMO_DB}/`, { method: 'DELETE' });
		expect(again.status).toBe(401);
		const info = await srv.userFetch(TEACHER1.name, TEACHER1.password, `/${DEMO_DB}`);
		expect(info.status).toBe(200);
		expect(((await info.json()) as { doc_count: number }).doc_count).toBeGreaterThanOrEqual(36);
		await stillServing();
	});

	it('server admin endpoints are refused to everyone else', async () => {
		for (const [method, path] of [
			['GET', '/_config'],
			['PUT', '/_config/admins/mallory'],
			['POST', '/_replicate'],
			['POST', '/_restart'],
			['GET', '/_all_dbs'],
			['GET', '/_active_tasks'],
			['GET', '/_log']
		] as const) {
			const anon = await srv.anonFetch(path, { method, json: method === 'GET' ? undefined : '"x"' });
			expect(anon.status, `${method} ${path}`).toBe(401);
			const staff = await srv.userFetch(TEACHER1.name, TEACHER1.password, path, { method });
			expect(staff.status, `${method} ${path} as staff`).toBe(403);
		}
		await stillServing();
		const admin = await srv.adminFetch('/_all_dbs');
		expect(admin.status).toBe(200);
		expect(await admin.json()).toContain(DEMO_DB);
	});

	it('temporary views (client code run in the server) are not offered', async () => {
		const r = await srv.userFetch(TEACHER1.name, TEACHER1.password, `/${DEMO_DB}/_temp_view`, {
			method: 'POST',
			json: { map: 'function(doc){ emit(this.constructor.constructor("return process")().pid) }' }
		});
		expect(r.status).toBe(410);
		await stillServing();
	});

	it('malformed JSON, a wrong body, bad percent-encoding, a garbage cookie', async () => {
		const bad = await srv.userFetch(TEACHER1.name, TEACHER1.password, `/${DEMO_DB}/_bulk_docs`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: '{"docs": [ nope'
		});
		expect(bad.status).toBe(400);
		const arr = await srv.userFetch(TEACHER1.name, TEACHER1.password, `/${DEMO_DB}/_bulk_docs`, {
			method: 'POST',
			json: [1, 2]
		});
		expect(arr.status).toBe(400);
		const enc = await srv.anonFetch('/%zz/_all_docs');
		expect(enc.status).toBe(400);
		const cookie = await srv.anonFetch(`/${DEMO_DB}`, { headers: { cookie: 'AuthSession=%%%garbage' } });
		expect([400, 401]).toContain(cookie.status);
		await stillServing();
	});

	it('PouchDB-style _changes still works: GET, longpoll, POST with _doc_ids', async () => {
		const get = await srv.userFetch(TEACHER1.name, TEACHER1.password, `/${DEMO_DB}/_changes?style=all_docs&limit=5`);
		expect(get.status).toBe(200);
		const body = (await get.json()) as { results: Array<{ id: string }>; last_seq: unknown };
		expect(body.results.length).toBe(5);
		const ids = body.results.map((r) => r.id).slice(0, 2);
		const post = await srv.userFetch(
			TEACHER1.name,
			TEACHER1.password,
			`/${DEMO_DB}/_changes?filter=_doc_ids&style=all_docs`,
			{
				method: 'POST',
				json: { doc_ids: ids }
			}
		);
		expect(post.status).toBe(200);
		expect(((await post.json()) as { results: unknown[] }).results.length).toBe(2);
		const plainPost = await srv.userFetch(TEACHER1.name, TEACHER1.password, `/${DEMO_DB}/_changes?since=0&limit=3`, {
			method: 'POST',
			json: {}
		});
		expect(plainPost.status).toBe(200);
		const longpoll = await srv.userFetch(
			TEACHER1.name,
			TEACHER1.password,
			`/${DEMO_DB}/_changes?feed=longpoll&since=0&limit=2&heartbeat=1000`
		);
		expect(longpoll.status).toBe(200);
	});

	it('_bulk_docs with a 3 MB document works', async () => {
		const now = new Date().toISOString();
		const { ulid } = await import('ulid');
		const doc = {
			_id: `pupil:${ulid()}`,
			type: 'pupil',
			schemaVersion: 1,
			createdAt: now,
			updatedAt: now,
			createdBy: 'teacher1',
			updatedBy: 'teacher1',
			...pupilInput({ givenName: 'Big', familyName: 'Document' }),
			notesFromElsewhere: 'x'.repeat(3 * 1024 * 1024)
		};
		const r = await srv.userFetch(TEACHER1.name, TEACHER1.password, `/${DEMO_DB}/_bulk_docs`, {
			method: 'POST',
			json: { docs: [doc] }
		});
		expect(r.status).toBe(201);
		expect(((await r.json()) as Array<{ ok?: boolean }>)[0]?.ok).toBe(true);
		await stillServing();
	});
});
