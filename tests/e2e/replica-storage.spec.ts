import { expect, test } from '@playwright/test';
import { makeDoc } from '../support/test-factories';
import { expectSyncPhase, putServerDocs, signedInTablet } from './support';

// Tablet storage (issue 16, item 3): the replica holds each document's winning body once. The
// indexeddb adapter used to store a second, rewritten copy (`data`) of every body with a null or a
// boolean, for Mango indexes Waymark never makes (patches/pouchdb-adapter-indexeddb+9.0.0.patch).

interface Shape {
	docs: number;
	withNullOrBoolean: number;
	secondCopies: number;
}

test('after the first sync the replica stores each body once, nulls and booleans included', async ({
	browser,
	baseURL
}) => {
	// A boolean before any nested object: the kind of body the adapter copied.
	const { _id, ...rest } = makeDoc('pupil', { givenName: 'Bea', familyName: `Once${Date.now().toString(36)}` });
	await putServerDocs(baseURL!, [{ _id, archived: false, ...rest }]);
	const { context, page } = await signedInTablet(browser);
	await expectSyncPhase(page, 'Up to date');
	const shape = await page.evaluate(async () => {
		const name = (await indexedDB.databases()).map((d) => d.name!).find((n) => n.startsWith('_pouch_'))!;
		return new Promise<Shape>((resolve, reject) => {
			const open = indexedDB.open(name);
			open.onerror = () => reject(open.error);
			open.onsuccess = () => {
				const all = open.result.transaction('docs').objectStore('docs').getAll();
				all.onsuccess = () => {
					open.result.close();
					const rows = all.result as { rev: string; data: object; revs: Record<string, { data?: object }> }[];
					const body = (r: (typeof rows)[number]) => r.revs[r.rev]?.data ?? {};
					resolve({
						docs: rows.length,
						withNullOrBoolean: rows.filter((r) =>
							Object.values(body(r)).some((v) => v === null || typeof v === 'boolean')
						).length,
						// Read back, one stored object is one object: a second stored copy is a different one.
						secondCopies: rows.filter((r) => r.data !== body(r)).length
					});
				};
			};
		});
	});
	expect(shape.docs).toBeGreaterThan(10);
	expect(shape.withNullOrBoolean).toBeGreaterThan(0);
	expect(shape.secondCopies).toBe(0);
	await context.close();
});
