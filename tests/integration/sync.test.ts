import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as pupils from '../../src/lib/store/pupils';
import type { Pupil, PupilInput } from '../../src/lib/domain/pupil';
import { RECORD_TYPES } from '../../src/lib/domain/kinds';
import { makeDoc } from '../support/test-factories';
import { drainOutbox } from '../../src/lib/sync/outbound';
import { syncStatus } from '../../src/lib/sync/status.svelte';
import { DEMO_LOGINS, startTestServer, type TestServer } from './harness';
import { TestTablet, waitFor } from './sync-tablet';
import { pupilInput } from '../support/test-factories';

const pupil = (familyName: string): PupilInput => pupilInput({ givenName: 'Test', familyName });

let server: TestServer;
let dbUrl: string;
const tablets: TestTablet[] = [];

function tablet(user: 'teacher1' | 'teacher2' = 'teacher1') {
	const login = DEMO_LOGINS.find((l) => l.name === user)!;
	const t = new TestTablet(dbUrl, { name: login.name, password: login.password });
	tablets.push(t);
	return t;
}

async function serverDoc(id: string) {
	const res = await server.adminFetch(`/waymark-demo/${encodeURIComponent(id)}?conflicts=true`);
	return res.ok ? ((await res.json()) as Record<string, unknown>) : undefined;
}

beforeAll(async () => {
	server = await startTestServer();
	dbUrl = `${server.couchUrl}/waymark-demo`;
});

afterAll(async () => {
	for (const t of tablets) await t.stop();
	// Let the server notice the closed long-polls before its stores close.
	await new Promise((r) => setTimeout(r, 500));
	await server.close();
});

describe('two-way replication through the real server', () => {
	it('takes a pupil made on one tablet to the server and on to another tablet', async () => {
		const a = tablet('teacher1').use();
		const b = tablet('teacher2');
		await a.start();
		await b.start();
		const saved = await pupils.create(pupil('Travelling'));
		if (!saved.ok) throw new Error(saved.message);
		await waitFor('the server copy', () => serverDoc(saved.record._id));
		const arrived = await waitFor('tablet B', () => b.db.records('pupil').get(saved.record._id));
		expect(arrived).toMatchObject({ familyName: 'Travelling', createdBy: 'teacher1' });
		await waitFor('the outbox to empty once the server confirms', async () => (await a.db.outbox.count()) === 0);

		// and back: B edits, A sees it, with no conflict because B edited from the latest revision
		b.use();
		await pupils.update(saved.record._id, { hostSchool: 'Valley School' });
		await waitFor(
			'the edit on tablet A',
			async () => (await a.db.records<Pupil>('pupil').get(saved.record._id))?.hostSchool === 'Valley School'
		);
		a.use();
		await pupils.update(saved.record._id, { yearGroup: 9 });
		const final = await waitFor('the second edit on the server', async () => {
			const doc = await serverDoc(saved.record._id);
			return doc?.yearGroup === 9 ? doc : undefined;
		});
		expect(final._conflicts).toBeUndefined();
		expect(String(final._rev)).toMatch(/^3-/);
		expect(final).toMatchObject({ hostSchool: 'Valley School', yearGroup: 9 });
	});

	it('says an empty tablet is on its first sync until every server record is in Dexie, then lets screens read', async () => {
		const res = await server.adminFetch('/waymark-demo/_all_docs');
		const onServer = ((await res.json()) as { rows: { id: string }[] }).rows.filter(
			(r) => !r.id.startsWith('_design/')
		).length;
		const t = tablet('teacher1');
		const seen: boolean[] = [];
		const watch = setInterval(() => seen.push(syncStatus.isFirstSync), 5);
		try {
			await t.start();
			await waitFor('first sync to end', () => !syncStatus.isFirstSync && seen.includes(true));
			// When it ends, everything the server had is already on the tablet.
			const local = (await Promise.all(RECORD_TYPES.map((type) => t.db.records(type).count()))).reduce(
				(a, b) => a + b,
				0
			);
			expect(local + (await t.db.quarantine.count())).toBeGreaterThanOrEqual(onServer);
		} finally {
			clearInterval(watch);
		}
	});

	it('quarantines a contract-breaking document written by another client and keeps running', async () => {
		const a = tablet('teacher1').use();
		await a.start();
		// Passes the server's structural check (a string is there) but not the app's rules.
		const bad = { ...makeDoc('pupil'), familyName: '   ' };
		const good = makeDoc('pupil', { familyName: 'Afterwards' });
		for (const doc of [bad, good]) {
			const res = await server.userFetch('teacher2', 'waymark-demo-2', `/waymark-demo/${encodeURIComponent(doc._id)}`, {
				method: 'PUT',
				json: doc
			});
			expect(res.status).toBe(201);
		}
		await waitFor('the good document after the bad one', () => a.db.records('pupil').get(good._id));
		const held = await waitFor('quarantine', () => a.db.quarantine.where('docId').equals(bad._id).first());
		expect(held.reason).toMatch(/Surname is required/);
		expect(await a.db.records('pupil').get(bad._id)).toBeUndefined();
		expect((await pupils.list({ search: 'Afterwards' })).length).toBe(1);
	});
});

describe('nothing lost between Dexie and PouchDB', () => {
	it('recovers an edit saved in Dexie whose copy to PouchDB never happened', async () => {
		const a = tablet('teacher1').use();
		// saved while the engine is not running: as if the tablet died right after the save
		const saved = await pupils.create(pupil('Interrupted'));
		if (!saved.ok) throw new Error(saved.message);
		expect(await a.local.allDocs({ keys: [saved.record._id] }).then((r) => r.rows[0]?.value)).toBeUndefined();
		await a.start();
		await waitFor('the server copy', () => serverDoc(saved.record._id));
		await waitFor('the outbox to empty', async () => (await a.db.outbox.count()) === 0);
	});

	it('does not write a second revision when the tablet died after PouchDB stored the edit', async () => {
		const a = tablet('teacher1').use();
		const saved = await pupils.create(pupil('HalfCopied'));
		if (!saved.ok) throw new Error(saved.message);
		// The crash: PouchDB has the document, but the outbox entry was never marked as copied.
		await a.local.put({ ...saved.record });
		expect((await a.db.outbox.get(saved.record._id))?.rev).toBeUndefined();

		await drainOutbox(a.db, a.local);
		const entry = await a.db.outbox.get(saved.record._id);
		expect(entry?.rev).toMatch(/^1-/);
		expect((await a.local.get(saved.record._id))._rev).toBe(entry?.rev);

		await a.start();
		const doc = await waitFor('the server copy', () => serverDoc(saved.record._id));
		expect(String(doc._rev)).toMatch(/^1-/);
		await waitFor('the outbox to empty', async () => (await a.db.outbox.count()) === 0);
	});

	it('keeps both versions when two tablets edit the same pupil offline, overwriting neither', async () => {
		const a = tablet('teacher1').use();
		const b = tablet('teacher2');
		await a.start();
		await b.start();
		const saved = await pupils.create(pupil('Contested'));
		if (!saved.ok) throw new Error(saved.message);
		await waitFor('tablet B', () => b.db.records('pupil').get(saved.record._id));
		await waitFor('A to know its revision', async () => (await a.db.outbox.count()) === 0);
		await a.stop();
		await b.stop();

		a.use();
		await pupils.update(saved.record._id, { hostSchool: 'Edited on A' });
		b.use();
		await pupils.update(saved.record._id, { hostSchool: 'Edited on B' });
		await a.restartEngine();
		await waitFor('A to push', async () => (await a.db.outbox.count()) === 0);
		await b.restartEngine();
		await waitFor('B to push', async () => (await b.db.outbox.count()) === 0);

		const doc = await waitFor('the conflict on the server', async () => {
			const d = await serverDoc(saved.record._id);
			return Array.isArray(d?._conflicts) && d._conflicts.length ? d : undefined;
		});
		const revs = [doc._rev as string, ...(doc._conflicts as string[])];
		const bodies = await Promise.all(
			revs.map((rev) => server.adminFetch(`/waymark-demo/${saved.record._id}?rev=${rev}`).then((r) => r.json()))
		);
		expect(bodies.map((d: { hostSchool: string }) => d.hostSchool).sort()).toEqual(['Edited on A', 'Edited on B']);
	});
});
