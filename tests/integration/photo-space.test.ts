/**
 * Freeing the space photos take (Settings): only pages the server holds leave the tablet, each
 * leaving a placeholder; a page waiting to be sent stays; the ink stays; the server keeps all, and
 * a freed page can be read back from it by id. Simulated tablet on the real embedded server.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { repository } from '../../src/lib/store/repository';
import { fetchServerRecord } from '../../src/lib/sync/older-records';
import { freePhotoSpace } from '../../src/lib/sync/window-trim';
import { makeDoc } from '../support/test-factories';
import { startTestServer, TEACHER1, type TestServer } from './harness';
import { TestTablet, waitFor } from './sync-tablet';

let server: TestServer;
let tablet: TestTablet;

beforeAll(async () => {
	server = await startTestServer();
});

afterAll(async () => {
	await tablet?.stop();
	await new Promise((r) => setTimeout(r, 300));
	await server.close();
});

it('frees only pages the server holds, keeps one waiting to be sent and the ink, and the server keeps both', async () => {
	const pupil = makeDoc('pupil', { familyName: `Space${Date.now().toString(36)}` });
	const freed = makeDoc('workPhoto', { pupilId: pupil._id, workTitle: 'Map work', lessonId: undefined });
	const waiting = makeDoc('workPhoto', { pupilId: pupil._id, workTitle: 'Poem', lessonId: undefined });
	const ink = makeDoc('inkLayer', { pupilId: pupil._id, photoId: freed._id });
	const res = await server.userFetch('teacher1', '/waymark-demo/_bulk_docs', {
		method: 'POST',
		json: { docs: [pupil, freed, waiting, ink] }
	});
	expect(((await res.json()) as { error?: string }[]).filter((r) => r.error)).toEqual([]);

	tablet = new TestTablet(`${server.couchUrl}/waymark-demo`, { name: TEACHER1.name, password: TEACHER1.password });
	await tablet.db.meta.put({ key: 'windowTrimmedAt', value: new Date().toISOString() });
	const t = await tablet.use();
	await t.start();
	await waitFor('the pages and ink on the tablet', async () =>
		Boolean(
			(await t.db.records('workPhoto').bulkGet([freed._id, waiting._id])).every(Boolean) &&
			(await t.db.records('inkLayer').get(ink._id))
		)
	);
	await t.engine.stop();
	// Withdrawn on the tablet and not yet sent: it must stay.
	expect((await repository('workPhoto').archive(waiting._id)).ok).toBe(true);

	const result = await freePhotoSpace({ db: t.db, local: t.local, remote: t.remote });

	expect(result.pages).toBe(1);
	expect(result.kept).toBe(1);
	expect(result.bytes).toBeGreaterThan(0);
	expect(await t.db.records('workPhoto').get(freed._id)).toBeUndefined();
	expect(await t.db.records('workPhoto').get(waiting._id)).toBeDefined();
	expect(await t.db.records('inkLayer').get(ink._id)).toBeDefined();
	expect(await t.db.pagesOnServer.get(freed._id)).toMatchObject({
		pupilId: pupil._id,
		workTitle: 'Map work',
		page: 1,
		reason: 'freed'
	});
	expect(await t.db.pagesOnServer.get(waiting._id)).toBeUndefined();

	// The server still has the freed page, and the tablet can read it back by id for a screen.
	const auth = 'Basic ' + Buffer.from(`${TEACHER1.name}:${TEACHER1.password}`).toString('base64');
	const back = await fetchServerRecord(`${server.couchUrl}/waymark-demo`, freed._id, (url, init) =>
		fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string>), Authorization: auth } })
	);
	expect(back).toMatchObject({ _id: freed._id, type: 'workPhoto', image: freed.image });
});
