/**
 * A "mergedInto" tombstone closes the losing branch of a conflict and nothing else (issue 18.2):
 * a staff member must not be able to delete a record's only version with one, interactively or
 * as a replicated write, alone or two branches at once. Legitimate merges still go through
 * (the whole path from two tablets is in conflicts.test.ts).
 */
import { ulid } from 'ulid';
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

type Doc = Record<string, unknown>;

function pupilDoc(extra: Doc = {}): Doc {
	const now = new Date().toISOString();
	return {
		_id: `pupil:${ulid()}`,
		type: 'pupil',
		schemaVersion: 1,
		createdAt: now,
		updatedAt: now,
		createdBy: 'teacher1',
		updatedBy: 'teacher1',
		...pupilInput({ givenName: 'Edna', familyName: 'Pupil' }),
		...extra
	};
}

const hash = (c: string) => c.repeat(32);
const staff = (path: string, init?: Parameters<TestServer['anonFetch']>[1]) =>
	srv.userFetch(TEACHER1.name, TEACHER1.password, path, init);
const docPath = (id: string) => `/${DEMO_DB}/${encodeURIComponent(id)}`;

/** A pupil with one version on the server, written by staff. Returns it with its revision. */
async function singleVersion() {
	const doc = pupilDoc();
	const r = await staff(docPath(doc._id as string), { method: 'PUT', json: doc });
	expect(r.status).toBe(201);
	const { rev } = (await r.json()) as { rev: string };
	return { doc, rev };
}

/** A pupil with two conflicting versions on the server (two tablets edited it offline). */
async function twoVersions() {
	const { doc, rev } = await singleVersion();
	const [gen, first] = rev.split('-') as [string, string];
	const branch = (c: string, yearGroup: number) => ({
		...doc,
		yearGroup,
		_rev: `${Number(gen) + 1}-${hash(c)}`,
		_revisions: { start: Number(gen) + 1, ids: [hash(c), first] }
	});
	const r = await staff(`/${DEMO_DB}/_bulk_docs`, {
		method: 'POST',
		json: { docs: [branch('a', 10), branch('b', 11)], new_edits: false }
	});
	expect(r.status).toBe(201);
	const got = (await (await srv.adminFetch(`${docPath(doc._id as string)}?conflicts=true`)).json()) as Doc;
	expect(got._conflicts).toHaveLength(1);
	return { doc, base: rev, leaves: [`2-${hash('a')}`, `2-${hash('b')}`] };
}

async function stillThere(id: string) {
	const r = await srv.adminFetch(docPath(id));
	expect(r.status, `${id} must still be readable`).toBe(200);
	expect(((await r.json()) as Doc)._deleted).toBeUndefined();
}

async function refusedRows(r: Response) {
	if (r.status === 201) {
		const rows = (await r.json()) as Array<{ error?: string }>;
		expect(rows.every((row) => row.error === 'forbidden')).toBe(true);
		return;
	}
	expect(r.status).toBe(403);
	expect(((await r.json()) as { reason: string }).reason).toMatch(/only version|losing version/);
}

describe('deleting the only version with a mergedInto tombstone is refused', () => {
	it('PUT with _rev', async () => {
		const { doc, rev } = await singleVersion();
		const r = await staff(docPath(doc._id as string), {
			method: 'PUT',
			json: { _id: doc._id, _rev: rev, _deleted: true, mergedInto: `2-${hash('c')}` }
		});
		expect(r.status).toBe(403);
		expect(((await r.json()) as { reason: string }).reason).toMatch(/archived, never deleted/);
		await stillThere(doc._id as string);
	});

	it('PUT with ?rev= and POST /<db>', async () => {
		const { doc, rev } = await singleVersion();
		const tomb = { _id: doc._id, _deleted: true, mergedInto: `2-${hash('c')}` };
		const put = await staff(`${docPath(doc._id as string)}?rev=${rev}`, { method: 'PUT', json: tomb });
		expect(put.status).toBe(403);
		const post = await staff(`/${DEMO_DB}`, { method: 'POST', json: { ...tomb, _rev: rev } });
		expect(post.status).toBe(403);
		await stillThere(doc._id as string);
	});

	it('_bulk_docs, interactive and replicated (new_edits=false)', async () => {
		const { doc, rev } = await singleVersion();
		const id = doc._id as string;
		await refusedRows(
			await staff(`/${DEMO_DB}/_bulk_docs`, {
				method: 'POST',
				json: { docs: [{ _id: id, _rev: rev, _deleted: true, mergedInto: `2-${hash('c')}` }] }
			})
		);
		const [gen, h] = rev.split('-') as [string, string];
		await refusedRows(
			await staff(`/${DEMO_DB}/_bulk_docs`, {
				method: 'POST',
				json: {
					new_edits: false,
					docs: [
						{
							_id: id,
							_rev: `${Number(gen) + 1}-${hash('d')}`,
							_revisions: { start: Number(gen) + 1, ids: [hash('d'), h] },
							_deleted: true,
							mergedInto: `2-${hash('c')}`
						}
					]
				}
			})
		);
		await stillThere(id);
	});

	it('closing both branches of a conflict in one request', async () => {
		const { doc, leaves } = await twoVersions();
		const id = doc._id as string;
		await refusedRows(
			await staff(`/${DEMO_DB}/_bulk_docs`, {
				method: 'POST',
				json: { docs: leaves.map((rev) => ({ _id: id, _rev: rev, _deleted: true, mergedInto: leaves[0] })) }
			})
		);
		await stillThere(id);
	});

	it('closing the second branch after the first', async () => {
		const { doc, leaves } = await twoVersions();
		const id = doc._id as string;
		const first = await staff(docPath(id), {
			method: 'PUT',
			json: { _id: id, _rev: leaves[0], _deleted: true, mergedInto: leaves[1] }
		});
		expect(first.status).toBe(201);
		const second = await staff(docPath(id), {
			method: 'PUT',
			json: { _id: id, _rev: leaves[1], _deleted: true, mergedInto: leaves[0] }
		});
		expect(second.status).toBe(403);
		await stillThere(id);
	});

	it('two requests at once, each closing a different branch: one of them is refused', async () => {
		const { doc, leaves } = await twoVersions();
		const id = doc._id as string;
		const [a, b] = await Promise.all(
			leaves.map((rev, i) =>
				staff(docPath(id), {
					method: 'PUT',
					json: { _id: id, _rev: rev, _deleted: true, mergedInto: leaves[1 - i] }
				})
			)
		);
		expect([a!.status, b!.status].sort()).toEqual([201, 403]);
		await stillThere(id);
	});
});

describe('closing a losing branch still works', () => {
	it('interactively, leaving the other version standing with no conflict', async () => {
		const { doc, leaves } = await twoVersions();
		const id = doc._id as string;
		const r = await staff(docPath(id), {
			method: 'PUT',
			json: { _id: id, _rev: leaves[1], _deleted: true, mergedInto: leaves[0] }
		});
		expect(r.status).toBe(201);
		const got = (await (await srv.adminFetch(`${docPath(id)}?conflicts=true`)).json()) as Doc;
		expect(got._rev).toBe(leaves[0]);
		expect(got._conflicts).toBeUndefined();
	});

	it('replicated with the merged version in the same request, whose branch the server has not seen', async () => {
		// The server holds one version; the tablet's merge sits on top of its own unpushed edit.
		const { doc, rev } = await singleVersion();
		const id = doc._id as string;
		const [gen, h] = rev.split('-') as [string, string];
		const upd = await staff(docPath(id), { method: 'PUT', json: { ...doc, _rev: rev, yearGroup: 10 } });
		const serverRev = ((await upd.json()) as { rev: string }).rev;
		const serverHash = serverRev.split('-')[1]!;
		const g = Number(gen);
		const merged = {
			...doc,
			yearGroup: 10,
			familyName: 'Merged',
			_rev: `${g + 2}-${hash('m')}`,
			_revisions: { start: g + 2, ids: [hash('m'), hash('w'), h] }
		};
		const tomb = {
			_id: id,
			_rev: `${g + 2}-${hash('t')}`,
			_revisions: { start: g + 2, ids: [hash('t'), serverHash, h] },
			_deleted: true,
			mergedInto: merged._rev
		};
		const r = await staff(`/${DEMO_DB}/_bulk_docs`, {
			method: 'POST',
			json: { docs: [merged, tomb], new_edits: false }
		});
		expect(r.status).toBe(201);
		expect(((await r.json()) as Array<{ error?: string }>).filter((row) => row.error)).toEqual([]);
		const got = (await (await srv.adminFetch(`${docPath(id)}?conflicts=true`)).json()) as Doc;
		expect(got.familyName).toBe('Merged');
		expect(got._conflicts).toBeUndefined();
	});
});

describe('in front of a real CouchDB (COUCHDB_URL): the same check, and bodies reach it unchanged', () => {
	it('refuses deleting the only version, lets a losing branch be closed', async () => {
		// The "real CouchDB" is the test server; a second Waymark server proxies to it.
		const { startServer } = await import('../../server/app');
		const { mkdtempSync, rmSync } = await import('node:fs');
		const { tmpdir } = await import('node:os');
		const path = await import('node:path');
		const dataDir = mkdtempSync(path.join(tmpdir(), 'waymark-proxy-'));
		const front = await startServer({
			port: 0,
			dataDir,
			couchdbUrl: srv.couchUrl,
			adminPassword: srv.admin.password,
			seedDemo: false,
			quiet: true
		});
		try {
			const viaProxy = (p: string, init: RequestInit & { json?: unknown }) =>
				fetch(front.couchUrl + p, {
					...init,
					headers: {
						Authorization: 'Basic ' + Buffer.from(`${TEACHER1.name}:${TEACHER1.password}`).toString('base64'),
						'Content-Type': 'application/json'
					},
					body: JSON.stringify(init.json)
				});
			const { doc, rev } = await singleVersion();
			const id = doc._id as string;
			const refusedPut = await viaProxy(docPath(id), {
				method: 'PUT',
				json: { _id: id, _rev: rev, _deleted: true, mergedInto: `2-${hash('c')}` }
			});
			expect(refusedPut.status).toBe(403);
			await stillThere(id);
			const conflict = await twoVersions();
			const cid = conflict.doc._id as string;
			const closed = await viaProxy(`/${DEMO_DB}/_bulk_docs`, {
				method: 'POST',
				json: { docs: [{ _id: cid, _rev: conflict.leaves[1], _deleted: true, mergedInto: conflict.leaves[0] }] }
			});
			expect(closed.status).toBe(201);
			expect(((await closed.json()) as Array<{ ok?: boolean }>)[0]?.ok).toBe(true);
			const edited = await viaProxy(docPath(cid), {
				method: 'PUT',
				json: { ...conflict.doc, _rev: conflict.leaves[0], givenName: 'Edwina' }
			});
			expect(edited.status).toBe(201);
			await stillThere(cid);
		} finally {
			await front.close();
			rmSync(dataDir, { recursive: true, force: true });
		}
	});
});
