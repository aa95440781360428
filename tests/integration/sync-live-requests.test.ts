/**
 * The office server under a whole school (issue 16.5): what a tablet's live sync asks of the
 * server for each change that reaches it. Every other tablet's pull runs this for every save, so
 * each request here is multiplied by the number of tablets (docs/performance.md, bench:load).
 *
 * Two patches to PouchDB (patches/): the replication checkpoint is written with one PUT (the
 * document it last wrote is remembered, not read again first) and a live replication does not ask
 * for the database's info after every batch. A checkpoint changed or deleted by someone else (a
 * restored server) is read again and written, as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncEngine } from '../../src/lib/sync/engine';
import { openLocal, openRemote } from '../../src/lib/sync/pouch';
import { WaymarkDb } from '../../src/lib/store/db';
import { startTestServer, TEACHER1, type TestServer } from './harness';
import { waitFor } from './sync-tablet';

let server: TestServer;
let engine: SyncEngine | undefined;
const DB = '/waymark-demo';

beforeAll(async () => {
	server = await startTestServer();
});

afterAll(async () => {
	await engine?.stop();
	await new Promise((r) => setTimeout(r, 300));
	await server.close();
});

/** Requests the tablet sent, as "METHOD kind" (`_local` checkpoints by id). */
function countingFetch() {
	const seen: string[] = [];
	const fetch = (input: string, init?: RequestInit) => {
		const url = new URL(input);
		const rest = url.pathname.split('/').slice(3).map(decodeURIComponent);
		const kind = rest.length === 0 || rest[0] === '' ? 'db info' : rest[0] === '_local' ? rest.join('/') : rest[0]!;
		seen.push(`${init?.method ?? 'GET'} ${kind}`);
		return globalThis.fetch(input, init);
	};
	return { seen, fetch };
}

/** Someone else edits a pupil on the server (a new revision for the tablet to pull). */
async function editOnServer(id: string, familyName: string) {
	const doc = (await (await server.userFetch('teacher2', `${DB}/${encodeURIComponent(id)}`)).json()) as Record<
		string,
		unknown
	>;
	const r = await server.userFetch('teacher2', `${DB}/${encodeURIComponent(id)}`, {
		method: 'PUT',
		json: { ...doc, familyName }
	});
	expect(r.status).toBe(201);
	return ((await r.json()) as { rev: string }).rev;
}

describe("a tablet's live sync, per change that reaches it", () => {
	it('writes its checkpoints with one request each, asks for no database info, and recovers a checkpoint someone else changed or deleted', async () => {
		const counter = countingFetch();
		const id = `live-requests-${process.pid}-${Date.now()}`;
		const local = openLocal(id, 'memory');
		const remote = openRemote(`${server.couchUrl}${DB}`, {
			auth: { username: TEACHER1.name, password: TEACHER1.password },
			fetch: counter.fetch
		});
		engine = new SyncEngine({ db: new WaymarkDb(`waymark-${id}`), local, remote });
		await engine.start();
		const all = (await (await server.userFetch('teacher1', `${DB}/_all_docs`)).json()) as {
			rows: { id: string }[];
		};
		const pupilIds = all.rows.map((r) => r.id).filter((i) => i.startsWith('pupil:'));
		expect(pupilIds.length).toBeGreaterThanOrEqual(3);
		const arrived = (docId: string, rev: string) => async () =>
			((await local.get(docId).catch(() => null)) as { _rev?: string } | null)?._rev === rev;
		// Following the feed: the first sync is done and the pull's long poll is waiting.
		await waitFor(
			'the first sync',
			async () => ((await local.info()) as { doc_count: number }).doc_count >= all.rows.length,
			60_000
		);
		await new Promise((r) => setTimeout(r, 1500));

		counter.seen.length = 0;
		for (const [i, pupilId] of pupilIds.slice(0, 3).entries()) {
			const rev = await editOnServer(pupilId, `Edited${i}`);
			await waitFor(`edit ${i} on the tablet`, arrived(pupilId, rev));
			// and its checkpoint written before the next edit, so each is a batch of its own
			await new Promise((r) => setTimeout(r, 500));
		}
		const checkpointPuts = counter.seen.filter((s) => s.startsWith('PUT _local/'));
		expect(checkpointPuts.length).toBeGreaterThanOrEqual(3);
		// Before the patches: a GET of the checkpoint before each PUT and a GET of the database's
		// info after each batch.
		expect(counter.seen.filter((s) => s.startsWith('GET _local/'))).toEqual([]);
		expect(counter.seen.filter((s) => s === 'GET db info')).toEqual([]);

		// Someone else changes the checkpoints on the server, then deletes them (a restore): the
		// tablet reads each again and writes it all the same.
		const checkpoints = [...new Set(checkpointPuts.map((s) => s.slice('PUT '.length)))];
		const pathOf = (c: string) => `${DB}/${c.split('/').map(encodeURIComponent).join('/')}`;
		const ours = new Map<string, string>();
		for (const c of checkpoints) {
			const current = (await (await server.adminFetch(pathOf(c))).json()) as Record<string, unknown>;
			const changed = await server.adminFetch(pathOf(c), { method: 'PUT', json: { ...current, note: 'changed' } });
			expect(changed.status).toBe(201);
			ours.set(c, ((await changed.json()) as { rev: string }).rev);
		}
		const rev1 = await editOnServer(pupilIds[0]!, 'AfterChange');
		await waitFor('the edit after the checkpoints changed', arrived(pupilIds[0]!, rev1));
		await new Promise((r) => setTimeout(r, 500));
		for (const c of checkpoints) {
			const current = (await (await server.adminFetch(pathOf(c))).json()) as { _rev: string };
			expect(current._rev).not.toBe(ours.get(c)); // written again by the tablet since
			const deleted = await server.adminFetch(`${pathOf(c)}?rev=${current._rev}`, { method: 'DELETE' });
			expect(deleted.ok).toBe(true);
		}
		const rev2 = await editOnServer(pupilIds[1]!, 'AfterDelete');
		await waitFor('the edit after the checkpoints were deleted', arrived(pupilIds[1]!, rev2));
		const { update_seq } = (await (await server.adminFetch(DB)).json()) as { update_seq: number };
		await waitFor('the pull checkpoint written again, at the latest sequence', async () => {
			const docs = await Promise.all(
				checkpoints.map(async (c) => {
					const r = await server.adminFetch(pathOf(c));
					return r.ok ? ((await r.json()) as { last_seq?: number }) : null;
				})
			);
			return docs.some((d) => d !== null && Number(d.last_seq) >= Number(update_seq));
		});
	});

	it("answers a database's info as CouchDB 3 does, without measuring its folder on disk (no `disk_size`)", async () => {
		// pouchdb-size walked the folder for every info, the users database's included, which every
		// request with Basic credentials reads: 15% of the server's CPU under 30 tablets.
		const info = (await (await server.userFetch('teacher1', DB)).json()) as Record<string, unknown>;
		expect(info).toMatchObject({ db_name: 'waymark-demo' });
		expect(info.update_seq).toBeDefined();
		expect(info).not.toHaveProperty('disk_size');
	});
});
