/**
 * The seam between a tablet's two stores of the same records (Dexie and the PouchDB replica)
 * and the server (issue 18, items 9–11 and 13): simulated tablets on the real embedded server,
 * "crashing" between the steps the bridge takes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PupilInput } from '../../src/lib/domain/pupil';
import * as pupils from '../../src/lib/store/pupils';
import { drainOutbox } from '../../src/lib/sync/outbound';
import { startFaultProxy, type FaultProxy } from './fault-proxy';
import { startTestServer, TEACHER1, type TestServer } from './harness';
import { TestTablet, waitFor } from './sync-tablet';

let server: TestServer;
const tablets: TestTablet[] = [];
const proxies: FaultProxy[] = [];

/** A pupil as the new-pupil form saves one: optional fields left empty are `undefined`. */
const pupil = (familyName: string): PupilInput => ({
	givenName: 'Seam',
	familyName,
	dateOfBirth: '2012-05-06',
	yearGroup: 8,
	hostSchool: 'Hill School',
	startDate: '2026-09-01',
	senStatus: 'none',
	status: 'active',
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
		const copied = await waitFor('the copy in the replica', async () => (await t.db.outbox.get(id))?.rev);
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
		expect((await t.db.outbox.get(id))?.rev).toBe(copied);
		await waitFor('the entry to be confirmed', async () => (await t.db.outbox.count()) === 0, 20_000);
	});
});
