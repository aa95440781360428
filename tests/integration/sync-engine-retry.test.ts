/**
 * The sync engine's own jobs (issue 18, item 12): a copy from the outbox into the replica that
 * fails part-way is tried again by itself, not only when the next record is saved.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PupilInput } from '../../src/lib/domain/pupil';
import * as pupils from '../../src/lib/store/pupils';
import { startTestServer, TEACHER1, type TestServer } from './harness';
import { TestTablet, waitFor } from './sync-tablet';
import { pupilInput } from '../support/test-factories';

let server: TestServer;
const tablets: TestTablet[] = [];

beforeAll(async () => {
	server = await startTestServer();
});

afterAll(async () => {
	for (const t of tablets) await t.stop();
	await new Promise((r) => setTimeout(r, 300));
	await server.close();
});

const pupil = (familyName: string): PupilInput => pupilInput({ givenName: 'Retry', familyName });

it('a copy into the replica that fails (the connection closing) is retried without another save', async () => {
	const t = new TestTablet(`${server.couchUrl}/waymark-demo`, TEACHER1).use();
	tablets.push(t);
	const familyName = `Retried${Date.now().toString(36)}`;
	// The replica refuses the first write of this record as a closing IndexedDB connection would.
	const write = t.local.bulkDocs.bind(t.local);
	let failures = 0;
	t.local.bulkDocs = (docs, opts) => {
		if (failures === 0 && docs.some((d) => d.familyName === familyName)) {
			failures++;
			return Promise.reject(
				Object.assign(new Error('The database connection is closing.'), { name: 'InvalidStateError' })
			);
		}
		return write(docs, opts);
	};
	await t.start();
	const saved = await pupils.create(pupil(familyName));
	if (!saved.ok) throw new Error(saved.message);

	await waitFor('the refused copy', () => failures === 1);
	// Nothing else is saved: the engine tries again by itself and the record reaches the server.
	await waitFor(
		'the record on the server',
		async () => (await server.adminFetch(`/waymark-demo/${encodeURIComponent(saved.record._id)}`)).ok,
		20_000
	);
	await waitFor('nothing waiting', async () => (await t.db.outbox.count()) === 0, 20_000);
	expect(failures).toBe(1);
});
