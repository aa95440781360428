/**
 * The seam between a tablet's two stores of the same records (Dexie and the PouchDB replica)
 * and the server (issue 18, items 9–11 and 13): simulated tablets on the real embedded server,
 * "crashing" between the steps the bridge takes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PupilInput } from '../../src/lib/domain/pupil';
import * as pupils from '../../src/lib/store/pupils';
import { refusedRecords } from '../../src/lib/store/refusals';
import { syncStatus } from '../../src/lib/sync/status.svelte';
import { drainOutbox } from '../../src/lib/sync/outbound';
import { makeDoc } from '../support/test-factories';
import { startFaultProxy, type FaultProxy } from './fault-proxy';
import { startTestServer, TEACHER1, VISITOR, type TestServer } from './harness';
import { TestTablet, waitFor } from './sync-tablet';
import { pupilInput } from '../support/test-factories';

let server: TestServer;
const tablets: TestTablet[] = [];
const proxies: FaultProxy[] = [];

/** A pupil as the new-pupil form saves one: optional fields left empty are `undefined`. */
const pupil = (familyName: string): PupilInput => ({
	...pupilInput({ givenName: 'Seam', familyName }),
	upn: undefined,
	endDate: undefined,
	ehcpSummary: undefined,
	iepSummary: undefined,
	ehcpReviewDate: undefined
});

function tabletAt(url: string, login: { name: string; password: string } = TEACHER1) {
	const t = new TestTablet(url, { name: login.name, password: login.password });
	tablets.push(t);
	return t;
}

/** A network that refuses every connection until `setFailRate(0)`. */
async function offlineNetwork() {
	const p = await startFaultProxy(server.couchUrl, { failRate: 1, seed: 5, faults: ['reset'] });
	proxies.push(p);
	return p;
}

type ServerDoc = { _id: string; _rev: string; _conflicts?: string[]; familyName?: string };

async function serverPupils(prefix: string): Promise<ServerDoc[]> {
	const res = await server.adminFetch(
		'/waymark-demo/_all_docs?include_docs=true&conflicts=true&startkey="pupil:"&endkey="pupil;"'
	);
	const body = (await res.json()) as { rows: { doc: ServerDoc }[] };
	return body.rows.map((r) => r.doc).filter((d) => d.familyName?.startsWith(prefix));
}

/** Leaves of a document on the server, deleted ones included: more than one is a branch. */
async function serverLeaves(id: string): Promise<number> {
	const res = await server.adminFetch(`/waymark-demo/${encodeURIComponent(id)}?open_revs=all`);
	return ((await res.json()) as unknown[]).length;
}

/**
 * The page is reloaded while the bridge copies a save: the replica has the copy, Dexie never
 * heard back (its transaction never ran).
 */
async function crashAfterCopy(t: TestTablet) {
	const dexie = t.db as unknown as { transaction: unknown };
	dexie.transaction = () => Promise.reject(new Error('the page was reloaded'));
	try {
		await drainOutbox(t.db, t.local).catch(() => undefined);
	} finally {
		delete dexie.transaction;
	}
}

beforeAll(async () => {
	server = await startTestServer();
});

afterAll(async () => {
	for (const t of tablets) await t.stop();
	for (const p of proxies) await p.close();
	await new Promise((r) => setTimeout(r, 500));
	await server.close();
});

describe('a reload straight after saving (item 13)', () => {
	it('leaves no branch and nothing waiting after N offline saves, each followed by a reload mid-copy', async () => {
		const marker = `Reload${Date.now().toString(36)}`;
		const net = await offlineNetwork();
		const t = tabletAt(`${net.url}/waymark-demo`).use();
		const written: string[] = [];
		for (let i = 0; i < 6; i++) {
			await t.engine.stop();
			const saved = await pupils.create(pupil(`${marker}${i}`));
			if (!saved.ok) throw new Error(saved.message);
			written.push(saved.record._id);
			await crashAfterCopy(t);
			await t.restartEngine(); // the reloaded page: a new engine on the same stores
			await t.engine.settled();
		}
		net.setFailRate(0);
		await waitFor('every save on the server', async () => (await serverPupils(marker)).length === 6, 60_000);
		// Counted, not awaited for ever: before the fix two of these stayed waiting.
		await waitFor('the outbox to empty', async () => (await t.db.outbox.count()) === 0, 15_000).catch(() => null);
		const onServer = await serverPupils(marker);
		const leaves = await Promise.all(written.map(serverLeaves));
		expect({
			onServer: onServer.length,
			branches: leaves.filter((n) => n > 1).length,
			conflicts: onServer.filter((d) => d._conflicts?.length).length,
			waiting: await t.db.outbox.count()
		}).toEqual({ onServer: 6, branches: 0, conflicts: 0, waiting: 0 });
	});

	it('clears an entry whose revision reached the server only as history (merged before its push)', async () => {
		const marker = `History${Date.now().toString(36)}`;
		const net = await offlineNetwork();
		const t = tabletAt(`${net.url}/waymark-demo`).use();
		await t.start();
		const saved = await pupils.create(pupil(marker));
		if (!saved.ok) throw new Error(saved.message);
		const id = saved.record._id;
		await waitFor('the copy in the replica', async () => (await t.db.outbox.get(id))?.rev);
		// Before the push, the replica moves on from that revision (as a conflict merge does).
		await t.engine.stop();
		const current = await t.local.get(id);
		await t.local.put({ ...current, iepSummary: 'Merged on this tablet' });
		await t.restartEngine();
		net.setFailRate(0);
		await waitFor('the newer revision on the server', async () => {
			const doc = (await (await server.adminFetch(`/waymark-demo/${encodeURIComponent(id)}`)).json()) as {
				iepSummary?: string;
			};
			return doc.iepSummary === 'Merged on this tablet';
		});
		await waitFor('the entry to be confirmed', async () => (await t.db.outbox.count()) === 0, 20_000);
	});
});

/** A rule the server did not have when these records were saved (an app or server update). */
async function addServerRule(marker: string) {
	const validate = `function (newDoc) { if (newDoc.familyName && newDoc.familyName.indexOf('${marker}') === 0) { throw ({ forbidden: 'Surnames starting ${marker} are not accepted any more.' }); } }`;
	const res = await server.adminFetch('/waymark-demo/_design/seam-rule', {
		method: 'PUT',
		json: { validate_doc_update: validate }
	});
	expect(res.status).toBe(201);
	return async () => {
		const current = (await (await server.adminFetch('/waymark-demo/_design/seam-rule')).json()) as { _rev: string };
		const del = await server.adminFetch(`/waymark-demo/_design/seam-rule?rev=${current._rev}`, { method: 'DELETE' });
		expect(del.status).toBe(200);
	};
}

/** The demo visitor's open visit (seeded with the demo): a visitor's tablet replicates from it. */
async function demoVisitDb(): Promise<string> {
	const r = await server.userFetch(VISITOR.name, VISITOR.password, '/_waymark/visits/mine');
	return ((await r.json()) as { visits: { db: string }[] }).visits[0]!.db;
}

async function onServer(id: string) {
	return (await server.adminFetch(`/waymark-demo/${encodeURIComponent(id)}`)).status === 200;
}

describe('a record the server refuses (item 9)', () => {
	it('is shown as refused with the server’s reason, never counted as synced, and sent again once the rule is gone', async () => {
		const marker = `Refused${Date.now().toString(36)}`;
		const removeRule = await addServerRule(marker);
		const t = tabletAt(`${server.couchUrl}/waymark-demo`).use();
		await t.start();
		const kept = await pupils.create(pupil(`Kept${marker}`));
		const refused = await pupils.create(pupil(`${marker}Edna`));
		if (!kept.ok || !refused.ok) throw new Error('save failed');
		await waitFor('the accepted one on the server', () => onServer(kept.record._id));

		const listed = await waitFor('the refusal listed', async () => {
			const list = await refusedRecords();
			return list.length === 1 ? list : undefined;
		});
		expect(listed[0]).toMatchObject({ docId: refused.record._id, name: `Seam ${marker}Edna (pupil)` });
		expect(listed[0]?.reason).toContain(`Surnames starting ${marker} are not accepted any more.`);
		await waitFor('the kept one confirmed', async () => (await t.db.outbox.count()) === 1);
		// A quiet moment of the sync does not wipe the refusal, nor call the tablet synced.
		await t.engine.settled();
		expect(syncStatus.lastError).toContain('The server refused 1 record');
		expect(await onServer(refused.record._id)).toBe(false);

		// The rule goes (server fixed, app updated and reopened): the record is sent again.
		await removeRule();
		await t.restartEngine();
		await waitFor('the refused record on the server', () => onServer(refused.record._id), 20_000);
		await waitFor('nothing waiting or refused', async () => (await t.db.outbox.count()) === 0);
		expect(await refusedRecords()).toEqual([]);
	});

	it('a visitor’s sign-in never pushes records staff saved on the tablet; staff signing in sends them', async () => {
		const marker = `Visited${Date.now().toString(36)}`;
		const t = tabletAt(`${server.couchUrl}/waymark-demo`).use();
		const saved = await pupils.create(pupil(`${marker}Staff`));
		if (!saved.ok) throw new Error(saved.message);
		const visitDb = await demoVisitDb();
		await t.signInAs(VISITOR, { canPush: false, remoteUrl: `${server.couchUrl}/${visitDb}` });
		// The visitor's tablet receives what is shared for the visit…
		const fromServer = await server.adminFetch(`/${visitDb}/_all_docs?limit=1&startkey="pupil:"`);
		const someId = ((await fromServer.json()) as { rows: { id: string }[] }).rows[0]!.id;
		await waitFor('the visitor to receive records', () => t.db.records('pupil').get(someId));
		await t.engine.settled();
		// …and sends nothing: the staff record waits, unrefused, for a staff sign-in.
		expect(await onServer(saved.record._id)).toBe(false);
		expect(await t.db.outbox.get(saved.record._id)).toMatchObject({ docId: saved.record._id });
		expect(await refusedRecords()).toEqual([]);

		await t.signInAs(TEACHER1, { canPush: true });
		await waitFor('the staff record on the server', () => onServer(saved.record._id));
		await waitFor('nothing waiting', async () => (await t.db.outbox.count()) === 0);
	});

	it('a record refused under a visitor’s sign-in (an older app that pushed) goes through when staff sign in', async () => {
		const marker = `OldApp${Date.now().toString(36)}`;
		const t = tabletAt(`${server.couchUrl}/waymark-demo`).use();
		const saved = await pupils.create(pupil(`${marker}Staff`));
		if (!saved.ok) throw new Error(saved.message);
		await t.signInAs(VISITOR, { canPush: true, remoteUrl: `${server.couchUrl}/${await demoVisitDb()}` });
		const listed = await waitFor('the refusal listed', async () => {
			const list = await refusedRecords();
			return list.length === 1 ? list : undefined;
		});
		expect(listed[0]?.reason).toContain('A visit is read only');
		await t.signInAs(TEACHER1, { canPush: true });
		await waitFor('the record on the server', () => onServer(saved.record._id), 20_000);
		await waitFor('nothing waiting', async () => (await t.db.outbox.count()) === 0);
		expect(await refusedRecords()).toEqual([]);
	});
});

describe('a replica lost while Dexie keeps its checkpoint and outbox (item 10)', () => {
	it('re-reads the new replica from the start and pushes the entries copied into the old one', async () => {
		const marker = `Lost${Date.now().toString(36)}`;
		const net = await offlineNetwork();
		net.setFailRate(0);
		const t = tabletAt(`${net.url}/waymark-demo`).use();
		await t.start();
		const first = await pupils.create(pupil(`${marker}Synced`));
		if (!first.ok) throw new Error(first.message);
		await waitFor(
			'the first save confirmed',
			async () => (await t.db.outbox.count()) === 0 && onServer(first.record._id)
		);

		// Offline: a save copied into the replica, not yet pushed.
		net.setFailRate(1);
		const copied = await pupils.create(pupil(`${marker}Copied`));
		if (!copied.ok) throw new Error(copied.message);
		await waitFor('the copy in the replica', async () => (await t.db.outbox.get(copied.record._id))?.rev);
		// The old replica had lived longer than the new one will (many local writes): Dexie's
		// checkpoint is past anything the new replica's feed reaches soon.
		await t.db.meta.put({ key: 'inboundSeq', value: 1_000_000 });
		await t.loseReplica();

		// Meanwhile the office adds a pupil on the server.
		const office = makeDoc('pupil', { familyName: `${marker}Office` });
		expect(
			(await server.adminFetch('/waymark-demo/_bulk_docs', { method: 'POST', json: { docs: [office] } })).status
		).toBe(201);

		net.setFailRate(0);
		await t.engine.start();
		await waitFor('the copied save on the server', () => onServer(copied.record._id), 30_000);
		await waitFor('the office pupil on the tablet', () => t.db.records('pupil').get(office._id), 30_000);
		await waitFor('nothing waiting', async () => (await t.db.outbox.count()) === 0, 20_000);
		expect(await serverLeaves(copied.record._id)).toBe(1);
	});
});

describe('documents set aside (item 11)', () => {
	async function serverPut(doc: Record<string, unknown>) {
		const res = await server.adminFetch(`/waymark-demo/${encodeURIComponent(String(doc._id))}`, {
			method: 'PUT',
			json: doc
		});
		expect(res.status).toBe(201);
		return ((await res.json()) as { rev: string }).rev;
	}

	it('clears a set-aside entry once a valid revision of that document arrives', async () => {
		const marker = `Mended${Date.now().toString(36)}`;
		const t = tabletAt(`${server.couchUrl}/waymark-demo`).use();
		await t.start();
		const good = makeDoc('pupil', { familyName: marker });
		// The office's tool writes a broken revision first (admins are not held to the contract)…
		const rev = await serverPut({ ...good, yearGroup: 'eight' });
		await waitFor(
			'the broken revision set aside',
			async () => (await t.db.quarantine.where('docId').equals(good._id).count()) === 1
		);
		// …then mends it.
		await serverPut({ ...good, _rev: rev });
		await waitFor('the mended record on the tablet', () => t.db.records('pupil').get(good._id));
		await waitFor(
			'the set-aside entry cleared',
			async () => (await t.db.quarantine.where('docId').equals(good._id).count()) === 0
		);
	});

	it('keeps a record saved by a newer Waymark as it is, read only, and never saves an older version over it', async () => {
		const marker = `Newer${Date.now().toString(36)}`;
		const t = tabletAt(`${server.couchUrl}/waymark-demo`).use();
		await t.start();
		const newer = { ...makeDoc('pupil', { familyName: marker }), schemaVersion: 2, keyWorker: 'Ms Reid' };
		const rev = await serverPut(newer);
		const stored = await waitFor('the newer record on the tablet', () => t.db.records('pupil').get(newer._id));
		expect(stored).toMatchObject({ schemaVersion: 2, keyWorker: 'Ms Reid', familyName: marker });
		expect(await t.db.quarantine.where('docId').equals(newer._id).count()).toBe(0);

		const edit = await pupils.update(newer._id, { yearGroup: 9 });
		expect(edit).toEqual({
			ok: false,
			message: 'Updated on a newer version of Waymark — update this tablet to edit it.',
			errors: {}
		});
		expect(await t.db.outbox.get(newer._id)).toBeUndefined();

		// A newer version this one cannot read at all: set aside with the same words, and our
		// older copy of the record becomes read only too.
		const existing = await pupils.create(pupil(`${marker}Known`));
		if (!existing.ok) throw new Error(existing.message);
		await waitFor('the record on the server', () => onServer(existing.record._id));
		const onServerNow = (await (
			await server.adminFetch(`/waymark-demo/${encodeURIComponent(existing.record._id)}`)
		).json()) as Record<string, unknown>;
		await serverPut({ ...onServerNow, schemaVersion: 3, yearGroup: 'Year 9 (new format)' });
		const entry = await waitFor('set aside as newer', () =>
			t.db.quarantine.where('docId').equals(existing.record._id).first()
		);
		expect(entry).toMatchObject({ reason: 'Updated on a newer version of Waymark — update this tablet to edit it.' });
		await waitFor(
			'our copy locked',
			async () =>
				(await t.db.records<{ _id: string; schemaVersion: number }>('pupil').get(existing.record._id))
					?.schemaVersion === 3
		);
		expect((await pupils.update(existing.record._id, { yearGroup: 10 })).ok).toBe(false);
		const serverDoc = (await (await server.adminFetch(`/waymark-demo/${encodeURIComponent(newer._id)}`)).json()) as {
			_rev: string;
			schemaVersion: number;
		};
		expect(serverDoc).toMatchObject({ _rev: rev, schemaVersion: 2 });
	});
});
